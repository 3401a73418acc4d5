"""Every pattern sfndeploy generates for ``notifications:`` passes EventBridge's grammar and matches
exactly the status-change events it is meant for.

The events follow the Step Functions developer guide's examples of "Step Functions Execution Status
Change" events (one per status). Their ``detail`` is what ``DescribeExecution`` returns: an
execution started through an alias also carries ``stateMachineAliasArn`` and
``stateMachineVersionArn``, while ``stateMachineArn`` stays the state machine's own ARN.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from sfndeploy.eventbridge.matching import match_event
from sfndeploy.eventbridge.notifications import STATUSES, Notification
from sfndeploy.eventbridge.patterns import check_event_pattern
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

ACCOUNT = "111111111111"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:hello-dev"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
SUBSETS = [subset for size in range(1, len(STATUSES) + 1) for subset in combinations(STATUSES, size)]


def status_change(status: str, state_machine_arn: str = MACHINE, alias: str | None = None) -> dict[str, Any]:
    """A status-change event shaped as the developer guide's examples."""
    execution = state_machine_arn.replace(":stateMachine:", ":execution:") + ":execution-name"
    ended = status != "RUNNING"
    detail: dict[str, Any] = {
        "executionArn": execution,
        "stateMachineArn": state_machine_arn,
        "name": "execution-name",
        "status": status,
        "startDate": 1551225146847,
        "stopDate": 1551225151881 if ended else None,
        "input": "{}",
        "inputDetails": {"included": True},
        "output": '"Hello World!"' if status == "SUCCEEDED" else None,
        "outputDetails": {"included": True} if status == "SUCCEEDED" else None,
    }
    if alias:
        detail["stateMachineAliasArn"] = f"{state_machine_arn}:{alias}"
        detail["stateMachineVersionArn"] = f"{state_machine_arn}:3"
    return {
        "version": "0",
        "id": "315c1398-40ff-a850-213b-158f73e60175",
        "detail-type": "Step Functions Execution Status Change",
        "source": "aws.states",
        "account": ACCOUNT,
        "time": "2019-02-26T19:42:21Z",
        "region": "us-east-1",
        "resources": [execution],
        "detail": detail,
    }


def _notifications(make_project: ProjectFactory, alias: bool) -> tuple[Notification, ...]:
    entries = "".join(
        f"  n{index}:\n    statuses: [{', '.join(subset)}]\n    sns: {TOPIC}\n" for index, subset in enumerate(SUBSETS)
    )
    spec = "notifications:\n" + entries + HELLO_SPEC + ("alias: live\n" if alias else "")
    root: Path = make_project({"templates/hello.yaml.j2": spec})
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, "dev"))
    return workflow.notifications


@pytest.mark.parametrize("alias", [None, "live"], ids=["no alias", "alias"])
def test_each_generated_pattern_matches_its_statuses_and_no_other(
    make_project: ProjectFactory, alias: str | None
) -> None:
    notifications = _notifications(make_project, alias is not None)
    assert [n.statuses for n in notifications] == SUBSETS
    for notification in notifications:
        pattern = notification.pattern
        assert check_event_pattern(pattern) == (), notification.statuses
        for status in STATUSES:
            mismatch = match_event(pattern, status_change(status, alias=alias))
            if status in notification.statuses:
                assert mismatch is None, (notification.statuses, status, mismatch)
            else:
                assert mismatch is not None, (notification.statuses, status)
                assert mismatch.path == "detail.status", mismatch


def test_a_pattern_does_not_match_another_state_machine_or_another_kind_of_event(make_project: ProjectFactory) -> None:
    [*_, every] = _notifications(make_project, alias=False)
    assert every.statuses == STATUSES
    for other in (
        f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:hello-prod",
        f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:hello-dev-2",
        "arn:aws:states:us-east-1:222222222222:stateMachine:hello-dev",
    ):
        mismatch = match_event(every.pattern, status_change("FAILED", state_machine_arn=other))
        assert mismatch is not None and mismatch.path == "detail.stateMachineArn", other
    map_run = {**status_change("FAILED"), "detail-type": "Step Functions Map Run Status Change"}
    mismatch = match_event(every.pattern, map_run)
    assert mismatch is not None and mismatch.path == "detail-type"
    via_cloudtrail = {**status_change("FAILED"), "source": "aws.cloudtrail"}
    mismatch = match_event(every.pattern, via_cloudtrail)
    assert mismatch is not None and mismatch.path == "source"
