"""The Fail state: stops the execution (or branch, or iteration) with an error and a cause."""

from __future__ import annotations

from typing import Any

from sfndeploy.asl.intrinsics import is_intrinsic
from sfndeploy.executor.expressions import Evaluator, PathReader, compile_template
from sfndeploy.executor.failures import EvaluationProblem, StatesFailure
from sfndeploy.executor.runtime import Execution, Scope
from sfndeploy.executor.states.base import State, jsonata_states, optional_jsonata


class FailState(State):
    type_name = "Fail"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.next = None
        self.error: str | None = spec.get("Error") if not self.jsonata else None
        self.cause: str | None = spec.get("Cause") if not self.jsonata else None
        self.error_path = _field_reader(spec, "ErrorPath")
        self.cause_path = _field_reader(spec, "CausePath")
        self.error_expr = optional_jsonata(spec, "Error") if self.jsonata else None
        self.cause_expr = optional_jsonata(spec, "Cause") if self.jsonata else None

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        run = self.enter(execution, scope, raw_input)
        try:
            error, cause = self._error_and_cause(run, raw_input)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None
        raise StatesFailure(_as_text(error), _as_text(cause), fail_state=True)

    def _error_and_cause(self, run: Any, raw_input: Any) -> tuple[Any, Any]:
        if self.jsonata:
            states = jsonata_states(run, raw_input)
            error = self.error_expr(run, states) if self.error_expr else None
            cause = self.cause_expr(run, states) if self.cause_expr else None
            return error, cause
        error = self.error_path(raw_input, run) if self.error_path else self.error
        cause = self.cause_path(raw_input, run) if self.cause_path else self.cause
        return error, cause


def _field_reader(spec: dict[str, Any], key: str) -> Evaluator | None:
    """ErrorPath/CausePath: a path, or an intrinsic function such as ``States.Format``."""
    if key not in spec:
        return None
    text = spec[key]
    if is_intrinsic(text):
        template = compile_template({f"{key}.$": text}, key)
        return lambda data, run: template(data, run)[key]
    return PathReader(text, key).read_field


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    from sfndeploy.asl.jsonfmt import to_json

    return to_json(value)
