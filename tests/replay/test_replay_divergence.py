"""A replayed execution against the definition it came from (passes) and against changed ones
(the first state that differs, and why)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sfndeploy.operate.errors import OperateError
from tests.replay.helpers import production_history, replay

INVOKE = "arn:aws:states:::lambda:invoke"
THROTTLED = {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}


def orders() -> dict[str, Any]:
    return {
        "StartAt": "Validate",
        "States": {
            "Validate": {"Type": "Task", "Resource": INVOKE, "ResultPath": "$.validation", "Next": "Charge"},
            "Charge": {
                "Type": "Task",
                "Resource": INVOKE,
                "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.total"}},
                "ResultSelector": {"chargeId.$": "$.Payload.chargeId"},
                "ResultPath": "$.charge",
                "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Declined"}],
                "Next": "Route",
            },
            "Route": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big"}],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": True},
            "Small": {"Type": "Pass", "End": True},
            "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "payment declined"},
        },
    }


MOCKS = {
    "Validate": {"return": {"Payload": {"valid": True}}},
    "Charge": {"sequence": [THROTTLED, {"return": {"StatusCode": 200, "Payload": {"chargeId": "ch-1"}}}]},
}
EVENTS = production_history(orders(), {"total": 120}, MOCKS)


def changed(edit: Any, definition: dict[str, Any] | None = None) -> dict[str, Any]:
    definition = copy.deepcopy(definition or orders())
    edit(definition["States"])
    return definition


def test_the_replayed_case_holds_input_mocks_in_order_and_what_production_did() -> None:
    case, ran, divergence = replay(orders(), EVENTS)
    assert (ran.failures, divergence) == ((), None)
    assert case["input"] == {"total": 120}
    assert case["mocks"] == {
        "Validate": {"return": {"Payload": {"valid": True}}},
        "Charge": {
            "sequence": [
                {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"},
                {"return": {"StatusCode": 200, "Payload": {"chargeId": "ch-1"}}},
            ]
        },
    }
    assert case["expect"] == {
        "status": "SUCCEEDED",
        "output": {
            "total": 120, "validation": {"Payload": {"valid": True}}, "charge": {"chargeId": "ch-1"}, "size": "big"
        },
        "states": ["Validate", "Charge", "Route", "Big"],
    }


def test_a_choice_that_now_goes_elsewhere() -> None:
    def raise_threshold(states: dict[str, Any]) -> None:
        states["Route"]["Choices"][0]["NumericGreaterThan"] = 1000

    _, ran, divergence = replay(orders(), EVENTS, now=changed(raise_threshold))
    assert divergence is not None
    assert divergence.line() == "Route: production went on to Big, the dry run to Small"
    assert ran.failures == ("output {\"total\": 120, \"validation\": {\"Payload\": {\"valid\": true}}, \"charge\": "
                            "{\"chargeId\": \"ch-1\"}}, expected {\"total\": 120, \"validation\": {\"Payload\": "
                            "{\"valid\": true}}, \"charge\": {\"chargeId\": \"ch-1\"}, \"size\": \"big\"}",
                            "states Validate -> Charge -> Route -> Small, expected Validate -> Charge -> Route -> Big")


def test_another_output() -> None:
    _, _, divergence = replay(orders(), EVENTS, now=changed(lambda states: states["Big"].update(Result="huge")))
    assert divergence is not None
    assert divergence.line() == "Big: another output than production's: size: \"big\" → \"huge\""


def test_a_request_that_differs_from_what_production_sent() -> None:
    def in_cents(states: dict[str, Any]) -> None:
        states["Charge"]["Parameters"]["Payload"] = {"cents.$": "$.total"}

    _, _, divergence = replay(orders(), EVENTS, now=changed(in_cents))
    assert divergence is not None
    assert divergence.where == "Charge"
    assert divergence.reason.startswith("task call 1 sends another request than production's: ")
    assert "Payload.amount: 120 → (none)" in divergence.reason and "Payload.cents: (none) → 120" in divergence.reason


def test_a_task_call_production_never_made() -> None:
    declined = production_history(orders(), {"total": 5}, {"Validate": MOCKS["Validate"], "Charge": THROTTLED})

    def retry_more(states: dict[str, Any]) -> None:
        states["Charge"]["Retry"][0]["MaxAttempts"] = 3

    case, ran, divergence = replay(orders(), declined)
    assert (ran.failures, divergence) == ((), None)
    assert case["expect"] == {
        "status": "FAILED",
        "error": "Declined",
        "cause": "payment declined",
        "states": ["Validate", "Charge", "Declined"],
    }
    _, _, divergence = replay(orders(), declined, now=changed(retry_more))
    assert divergence is not None
    assert divergence.line() == (
        "Charge: production called the task 3 times, the dry run 4 times: a call production never made"
    )


def test_a_new_state_production_never_entered_and_a_lost_catch() -> None:
    def audit_first(states: dict[str, Any]) -> None:
        states["Validate"]["Next"] = "Audit"
        states["Audit"] = {"Type": "Pass", "Next": "Charge"}

    _, _, divergence = replay(orders(), EVENTS, now=changed(audit_first))
    assert divergence is not None
    assert divergence.line() == "Validate: production went on to Charge, the dry run to Audit"

    declined = production_history(orders(), {"total": 5}, {"Validate": MOCKS["Validate"], "Charge": THROTTLED})
    _, ran, divergence = replay(orders(), declined, now=changed(lambda states: states["Charge"].pop("Catch")))
    assert divergence is not None
    assert divergence.line() == (
        "Charge: production went on to Declined; the dry run stopped here "
        "(Lambda.TooManyRequestsException: Rate exceeded)"
    )
    assert ran.failures[0] == "error 'Lambda.TooManyRequestsException', expected 'Declined'"


def fan_out() -> dict[str, Any]:
    return {
        "StartAt": "Prepare",
        "States": {
            "Prepare": {"Type": "Pass", "Next": "Each"},
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": {
                    "StartAt": "Price",
                    "States": {
                        "Price": {
                            "Type": "Task",
                            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:price",
                            "Retry": [{"ErrorEquals": ["Busy"], "MaxAttempts": 1}],
                            "End": True,
                        }
                    },
                },
                "Next": "Both",
            },
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "Result": "l", "End": True}}},
                    {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "Result": "r", "End": True}}},
                ],
                "End": True,
            },
        },
    }


def test_map_iterations_answer_per_iteration_in_whatever_order_production_called() -> None:
    # iteration 0 answers after 5 s, 1 after a retry: production's calls interleave out of item order
    per_item = {
        "Price": {
            "iterations": {
                0: {"return": {"price": 10}, "duration": 5},
                1: {"sequence": [{"error": "Busy", "cause": "try later"}, {"return": {"price": 20}, "duration": 1}]},
            }
        }
    }
    events = production_history(fan_out(), {"items": ["a", "b"]}, per_item)
    key = "lambdaFunctionScheduledEventDetails"
    scheduled = [event[key]["input"] for event in events if key in event]
    assert scheduled == ['"a"', '"b"', '"b"']
    case, ran, divergence = replay(fan_out(), events)
    assert (ran.failures, divergence) == ((), None)
    assert case["mocks"] == {
        "Price": {
            "iterations": {
                0: {"return": {"price": 10}, "duration": 5.0},
                1: {"sequence": [{"error": "Busy", "cause": "try later"}, {"return": {"price": 20}, "duration": 1.0}]},
            }
        }
    }
    assert case["expect"]["path"] == ["Prepare", "Each", "Both"]
    assert case["expect"]["output"] == ["l", "r"]
    assert "states" not in case["expect"]

    def wrap_items(states: dict[str, Any]) -> None:
        states["Each"]["ItemSelector"] = {"item.$": "$$.Map.Item.Value"}

    _, _, divergence = replay(fan_out(), events, now=changed(wrap_items, fan_out()))
    assert divergence is not None
    assert divergence.line() == "Price (Map iteration 0): another input than production's: \"a\" → {\"item\": \"a\"}"


FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:lookup"


def lookup() -> dict[str, Any]:
    return {"StartAt": "Lookup", "States": {"Lookup": {"Type": "Task", "Resource": FUNCTION, "End": True}}}


def test_a_function_payload_that_looks_like_an_invoke_response_is_wrapped() -> None:
    # the function returned {StatusCode, Payload} itself: mocked as is, the Task would unwrap it
    looks_like_invoke = {"StatusCode": 200, "Payload": "inner"}
    events = production_history(lookup(), {}, {"Lookup": {"return": {"StatusCode": 200, "Payload": looks_like_invoke}}})
    case, ran, divergence = replay(lookup(), events)
    assert case["mocks"] == {"Lookup": {"return": {"StatusCode": 200, "Payload": looks_like_invoke}}}
    assert case["expect"]["output"] == looks_like_invoke
    assert (ran.failures, divergence) == ((), None)


def test_a_function_aws_could_not_schedule_is_mocked_as_its_error() -> None:
    events = production_history(lookup(), {}, {"Lookup": {"error": "Lambda.ServiceException", "cause": "no"}})
    # as AWS records it: LambdaFunctionScheduleFailed instead of Scheduled, Started and Failed
    failed_at = next(i for i, event in enumerate(events) if event["type"] == "LambdaFunctionScheduled")
    details = events[failed_at + 2]["lambdaFunctionFailedEventDetails"]
    failed = {**events[failed_at], "type": "LambdaFunctionScheduleFailed"}
    failed["lambdaFunctionScheduleFailedEventDetails"] = details
    events[failed_at : failed_at + 3] = [failed]
    del events[failed_at]["lambdaFunctionScheduledEventDetails"]
    case, ran, divergence = replay(lookup(), events)
    assert case["mocks"] == {"Lookup": {"error": "Lambda.ServiceException", "cause": "no"}}
    assert (ran.failures, divergence) == ((), None)


def test_a_redriven_execution_is_refused() -> None:
    events = production_history(lookup(), {}, {"Lookup": {"return": 1}})
    events.insert(-1, {**events[-1], "type": "ExecutionRedriven", "executionRedrivenEventDetails": {"redriveCount": 1}})
    del events[-2]["executionSucceededEventDetails"]
    with pytest.raises(OperateError, match="the execution was redriven"):
        replay(lookup(), events)


def test_a_partial_history_is_compared_as_far_as_production_got() -> None:
    # production is waiting for Charge's second attempt: the events up to its TaskScheduled
    second = [i for i, event in enumerate(EVENTS) if event["type"] == "TaskScheduled"][2]
    so_far = EVENTS[: second + 1]
    case, _, divergence = replay(orders(), so_far)
    assert "expect" not in case
    assert case["mocks"]["Charge"] == {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}
    assert divergence is None
    _, _, divergence = replay(orders(), so_far, now=changed(lambda states: states["Charge"].pop("Retry")))
    assert divergence is not None
    assert divergence.line() == "Charge: production called the task 2 times, the dry run once"
