"""Planner unit tests: desired state + an in-memory live state -> the whole plan, compared with ==."""

from __future__ import annotations

import json

import pytest
from plan_factory import LAMBDA_STATEMENT, definition, desired, environment, live_from, workflow

from sfndeploy.errors import PlanError
from sfndeploy.plan.desired import TAG_PROJECT, DesiredState, DesiredWorkflow
from sfndeploy.plan.live import LiveAlias, LiveState, LiveStateMachine
from sfndeploy.plan.planner import PlanOptions, make_plan
from sfndeploy.plan.steps import ApiCall, Ref


def only(state: DesiredState) -> DesiredWorkflow:
    (wf,) = state.workflows
    return wf


def test_nothing_live_creates_role_policy_machine_and_alias_in_order() -> None:
    state = desired(workflow("orders"))
    wf = only(state)
    assert wf.role is not None

    plan = make_plan(state, LiveState())

    (orders,) = plan.workflows
    assert orders.action == "create"
    assert [c.operation for c in orders.calls] == [
        "CreateRole", "PutRolePolicy", "TagRole", "CreateStateMachine", "CreateStateMachineAlias",
    ]
    alias = orders.calls[-1]
    assert alias == ApiCall(
        "stepfunctions",
        "CreateStateMachineAlias",
        {
            "name": "live",
            "description": wf.alias_description,
            "routingConfiguration": [{"stateMachineVersionArn": Ref("orders.version_arn"), "weight": 100}],
        },
        f"{wf.arn}:live",
        summary="create alias live",
    )
    assert orders.calls[3].produces == (("orders.version_arn", "stateMachineVersionArn"),)
    assert plan.counts.sentence() == "Plan: 1 to create, 0 to update, 0 to delete."


def test_unchanged_live_state_gives_an_empty_plan() -> None:
    state = desired(workflow("orders"), workflow("refunds", alias=None))
    plan = make_plan(state, live_from(state))
    assert not plan.has_changes
    assert plan.api_calls == 7


def test_key_order_and_whitespace_never_make_a_change() -> None:
    state = desired(workflow("orders"))
    live = live_from(state)
    machine = live.state_machines["orders"]
    reordered = json.loads(json.dumps(machine.definition, sort_keys=True, indent=4))
    live.state_machines["orders"] = LiveStateMachine(**{**machine.__dict__, "definition": reordered})
    assert not make_plan(state, live).has_changes


def test_definition_change_names_each_field_and_transition_and_repoints_the_alias() -> None:
    before = desired(workflow("orders"))
    after = desired(workflow("orders", body=definition(attempts=5, next_after_validate="CheckStock")))

    (orders,) = make_plan(after, live_from(before)).workflows

    assert orders.action == "update"
    assert orders.changes == (
        "~ Charge.Retry[0].MaxAttempts: 3 → 5",
        "~ transition ValidateOrder → Charge is now ValidateOrder → CheckStock",
        "~ alias live → new version (100%)",
    )
    assert [c.operation for c in orders.calls] == ["UpdateStateMachine", "TagResource", "UpdateStateMachineAlias"]
    assert orders.calls[-1].params["routingConfiguration"][0]["stateMachineVersionArn"] == Ref("orders.version_arn")


def test_states_added_and_removed_are_named() -> None:
    before = desired(workflow("orders"))
    body = definition()
    del body["States"]["CheckStock"]
    body["States"]["Audit"] = {"Type": "Succeed"}
    (orders,) = make_plan(desired(workflow("orders", body=body)), live_from(before)).workflows
    assert "+ state Audit (Succeed)" in orders.changes
    assert "- state CheckStock (Pass)" in orders.changes


def test_tags_only_change_tags_and_nothing_else() -> None:
    before = desired(workflow("orders", tags={"team": "a", "old": "x"}))
    after = desired(workflow("orders", tags={"team": "b", "api_token": "hunter2"}))

    (orders,) = make_plan(after, live_from(before)).workflows

    assert orders.changes == ("+ tag api_token = ****", "- tag old", '~ tag team: "a" → "b"')
    assert [c.operation for c in orders.calls] == ["UntagResource", "TagResource"]
    assert orders.calls[1].params["tags"] == [
        {"key": "api_token", "value": "hunter2"},
        {"key": "sfndeploy:tags-hash", "value": only(after).tags["sfndeploy:tags-hash"]},
        {"key": "team", "value": "b"},
    ]


def test_role_policy_only_change_puts_the_policy_and_records_its_hash_last() -> None:
    before = desired(workflow("orders"))
    extra = {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}
    after = desired(workflow("orders", statements=(LAMBDA_STATEMENT, extra)))

    (orders,) = make_plan(after, live_from(before)).workflows

    assert orders.changes == (
        "+ IAM statement: Allow sqs:SendMessage on arn:aws:sqs:us-east-1:123456789012:q",
    )
    assert [c.operation for c in orders.calls] == ["PutRolePolicy", "TagRole"]
    assert list(orders.calls[1].params["Tags"][0]) == ["Key", "Value"]
    assert orders.calls[1].params["Tags"][0]["Key"] == "sfndeploy:policy-hash"


