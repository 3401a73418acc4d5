"""Edits made outside sfndeploy to triggers, notifications and alarms: drift names them, apply puts them back.

Against moto. One workflow with a schedule, an event rule, a notification to an SNS topic (granted
by sfndeploy) and an alarm is deployed once for the module. Each case edits or deletes one of its
resources the way someone in the console would; drift then names that resource (and nothing of
the others), apply repairs it, and drift and plan are clean again, so the next case starts from the
deployed state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aws_doubles import no_sleep
from plan_factory import ACCOUNT, desired, environment, workflow
from watchers import apply, with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.service import compute_plan, read_live

ENV = "driftwatch"
MACHINE = f"{ENV}-orders"
GROUP = f"shop-{ENV}"
TOPIC_NAME = f"{ENV}-alerts"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:{TOPIC_NAME}"
RULE = f"{MACHINE}-placed"
NOTIFY = f"{MACHINE}-notify-failures"


def state() -> DesiredState:
    env = environment(ENV, prefix=f"{ENV}-")
    wf = with_watchers(
        workflow("orders", env),
        triggers={
            "nightly": {"schedule": "cron(0 2 * * ? *)", "timezone": "Europe/Berlin"},
            "placed": {"event": {"pattern": {"source": ["acme.shop"]}}},
        },
        notifications={"failures": {"statuses": ["FAILED"], "sns": TOPIC, "grant": True}},
        alarms={"failures": {"metric": "ExecutionsFailed", "threshold": 1}},
    )
    return desired(wf)


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> Iterator[AwsApi]:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    api.call("sns", "CreateTopic", Name=TOPIC_NAME)
    apply(api, state())
    yield api


def _schedule_edited(api: AwsApi) -> None:
    live = api.call("scheduler", "GetSchedule", Name="orders-nightly", GroupName=GROUP)
    api.call(
        "scheduler",
        "UpdateSchedule",
        Name="orders-nightly",
        GroupName=GROUP,
        ScheduleExpression="rate(1 minute)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target=live["Target"],
    )


def _group_deleted(api: AwsApi) -> None:
    api.call("scheduler", "DeleteSchedule", Name="orders-nightly", GroupName=GROUP)
    api.call("scheduler", "DeleteScheduleGroup", Name=GROUP)


def _role_policy_widened(api: AwsApi) -> None:
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "states:*", "Resource": "*"}]}
    api.call(
        "iam",
        "PutRolePolicy",
        RoleName=f"{MACHINE}-nightly-invoke",
        PolicyName="sfndeploy-workflow",
        PolicyDocument=json.dumps(policy),
    )


def _role_deleted(api: AwsApi) -> None:
    name = f"{MACHINE}-placed-invoke"
    for policy in api.call("iam", "ListRolePolicies", RoleName=name)["PolicyNames"]:
        api.call("iam", "DeleteRolePolicy", RoleName=name, PolicyName=policy)
    api.call("iam", "DeleteRole", RoleName=name)


def _alarm_edited(api: AwsApi) -> None:
    [live] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[f"{MACHINE}-failures"])["MetricAlarms"]
    keys = ("AlarmName", "MetricName", "Namespace", "Statistic", "Dimensions", "Period", "EvaluationPeriods",
            "DatapointsToAlarm", "ComparisonOperator", "TreatMissingData")
    api.call("cloudwatch", "PutMetricAlarm", **{key: live[key] for key in keys if key in live}, Threshold=50.0)


def _permission_removed(api: AwsApi) -> None:
    attributes = api.call("sns", "GetTopicAttributes", TopicArn=TOPIC)["Attributes"]
    policy = json.loads(attributes["Policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != f"sfndeploy-{NOTIFY}"]
    api.call("sns", "SetTopicAttributes", TopicArn=TOPIC, AttributeName="Policy", AttributeValue=json.dumps(policy))


def _notification_target_removed(api: AwsApi) -> None:
    api.call("events", "RemoveTargets", Rule=NOTIFY, Ids=["sfndeploy"])


EDITS: list[tuple[str, Callable[[AwsApi], Any], str]] = [
    ("schedule-edited", _schedule_edited, "schedule nightly"),
    ("schedule-deleted", lambda api: api.call("scheduler", "DeleteSchedule", Name="orders-nightly", GroupName=GROUP),
     "schedule nightly"),
    ("group-deleted", _group_deleted, f"schedule group {GROUP}"),
    ("rule-edited", lambda api: api.call("events", "DisableRule", Name=RULE), f"rule {RULE}"),
    ("rule-deleted", lambda api: (
        api.call("events", "RemoveTargets", Rule=RULE, Ids=["sfndeploy"]), api.call("events", "DeleteRule", Name=RULE)
    ), f"rule {RULE}"),
    ("invoke-role-widened", _role_policy_widened, f"role {MACHINE}-nightly-invoke"),
    ("invoke-role-deleted", _role_deleted, f"role {MACHINE}-placed-invoke"),
    ("alarm-edited", _alarm_edited, f"alarm {MACHINE}-failures"),
    ("alarm-deleted", lambda api: api.call("cloudwatch", "DeleteAlarms", AlarmNames=[f"{MACHINE}-failures"]),
     f"alarm {MACHINE}-failures"),
    ("notification-target-removed", _notification_target_removed, f"rule {NOTIFY}"),
    ("notification-permission-removed", _permission_removed, f"permission of rule {NOTIFY}"),
]


@pytest.mark.parametrize(("edit", "resource"), [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_drift_names_what_was_edited_and_apply_puts_it_back(
    api: AwsApi, edit: Callable[[AwsApi], Any], resource: str
) -> None:
    wanted = state()
    edit(api)
    try:
        report = detect_drift(wanted, read_live(api, wanted))
        assert [item.resource for item in report.items] == [resource], report.items
    finally:
        repaired = apply(api, wanted)
    assert repaired.has_changes
    assert not detect_drift(wanted, read_live(api, wanted)).has_drift
    assert not compute_plan(api, wanted).has_changes
