"""The TestState request that asks AWS to run one visited state as the dry run ran it.

Every request sends the whole definition with ``stateName``, the state's raw input, the variables
it could read, ``inspectionLevel: DEBUG`` and the deployed workflow's role. Task, Map and
Parallel states also send their last attempt as a ``mock`` (its result, or its error with
``stateConfiguration.retrierRetryCount`` saying how many retries of the matching Retry came
before it) and the context object of that attempt; TestState accepts ``context`` only with a
mock. Mocked results are sent with ``fieldValidationMode: NONE``: a test case's mocks are what
the dry run returned, and whether they fit the service's API model is not what is compared here.

A Map or Parallel whose last attempt failed in a state inside it is sent with that error as its
mock and that state as ``stateConfiguration.errorCausedByState``. What is not sent, and why, is
a :class:`Skip`: a Map over its tolerated failure threshold, a Map or Parallel whose own fields
failed, a Map with an ``ItemReader`` whose content was not mocked by the case's ``mocks`` (a
mocked content is sent as ``stateConfiguration.mapItemReaderData``), and a state whose input,
variables or context are not JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sfndeploy.executor.failures import (
    STATES_EXCEED_TOLERATED_FAILURE_THRESHOLD,
    STATES_QUERY_EVALUATION_ERROR,
    STATES_RUNTIME,
    StatesFailure,
)
from sfndeploy.executor.inspection import FAILED, StateVisit
from sfndeploy.executor.states.base import State
from sfndeploy.executor.states.guarded import GuardedState

_MOCKED_TYPES = frozenset({"Task", "Map", "Parallel"})
# Execution.RedriveCount (always 0 in a dry run) is left out: TestState's documentation names no such member.
_CONTEXT_MEMBERS = {
    "Execution": ("Id", "Input", "Name", "RoleArn", "StartTime"),
    "State": ("EnteredTime", "Name", "RetryCount"),
    "StateMachine": ("Id", "Name"),
    "Task": ("Token",),
}
# Errors a state raises while evaluating its own fields, never an integration's answer.
_EVALUATION_ERRORS = frozenset({STATES_QUERY_EVALUATION_ERROR, STATES_RUNTIME})


@dataclass(frozen=True)
class Skip:
    """A visited state that is not sent to TestState."""

    reason: str


def state_request(
    definition_text: str, state: State, visit: StateVisit, role_arn: str, *, reader_data: str | None = None
) -> dict[str, Any] | Skip:
    """The ``TestState`` parameters for ``visit`` of ``state``, or why it is not sent.

    ``reader_data`` is what a Distributed Map's ``ItemReader`` read (the content its mock gave).
    """
    skip = _unsendable(state, visit)
    if skip is not None:
        return skip
    if "ItemReader" in state.spec and reader_data is None:
        return Skip("a Map with an ItemReader whose content is not in the case's own mocks")
    request: dict[str, Any] = {
        "definition": definition_text,
        "stateName": visit.name,
        "roleArn": role_arn,
        "input": _json(visit.input),
        "inspectionLevel": "DEBUG",
    }
    if visit.variables:
        request["variables"] = _json(visit.variables)
    if visit.state_type not in _MOCKED_TYPES:
        request["revealSecrets"] = False  # AWS refuses revealSecrets together with a mock
        return request
    request["mock"] = _mock(visit)
    request["context"] = _json(_sendable_context(visit.context))
    configuration: dict[str, Any] = {}
    retries = _retries_before_last_error(state, visit)
    if retries is not None and not (visit.error in _EVALUATION_ERRORS and visit.state_type == "Task"):
        configuration["retrierRetryCount"] = retries
    if visit.state_type in ("Map", "Parallel") and visit.status != "SUCCEEDED":
        configuration["errorCausedByState"] = visit.failed_attempts[-1].origin
    if reader_data is not None:
        configuration["mapItemReaderData"] = reader_data
    if configuration:
        request["stateConfiguration"] = configuration
    return request


def _sendable_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context object's members TestState takes (the developer guide's example and its Task token)."""
    return {
        part: {key: value for key, value in context[part].items() if key in keys}
        for part, keys in _CONTEXT_MEMBERS.items()
        if isinstance(context.get(part), dict)
    }


def reads_context(state: State) -> bool:
    """Whether the state's definition refers to the context object (``$$`` or ``$states.context``)."""
    text = json.dumps(state.spec)
    return "$$" in text or "$states.context" in text


def _unsendable(state: State, visit: StateVisit) -> Skip | None:
    if visit.state_type in ("Map", "Parallel") and visit.status != "SUCCEEDED":
        last = visit.failed_attempts[-1]
        if last.error == STATES_EXCEED_TOLERATED_FAILURE_THRESHOLD:
            return Skip("a Map over its tolerated failure threshold")
        if last.origin in (None, visit.name):
            return Skip(f"a {visit.state_type} whose own fields failed: TestState takes it only with a mock")
    if visit.state_type in _MOCKED_TYPES and visit.status == "SUCCEEDED" and not visit.has_result:
        return Skip("the dry run recorded no result for it")
    try:
        _json(visit.input)
        _json(visit.variables)
        _json(visit.context)
        if visit.has_result:
            _json(visit.result)
    except (TypeError, ValueError):
        return Skip("its input, variables or result are not JSON")
    return None


def _mock(visit: StateVisit) -> dict[str, Any]:
    if visit.status == "SUCCEEDED":
        return {"result": _json(visit.result), "fieldValidationMode": "NONE"}
    if visit.error in _EVALUATION_ERRORS and visit.state_type == "Task":
        # the state's own expressions failed before any call: let AWS evaluate them (the call answers {})
        return {"result": "{}", "fieldValidationMode": "NONE"}
    error_output: dict[str, str] = {"error": visit.error or ""}
    if visit.cause is not None:
        error_output["cause"] = visit.cause
    return {"errorOutput": error_output}


def _retries_before_last_error(state: State, visit: StateVisit) -> int | None:
    """How many earlier attempts the Retry that matches the last error retried; None without one."""
    if visit.status not in ("CAUGHT_ERROR", FAILED) or not isinstance(state, GuardedState):
        return None
    handling = state.handling
    last = StatesFailure(visit.error, visit.cause)
    index = handling.retrier_for(last)
    if index is None:
        return None
    earlier = visit.failed_attempts[:-1]
    return sum(1 for failure in earlier if handling.retrier_for(failure) == index)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)