def test_type_change_is_a_replacement_blocked_without_the_flag() -> None:
    before = desired(workflow("orders"))
    after = desired(workflow("orders", wf_type="EXPRESS"))
    live = live_from(before, running=2)

    (blocked,) = make_plan(after, live).workflows
    (allowed,) = make_plan(after, live, PlanOptions(allow_replace=True)).workflows

    assert blocked.action == allowed.action == "replace"
    assert blocked.blocked and "--allow-replace" in blocked.blocked
    assert allowed.blocked is None
    assert "running executions (2 found)" in allowed.warnings[0]
    assert [c.operation for c in allowed.calls][:2] == ["DeleteStateMachine", "CreateStateMachine"]
    assert make_plan(after, live).counts.sentence() == "Plan: 1 to create, 0 to update, 1 to delete."


def test_workflows_that_left_the_sources_are_deleted_only_with_prune() -> None:
    both = desired(workflow("orders"), workflow("refunds"))
    live = live_from(both)
    remaining = desired(workflow("orders"))

    kept = make_plan(remaining, live)
    pruned = make_plan(remaining, live, PlanOptions(prune=True))

    assert not kept.has_changes and kept.kept_orphans == ("refunds",)
    (deletion,) = pruned.changed
    assert deletion.action == "delete"
    assert [c.operation for c in deletion.calls] == [
        "DeleteRolePolicy", "DeleteRole", "DeleteStateMachineAlias", "DeleteStateMachine",
    ]


def test_an_unmanaged_state_machine_of_the_same_name_is_an_error() -> None:
    state = desired(workflow("orders"))
    live = live_from(state)
    machine = live.state_machines["orders"]
    live.state_machines["orders"] = LiveStateMachine(**{**machine.__dict__, "tags": {"team": "x"}})
    with pytest.raises(PlanError, match="state machine 'orders' is not managed by sfndeploy"):
        make_plan(state, live)


def test_a_state_machine_of_another_environment_is_an_error() -> None:
    state = desired(workflow("orders"))
    other = desired(workflow("orders", environment("prod")))
    live = live_from(other)
    with pytest.raises(PlanError, match="belongs to project 'shop', environment 'prod'"):
        make_plan(state, live)
    assert TAG_PROJECT in live.state_machines["orders"].tags


def test_alias_moved_outside_is_published_and_pointed_back() -> None:
    state = desired(workflow("orders"))
    wf = only(state)
    live = live_from(state)
    machine = live.state_machines["orders"]
    moved = LiveAlias("live", f"{wf.arn}:live", ((f"{wf.arn}:1", 90), (f"{wf.arn}:2", 10)), "other")
    live.state_machines["orders"] = LiveStateMachine(**{**machine.__dict__, "aliases": (moved,)})

    (orders,) = make_plan(state, live).workflows

    assert orders.changes == ("~ alias live routing: 1=90%, 2=10% → current version (100%)",)
    assert [c.operation for c in orders.calls] == ["PublishStateMachineVersion", "UpdateStateMachineAlias"]
    fallback = orders.calls[0].fallback
    assert fallback is not None and fallback.operation == "UpdateStateMachine"
    assert fallback.params["publish"] is True


def test_logging_and_tracing_changes_are_shown() -> None:
    from sfndeploy.model import LoggingConfig

    before = desired(workflow("orders"))
    after = desired(workflow("orders", logging=LoggingConfig(level="ERROR", log_group="/x"), tracing=True))
    (orders,) = make_plan(after, live_from(before)).workflows
    assert '~ level: "OFF" → "ERROR" (logging)' in orders.changes
    assert "~ tracing: off → on" in orders.changes


def test_existing_role_arn_is_not_managed() -> None:
    arn = "arn:aws:iam::123456789012:role/shared"
    state = desired(workflow("orders", role_arn=arn))
    (orders,) = make_plan(state, LiveState()).workflows
    assert [c.operation for c in orders.calls] == ["CreateStateMachine", "CreateStateMachineAlias"]
    assert orders.calls[0].params["roleArn"] == arn


def test_a_partial_selection_never_prunes_the_workflows_it_left_out() -> None:
    from dataclasses import replace

    both = desired(workflow("orders"), workflow("refunds"))
    selected = replace(desired(workflow("orders")), partial=True)

    plan = make_plan(selected, live_from(both), PlanOptions(prune=True))

    assert not plan.has_changes
    assert plan.kept_orphans == ()


def test_a_missing_log_group_is_created_before_the_state_machine() -> None:
    from dataclasses import replace

    from sfndeploy.model import LoggingConfig

    state = desired(workflow("orders", logging=LoggingConfig(level="ALL", log_group="/orders/logs")))
    live = live_from(state)

    (missing,) = make_plan(state, live).workflows
    (present,) = make_plan(state, replace(live, log_groups=frozenset({"/orders/logs"}))).workflows

    assert missing.changes == ("+ log group /orders/logs",)
    assert [(c.operation, c.done_codes) for c in missing.calls] == [
        ("CreateLogGroup", ("ResourceAlreadyExistsException",))
    ]
    assert present.action == "noop"
    by_arn = desired(workflow("orders", logging=LoggingConfig(level="ALL", log_group="arn:aws:logs:x")))
    assert by_arn.workflow("orders").log_group_name is None
