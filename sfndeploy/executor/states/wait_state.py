"""The Wait state: advances the virtual clock by seconds or up to a timestamp."""

from __future__ import annotations

from typing import Any

from sfndeploy.asl.jsonfmt import json_type_name, to_json
from sfndeploy.executor.clock import parse_timestamp
from sfndeploy.executor.expressions import PathReader, query_problem
from sfndeploy.executor.failures import STATES_RUNTIME, EvaluationProblem
from sfndeploy.executor.runtime import Execution, Scope, StateRun
from sfndeploy.executor.scheduler import Aborted
from sfndeploy.executor.states.base import JsonPathFlow, State, jsonata_states, optional_jsonata


class WaitState(State):
    type_name = "Wait"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.seconds = spec.get("Seconds")
        self.timestamp = spec.get("Timestamp")
        self.seconds_path = PathReader(spec["SecondsPath"], "SecondsPath") if "SecondsPath" in spec else None
        self.timestamp_path = PathReader(spec["TimestampPath"], "TimestampPath") if "TimestampPath" in spec else None
        if self.jsonata:
            self.seconds_expr = optional_jsonata(spec, "Seconds")
            self.timestamp_expr = optional_jsonata(spec, "Timestamp")
            self.output_expr = optional_jsonata(spec, "Output")
        else:
            self.flow = JsonPathFlow({key: spec[key] for key in ("InputPath", "OutputPath") if key in spec})

    def can_pause(self) -> bool:
        return True

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        run = self.enter(execution, scope, raw_input)
        try:
            if self.jsonata:
                states = jsonata_states(run, raw_input)
                seconds = self._jsonata_seconds(run, states)
                output = raw_input if self.output_expr is None else self.output_expr(run, states)
                self.assign_from(run, None, states)
            else:
                effective = self.flow.effective_input(raw_input, run)
                seconds = self._jsonpath_seconds(run, effective)
                self.assign_from(run, effective, None)
                output = self.flow.output(effective, effective, run)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None
        try:
            execution.pause(seconds)
        except Aborted:
            execution.emit("WaitStateAborted")
            raise
        self.exit(run, output)
        return self.next, output

    def _jsonpath_seconds(self, run: StateRun, data: Any) -> float:
        now = run.execution.now
        if self.seconds_path is not None:
            value = self.seconds_path.read(data, run)
            return _whole_seconds(value, f"The SecondsPath parameter {{}}: {self.seconds_path.text} == ")
        if self.timestamp_path is not None:
            value = self.timestamp_path.read(data, run)
            moment = parse_timestamp(value) if isinstance(value, str) else None
            if moment is None:
                raise EvaluationProblem(
                    STATES_RUNTIME,
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                    f"date-time format string: {self.timestamp_path.text} == {_plain(value)}",
                )
            return max(0.0, moment - now)
        if self.timestamp is not None:
            moment = parse_timestamp(self.timestamp)
            if moment is None:
                raise EvaluationProblem(
                    STATES_RUNTIME,
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
                    f"format string: {self.timestamp}",
                )
            return max(0.0, moment - now)
        return float(self.seconds or 0)

    def _jsonata_seconds(self, run: StateRun, states: dict[str, Any]) -> float:
        if self.seconds_expr is not None:
            value = self.seconds_expr(run, states)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
                raise query_problem(
                    f"The JSONata expression '{self.seconds}' specified for the field 'Seconds' "
                    f"returned an unexpected result type. Expected 'integer', but was "
                    f"'{json_type_name(value)}' for value: {_plain(value)}"
                )
            if value < 0:
                raise query_problem(f"The value of the field 'Seconds' must be non-negative: {_plain(value)}")
            return float(value)
        if self.timestamp_expr is not None:
            value = self.timestamp_expr(run, states)
            moment = parse_timestamp(value) if isinstance(value, str) else None
            if moment is None:
                raise query_problem(
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
                    f"format string: {_plain(value)}"
                )
            return max(0.0, moment - run.execution.now)
        return 0.0


def _whole_seconds(value: Any, template: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise EvaluationProblem(STATES_RUNTIME, template.format("cannot be parsed as a long value") + _plain(value))
    if value < 0:
        raise EvaluationProblem(STATES_RUNTIME, template.format("references a negative value") + _plain(value))
    return float(value)


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else to_json(value)
