"""Each field of a notification, changed in the spec: the plan names it, apply converges, the re-plan is empty.

Against moto's EventBridge, SNS and IAM. One workflow with a notification to an SNS topic is deployed
once for the module; each case changes one field, applies, and changes it back, so the next case
starts from the same rule. A change of statuses changes the rule's pattern and its description; a
change of target grants the new topic (or brings a role for a workflow target) and takes sfndeploy's
statement off the topic it leaves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from plan_factory import ACCOUNT, desired, environment, workflow
from watchers import apply, change_lines, operations, with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.service import compute_plan
from sfndeploy.plan.steps import PlanOptions
from tests.aws.conftest import no_sleep

# each write to a rule is followed by the record of what sfndeploy wrote (sfndeploy:config-hash)
RULE_CALLS = ["PutRule", "TagResource"]
TARGET_CALLS = ["PutTargets", "TagResource"]

ENV = "notefields"
RULE = f"{ENV}-orders-notify-failures"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{ENV}-orders"
FAILURES: dict[str, Any] = {"statuses": ["FAILED", "TIMED_OUT"], "grant": True}


def state(**fields: Any) -> DesiredState:
    env = environment(ENV, prefix=f"{ENV}-")
    notification = {**FAILURES, "sns": TOPICS["alerts"], **fields}
    notification = {key: value for key, value in notification.items() if value is not None}
    return desired(with_watchers(workflow("orders", env), notifications={"failures": notification}))


TOPICS: dict[str, str] = {}


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> Iterator[AwsApi]:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    for name in ("alerts", "pager"):
        TOPICS[name] = api.call("sns", "CreateTopic", Name=f"{ENV}-{name}")["TopicArn"]
    TOPICS["queue"] = f"arn:aws:sqs:us-east-1:{ACCOUNT}:{ENV}-failures"
    api.call("sqs", "CreateQueue", QueueName=f"{ENV}-failures")
    # Another team's workflow a notification may start: plan refuses a workflow target that does not exist.
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    role = f"arn:aws:iam::{ACCOUNT}:role/{ENV}-cleanup"
    api.call("stepfunctions", "CreateStateMachine", name=f"{ENV}-cleanup", definition=definition, roleArn=role)
    apply(api, state())
    yield api


def rule_pattern(api: AwsApi) -> dict[str, Any]:
    pattern: dict[str, Any] = json.loads(api.call("events", "DescribeRule", Name=RULE)["EventPattern"])
    return pattern


def target(api: AwsApi) -> dict[str, Any]:
    [only] = api.call("events", "ListTargetsByRule", Rule=RULE)["Targets"]
    return only


ONE_LINE: list[tuple[str, dict[str, Any], str, list[str]]] = [
    ("enabled", {"enabled": False}, f"~ rule {RULE}: enabled → disabled", RULE_CALLS),
    ("description", {"description": "page on failures"}, f"~ rule {RULE} description: ", RULE_CALLS),
    (
        "input-transformer",
        {"input_transformer": {"paths": {"arn": "$.detail.executionArn"}, "template": "'failed: <arn>'"}},
        f"~ rule {RULE} input transformer: (none) → ",
        TARGET_CALLS,
    ),
    (
        "dead-letter-queue",
        {"dead_letter_queue": f"arn:aws:sqs:us-east-1:{ACCOUNT}:{ENV}-dlq"},
        f"~ rule {RULE} dead-letter queue: (none) → ",
        TARGET_CALLS,
    ),
    ("retry", {"retry": {"max_attempts": 2}}, f"~ rule {RULE} retry policy: (none) → ", TARGET_CALLS),
]


@pytest.mark.parametrize(("fields", "line", "calls"), [c[1:] for c in ONE_LINE], ids=[c[0] for c in ONE_LINE])
def test_one_field_is_one_line_and_converges(
    api: AwsApi, fields: dict[str, Any], line: str, calls: list[str]
) -> None:
    base, changed = state(), state(**fields)

    plan = apply(api, changed)

    try:
        [only] = change_lines(plan)
        assert only.startswith(line), only
        assert operations(plan) == calls
        assert not compute_plan(api, changed).has_changes
    finally:
        back = apply(api, base)  # the next case starts from the base again
    [undone] = change_lines(back)
    assert undone.startswith(line.split(":", 1)[0] + ":"), undone


def test_the_statuses_are_the_rule_s_pattern_and_its_description(api: AwsApi) -> None:
    changed = state(statuses=["FAILED", "TIMED_OUT", "ABORTED"])
    apply(api, state())

    plan = apply(api, changed)

    pattern, description = change_lines(plan)
    assert pattern == f"~ rule {RULE} statuses: FAILED, TIMED_OUT → FAILED, TIMED_OUT, ABORTED"
    assert description == (
        f'~ rule {RULE} description: "sfndeploy: FAILED, TIMED_OUT of {ENV}-orders" → '
        f'"sfndeploy: FAILED, TIMED_OUT, ABORTED of {ENV}-orders"'
    )
    assert operations(plan) == RULE_CALLS
    assert rule_pattern(api)["detail"] == {"status": ["FAILED", "TIMED_OUT", "ABORTED"], "stateMachineArn": [MACHINE]}
    assert not compute_plan(api, changed).has_changes
    apply(api, state())
    assert rule_pattern(api)["detail"] == {"status": ["FAILED", "TIMED_OUT"], "stateMachineArn": [MACHINE]}
    assert not compute_plan(api, state()).has_changes


def sids(api: AwsApi, topic: str) -> list[str]:
    policy = json.loads(api.call("sns", "GetTopicAttributes", TopicArn=topic)["Attributes"]["Policy"])
    return [s.get("Sid", "") for s in policy["Statement"]]


def test_another_topic_moves_the_target_and_the_permission(api: AwsApi) -> None:
    changed = state(sns=TOPICS["pager"])
    statement = f"sfndeploy-{RULE}"
    apply(api, state())
    assert statement in sids(api, TOPICS["alerts"])

    plan = apply(api, changed)

    assert change_lines(plan) == [
        f"~ rule {RULE} target: {TOPICS['alerts']} → {TOPICS['pager']}",
        f"+ permission for rule {RULE} to publish to topic {ENV}-pager",
        f"- permission for rule {RULE} to publish to topic {ENV}-alerts",
    ]
    assert operations(plan) == [*TARGET_CALLS, "SetTopicAttributes", "SetTopicAttributes"]
    assert target(api)["Arn"] == TOPICS["pager"]
    assert statement in sids(api, TOPICS["pager"]) and statement not in sids(api, TOPICS["alerts"])
    assert not compute_plan(api, changed).has_changes
    back = apply(api, state())
    assert change_lines(back)[-1] == f"- permission for rule {RULE} to publish to topic {ENV}-pager"
    assert statement in sids(api, TOPICS["alerts"]) and statement not in sids(api, TOPICS["pager"])
    assert not compute_plan(api, state()).has_changes


def test_a_workflow_target_brings_its_role_and_sns_takes_it_away_with_prune(api: AwsApi) -> None:
    other = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{ENV}-cleanup"
    changed = state(sns=None, grant=None, workflow=other)
    apply(api, state())

    plan = apply(api, changed)

    lines = change_lines(plan)
    assert f"+ role {RULE}-invoke" in lines
    assert f"~ rule {RULE} target: {TOPICS['alerts']} → {other}" in lines
    assert lines[-1] == f"- permission for rule {RULE} to publish to topic {ENV}-alerts"  # a role instead
    assert f"sfndeploy-{RULE}" not in sids(api, TOPICS["alerts"])
    assert target(api)["RoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/sfndeploy/{RULE}-invoke"
    assert not compute_plan(api, changed).has_changes
    back = apply(api, state(), PlanOptions(prune=True))
    assert f"- invoke role {RULE}-invoke of notification failures, which no longer uses it" in change_lines(back)
    assert "RoleArn" not in target(api)
    assert not compute_plan(api, state(), PlanOptions(prune=True)).has_changes
