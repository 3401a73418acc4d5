"""The Pass state: passes its input (or Result / Parameters / Output) to its output."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor.failures import EvaluationProblem, data_limit_exceeded
from sfndeploy.executor.runtime import PAYLOAD_LIMIT_BYTES, Execution, Scope, over_payload_limit
from sfndeploy.executor.states.base import JsonPathFlow, State, jsonata_states, optional_jsonata

__all__ = ["PAYLOAD_LIMIT_BYTES", "PassState"]
_UNSET = object()


class PassState(State):
    type_name = "Pass"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.result = spec.get("Result", _UNSET)
        self.result_too_large = self.result is not _UNSET and over_payload_limit(self.result)
        if self.jsonata:
            self.output_expr = optional_jsonata(spec, "Output")
        else:
            self.flow = JsonPathFlow(spec)

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        run = self.enter(execution, scope, raw_input)
        if self.result_too_large:
            raise data_limit_exceeded(self.name)
        try:
            if self.jsonata:
                output = self._run_jsonata(run, raw_input)
            else:
                flow = self.flow
                result = self.result if self.result is not _UNSET else flow.effective_input(raw_input, run)
                self.assign_from(run, result, None)
                output = flow.output(raw_input, result, run)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None
        self.exit(run, output)
        return self.next, output

    def _run_jsonata(self, run: Any, raw_input: Any) -> Any:
        states = jsonata_states(run, raw_input)
        output = raw_input if self.output_expr is None else self.output_expr(run, states)
        self.assign_from(run, None, states)
        return output
