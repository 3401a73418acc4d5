"""Alarm fields CloudWatch would refuse are configuration errors at the template line of the key."""

from __future__ import annotations

import pytest

from sfndeploy.alarms import AlarmContext, render_alarms
from sfndeploy.errors import ConfigError
from sfndeploy.sourcemap import load_yaml

SPEC = """\
name: orders
alarms:
  failures:
    metric: {metric}
    statistic: {statistic}
    threshold: 1
    period: {period}
    evaluation_periods: 2
    datapoints_to_alarm: {datapoints}
    treat_missing_data: {missing}
    comparison: {comparison}
    actions: [{action}]
"""
MINIMAL = "alarms:\n  failures:\n    metric: ExecutionsFailed\n    threshold: 1\n"
GOOD = {
    "metric": "ExecutionsFailed",
    "statistic": "p99.9",
    "period": 30,
    "datapoints": 2,
    "missing": "notBreaching",
    "comparison": "GreaterThanThreshold",
    "action": "arn:aws:sns:us-east-1:123456789012:alerts",
}


def render(defaults: dict[str, object] | None = None, **changes: object) -> tuple[object, ...]:
    data, source_map = load_yaml(SPEC.format(**{**GOOD, **changes}), file="templates/orders.yaml.j2")
    context = AlarmContext("dev-orders", source_map, defaults or {}, "environments/dev.yaml")
    return render_alarms(data["alarms"], context)


def test_good_fields_give_an_alarm_named_after_the_state_machine() -> None:
    [alarm] = render()
    assert alarm.name == "dev-orders-failures"  # type: ignore[attr-defined]
    assert alarm.summary == "ExecutionsFailed p99.9 > 1 in 2 of 2 × 30 s"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        ({"metric": "ExecutionsExploded"}, 4, "unknown AWS/States metric 'ExecutionsExploded'"),
        ({"statistic": "Median"}, 5, "unknown statistic 'Median'"),
        ({"statistic": "p100.55"}, 5, "unknown statistic 'p100.55'"),
        ({"period": 45}, 7, "the period must be 10, 30 or a multiple of 60 seconds, found '45'"),
        ({"datapoints": 3}, 9, "datapoints to alarm (3) exceed the evaluation periods (2)"),
        ({"missing": "zero"}, 10, "unknown missing-data treatment 'zero'"),
        ({"comparison": "Equal"}, 11, "unknown comparison operator 'Equal'"),
        ({"action": "arn:aws:sqs:us-east-1:123456789012:q"}, 12, "is not an SNS topic ARN"),
    ],
)
def test_a_bad_field_is_an_error_at_its_line(change: dict[str, object], line: int, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        render(**change)
    assert message in raised.value.message
    assert raised.value.location is not None
    assert (raised.value.location.file, raised.value.location.line) == ("templates/orders.yaml.j2", line)


def test_a_bad_default_names_the_environment_file() -> None:
    data, source_map = load_yaml(MINIMAL, file="t.yaml")
    context = AlarmContext("dev-orders", source_map, {"period": 7}, "environments/dev.yaml")
    with pytest.raises(ConfigError) as raised:
        render_alarms(data["alarms"], context)
    assert raised.value.key == "defaults.alarms.period"
    assert raised.value.location is not None and raised.value.location.file == "environments/dev.yaml"


def test_defaults_fill_what_the_spec_leaves_out() -> None:
    data, source_map = load_yaml(MINIMAL, file="t.yaml")
    topic = "arn:aws:sns:us-east-1:123456789012:alerts"
    context = AlarmContext("dev-orders", source_map, {"period": 300, "actions": [topic]}, "environments/dev.yaml")
    [alarm] = render_alarms(data["alarms"], context)
    assert (alarm.period, alarm.actions, alarm.statistic) == (300, (topic,), "Sum")
