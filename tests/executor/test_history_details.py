"""History events as AWS's GetExecutionHistory shows them: which events carry details, and what."""

from __future__ import annotations

from tests.executor.helpers import machine, run

LAMBDA = "arn:aws:states:::lambda:invoke"


def test_task_scheduled_names_the_region() -> None:
    definition = machine(("Call", {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 9, "End": True}))
    result = run(definition, {"a": 1}, mocks={"Call": {"return": 1}}, region="eu-west-1")
    scheduled = next(event.as_json() for event in result.history() if event.type == "TaskScheduled")
    assert scheduled["taskScheduledEventDetails"] == {
        "resourceType": "lambda",
        "resource": "invoke",
        "region": "eu-west-1",
        "parameters": '{"a":1}',
        "timeoutInSeconds": 9,
    }


def test_events_without_an_aws_details_structure_show_none() -> None:
    failing_map = {
        "Type": "Map",
        "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}},
        "End": True,
    }
    events = [event.as_json() for event in run(machine(("M", failing_map)), [1]).history()]
    by_type = {event["type"]: event for event in events}
    assert set(by_type["MapStateFailed"]) == {"id", "type", "timestamp", "previousEventId"}
    assert by_type["MapIterationFailed"]["mapIterationFailedEventDetails"] == {"name": "M", "index": 0}
    assert by_type["MapStateStarted"]["mapStateStartedEventDetails"] == {"length": 1}
    assert by_type["ExecutionFailed"]["executionFailedEventDetails"] == {"error": "E", "cause": "c"}


def test_sync_and_callback_tasks_record_their_submission() -> None:
    for resource in ("arn:aws:states:::glue:startJobRun.sync", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"):
        definition = machine(("Job", {"Type": "Task", "Resource": resource, "End": True}))
        result = run(definition, {}, mocks={"Job": {"return": {"JobRunState": "SUCCEEDED"}, "duration": 30}})
        assert result.event_types()[2:6] == ["TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"]
        submitted = next(event for event in result.history() if event.type == "TaskSubmitted")
        assert submitted.details == {"resourceType": resource.split(":")[5], "resource": resource.split(":")[6]}
    plain = machine(("Call", {"Type": "Task", "Resource": LAMBDA, "End": True}))
    assert "TaskSubmitted" not in run(plain, {}, mocks={"Call": {"return": 1}}).event_types()


def test_a_standard_execution_times_out_after_a_year() -> None:
    year = 365 * 24 * 3600
    waits = machine(
        ("Long", {"Type": "Wait", "Seconds": year - 1, "Next": "Longer"}),
        ("Longer", {"Type": "Wait", "Seconds": 5, "End": True}),
    )
    result = run(waits)
    assert (result.status, result.error) == ("TIMED_OUT", "States.Timeout")
    assert result.events[-1][1] - result.events[0][1] == year
    assert run(machine(("Short", {"Type": "Wait", "Seconds": year - 1, "End": True}))).succeeded
