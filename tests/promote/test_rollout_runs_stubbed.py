"""Following an execution of the rollout workflow to its end, with botocore's Stubber.

moto starts executions but never runs them (they stay RUNNING), so how the CLI follows a rollout
that succeeds, rolls back or is superseded is checked against stubbed DescribeExecution and
DescribeStateMachineAlias answers (the requests are still validated against the service model).
Time is a fake clock: nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.ownership import Owner
from sfndeploy.promote.cli_support import report_rollouts
from sfndeploy.promote.deploy import DeployOutcome
from sfndeploy.promote.rollout import RolloutError, RolloutState, RolloutStep, RolloutTarget
from sfndeploy.promote.rollout_runs import follow_rollout_runs
from sfndeploy.promote.workflow_asl import ALIAS_CHANGED, ROLLED_BACK
from tests.promote.conftest import FakeClock

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod"
RUN = "arn:aws:states:us-east-1:123456789012:execution:sfndeploy-rollout-shop-prod:orders-v5-1764000000000"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)
TARGET = RolloutTarget("orders", ARN, "live", Owner("shop", "prod", "orders"))
STARTED = RolloutStep("orders", "started", 10, 5, 4, execution_arn=RUN)


@pytest.fixture
def stubbed() -> Iterator[tuple[AwsApi, Stubber]]:
    client = botocore.session.get_session().create_client(
        "stepfunctions", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    with Stubber(client) as stubber:
        yield AwsApi(lambda _: client, region="us-east-1", sleep=lambda _: None), stubber
        stubber.assert_no_pending_responses()


def _execution(stubber: Stubber, status: str, **ended: Any) -> None:
    answer = {"executionArn": RUN, "stateMachineArn": RUN.rsplit(":", 1)[0], "status": status, "startDate": CREATED}
    stubber.add_response("describe_execution", {**answer, **ended}, {"executionArn": RUN})


def _alias(stubber: Stubber, description: str, *weights: tuple[int, int]) -> None:
    stubber.add_response(
        "describe_state_machine_alias",
        {
            "stateMachineAliasArn": f"{ARN}:live", "name": "live", "description": description,
            "creationDate": CREATED, "updateDate": CREATED,
            "routingConfiguration": [{"stateMachineVersionArn": f"{ARN}:{n}", "weight": w} for n, w in weights],
        },
        {"stateMachineAliasArn": f"{ARN}:live"},
    )


def _active(weight: int) -> str:
    return RolloutState("active", "linear", 5, 4, weight, 1, 1, "c" * 64, run=RUN.rsplit(":", 1)[-1]).encode()


def test_a_rollout_that_succeeds_is_followed_shift_by_shift_to_the_end(stubbed: tuple[AwsApi, Stubber]) -> None:
    api, stubber = stubbed
    _execution(stubber, "RUNNING")
    _alias(stubber, _active(10), (5, 10), (4, 90))
    _execution(stubber, "RUNNING")
    _alias(stubber, _active(10), (5, 10), (4, 90))  # unchanged: nothing new to say
    _execution(stubber, "RUNNING")
    _alias(stubber, _active(50), (5, 50), (4, 50))
    _execution(stubber, "SUCCEEDED", stopDate=CREATED)
    _alias(stubber, "sfndeploy config " + "c" * 64, (5, 100))
    clock, steps = FakeClock(), []

    (final,) = follow_rollout_runs(api, [(TARGET, STARTED)], clock, on_step=steps.append, poll_seconds=15)

    assert [(s.outcome, s.weight) for s in steps] == [("shifted", 10), ("shifted", 50), ("completed", 100)]
    assert steps[1].message == "version 5 takes 50%, version 4 50%"
    assert (final.outcome, final.message) == ("completed", "version 5 serves 100%")
    assert clock.slept == [15, 15, 15]


def test_a_rollout_the_workflow_rolled_back_is_reported_with_its_reason(stubbed: tuple[AwsApi, Stubber]) -> None:
    api, stubber = stubbed
    _execution(stubber, "FAILED", stopDate=CREATED, error=ROLLED_BACK, cause="alarm:orders-errors,payments")
    _alias(stubber, "sfndeploy rollout status=aborted strategy=linear new=5 old=4 weight=0", (4, 100))

    (final,) = follow_rollout_runs(api, [(TARGET, STARTED)], FakeClock())

    assert final.outcome == "rolled-back"
    assert final.message == "version 4 serves 100% again (alarm(s) in ALARM state: orders-errors, payments)"
    with pytest.raises(RolloutError, match="orders rolled back"):
        report_rollouts(DeployOutcome(result=None, started=(STARTED,), finished=(final,)), "prod")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "error", "cause", "outcome", "message"),
    [
        ("FAILED", ALIAS_CHANGED, "moved", "stopped",
         "the alias was moved by someone else; the rollout left it as it is"),
        ("ABORTED", "", "", "stopped", "execution orders-v5-1764000000000 was stopped"),
        ("FAILED", ROLLED_BACK, "execution-check-failed:Sfn.AccessDeniedException", "rolled-back",
         "version 4 serves 100% again (the execution check kept failing (Sfn.AccessDeniedException))"),
    ],
)
def test_a_rollout_that_did_not_complete_says_why(
    stubbed: tuple[AwsApi, Stubber], status: str, error: str, cause: str, outcome: str, message: str
) -> None:
    api, stubber = stubbed
    ended: dict[str, Any] = {"stopDate": CREATED, **({"error": error, "cause": cause} if error else {})}
    _execution(stubber, status, **ended)
    _alias(stubber, "sfndeploy route v4=100 at=1", (4, 100))

    (final,) = follow_rollout_runs(api, [(TARGET, STARTED)], FakeClock())

    assert (final.outcome, final.message) == (outcome, message)
