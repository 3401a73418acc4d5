"""Each field of an alarm, changed in the spec or in the environment's defaults: one plan line naming it,
apply, an empty re-plan.

Against moto's CloudWatch. One workflow is deployed once for the module; each case changes one field,
applies, and changes it back (also one line), so the next case starts from the same alarm.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from plan_factory import ACCOUNT, desired, environment, workflow
from watchers import apply, change_lines, operations, with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.service import compute_plan
from tests.aws.conftest import no_sleep

ENV = "alarmfields"
NAME = f"{ENV}-orders-failures"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
PAGER = f"arn:aws:sns:us-east-1:{ACCOUNT}:pager"
FAILURES: dict[str, Any] = {
    "metric": "ExecutionsFailed",
    "threshold": 1,
    "evaluation_periods": 2,
    "datapoints_to_alarm": 1,
    "actions": [TOPIC],
    "description": "failed orders",
}


def state(defaults: dict[str, Any] | None = None, **fields: Any) -> DesiredState:
    env = environment(ENV, prefix=f"{ENV}-")
    alarm = {**FAILURES, **fields}
    wf = with_watchers(workflow("orders", env), alarms={"failures": alarm}, alarm_defaults=defaults)
    return desired(wf)


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> Iterator[AwsApi]:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    apply(api, state())
    yield api


def alarm(api: AwsApi) -> dict[str, Any]:
    [found] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[NAME])["MetricAlarms"]
    return found


CHANGES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    ("metric", {"metric": "ExecutionsTimedOut"}, {}, "metric: ExecutionsFailed → ExecutionsTimedOut"),
    ("statistic", {"statistic": "Maximum"}, {}, "statistic: Sum → Maximum"),
    ("percentile", {"statistic": "p99.9"}, {}, "statistic: Sum → p99.9"),
    ("threshold", {"threshold": 2.5}, {}, "threshold: 1 → 2.5"),
    ("comparison", {"comparison": "GreaterThanThreshold"}, {}, "comparison: "),
    ("period", {"period": 300}, {}, "period: 60 → 300"),
    ("evaluation-periods", {"evaluation_periods": 5}, {}, "evaluation periods: 2 → 5"),
    ("datapoints", {"datapoints_to_alarm": 2}, {}, "datapoints to alarm: 1 → 2"),
    ("missing-data", {"treat_missing_data": "breaching"}, {}, "treat missing data: notBreaching → breaching"),
    ("actions", {"actions": [TOPIC, PAGER]}, {}, "actions: "),
    ("no-actions", {"actions": []}, {}, "actions: "),
    ("description", {"description": "failed orders, paged"}, {}, "description: "),
    ("default-period", {}, {"period": 600}, "period: 60 → 600"),
    ("default-missing-data", {}, {"treat_missing_data": "ignore"}, "treat missing data: notBreaching → ignore"),
]


@pytest.mark.parametrize(("fields", "defaults", "line"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_one_field_is_one_line_and_converges(
    api: AwsApi, fields: dict[str, Any], defaults: dict[str, Any], line: str
) -> None:
    base, changed = state(), state(defaults, **fields)

    plan = apply(api, changed)

    try:
        [only] = change_lines(plan)
        assert only.startswith(f"~ alarm {NAME} {line}"), only
        assert operations(plan) == ["PutMetricAlarm", "TagResource"]
        assert not compute_plan(api, changed).has_changes
    finally:
        back = apply(api, base)  # the next case starts from the base again
    [undone] = change_lines(back)
    assert undone.startswith(f"~ alarm {NAME} {line.split(':', 1)[0]}: "), undone


def test_the_live_alarm_carries_every_field(api: AwsApi) -> None:
    changed = state(
        {"period": 300},
        metric="ExecutionTime",
        statistic="p99",
        threshold=1500,
        comparison="GreaterThanThreshold",
        treat_missing_data="missing",
        actions=[PAGER],
    )
    apply(api, changed)
    live = alarm(api)
    assert (live["Namespace"], live["MetricName"], live["ExtendedStatistic"]) == ("AWS/States", "ExecutionTime", "p99")
    assert "Statistic" not in live
    assert (live["Threshold"], live["ComparisonOperator"]) == (1500.0, "GreaterThanThreshold")
    assert (live["Period"], live["EvaluationPeriods"], live["DatapointsToAlarm"]) == (300, 2, 1)
    assert (live["TreatMissingData"], live["AlarmActions"]) == ("missing", [PAGER])
    assert live["AlarmDescription"] == "failed orders"
    assert live["Dimensions"] == [
        {"Name": "StateMachineArn", "Value": f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{ENV}-orders"}
    ]
    assert not compute_plan(api, changed).has_changes
    apply(api, state())
    assert not compute_plan(api, state()).has_changes
