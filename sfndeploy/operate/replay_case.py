"""A recorded execution as a dry-run test case (the ``templates/<workflow>.tests.yaml`` format).

* ``input``: the execution's input;
* ``mocks``: each Task state's calls in order, as production answered them (``return``, or
  ``error``/``cause``; ``duration`` as long as the call took, to the millisecond), one entry or a
  ``sequence``; a Task inside a Map answers per iteration (``iterations: {INDEX: ...}``), since
  iterations run concurrently and may call in another order;
* ``expect``: the status with the output, or the error and cause; the states entered (``states``),
  or, when Parallel branches or Map iterations ran, the top-level path (``path``).
"""

from __future__ import annotations

import math
from typing import Any

from sfndeploy.executor.failures import STATES_HEARTBEAT_TIMEOUT, STATES_TIMEOUT
from sfndeploy.executor.mocks import MockOutcome, iteration_key, lambda_function_result
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.replay_history import UNSET, Recording, TaskCall

EXPECTED_STATUSES = ("SUCCEEDED", "FAILED", "TIMED_OUT")


def call_outcome(call: TaskCall) -> MockOutcome:
    """What the mock of ``call`` answers, as the executor takes it."""
    if call.error is not None:
        implied = call.timed_out and call.error in (STATES_TIMEOUT, STATES_HEARTBEAT_TIMEOUT)
        return MockOutcome(error=call.error, cause=call.cause, duration=0.0 if implied else _seconds(call))
    return MockOutcome(result=_mocked_result(call), duration=_seconds(call))


def _mocked_result(call: TaskCall) -> Any:
    """A Lambda function's payload, wrapped as an ``Invoke`` response where it would be read as one."""
    result = call.result
    if call.kind == "lambda-function" and lambda_function_result(result) is not result:
        return {"StatusCode": 200, "Payload": result}
    return result


def _seconds(call: TaskCall) -> float:
    """The call's duration to the millisecond, rounded down (a call just under a timeout stays under)."""
    return math.floor(call.seconds * 1000) / 1000 if call.seconds > 0 else 0.0


def mock_entry(outcome: MockOutcome) -> dict[str, Any]:
    """One response in the test case format."""
    entry: dict[str, Any] = {}
    if outcome.error is not None:
        entry["error"] = outcome.error
        if outcome.cause is not None:
            entry["cause"] = outcome.cause
    else:
        entry["return"] = outcome.result
    if outcome.duration:
        entry["duration"] = outcome.duration
    return entry


def _mock(outcomes: list[MockOutcome]) -> dict[str, Any]:
    if len(outcomes) == 1:
        return mock_entry(outcomes[0])
    return {"sequence": [mock_entry(each) for each in outcomes]}


def case_mocks(recording: Recording) -> dict[str, Any]:
    """The ``mocks`` of the case: per state, and per Map iteration for states inside a Map."""
    plain: dict[str, list[MockOutcome]] = {}
    per_iteration: dict[str, dict[tuple[int, ...], list[MockOutcome]]] = {}
    for call in recording.calls:
        if not call.answered:
            continue  # still running: a partial replay stops at it
        if call.iteration:
            per_iteration.setdefault(call.state, {}).setdefault(call.iteration, []).append(call_outcome(call))
        else:
            plain.setdefault(call.state, []).append(call_outcome(call))
    mocks: dict[str, Any] = {state: _mock(outcomes) for state, outcomes in plain.items()}
    for state, by_path in per_iteration.items():
        mocks[state] = {"iterations": {iteration_key(path): _mock(each) for path, each in sorted(by_path.items())}}
    return mocks


def case_expectations(recording: Recording, top_level: frozenset[str]) -> dict[str, Any]:
    expect: dict[str, Any] = {"status": recording.status}
    if recording.status == "SUCCEEDED" and recording.output is not UNSET:
        expect["output"] = recording.output
    if recording.error is not None:
        expect["error"] = recording.error
    if recording.cause is not None:
        expect["cause"] = recording.cause
    if recording.concurrent:
        expect["path"] = recording.path(top_level)
    else:
        expect["states"] = recording.states()
    return expect


def replayed_case(
    recording: Recording, name: str, definition: Any, *, description: str | None = None
) -> dict[str, Any]:
    """The test case of a finished execution (a running one: ``expect`` is left out), for the
    workflow whose definition today is ``definition``."""
    refuse_unreplayable(recording, definition)
    top_level = frozenset(_states(definition))
    case: dict[str, Any] = {"name": name}
    if description:
        case["description"] = description
    case["input"] = recording.input if recording.input is not UNSET else {}
    mocks = case_mocks(recording)
    if mocks:
        case["mocks"] = mocks
    if recording.status in EXPECTED_STATUSES:
        case["expect"] = case_expectations(recording, top_level)
    return case


def refuse_unreplayable(recording: Recording, definition: Any) -> None:
    opaque = [name for name in recording.distributed_maps if _needs_child_histories(_find_state(definition, name))]
    if opaque:
        raise OperateError(
            f"the execution ran the Distributed Map {', '.join(opaque)}, which reads its items from S3 or calls "
            "tasks in child executions; their data is not in this history, and replay cannot replay it",
        )
    if recording.redriven:
        raise OperateError(
            "the execution was redriven: its history holds the run that failed and the run that went on from "
            "there, which one dry run cannot reproduce"
        )
    if recording.missing_data or recording.input is UNSET:
        raise OperateError(
            "the history holds no input and output data (it was read without execution data); nothing to replay"
        )
    if recording.truncated:
        raise OperateError(
            f"the history's data was truncated at {recording.truncated[0]} (over 256 KiB); the case would not "
            "hold what production saw"
        )


def _states(definition: Any) -> dict[str, Any]:
    states = definition.get("States") if isinstance(definition, dict) else None
    return states if isinstance(states, dict) else {}


def _find_state(definition: Any, name: str) -> dict[str, Any] | None:
    """The state named ``name`` anywhere in ``definition`` (nested branches and processors too)."""
    for state_name, state in _states(definition).items():
        if not isinstance(state, dict):
            continue
        if state_name == name:
            return state
        for inner in [*(state.get("Branches") or []), state.get("ItemProcessor"), state.get("Iterator")]:
            found = _find_state(inner, name)
            if found is not None:
                return found
    return None


def _needs_child_histories(state: dict[str, Any] | None) -> bool:
    """A Distributed Map whose items come from S3, or whose child executions call tasks: what they
    did is only in their own histories (a Map of Pass/Choice states over the input is replayable)."""
    if state is None or "ItemReader" in state:
        return True
    return _has_task(state.get("ItemProcessor") or state.get("Iterator"))


def _has_task(definition: Any) -> bool:
    for state in _states(definition).values():
        if not isinstance(state, dict):
            continue
        if state.get("Type") == "Task":
            return True
        if any(_has_task(inner) for inner in [*(state.get("Branches") or []), state.get("ItemProcessor")]):
            return True
    return False
