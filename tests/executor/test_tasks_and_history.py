"""Task integrations (callbacks, timeouts from paths, Lambda ARNs) and the history's AWS shape."""

from __future__ import annotations

from sfndeploy.executor.history import _details_key
from tests.executor.helpers import elapsed, machine, run


def test_wait_for_task_token_puts_the_token_in_the_request_and_the_mock_answers() -> None:
    definition = machine(
        (
            "Ask",
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                "End": True,
            },
        )
    )
    result = run(definition, mocks={"Ask": {"return": {"approved": True}, "duration": 120}})
    assert result.output == {"approved": True}
    assert elapsed(result) == 120
    scheduled = next(event for event in result.history() if event.type == "TaskScheduled")
    assert scheduled.details is not None
    assert '"token":"token-' in scheduled.details["parameters"]
    assert scheduled.details["resource"] == "sendMessage.waitForTaskToken"


def test_timeout_seconds_path() -> None:
    definition = machine(
        (
            "T",
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "TimeoutSecondsPath": "$.limit",
                "End": True,
            },
        )
    )
    result = run(definition, {"limit": 7}, mocks={"T": {"return": {}, "duration": 30}})
    assert (result.status, result.error) == ("FAILED", "States.Timeout")
    assert elapsed(result) == 7


def test_lambda_function_arn_task_uses_the_payload_and_lambda_events() -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:greet"
    definition = machine(("Greet", {"Type": "Task", "Resource": arn, "End": True}))
    result = run(definition, {"n": 1}, mocks={"Greet": {"return": {"StatusCode": 200, "Payload": {"hi": 1}}}})
    assert result.output == {"hi": 1}
    assert result.event_types() == [
        "ExecutionStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]


def test_history_events_have_aws_ids_timestamps_and_detail_keys() -> None:
    definition = machine(("W", {"Type": "Wait", "Seconds": 5, "End": True}))
    events = [event.as_json() for event in run(definition, {"a": 1}).history()]
    assert [event["id"] for event in events] == [1, 2, 3, 4]
    assert events[1]["previousEventId"] == 1
    assert events[0]["executionStartedEventDetails"]["input"] == {"a": 1}
    assert events[1]["stateEnteredEventDetails"] == {"name": "W", "input": {"a": 1}}
    assert events[2]["timestamp"] == "2024-01-01T00:00:05.000Z"
    assert events[3]["executionSucceededEventDetails"] == {"output": {"a": 1}}


def test_detail_keys_follow_aws_naming() -> None:
    assert _details_key("PassStateExited") == "stateExitedEventDetails"
    assert _details_key("MapIterationFailed") == "mapIterationFailedEventDetails"
    assert _details_key("TaskScheduled") == "taskScheduledEventDetails"
    assert _details_key("MapRunStarted") == "mapRunStartedEventDetails"
