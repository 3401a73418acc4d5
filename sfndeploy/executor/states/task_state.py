"""The Task state: calls a mocked integration, with the data flow, timeouts, Retry and Catch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfndeploy.asl.arns import integration_resource
from sfndeploy.executor.expressions import PathReader
from sfndeploy.executor.failures import (
    STATES_DATA_LIMIT_EXCEEDED,
    STATES_HEARTBEAT_TIMEOUT,
    STATES_TIMEOUT,
    StatesFailure,
    data_limit_exceeded,
)
from sfndeploy.executor.mocks import MapIteration, MockOutcome, lambda_function_result
from sfndeploy.executor.runtime import StateRun, over_payload_limit
from sfndeploy.executor.states.base import JsonPathFlow, jsonata_states, optional_jsonata
from sfndeploy.executor.states.guarded import GuardedState


@dataclass(frozen=True)
class Resource:
    """How a Task's ``Resource`` ARN shows in the history."""

    arn: str
    kind: str  # "lambda-function" | "activity" | "service"
    resource_type: str  # e.g. "lambda", "aws-sdk:dynamodb"
    resource: str  # e.g. "invoke", "putItem", "startExecution.sync"
    wait_for_token: bool

    @property
    def submits(self) -> bool:
        """``.sync`` and ``.waitForTaskToken`` integrations: AWS records ``TaskSubmitted`` once the
        request is accepted, then waits for the job (or the callback) to finish."""
        return self.kind == "service" and (".sync" in self.resource or self.wait_for_token)

    @property
    def event_prefix(self) -> str:
        return {"lambda-function": "LambdaFunction", "activity": "Activity"}.get(self.kind, "Task")


def parse_resource(arn: str) -> Resource:
    parts = integration_resource(arn).split(":")
    if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
        return Resource(arn, "lambda-function", "lambda", arn, False)
    if len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity":
        return Resource(arn, "activity", "activity", arn, False)
    if len(parts) >= 6 and parts[2] == "states" and parts[3] == "" and parts[4] == "":
        service = parts[5:]
        resource = service[-1]
        resource_type = ":".join(service[:-1])
        return Resource(arn, "service", resource_type, resource, resource.endswith(".waitForTaskToken"))
    return Resource(arn, "service", "unknown", arn, False)


