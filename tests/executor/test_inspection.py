"""An inspected dry run records, per top-level state, what TestState needs and answers with."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor import ExecutionOptions, StateMachine, responder_from_native
from sfndeploy.executor.inspection import CAUGHT_ERROR, FAILED, SUCCEEDED

TASK = "arn:aws:states:::lambda:invoke"
DEFINITION: dict[str, Any] = {
    "StartAt": "Call",
    "States": {
        "Call": {
            "Type": "Task",
            "Resource": TASK,
            "ResultSelector": {"v.$": "$.Payload"},
            "Assign": {"got.$": "$.v"},
            "Retry": [{"ErrorEquals": ["Busy"], "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Broken"}],
            "Next": "Items",
        },
        "Items": {
            "Type": "Map",
            "ItemsPath": "$.v",
            "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "End": True}}},
            "End": True,
        },
        "Broken": {"Type": "Fail", "Error": "Broken", "Cause": "it broke"},
    },
}


def run(mocks: dict[str, Any]) -> Any:
    responder = responder_from_native(mocks, source="t")
    return StateMachine(DEFINITION).execute({"n": 1}, mocks=responder, options=ExecutionOptions(inspect=True))


def test_a_retried_task_and_a_map_are_each_one_visit_with_their_results() -> None:
    result = run({"Call": {"sequence": [{"error": "Busy"}, {"return": {"Payload": [1, 2]}}]}})
    call, items = result.visits
    assert (call.name, call.status, call.next_state, call.result) == ("Call", SUCCEEDED, "Items", {"Payload": [1, 2]})
    assert (call.input, call.output) == ({"n": 1}, {"v": [1, 2]})
    assert (call.variables, call.variables_after) == ({}, {"got": [1, 2]})
    assert [failure.error for failure in call.failed_attempts] == ["Busy"]
    assert call.context["State"] == {"EnteredTime": "2024-01-01T00:00:00.000Z", "Name": "Call", "RetryCount": 1}
    assert (items.name, items.result, items.output, items.next_state) == ("Items", [1, 2], [1, 2], None)
    assert items.variables == {"got": [1, 2]}
    assert [visit.name for visit in result.visits] == ["Call", "Items"]  # not the Map's own Pass states


def test_a_caught_error_and_a_fail_state() -> None:
    result = run({"Call": {"error": "Busy", "cause": "try later"}})
    call, broken = result.visits
    assert (call.status, call.error, call.cause, call.next_state, call.has_result) == (
        CAUGHT_ERROR, "Busy", "try later", "Broken", False
    )
    assert call.output == {"Error": "Busy", "Cause": "try later"}
    assert len(call.failed_attempts) == 2
    assert (broken.status, broken.error, broken.cause, broken.output, broken.variables_after) == (
        FAILED, "Broken", "it broke", None, None
    )


def test_a_run_that_is_not_inspected_records_nothing() -> None:
    responder = responder_from_native({"Call": {"return": {"Payload": []}}}, source="t")
    assert StateMachine(DEFINITION).execute({}, mocks=responder).visits == ()
