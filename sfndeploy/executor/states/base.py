"""What every state has: a name, where to go next, its query language, Assign, the data flow."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor.expressions import (
    Evaluator,
    JsonataEvaluator,
    PathReader,
    ResultPathWriter,
    compile_jsonata_value,
    compile_template,
)
from sfndeploy.executor.failures import (
    STATES_QUERY_EVALUATION_ERROR,
    EvaluationProblem,
    HistoryLimitExceeded,
    StatesFailure,
    data_limit_exceeded,
)
from sfndeploy.executor.runtime import Execution, Scope, StateRun

JSONATA = "JSONata"
JSONPATH = "JSONPath"


class State:
    """Base of the eight state classes. ``execute`` returns ``(next state name or None, output)``."""

    type_name = "State"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        self.name = name
        self.spec = spec
        self.query_language = spec.get("QueryLanguage", query_language)
        self.jsonata = self.query_language == JSONATA
        self.next: str | None = spec.get("Next")
        self.end = bool(spec.get("End", False))
        self.entered_event = f"{self.type_name}StateEntered"
        self.exited_event = f"{self.type_name}StateExited"
        self.assign_jsonpath: Evaluator | None = None
        self.assign_jsonata: JsonataEvaluator | None = None
        if "Assign" in spec:
            if self.jsonata:
                self.assign_jsonata = compile_jsonata_value(spec["Assign"], "Assign")
            else:
                self.assign_jsonpath = compile_template(spec["Assign"], "Assign")

    # -- running ------------------------------------------------------------------------------

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        raise NotImplementedError

    def can_pause(self) -> bool:
        """Whether running this state may wait (a Task, a Wait, a back-off): see ``scheduler``."""
        return False

    def enter(self, execution: Execution, scope: Scope, raw_input: Any) -> StateRun:
        events = execution.events
        events.append((self.entered_event, execution.now, {"name": self.name, "input": raw_input}))
        event_id = len(events)
        if event_id > execution.max_events > 0:
            raise HistoryLimitExceeded(execution.max_events)
        run = StateRun(execution, scope, self.name, event_id, raw_input)
        if execution.entered_runs is not None:
            execution.entered_runs.append(run)
        return run

    def exit(self, run: StateRun, output: Any) -> None:
        # AWS: a state's output over 256 KiB fails the execution; an unchanged input is within it
        if output is not run.input and run.execution.over_quota(output):
            raise data_limit_exceeded(self.name)
        if run.pending_assign is not None:
            run.scope.variables.update(run.pending_assign)
            run.pending_assign = None
        execution = run.execution
        events = execution.events
        events.append((self.exited_event, execution.now, {"name": self.name, "output": output}))
        if len(events) > execution.max_events > 0:
            raise HistoryLimitExceeded(execution.max_events)

    def failure(self, run: StateRun, problem: EvaluationProblem) -> StatesFailure:
        """An expression problem as the States error AWS reports for this state."""
        cause = run.runtime_cause(problem.detail)
        if problem.error == STATES_QUERY_EVALUATION_ERROR:
            run.execution.emit("EvaluationFailed", {"error": problem.error, "cause": cause, "state": self.name})
        return StatesFailure(problem.error, cause)

    # -- variables ----------------------------------------------------------------------------

    def assign_from(self, run: StateRun, data: Any, states: dict[str, Any] | None) -> None:
        """Evaluate Assign; the values are stored when the state exits, so every expression of the
        state (OutputPath included) sees the variables from before the state."""
        if self.assign_jsonata is not None:
            values = self.assign_jsonata(run, states or {})
        elif self.assign_jsonpath is not None:
            values = self.assign_jsonpath(data, run)
        else:
            return
        run.pending_assign = values


class JsonPathFlow:
    """InputPath, Parameters, ResultSelector, ResultPath and OutputPath of a JSONPath state."""

    __slots__ = ("input_path", "output_path", "parameters", "result_path", "result_selector")

    def __init__(self, spec: dict[str, Any], parameters_field: str = "Parameters") -> None:
        self.input_path = PathReader(spec.get("InputPath", "$"), "InputPath")
        self.output_path = PathReader(spec.get("OutputPath", "$"), "OutputPath")
        self.result_path = ResultPathWriter(spec.get("ResultPath", "$"))
        self.parameters: Evaluator | None = (
            compile_template(spec[parameters_field], parameters_field) if parameters_field in spec else None
        )
        self.result_selector: Evaluator | None = (
            compile_template(spec["ResultSelector"], "ResultSelector") if "ResultSelector" in spec else None
        )

    def effective_input(self, raw_input: Any, run: StateRun) -> Any:
        value = raw_input if self.input_path.identity else self.input_path.read(raw_input, run)
        if self.parameters is not None:
            value = self.parameters(value, run)
            if run.execution.over_quota(value):  # AWS checks the input after Parameters too
                raise data_limit_exceeded(run.state_name)
        return value

    def select_result(self, result: Any, run: StateRun) -> Any:
        run.result = result
        if self.result_selector is not None:
            return self.result_selector(result, run)
        return result

    def output(self, raw_input: Any, result: Any, run: StateRun) -> Any:
        combined = self.result_path.write(raw_input, result)
        if self.output_path.identity:
            return combined
        return self.output_path.read(combined, run)


def jsonata_states(run: StateRun, raw_input: Any, **extra: Any) -> dict[str, Any]:
    """The ``$states`` variable of a JSONata expression."""
    states = {"input": raw_input, "context": run.context()}
    states.update(extra)
    return states


def optional_jsonata(spec: dict[str, Any], key: str) -> JsonataEvaluator | None:
    return compile_jsonata_value(spec[key], key) if key in spec else None
