"""Rules against moto's EventBridge (server mode): create, change each field, no-op, drift, delete, crashes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.eventbridge.rules import (
    DesiredRule,
    LiveRule,
    RuleTarget,
    read_rule,
    rule_calls,
    rule_changes,
    rule_deletion_calls,
)
from sfndeploy.plan.steps import ApiCall

ACCOUNT = "123456789012"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:orders-dev"
OWNERSHIP = {"sfndeploy:project": "acme", "sfndeploy:environment": "dev", "sfndeploy:workflow": "orders"}


@pytest.fixture
def bus(api: AwsApi, unique: str) -> Iterator[str]:
    name = f"orders-{unique}"
    api.call("events", "CreateEventBus", Name=name)
    yield name


def desired_rule(name: str, bus: str = "default", **changes: Any) -> DesiredRule:
    target = RuleTarget(arn=f"{MACHINE}:live", role_arn=f"arn:aws:iam::{ACCOUNT}:role/{name}-invoke")
    rule = DesiredRule(
        name=name,
        bus=bus,
        arn=f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{name if bus == 'default' else bus + '/' + name}",
        target=target,
        tags=OWNERSHIP,
        what="trigger placed",
        pattern={"source": ["acme.orders"], "detail-type": ["OrderPlaced"]},
        description="starts orders",
    )
    return replace(rule, **changes)


def recorded(desired: DesiredRule) -> dict[str, str]:
    """The tags of a rule sfndeploy wrote: the ownership tags and the hash of what it wrote."""
    return {**OWNERSHIP, "sfndeploy:config-hash": desired.config_hash}


def run(api: AwsApi, calls: list[ApiCall]) -> None:
    for call in calls:
        api.call(call.service, call.operation, target=call.target, **call.params)


def converge(api: AwsApi, desired: DesiredRule) -> LiveRule:
    run(api, rule_calls(desired, read_rule(api, desired.name, desired.bus)))
    live = read_rule(api, desired.name, desired.bus)
    assert live is not None
    return live


def test_create_then_no_op(api: AwsApi, unique: str) -> None:
    desired = desired_rule(f"orders-placed-{unique}")
    assert read_rule(api, desired.name) is None
    assert rule_changes(desired, None) == [
        f"+ rule {desired.name} (trigger placed: event pattern on bus default → {MACHINE}:live)"
    ]
    assert [c.operation for c in rule_calls(desired, None)] == ["PutRule", "PutTargets", "TagResource"]
    live = converge(api, desired)
    assert live.pattern == desired.pattern
    assert (live.state, live.description, dict(live.tags)) == ("ENABLED", "starts orders", recorded(desired))
    assert live.recorded_hash == live.content_hash == desired.config_hash
    assert [t.id for t in live.targets] == ["sfndeploy"]
    assert live.targets[0].target["Arn"] == f"{MACHINE}:live"
    assert rule_changes(desired, live) == []
    assert rule_calls(desired, live) == []


def test_pattern_key_order_is_not_a_change(api: AwsApi, unique: str) -> None:
    desired = desired_rule(f"orders-order-{unique}")
    live = converge(api, desired)
    reordered = replace(desired, pattern={"detail-type": ["OrderPlaced"], "source": ["acme.orders"]})
    assert rule_calls(reordered, live) == []


CHANGES: list[tuple[str, dict[str, Any], str]] = [
    ("pattern", {"pattern": {"source": ["acme.orders"], "detail-type": ["OrderCancelled"]}}, "event pattern: "),
    ("schedule", {"pattern": None, "schedule": "rate(5 minutes)"}, "schedule: (none) → rate(5 minutes)"),
    ("disabled", {"enabled": False}, ": enabled → disabled"),
    ("description", {"description": "starts orders, v2"}, 'description: "starts orders" → "starts orders, v2"'),
]


@pytest.mark.parametrize(("field", "changes", "line"), CHANGES, ids=[c[0] for c in CHANGES])
def test_each_rule_field_changes_in_place(
    api: AwsApi, unique: str, field: str, changes: dict[str, Any], line: str
) -> None:
    desired = desired_rule(f"orders-{field}-{unique}")
    live = converge(api, desired)
    changed = replace(desired, **changes)
    lines = rule_changes(changed, live)
    assert len(lines) == (2 if field == "schedule" else 1)
    assert any(line in entry for entry in lines), lines
    assert [c.operation for c in rule_calls(changed, live)] == ["PutRule", "TagResource"]
    after = converge(api, changed)
    assert rule_calls(changed, after) == []
    assert dict(after.tags) == recorded(changed)  # an update keeps the tags and records the new hash


TARGET_CHANGES: list[tuple[str, dict[str, Any], str]] = [
    ("arn", {"arn": MACHINE}, "target: "),
    ("role", {"role_arn": f"arn:aws:iam::{ACCOUNT}:role/other"}, "role: "),
    ("input", {"input": '{"from":"rule"}'}, 'input: (none) → {"from":"rule"}'),
    ("input-path", {"input_path": "$.detail"}, "input path: (none) → $.detail"),
    (
        "transformer",
        {"input_paths_map": {"id": "$.detail.id"}, "input_template": '{"order": <id>}'},
        "input transformer: (none) → ",
    ),
    ("dlq", {"dead_letter_queue": f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq"}, "dead-letter queue: (none) → "),
    ("retry", {"max_attempts": 3, "max_event_age_seconds": 3600}, "retry policy: (none) → "),
]


@pytest.mark.parametrize(("field", "changes", "line"), TARGET_CHANGES, ids=[c[0] for c in TARGET_CHANGES])
def test_each_target_field_changes(api: AwsApi, unique: str, field: str, changes: dict[str, Any], line: str) -> None:
    desired = desired_rule(f"orders-t-{field}-{unique}")
    live = converge(api, desired)
    changed = replace(desired, target=replace(desired.target, **changes))
    (only,) = rule_changes(changed, live)
    assert line in only
    assert [c.operation for c in rule_calls(changed, live)] == ["PutTargets", "TagResource"]
    after = converge(api, changed)
    assert rule_calls(changed, after) == []
    back = converge(api, desired)  # and back: removing the field is a change too
    assert rule_calls(desired, back) == []
    assert back.target() is not None


def test_a_named_bus(api: AwsApi, bus: str, unique: str) -> None:
    desired = desired_rule(f"orders-bus-{unique}", bus=bus)
    live = converge(api, desired)
    assert live.bus == bus
    assert read_rule(api, desired.name) is None  # not on the default bus
    assert rule_calls(desired, live) == []
    run(api, rule_deletion_calls(live))
    assert read_rule(api, desired.name, bus) is None


def test_drift_made_outside_is_put_back(api: AwsApi, unique: str) -> None:
    desired = desired_rule(f"orders-drift-{unique}")
    live = converge(api, desired)
    api.call("events", "DisableRule", Name=desired.name)
    api.call(
        "events",
        "PutTargets",
        Rule=desired.name,
        Targets=[{"Id": "extra", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:spy"}],
    )
    api.call("events", "UntagResource", ResourceARN=live.arn, TagKeys=["sfndeploy:workflow"])
    api.call("events", "TagResource", ResourceARN=live.arn, Tags=[{"Key": "team", "Value": "x"}])
    drifted = read_rule(api, desired.name)
    assert drifted is not None
    assert rule_changes(desired, drifted) == [
        f"~ rule {desired.name}: disabled → enabled",
        f"- target extra of rule {desired.name} (added outside sfndeploy)",
        f"~ rule {desired.name} tag sfndeploy:workflow: (none) → orders",
        f"~ rule {desired.name} tag team: x → (none)",
    ]
    assert [c.operation for c in rule_calls(desired, drifted)] == [
        "PutRule",
        "UntagResource",
        "TagResource",
        "RemoveTargets",
    ]
    after = converge(api, desired)
    assert rule_calls(desired, after) == []
    assert dict(after.tags) == recorded(desired)


def test_deletion_removes_targets_then_the_rule(api: AwsApi, unique: str) -> None:
    desired = desired_rule(f"orders-delete-{unique}")
    live = converge(api, desired)
    calls = rule_deletion_calls(live)
    assert [c.operation for c in calls] == ["RemoveTargets", "DeleteRule"]
    run(api, calls)
    assert read_rule(api, desired.name) is None
    # the same calls again (an apply that crashed before recording them): RemoveTargets says it is
    # done already (a code the executor takes as success), DeleteRule of no rule succeeds
    with pytest.raises(AwsCallError) as caught:
        run(api, calls[:1])
    assert caught.value.code in calls[0].done_codes
    run(api, calls[1:])
    assert read_rule(api, desired.name) is None


def test_a_crash_between_rule_and_target_converges(api: AwsApi, unique: str) -> None:
    desired = desired_rule(f"orders-crash-{unique}")
    calls = rule_calls(desired, None)
    run(api, calls[:1])
    half = read_rule(api, desired.name)
    assert half is not None and half.targets == ()
    assert rule_changes(desired, half) == [f"+ target of rule {desired.name} → {MACHINE}:live"]
    # the hash goes last: a rule created without its target records only that it is being created
    assert half.recorded_hash == "pending"
    assert [c.operation for c in rule_calls(desired, half)] == ["PutTargets", "TagResource"]
    after = converge(api, desired)
    assert rule_calls(desired, after) == []
    assert after.recorded_hash == desired.config_hash


def test_a_crash_in_a_deletion_converges(api: AwsApi, unique: str) -> None:
    desired = desired_rule(f"orders-halfdel-{unique}")
    live = converge(api, desired)
    calls = rule_deletion_calls(live)
    run(api, calls[:1])
    half = read_rule(api, desired.name)
    assert half is not None and half.targets == ()
    assert [c.operation for c in rule_deletion_calls(half)] == ["DeleteRule"]
    run(api, rule_deletion_calls(half))
    assert read_rule(api, desired.name) is None
