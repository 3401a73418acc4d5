"""JSONPath payload templates (Parameters, ItemSelector, ResultSelector, Assign) for the executor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfndeploy.asl.intrinsics import IntrinsicRuntimeError
from sfndeploy.asl.jsonfmt import to_json
from sfndeploy.asl.jsonpath import CompiledPath
from sfndeploy.asl.payload import PayloadPathNotFound, compile_payload
from sfndeploy.executor.failures import STATES_RUNTIME, EvaluationProblem
from sfndeploy.executor.runtime import StateRun


def compile_payload_evaluator(template: Any, field: str) -> Callable[[Any, StateRun], Any]:
    """``evaluate(data, run)``: the template with its ``.$`` fields read from data, ``$$``, variables."""
    from sfndeploy.executor.expressions import resolve_root

    payload = compile_payload(template)
    if not payload.paths and not payload.intrinsics:
        constant = payload.evaluate(_no_paths)
        return lambda data, run: _fresh(constant)

    def evaluate(data: Any, run: StateRun) -> Any:
        def resolve(path: CompiledPath) -> Any:
            return path.evaluate(resolve_root(path, data, run))

        try:
            return payload.evaluate(resolve)
        except PayloadPathNotFound as missing:
            raise EvaluationProblem(STATES_RUNTIME, missing.cause(to_json(data))) from None
        except IntrinsicRuntimeError as failure:
            raise EvaluationProblem(failure.error, failure.cause) from None

    return evaluate


def _no_paths(path: CompiledPath) -> Any:
    raise AssertionError(f"unexpected path {path.text}")


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value
