"""The Succeed state: ends the execution (or branch, or iteration) successfully."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor.failures import EvaluationProblem
from sfndeploy.executor.runtime import Execution, Scope
from sfndeploy.executor.states.base import JsonPathFlow, State, jsonata_states, optional_jsonata


class SucceedState(State):
    type_name = "Succeed"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.next = None
        if self.jsonata:
            self.output_expr = optional_jsonata(spec, "Output")
        else:
            self.flow = JsonPathFlow({key: spec[key] for key in ("InputPath", "OutputPath") if key in spec})

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        run = self.enter(execution, scope, raw_input)
        try:
            if self.jsonata:
                states = jsonata_states(run, raw_input)
                output = raw_input if self.output_expr is None else self.output_expr(run, states)
            else:
                effective = self.flow.effective_input(raw_input, run)
                output = self.flow.output(effective, effective, run)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None
        self.exit(run, output)
        return None, output
