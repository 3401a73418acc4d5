"""Triggers through plan, apply, drift and prune against moto's server: invoke roles, the schedule group, schedules.

moto serves EventBridge Scheduler and IAM as used here; it does not run schedules (nothing starts an
execution), so what is checked is what sfndeploy writes and reads back.
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
from sfndeploy.model import RenderedWorkflow
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.recorded import RECORD_BEHIND, SOURCES_CHANGED
from sfndeploy.plan.service import compute_plan, read_live
from sfndeploy.plan.steps import Plan
from sfndeploy.triggers.render import render_triggers

NIGHTLY = {"schedule": "cron(0 2 * * ? *)", "timezone": "Europe/Berlin", "input": {"run": "nightly"}}


def with_triggers(wf: RenderedWorkflow, triggers: dict[str, Any], project: str = "shop") -> RenderedWorkflow:
    context = trigger_context(wf, project)
    return replace(wf, triggers=render_triggers(triggers, context))


def apply(api: AwsApi, state: Any, options: PlanOptions | None = None) -> Plan:
    plan = compute_plan(api, state, options)
    AwsExecutor(api, sleep=lambda _: None).execute(plan)
    return plan


def schedule_of(api: AwsApi, group: str, name: str) -> dict[str, Any]:
    return api.call("scheduler", "GetSchedule", Name=name, GroupName=group)


def test_create_then_nothing_to_do(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY}))

    plan = apply(api, state)

    [orders] = plan.workflows
    role = f"{unique}-orders-nightly-invoke"
    assert orders.changes[-4:] == (
        f"+ role {role}",
        f"+ IAM statement: Allow states:StartExecution on {state.workflow('orders').arn}:live",
        f"+ schedule group shop-{unique}",
        "+ schedule nightly (cron(0 2 * * ? *) Europe/Berlin) → alias live",
    )
    assert not compute_plan(api, state).has_changes
    live = schedule_of(api, f"shop-{unique}", "orders-nightly")
    assert live["Target"]["Arn"] == f"{state.workflow('orders').arn}:live"
    assert live["Target"]["RoleArn"].endswith(f":role/sfndeploy/{role}")
    assert json.loads(live["Target"]["Input"]) == {"run": "nightly"}
    policy = api.call("iam", "GetRolePolicy", RoleName=role, PolicyName="sfndeploy-workflow")["PolicyDocument"]
    assert policy["Statement"][0]["Resource"] == f"{state.workflow('orders').arn}:live"
    trust = api.call("iam", "GetRole", RoleName=role)["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Condition"]["ArnEquals"] == {
        "aws:SourceArn": f"arn:aws:scheduler:us-east-1:123456789012:schedule-group/shop-{unique}"
    }
    group_tags = api.call(
        "scheduler",
        "ListTagsForResource",
        ResourceArn=f"arn:aws:scheduler:us-east-1:123456789012:schedule-group/shop-{unique}",
    )["Tags"]
    assert {t["Key"]: t["Value"] for t in group_tags} == {
        "sfndeploy:project": "shop",
        "sfndeploy:environment": unique,
        "sfndeploy:workflow": "*",
    }


def test_a_changed_field_is_one_line_and_converges(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY})))
    changed = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY | {"timezone": "UTC"}}))

    plan = apply(api, changed)

    assert plan.changed[0].changes == ("~ schedule nightly timezone: Europe/Berlin → UTC",)
    assert [c.operation for c in plan.changed[0].calls] == ["UpdateSchedule"]
    assert not compute_plan(api, changed).has_changes


def test_edits_outside_sfndeploy_are_drift_and_apply_puts_them_back(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY}))
    apply(api, state)
    group, role = f"shop-{unique}", f"{unique}-orders-nightly-invoke"
    params = schedule_of(api, group, "orders-nightly")
    api.call(
        "scheduler",
        "UpdateSchedule",
        Name="orders-nightly",
        GroupName=group,
        ScheduleExpression="rate(1 minute)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target=params["Target"],
        State="ENABLED",
    )
    api.call(
        "iam",
        "PutRolePolicy",
        RoleName=role,
        PolicyName="extra",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "states:*", "Resource": "*"}]}
        ),
    )

    report = detect_drift(state, read_live(api, state))

    found = {(item.resource, item.summary) for item in report.items}
    # an UpdateSchedule without a Description drops the record of what sfndeploy wrote with it:
    # the schedule is compared with the sources, as one an older sfndeploy wrote
    assert ("schedule nightly", "differs from the sources") in found
    assert (f"role {role}", "inline policy extra added outside sfndeploy") in found
    [schedule] = [item for item in report.items if item.resource == "schedule nightly"]
    assert "~ schedule nightly expression: rate(1 minute) → cron(0 2 * * ? *)" in schedule.details
    apply(api, state)
    assert not detect_drift(state, read_live(api, state)).has_drift
    assert not compute_plan(api, state).has_changes


def test_an_edit_that_keeps_the_description_is_changed_outside_sfndeploy(api: AwsApi, unique: str) -> None:
    """As the console edits a schedule: every field sent again, the description (and the record) as it was."""
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY}))
    apply(api, state)
    group = f"shop-{unique}"
    live = schedule_of(api, group, "orders-nightly")
    edited = {k: live[k] for k in ("Name", "GroupName", "FlexibleTimeWindow", "Target", "State", "Description")}
    api.call("scheduler", "UpdateSchedule", **edited, ScheduleExpression="rate(1 hour)")

    report = detect_drift(state, read_live(api, state))

    [item] = [i for i in report.items if i.resource == "schedule nightly"]
    assert (item.summary, item.details) == (
        "changed outside sfndeploy",
        (
            "~ schedule nightly expression: rate(1 hour) → cron(0 2 * * ? *)",
            "~ schedule nightly timezone: UTC → Europe/Berlin",
        ),
    )
    apply(api, state)
    after = detect_drift(state, read_live(api, state))
    assert (after.items, after.notes) == ((), ())
    assert schedule_of(api, group, "orders-nightly")["Description"] == live["Description"]


def test_sources_changed_since_the_last_apply_are_a_note_not_drift(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY})))
    changed = desired(
        with_triggers(workflow("orders", env), {"nightly": NIGHTLY | {"description": "nightly run"}}),
    )

    report = detect_drift(changed, read_live(api, changed))

    assert not report.has_drift
    assert [(n.resource, n.summary, n.details) for n in report.notes] == [
        ("schedule nightly", SOURCES_CHANGED, ('~ schedule nightly description: "" → "nightly run"',))
    ]
    plan = apply(api, changed)
    assert [c.operation for c in plan.changed[0].calls] == ["UpdateSchedule"]  # the record goes with the write
    live = schedule_of(api, f"shop-{unique}", "orders-nightly")
    assert live["Description"] == f"nightly run [sfndeploy {changed.triggers[0].schedules[0].config_hash}]"
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


def test_a_schedule_without_a_record_is_compared_with_the_sources(api: AwsApi, unique: str) -> None:
    """As an older sfndeploy left it: untouched while it matches the sources; its next write records."""
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY}))
    apply(api, state)
    group = f"shop-{unique}"
    live = schedule_of(api, group, "orders-nightly")
    fields = ("Name", "GroupName", "ScheduleExpression", "ScheduleExpressionTimezone", "FlexibleTimeWindow", "Target")
    api.call("scheduler", "UpdateSchedule", **{k: live[k] for k in fields}, State="ENABLED", Description="")

    assert not compute_plan(api, state).has_changes
    report = detect_drift(state, read_live(api, state))
    assert (report.items, report.notes) == ((), ())
    changed = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY | {"enabled": False}}))
    [item] = detect_drift(changed, read_live(api, changed)).items  # no record: no telling who changed what
    assert (item.summary, item.details) == (
        "differs from the sources",
        ("~ schedule nightly state: enabled → disabled",),
    )
    apply(api, changed)
    assert schedule_of(api, group, "orders-nightly")["Description"].startswith("[sfndeploy ")
    assert not compute_plan(api, changed).has_changes


def test_an_invoke_role_whose_sources_changed_is_a_note_and_a_crash_before_its_record_too(
    api: AwsApi, unique: str
) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY})))
    changed = desired(with_triggers(workflow("orders", env, alias="current"), {"nightly": NIGHTLY}))
    role, machine = f"{unique}-orders-nightly-invoke", changed.workflow("orders").arn

    report = detect_drift(changed, read_live(api, changed))

    assert not [item for item in report.items if item.resource == f"role {role}"]
    assert [(n.resource, n.summary, n.details) for n in report.notes if n.resource == f"role {role}"] == [
        (
            f"role {role}",
            SOURCES_CHANGED,
            (
                f"+ IAM statement: Allow states:StartExecution on {machine}:current",
                f"- IAM statement: Allow states:StartExecution on {machine}:live",
            ),
        )
    ]
    plan = compute_plan(api, changed)
    calls = plan.changed[0].calls
    written = next(i for i, c in enumerate(calls) if c.operation == "PutRolePolicy" and c.target == role)
    assert (calls[written + 1].operation, calls[written + 1].target) == ("TagRole", role)  # the policy hash
    crashed = replace(plan, workflows=(replace(plan.changed[0], calls=calls[: written + 1]),))
    AwsExecutor(api, sleep=lambda _: None).execute(crashed)  # the new policy, then "a crash" before its record

    report = detect_drift(changed, read_live(api, changed))
    assert not [item for item in report.items if item.resource == f"role {role}"]
    assert [(n.resource, n.summary) for n in report.notes if n.resource == f"role {role}"] == [
        (f"role {role}", RECORD_BEHIND)
    ]
    apply(api, changed)
    assert not compute_plan(api, changed).has_changes
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


def test_a_trigger_that_left_the_sources_is_kept_then_pruned(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY})))
    without = desired(workflow("orders", env))

    kept = compute_plan(api, without, PlanOptions(prune=False))
    assert not kept.has_changes
    pruned = apply(api, without, PlanOptions(prune=True))

    lines = [line for w in pruned.changed for line in w.changes]
    assert f"- invoke role {unique}-orders-nightly-invoke of trigger nightly, which left the sources" in lines
    assert "- schedule orders-nightly (no trigger names it)" in lines
    assert f"- schedule group shop-{unique}" in lines
    assert not compute_plan(api, without, PlanOptions(prune=True)).has_changes
    listed = api.call("scheduler", "ListScheduleGroups", NamePrefix=f"shop-{unique}")["ScheduleGroups"]
    assert listed == []


class Crash(PlanError):
    pass


@pytest.mark.parametrize("writes", [1, 2, 3, 4])
def test_a_crash_after_any_trigger_call_converges_on_the_next_apply(api: AwsApi, unique: str, writes: int) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(workflow("orders", env)))
    state = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY}))
    plan = compute_plan(api, state)
    operations = [c.operation for c in plan.changed[0].calls]
    assert operations == ["CreateRole", "PutRolePolicy", "TagRole", "CreateScheduleGroup", "CreateSchedule"]
    count = iter(range(10))

    def crash_after_some_writes() -> None:
        if next(count) >= writes:
            raise Crash("the process died")

    with pytest.raises(PlanError):
        AwsExecutor(api, sleep=lambda _: None).execute(plan, guard=crash_after_some_writes)
    resumed = compute_plan(api, state)
    assert resumed.has_changes
    AwsExecutor(api, sleep=lambda _: None).execute(resumed)
    assert not compute_plan(api, state).has_changes


def test_the_schedule_keeps_targeting_the_alias_while_a_canary_routes_it(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY}))
    apply(api, state)
    machine = state.workflow("orders")
    alias = api.call("stepfunctions", "DescribeStateMachineAlias", stateMachineAliasArn=f"{machine.arn}:live")
    first = alias["routingConfiguration"][0]["stateMachineVersionArn"]
    second = api.call(  # moto has no PublishStateMachineVersion; an update that publishes gives the version
        "stepfunctions",
        "UpdateStateMachine",
        stateMachineArn=machine.arn,
        publish=True,
        definition=json.dumps(machine.definition | {"Comment": "canary"}),
    )
    api.call(
        "stepfunctions",
        "UpdateStateMachineAlias",
        stateMachineAliasArn=f"{machine.arn}:live",
        routingConfiguration=[
            {"stateMachineVersionArn": first, "weight": 90},
            {"stateMachineVersionArn": second["stateMachineVersionArn"], "weight": 10},
        ],
    )

    plan = compute_plan(api, state)

    assert not [line for w in plan.workflows for line in w.changes if "schedule" in line]
    assert schedule_of(api, f"shop-{unique}", "orders-nightly")["Target"]["Arn"] == f"{machine.arn}:live"


def test_a_group_of_the_same_name_owned_by_no_one_stops_the_plan(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    api.call("scheduler", "CreateScheduleGroup", Name=f"shop-{unique}")
    with pytest.raises(NotOwned) as caught:
        compute_plan(api, desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY})))
    assert caught.value.message.startswith(f"schedule group 'shop-{unique}' is not managed by sfndeploy")