class TaskState(GuardedState):
    type_name = "Task"
    unfinished_event = "TaskStateAborted"
    dispatched = True

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.resource = parse_resource(str(spec.get("Resource", "")))
        self.timeout_seconds = spec.get("TimeoutSeconds")
        self.heartbeat_seconds = spec.get("HeartbeatSeconds")
        self.timeout_path = (
            PathReader(spec["TimeoutSecondsPath"], "TimeoutSecondsPath") if "TimeoutSecondsPath" in spec else None
        )
        self.heartbeat_path = (
            PathReader(spec["HeartbeatSecondsPath"], "HeartbeatSecondsPath") if "HeartbeatSecondsPath" in spec else None
        )
        if self.jsonata:
            self.arguments = optional_jsonata(spec, "Arguments")
            self.output_expr = optional_jsonata(spec, "Output")
            self.timeout_expr = optional_jsonata(spec, "TimeoutSeconds")
            self.heartbeat_expr = optional_jsonata(spec, "HeartbeatSeconds")
        else:
            self.flow = JsonPathFlow(spec)

    def can_pause(self) -> bool:
        return True

    def _attempt_jsonpath(self, run: StateRun, raw_input: Any) -> Any:
        flow = self.flow
        if self.resource.wait_for_token:
            run.task_token = run.execution.next_task_token()
        request = flow.effective_input(raw_input, run)
        timeout = self.timeout_path.read(raw_input, run) if self.timeout_path else self.timeout_seconds
        heartbeat = self.heartbeat_path.read(raw_input, run) if self.heartbeat_path else self.heartbeat_seconds
        result = self._invoke(run, request, timeout, heartbeat)
        result = flow.select_result(result, run)
        self.assign_from(run, result, None)
        return flow.output(raw_input, result, run)

    def _attempt_jsonata(self, run: StateRun, raw_input: Any) -> Any:
        if self.resource.wait_for_token:
            run.task_token = run.execution.next_task_token()
        states = jsonata_states(run, raw_input)
        request = raw_input if self.arguments is None else self.arguments(run, states)
        if self.arguments is not None and run.execution.over_quota(request):  # as Parameters in JSONPath
            raise data_limit_exceeded(self.name)
        timeout = self.timeout_expr(run, states) if self.timeout_expr else None
        heartbeat = self.heartbeat_expr(run, states) if self.heartbeat_expr else None
        result = self._invoke(run, request, timeout, heartbeat)
        states["result"] = run.result = result
        output = result if self.output_expr is None else self.output_expr(run, states)
        self.assign_from(run, None, states)
        return output

    # -- the (mocked) call --------------------------------------------------------------------

    def _invoke(self, run: StateRun, request: Any, timeout: Any, heartbeat: Any) -> Any:
        execution = run.execution
        resource = self.resource
        prefix = resource.event_prefix
        execution.emit(f"{prefix}Scheduled", self._scheduled_details(request, timeout, heartbeat, execution.region))
        outcome = self._mocked_outcome(run, request)
        execution.pause(0)
        execution.emit(f"{prefix}Started", self._identity())
        if resource.submits:  # the service's first response is not mocked: no output shown
            execution.emit("TaskSubmitted", self._identity())
        self._elapse(run, outcome, timeout, heartbeat)
        if outcome.failed:
            self._fail(run, outcome.error or "", outcome.cause)
        result = outcome.result
        if resource.kind == "lambda-function":
            result = lambda_function_result(result)
        if over_payload_limit(result):  # AWS records the call as failed (corpus: states_errors.*data_limit*)
            failure = data_limit_exceeded(resource.resource_type if resource.kind == "service" else resource.arn)
            self._fail(run, STATES_DATA_LIMIT_EXCEEDED, failure.cause)
        execution.emit(f"{prefix}Succeeded", {**self._identity(), "output": result})
        return result

    def _mocked_outcome(self, run: StateRun, request: Any) -> MockOutcome:
        """The mock's answer: invocations are counted per state, and per state and Map iteration."""
        execution = run.execution
        invocations = execution.invocations
        number = invocations.get(self.name, 0)
        invocations[self.name] = number + 1
        path = run.scope.iteration
        if not path:
            return execution.mocks.respond(self.name, number, request)
        key = (self.name, path)
        within = execution.iteration_invocations.get(key, 0)
        execution.iteration_invocations[key] = within + 1
        return execution.mocks.respond(self.name, number, request, MapIteration(path, within))

    def _elapse(self, run: StateRun, outcome: MockOutcome, timeout: Any, heartbeat: Any) -> None:
        """Let the mocked duration pass; past HeartbeatSeconds/TimeoutSeconds the Task times out.

        A mocked ``States.Timeout`` (``States.HeartbeatTimeout``) without a duration lasted
        TimeoutSeconds (HeartbeatSeconds), as the real timeout did.
        """
        duration = outcome.duration
        execution = run.execution
        if not duration:
            implied: Any = {STATES_TIMEOUT: timeout, STATES_HEARTBEAT_TIMEOUT: heartbeat}.get(outcome.error or "")
            # even an instant answer comes back asynchronously: branches ready now go first
            execution.pause(float(implied) if _positive(implied) else 0.0)
            return
        if _positive(heartbeat) and duration > heartbeat:
            execution.pause(float(heartbeat))
            self._fail(run, STATES_HEARTBEAT_TIMEOUT, "")
        if _positive(timeout) and duration >= timeout:
            execution.pause(float(timeout))
            self._fail(run, STATES_TIMEOUT, "")
        execution.pause(duration)

    def _fail(self, run: StateRun, error: str, cause: str | None) -> None:
        kind = "TimedOut" if error in (STATES_TIMEOUT, STATES_HEARTBEAT_TIMEOUT) else "Failed"
        details = {**self._identity(), "error": error}
        if cause is not None:
            details["cause"] = cause
        run.execution.emit(f"{self.resource.event_prefix}{kind}", details)
        run.execution.pause(0)
        raise StatesFailure(error, cause)

    def _identity(self) -> dict[str, Any]:
        if self.resource.kind == "service":
            return {"resourceType": self.resource.resource_type, "resource": self.resource.resource}
        return {}

    def _scheduled_details(self, request: Any, timeout: Any, heartbeat: Any, region: str) -> dict[str, Any]:
        if self.resource.kind != "service":
            details: dict[str, Any] = {"resource": self.resource.arn, "input": request}
        else:
            details = {**self._identity(), "region": region, "parameters": request}
        if _positive(timeout):
            details["timeoutInSeconds"] = timeout
        if _positive(heartbeat):
            details["heartbeatInSeconds"] = heartbeat
        return details


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
