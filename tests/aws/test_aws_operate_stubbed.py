"""The operate calls the moto server lacks, checked against botocore's Stubber, and the pure parts.

moto 5.x serves neither StartSyncExecution nor RedriveExecution, never finishes an execution by
itself (so no SUCCEEDED result to wait for), and cannot start an execution through an alias ARN.
The Stubber validates every request against botocore's own service model.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from plan_factory import desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import UsageError
from sfndeploy.operate.arns import parse_execution_arn
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.executions import redrive_execution, start_sync_execution, wait_for
from sfndeploy.operate.history import timeline
from sfndeploy.operate.targets import OperatedEnvironment, OperatedWorkflow
from sfndeploy.plan.ownership import NotOwned

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:dev-orders"
EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:dev-orders:run-1"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
OWNED = {"sfndeploy:project": "demo", "sfndeploy:environment": "dev", "sfndeploy:workflow": "orders"}


def stubbed(service: str = "stepfunctions") -> tuple[AwsApi, Stubber]:
    client = boto3.client(
        service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x",
        endpoint_url="https://states.us-east-1.amazonaws.com",
    )
    return AwsApi(lambda _: client, region="us-east-1", sleep=lambda _: None), Stubber(client)


def operated_env(api: AwsApi) -> OperatedEnvironment:
    return OperatedEnvironment("demo", environment("dev"), api)


def expect_tags(stubber: Stubber, tags: dict[str, str]) -> None:
    stubber.add_response(
        "list_tags_for_resource", {"tags": [{"key": k, "value": v} for k, v in tags.items()]}, {"resourceArn": MACHINE}
    )


def expect_status(stubber: Stubber, status: str, **extra: Any) -> None:
    stubber.add_response(
        "describe_execution",
        {"executionArn": EXECUTION, "stateMachineArn": MACHINE, "status": status, "startDate": T0, **extra},
        {"executionArn": EXECUTION},
    )


def test_executions_start_through_the_alias_when_the_spec_has_one() -> None:
    with_alias = desired(workflow("orders", alias="live")).workflow("orders")
    without = desired(workflow("orders", alias=None)).workflow("orders")
    assert OperatedWorkflow(with_alias, environment(), None).start_arn == f"{with_alias.arn}:live"  # type: ignore[arg-type]
    assert OperatedWorkflow(without, environment(), None).start_arn == without.arn  # type: ignore[arg-type]


def test_sync_start_of_an_express_workflow_returns_its_result() -> None:
    api, stubber = stubbed()
    alias = f"{MACHINE}:live"
    stubber.add_response(
        "start_sync_execution",
        {"executionArn": EXECUTION, "startDate": T0, "stopDate": T0 + timedelta(seconds=2), "status": "FAILED",
         "error": "States.TaskFailed", "cause": "boom"},
        {"stateMachineArn": alias, "input": '{"a": 1}'},
    )
    with stubber:
        result = start_sync_execution(api, alias, {"a": 1})
    assert (result.status, result.error, result.cause, result.seconds) == ("FAILED", "States.TaskFailed", "boom", 2.0)
    assert not result.succeeded


def test_wait_returns_a_succeeded_result_and_gives_up_at_the_timeout() -> None:
    api, stubber = stubbed()
    expect_status(stubber, "RUNNING")
    expect_status(stubber, "SUCCEEDED", stopDate=T0, output='{"ok": true}')
    with stubber:
        done = wait_for(api, EXECUTION, sleep=lambda _: None, clock=lambda: 0.0)
    assert (done.status, done.output, done.succeeded) == ("SUCCEEDED", '{"ok": true}', True)

    api, stubber = stubbed()
    now = iter([0.0, 0.5, 2.0])
    expect_status(stubber, "RUNNING")
    expect_status(stubber, "RUNNING")
    with stubber, pytest.raises(OperateError, match="is still RUNNING after 2 s"):
        wait_for(api, EXECUTION, sleep=lambda _: None, clock=lambda: next(now), timeout=2.0)


def test_redrive_of_an_owned_failed_execution() -> None:
    api, stubber = stubbed()
    expect_tags(stubber, OWNED)
    expect_status(stubber, "FAILED")
    stubber.add_response("redrive_execution", {"redriveDate": T0}, {"executionArn": EXECUTION})
    with stubber:
        assert redrive_execution(operated_env(api), parse_execution_arn(EXECUTION)) == T0
    stubber.assert_no_pending_responses()


def test_redrive_is_refused_for_a_running_or_foreign_execution() -> None:
    api, stubber = stubbed()
    expect_tags(stubber, OWNED)
    expect_status(stubber, "RUNNING")
    with stubber, pytest.raises(OperateError, match="is RUNNING; only a failed, timed-out or aborted execution"):
        redrive_execution(operated_env(api), parse_execution_arn(EXECUTION))

    api, stubber = stubbed()
    expect_tags(stubber, {**OWNED, "sfndeploy:environment": "prod"})
    with stubber, pytest.raises(NotOwned, match="belongs to project 'demo', environment 'prod'"):
        redrive_execution(operated_env(api), parse_execution_arn(EXECUTION))


def test_execution_arns_standard_express_and_map_runs() -> None:
    express = parse_execution_arn("arn:aws:states:eu-west-1:123456789012:express:orders:run:5d0e")
    assert (express.kind, express.state_machine_name, express.region) == ("express", "orders", "eu-west-1")
    child = parse_execution_arn("arn:aws:states:us-east-1:123456789012:execution:orders/map:child")
    assert child.state_machine_arn == "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
    with pytest.raises(UsageError, match="'arn:aws:states:us-east-1:1:stateMachine:x' is not an execution ARN"):
        parse_execution_arn("arn:aws:states:us-east-1:1:stateMachine:x")


def event(number: int, previous: int, kind: str, seconds: float, **details: Any) -> dict[str, Any]:
    key = kind[0].lower() + kind[1:] + "EventDetails"
    found: dict[str, Any] = {"id": number, "previousEventId": previous, "type": kind,
                             "timestamp": T0 + timedelta(seconds=seconds)}
    if details:
        found[key] = details
    return found


def test_timeline_counts_retries_and_keeps_parallel_branches_apart() -> None:
    """Events in AWS's GetExecutionHistory shape: Charge fails once and is retried; two branches interleave."""
    events = [
        event(1, 0, "ExecutionStarted", 0),
        event(2, 1, "ParallelStateEntered", 0, name="Both"),
        event(3, 2, "PassStateEntered", 1, name="Left"),
        event(4, 2, "TaskStateEntered", 1, name="Charge"),
        event(5, 3, "PassStateExited", 2, name="Left"),
        event(6, 4, "TaskScheduled", 2, resource="invoke", resourceType="lambda", region="us-east-1", parameters="{}"),
        event(7, 6, "TaskFailed", 3, error="Lambda.Unknown", cause="crash", resource="invoke", resourceType="lambda"),
        event(8, 7, "TaskScheduled", 5, resource="invoke", resourceType="lambda", region="us-east-1", parameters="{}"),
        event(9, 8, "TaskFailed", 6, error="Lambda.Unknown", cause="crash again", resource="invoke",
              resourceType="lambda"),
        event(10, 9, "ParallelStateFailed", 6),
        event(11, 10, "ExecutionFailed", 6, error="Lambda.Unknown", cause="crash again"),
    ]
    found = timeline(events)
    assert found.path == ["Both", "Left", "Charge"]
    left, charge = found.visits[1], found.visits[2]
    assert (left.seconds, left.retries) == (1.0, 0)
    assert (charge.exited, charge.attempts, charge.retries) == (None, 2, 1)
    assert [failure.cause for failure in charge.failures] == ["crash", "crash again"]
    assert (found.status, found.error and found.error.error) == ("FAILED", "Lambda.Unknown")
    assert found.visits[0].failures[0].event == "ParallelStateFailed"


