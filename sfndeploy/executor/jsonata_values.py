"""JSONata fields (Arguments, Output, Assign, Items, Condition...) for the executor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfndeploy.asl.jsonata import JsonataRuntimeError, compile_jsonata_template
from sfndeploy.executor.failures import EvaluationProblem
from sfndeploy.executor.runtime import StateRun


def compile_jsonata_evaluator(value: Any, field: str) -> Callable[[StateRun, dict[str, Any]], Any]:
    """``evaluate(run, states)``: ``value`` with its ``{% %}`` strings evaluated."""
    template = compile_jsonata_template(value)
    if not template.expressions:
        return lambda run, states: template.evaluate(states, {})

    def evaluate(run: StateRun, states: dict[str, Any]) -> Any:
        try:
            return template.evaluate(states, run.scope.visible())
        except JsonataRuntimeError as failure:
            raise EvaluationProblem(failure.error, failure.cause_for(field)) from None

    return evaluate
