"""Event triggers and notifications through plan, apply, drift and prune against moto's server.

moto serves EventBridge, SNS and IAM as used here; it does not deliver events, so what is checked is
what sfndeploy writes and reads back.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from plan_factory import desired, environment, workflow
from watchers import trigger_context

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import PlanError
from sfndeploy.eventbridge.notifications import render_notifications
from sfndeploy.model import RenderedWorkflow
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.kinds.base import DriftItem
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.recorded import RECORD_BEHIND, SOURCES_CHANGED, UNFINISHED
from sfndeploy.plan.service import compute_plan, read_live
from sfndeploy.plan.steps import Plan
from sfndeploy.triggers.render import render_triggers

ACCOUNT = "123456789012"
PLACED = {"event": {"pattern": {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}}, "input_path": "$.detail"}


def with_rules(
    wf: RenderedWorkflow, triggers: dict[str, Any] | None = None, notifications: dict[str, Any] | None = None
) -> RenderedWorkflow:
    context = trigger_context(wf)
    return replace(
        wf,
        triggers=render_triggers(triggers or {}, context),
        notifications=render_notifications(notifications or {}, context),
    )


@pytest.fixture
def unique(unique: str) -> str:
    """Names of their own: other modules' tests list state machines by the shared counter's prefixes."""
    return f"eb{unique}"


def apply(api: AwsApi, state: Any, options: PlanOptions | None = None) -> Plan:
    plan = compute_plan(api, state, options)
    AwsExecutor(api, sleep=lambda _: None).execute(plan)
    return plan


def rule(api: AwsApi, name: str) -> dict[str, Any]:
    return api.call("events", "DescribeRule", Name=name)


def target(api: AwsApi, name: str) -> dict[str, Any]:
    [only] = api.call("events", "ListTargetsByRule", Rule=name)["Targets"]
    return only


def tags_of(api: AwsApi, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in api.call("events", "ListTagsForResource", ResourceARN=arn)["Tags"]}


def failures(topic: str, **extra: Any) -> dict[str, Any]:
    return {"failures": {"statuses": ["FAILED", "TIMED_OUT"], "sns": topic, **extra}}


def test_create_then_nothing_to_do(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    topic = api.call("sns", "CreateTopic", Name=f"alerts-{unique}")["TopicArn"]
    state = desired(with_rules(workflow("orders", env), {"placed": PLACED}, failures(topic, grant=True)))
    machine = state.workflow("orders")

    plan = apply(api, state)

    [orders] = plan.workflows
    role = f"{unique}-orders-placed-invoke"
    assert orders.changes[-5:] == (
        f"+ role {role}",
        f"+ IAM statement: Allow states:StartExecution on {machine.arn}:live",
        f"+ rule {unique}-orders-placed (trigger placed: event pattern on bus default → {machine.arn}:live)",
        f"+ rule {unique}-orders-notify-failures (notification failures: event pattern on bus default → {topic})",
        f"+ permission for rule {unique}-orders-notify-failures to publish to topic alerts-{unique}",
    )
    assert not compute_plan(api, state).has_changes
    placed = target(api, f"{unique}-orders-placed")
    assert placed["Arn"] == f"{machine.arn}:live"
    assert placed["RoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/sfndeploy/{role}"
    assert placed["InputPath"] == "$.detail"
    pattern = json.loads(rule(api, f"{unique}-orders-notify-failures")["EventPattern"])
    assert pattern["detail"] == {"status": ["FAILED", "TIMED_OUT"], "stateMachineArn": [machine.arn]}
    trust = api.call("iam", "GetRole", RoleName=role)["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnEquals": {"aws:SourceArn": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{unique}-orders-placed"},
    }
    assert not detect_drift(state, read_live(api, state)).has_drift


def test_a_topic_the_team_owns_is_a_warning_in_the_plan(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    topic = api.call("sns", "CreateTopic", Name=f"team-{unique}")["TopicArn"]
    state = desired(with_rules(workflow("orders", env), notifications=failures(topic)))

    plan = apply(api, state)

    [warning] = [w for w in plan.workflows[0].warnings if "EventBridge" in w]
    assert warning.startswith(f"the policy of topic team-{unique} does not let EventBridge publish to it for rule")
    policy = api.call("sns", "GetTopicAttributes", TopicArn=topic)["Attributes"]["Policy"]
    assert f"sfndeploy-{unique}-orders-notify-failures" not in policy  # nothing written to the team's policy


def test_a_changed_field_is_one_line_and_converges(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_rules(workflow("orders", env), {"placed": PLACED})))
    changed = desired(with_rules(workflow("orders", env), {"placed": PLACED | {"enabled": False}}))

    plan = apply(api, changed)

    assert plan.changed[0].changes == (f"~ rule {unique}-orders-placed: enabled → disabled",)
    assert [c.operation for c in plan.changed[0].calls] == ["PutRule", "TagResource"]
    assert rule(api, f"{unique}-orders-placed")["State"] == "DISABLED"
    assert not compute_plan(api, changed).has_changes


def test_edits_outside_sfndeploy_are_drift_and_apply_puts_them_back(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_rules(workflow("orders", env), {"placed": PLACED}))
    apply(api, state)
    name = f"{unique}-orders-placed"
    api.call("events", "PutRule", Name=name, EventPattern=json.dumps({"source": ["anything"]}))
    api.call("events", "PutTargets", Rule=name, Targets=[{"Id": "spy", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:spy"}])

    report = detect_drift(state, read_live(api, state))

    [item] = [i for i in report.items if i.resource == f"rule {name}"]
    assert item.summary == "changed outside sfndeploy"
    assert f"- target spy of rule {name} (added outside sfndeploy)" in item.details
    assert any(line.startswith(f"~ rule {name} event pattern: ") for line in item.details)
    apply(api, state)
    assert not detect_drift(state, read_live(api, state)).has_drift
    assert [t["Id"] for t in api.call("events", "ListTargetsByRule", Rule=name)["Targets"]] == ["sfndeploy"]


def test_sources_changed_since_the_last_apply_are_a_note_not_drift(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_rules(workflow("orders", env), {"placed": PLACED})))
    changed = desired(with_rules(workflow("orders", env), {"placed": PLACED | {"enabled": False}}))
    name = f"{unique}-orders-placed"

    report = detect_drift(changed, read_live(api, changed))

    assert not report.has_drift
    assert report.notes == (
        DriftItem("orders", f"rule {name}", SOURCES_CHANGED, (f"~ rule {name}: enabled → disabled",), note=True),
    )
    apply(api, changed)
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


def test_a_rule_without_a_recorded_hash_is_compared_with_the_sources(api: AwsApi, unique: str) -> None:
    """As an older sfndeploy left it: in sync it stays untouched; an edit is drift against the sources,
    and the apply that puts it back records the hash."""
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_rules(workflow("orders", env), {"placed": PLACED}))
    apply(api, state)
    name = f"{unique}-orders-placed"
    arn = rule(api, name)["Arn"]
    api.call("events", "UntagResource", ResourceARN=arn, TagKeys=["sfndeploy:config-hash"])

    assert not compute_plan(api, state).has_changes
    assert not detect_drift(state, read_live(api, state)).has_drift
    api.call("events", "DisableRule", Name=name)
    [item] = detect_drift(state, read_live(api, state)).items
    assert (item.resource, item.summary, item.details) == (
        f"rule {name}",
        "differs from the sources",
        (f"~ rule {name}: disabled → enabled",),
    )
    plan = apply(api, state)
    assert [c.operation for c in plan.changed[0].calls] == ["PutRule", "TagResource"]
    assert (
        tags_of(api, arn)["sfndeploy:config-hash"] == state.workflow("orders").resources["rule"][0].rules[0].config_hash
    )
    assert not compute_plan(api, state).has_changes


def test_a_crash_between_the_write_and_its_record_is_a_note_once_and_converges(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_rules(workflow("orders", env), {"placed": PLACED})))
    changed = desired(with_rules(workflow("orders", env), {"placed": PLACED | {"enabled": False}}))
    name = f"{unique}-orders-placed"
    plan = compute_plan(api, changed)
    assert [c.operation for c in plan.changed[0].calls] == ["PutRule", "TagResource"]
    count = iter(range(10))

    def crash_after_the_first_write() -> None:
        if next(count) >= 1:
            raise Crash("the process died")

    with pytest.raises(PlanError):
        AwsExecutor(api, sleep=lambda _: None).execute(plan, guard=crash_after_the_first_write)
    assert rule(api, name)["State"] == "DISABLED"  # written, not recorded

    report = detect_drift(changed, read_live(api, changed))
    assert not report.has_drift
    assert [(n.resource, n.summary) for n in report.notes] == [(f"rule {name}", RECORD_BEHIND)]
    resumed = apply(api, changed)
    assert resumed.changed[0].changes == (
        f"~ rule {name}: record what sfndeploy wrote (its recorded hash is out of date)",
    )
    assert [c.operation for c in resumed.changed[0].calls] == ["TagResource"]
    assert not compute_plan(api, changed).has_changes
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


def test_a_crash_in_an_update_of_several_writes_is_a_note_and_converges(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_rules(workflow("orders", env), {"placed": PLACED})))
    changed = desired(
        with_rules(workflow("orders", env), {"placed": PLACED | {"enabled": False, "input_path": "$.detail.order"}})
    )
    name = f"{unique}-orders-placed"
    plan = compute_plan(api, changed)
    calls = plan.changed[0].calls
    assert [c.operation for c in calls] == ["TagResource", "PutRule", "PutTargets", "TagResource"]
    assert calls[0].params["Tags"] == [{"Key": "sfndeploy:config-hash", "Value": "pending"}]
    count = iter(range(10))

    def crash_after_two_writes() -> None:
        if next(count) >= 2:
            raise Crash("the process died")

    with pytest.raises(PlanError):
        AwsExecutor(api, sleep=lambda _: None).execute(plan, guard=crash_after_two_writes)
    assert rule(api, name)["State"] == "DISABLED" and target(api, name)["InputPath"] == "$.detail"  # half written

    report = detect_drift(changed, read_live(api, changed))
    assert not report.has_drift
    assert [(n.resource, n.summary) for n in report.notes] == [(f"rule {name}", UNFINISHED)]
    apply(api, changed)
    assert not compute_plan(api, changed).has_changes
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


def test_a_rule_deleted_outside_sfndeploy_is_drift(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_rules(workflow("orders", env), {"placed": PLACED}))
    apply(api, state)
    name = f"{unique}-orders-placed"
    api.call("events", "RemoveTargets", Rule=name, Ids=["sfndeploy"])
    api.call("events", "DeleteRule", Name=name)
    found = {(i.resource, i.summary) for i in detect_drift(state, read_live(api, state)).items}
    assert (f"rule {name}", "deleted outside sfndeploy (or never applied)") in found


def test_a_notification_that_left_the_sources_is_kept_then_pruned(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    bus = f"audit-{unique}"
    apply(
        api,
        desired(with_rules(workflow("orders", env), notifications={"audit": {"statuses": ["SUCCEEDED"], "bus": bus}})),
    )
    without = desired(workflow("orders", env))

    assert not compute_plan(api, without, PlanOptions(prune=False)).has_changes
    pruned = apply(api, without, PlanOptions(prune=True))

    lines = [line for w in pruned.changed for line in w.changes]
    assert f"- rule {unique}-orders-notify-audit (no trigger or notification names it)" in lines
    assert f"- invoke role {unique}-orders-notify-audit-invoke of notification audit, which left the sources" in lines
    assert not compute_plan(api, without, PlanOptions(prune=True)).has_changes


class Crash(PlanError):
    pass


@pytest.mark.parametrize("writes", [1, 2, 3, 4, 5])
def test_a_crash_after_any_rule_call_converges_on_the_next_apply(api: AwsApi, unique: str, writes: int) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(workflow("orders", env)))
    state = desired(with_rules(workflow("orders", env), {"placed": PLACED}))
    plan = compute_plan(api, state)
    operations = [c.operation for c in plan.changed[0].calls]
    assert operations == ["CreateRole", "PutRolePolicy", "TagRole", "PutRule", "PutTargets", "TagResource"]
    count = iter(range(10))

    def crash_after_some_writes() -> None:
        if next(count) >= writes:
            raise Crash("the process died")

    with pytest.raises(PlanError):
        AwsExecutor(api, sleep=lambda _: None).execute(plan, guard=crash_after_some_writes)
    if writes >= 4:  # the rule exists: an unfinished creation is a note, never an edit outside sfndeploy
        report = detect_drift(state, read_live(api, state))
        assert not report.has_drift
        assert [(n.resource, n.summary) for n in report.notes] == [(f"rule {unique}-orders-placed", UNFINISHED)]
    resumed = compute_plan(api, state)
    assert resumed.has_changes
    AwsExecutor(api, sleep=lambda _: None).execute(resumed)
    assert not compute_plan(api, state).has_changes
    assert not detect_drift(state, read_live(api, state)).notes


def test_a_rule_of_the_same_name_owned_by_no_one_stops_the_plan(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    api.call("events", "PutRule", Name=f"{unique}-orders-placed", ScheduleExpression="rate(1 day)")
    with pytest.raises(NotOwned) as caught:
        compute_plan(api, desired(with_rules(workflow("orders", env), {"placed": PLACED})))
    assert caught.value.message.startswith(f"EventBridge rule '{unique}-orders-placed' is not managed by sfndeploy")


def test_apply_checks_a_rule_s_tags_again_before_writing(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_rules(workflow("orders", env), {"placed": PLACED})))
    changed = desired(with_rules(workflow("orders", env), {"placed": PLACED | {"enabled": False}}))
    plan = compute_plan(api, changed)
    arn = rule(api, f"{unique}-orders-placed")["Arn"]
    api.call("events", "UntagResource", ResourceARN=arn, TagKeys=["sfndeploy:workflow"])
    with pytest.raises(PlanError) as caught:
        AwsExecutor(api, sleep=lambda _: None).execute(plan)
    assert f"EventBridge rule '{unique}-orders-placed' is not managed by sfndeploy" in caught.value.message
    assert "before any write" in caught.value.message
    assert rule(api, f"{unique}-orders-placed")["State"] == "ENABLED"