def test_history_of_an_execution_in_another_region_is_refused(tmp_path: Path) -> None:
    from sfndeploy.operate.arns import require_in_environment

    ref = parse_execution_arn(EXECUTION.replace("us-east-1", "eu-west-1"))
    with pytest.raises(OperateError, match="is in account 123456789012, region eu-west-1; environment 'dev' is"):
        require_in_environment(ref, environment("dev"))


def test_a_workflow_that_logs_nowhere_has_no_log_group() -> None:
    from sfndeploy.model import LoggingConfig
    from sfndeploy.operate.logs import log_group_of

    quiet = desired(workflow("orders", logging=LoggingConfig(level="OFF"))).workflow("orders")
    with pytest.raises(OperateError, match="workflow 'orders' logs nowhere \\(logging level OFF\\)"):
        log_group_of(quiet)
    loud = desired(workflow("orders", logging=LoggingConfig(level="ALL", log_group="/x/orders"))).workflow("orders")
    assert log_group_of(loud) == "/x/orders"


def test_the_path_overlay_of_a_history_follows_choices_catches_and_retries() -> None:
    from sfndeploy.operate.graphing import overlay_of

    definition = {
        "StartAt": "Route",
        "States": {
            "Route": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "Charge"}],
                      "Default": "Done"},
            "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Done",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Broken"}]},
            "Broken": {"Type": "Fail", "Error": "Charge.Failed"},
            "Done": {"Type": "Succeed"},
        },
    }
    events = [
        event(1, 0, "ExecutionStarted", 0),
        event(2, 1, "ChoiceStateEntered", 0, name="Route"),
        event(3, 2, "ChoiceStateExited", 0, name="Route"),
        event(4, 3, "TaskStateEntered", 0, name="Charge"),
        event(5, 4, "TaskScheduled", 0, resource="invoke", resourceType="lambda", region="us-east-1", parameters="{}"),
        event(6, 5, "TaskFailed", 1, error="E", cause="c", resource="invoke", resourceType="lambda"),
        event(7, 6, "TaskScheduled", 2, resource="invoke", resourceType="lambda", region="us-east-1", parameters="{}"),
        event(8, 7, "TaskFailed", 3, error="E", cause="c", resource="invoke", resourceType="lambda"),
        event(9, 8, "TaskStateExited", 3, name="Charge"),
        event(10, 9, "FailStateEntered", 3, name="Broken"),
        event(11, 10, "ExecutionFailed", 3, error="Charge.Failed"),
    ]
    overlay = overlay_of(timeline(events), definition)
    assert overlay.taken == {("Route", "Choices[0]", "Charge"), ("Charge", "Catch[0]", "Broken")}
    assert (dict(overlay.retries), overlay.failed_state, overlay.status) == ({"Charge": 1}, "Broken", "FAILED")


def test_listing_one_version_asks_for_its_version_arn_and_stops_at_since() -> None:
    from sfndeploy.operate.executions import list_executions

    api, stubber = stubbed()
    rows = [
        {"executionArn": f"{EXECUTION}-{n}", "stateMachineArn": f"{MACHINE}:3", "name": f"run-{n}", "status": "FAILED",
         "startDate": T0 - timedelta(hours=n)}
        for n in (0, 1, 5)
    ]
    stubber.add_response(
        "list_executions", {"executions": rows[:2], "nextToken": "more"},
        {"stateMachineArn": f"{MACHINE}:3", "statusFilter": "FAILED"},
    )
    stubber.add_response(
        "list_executions", {"executions": rows[2:], "nextToken": "still-more"},
        {"stateMachineArn": f"{MACHINE}:3", "statusFilter": "FAILED", "nextToken": "more"},
    )
    with stubber:
        found = list_executions(api, MACHINE, status="FAILED", version=3, since=T0 - timedelta(hours=2))
    assert [(row.name, row.version) for row in found] == [("run-0", 3), ("run-1", 3)]
    stubber.assert_no_pending_responses()  # the third page is never asked for
