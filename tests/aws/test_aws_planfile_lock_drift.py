"""Saved plans (round trip, stale, damaged, another target) and drift; the lock is in test_aws_lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_doubles import no_sleep
from plan_factory import definition, desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import PlanError
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.planfile import check_plan_target, load_plan, save_plan
from sfndeploy.plan.service import compute_plan, read_live, recompute_saved_plan


def test_saved_plan_round_trips_and_applies(api: AwsApi, unique: str, tmp_path: Path) -> None:
    state = desired(workflow("orders", environment(unique, prefix=f"{unique}-")))
    plan = compute_plan(api, state)
    path = tmp_path / "plan.json"
    save_plan(path, plan, state)

    saved = load_plan(path)
    assert saved.desired == state
    again = recompute_saved_plan(api, saved)
    assert again.workflows == plan.workflows
    AwsExecutor(api, sleep=no_sleep).execute(again)
    assert not compute_plan(api, state).has_changes


def test_a_plan_the_world_moved_past_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env))
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, state))
    changed = desired(workflow("orders", env, body=definition(attempts=9)))
    path = tmp_path / "plan.json"
    save_plan(path, compute_plan(api, changed), changed)
    arn = state.workflow("orders").arn
    api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": "hotfix", "value": "yes"}])

    with pytest.raises(PlanError, match=r"live state changed since the plan was made \(workflows: orders\)"):
        recompute_saved_plan(api, load_plan(path))


def test_a_damaged_plan_file_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    """Damage without a recomputed checksum; edits with one are in test_aws_saved_plan."""
    state = desired(workflow("orders", environment(unique, prefix=f"{unique}-")))
    path = tmp_path / "plan.json"
    save_plan(path, compute_plan(api, state), state)
    document = json.loads(path.read_text())
    document["desired"]["workflows"][0]["tracing"] = True
    path.write_text(json.dumps(document))

    with pytest.raises(PlanError, match="was altered after it was made"):
        load_plan(path)


def test_a_plan_for_another_environment_or_project_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    state = desired(workflow("orders", environment(unique, prefix=f"{unique}-")))
    path = tmp_path / "plan.json"
    save_plan(path, compute_plan(api, state), state)
    saved = load_plan(path)

    with pytest.raises(PlanError, match=f"made for environment '{unique}', not 'prod'"):
        check_plan_target(saved, "shop", "prod", path)
    with pytest.raises(PlanError, match="made for project 'shop', not 'other'"):
        check_plan_target(saved, "other", unique, path)


def test_drift_reports_changes_made_outside(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env))
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, state))
    assert not detect_drift(state, read_live(api, state)).has_drift
    wf = state.workflow("orders")
    edited = definition(attempts=1)
    api.call("stepfunctions", "UpdateStateMachine", stateMachineArn=wf.arn, definition=json.dumps(edited))
    api.call(
        "iam", "PutRolePolicy", RoleName=f"{unique}-orders-role", PolicyName="sfndeploy-workflow",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )

    report = detect_drift(state, read_live(api, state))

    assert report.has_drift
    by_resource = {item.resource: item for item in report.items}
    machine = by_resource[f"state machine {unique}-orders"]
    assert "~ Charge.Retry[0].MaxAttempts: 3 → 1" in machine.details
    role = by_resource[f"role {unique}-orders-role"]
    assert "+ IAM statement: Allow * on *" in role.details


def test_drift_reports_tags_edited_outside(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env, tags={"team": "a"}))
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, state))
    arn = state.workflow("orders").arn
    api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": "team", "value": "console"}])

    (item,) = detect_drift(state, read_live(api, state)).items

    assert item.resource == f"tags of state machine {unique}-orders"
    assert item.details == ('~ tag team: "a" → "console"',)
