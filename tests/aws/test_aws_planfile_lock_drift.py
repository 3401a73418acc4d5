"""Saved plans (stale, tampered, another target), the deployment lock, drift."""

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
from sfndeploy.plan.lock import DeploymentLock
from sfndeploy.plan.planfile import check_plan_target, load_plan, save_plan
from sfndeploy.plan.service import check_not_stale, compute_plan, environment_lock, execute_locked, read_live
from sfndeploy.plan.steps import ApiCall, WorkflowPlan


def test_saved_plan_round_trips_and_applies(api: AwsApi, unique: str, tmp_path: Path) -> None:
    state = desired(workflow("orders", environment(unique, prefix=f"{unique}-")))
    plan = compute_plan(api, state)
    path = tmp_path / "plan.json"
    save_plan(path, plan, state)

    saved = load_plan(path)
    assert saved.plan == plan
    assert saved.desired == state
    check_not_stale(api, saved)
    AwsExecutor(api, sleep=no_sleep).execute(saved.plan)
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
        check_not_stale(api, load_plan(path))


def test_a_tampered_plan_file_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    state = desired(workflow("orders", environment(unique, prefix=f"{unique}-")))
    path = tmp_path / "plan.json"
    save_plan(path, compute_plan(api, state), state)
    document = json.loads(path.read_text())
    document["plan"]["workflows"][0]["calls"][0]["params"]["RoleName"] = "admin"
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


def _lock_table(api: AwsApi, name: str) -> None:
    api.call(
        "dynamodb",
        "CreateTable",
        TableName=name,
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


class _SecondApplyDuringFirst:
    """Progress hook of the first apply: at its first step, a second apply of the same environment starts."""

    def __init__(self, api: AwsApi, state: object) -> None:
        self.api = api
        self.state = state
        self.error: PlanError | None = None

    def step(self, workflow: WorkflowPlan, call: ApiCall, index: int, total: int) -> None:
        if self.error is None and index == 1:
            other = AwsExecutor(self.api, sleep=no_sleep)
            try:
                execute_locked(self.api, self.state, compute_plan(self.api, self.state), other)  # type: ignore[arg-type]
            except PlanError as error:
                self.error = error

    def retry(self, workflow: WorkflowPlan, call: ApiCall, reason: str, delay: float) -> None:
        return None


def test_two_concurrent_applies_never_interleave(api: AwsApi, unique: str) -> None:
    _lock_table(api, f"{unique}-locks")
    env = environment(unique, prefix=f"{unique}-", lock={"table": f"{unique}-locks", "ttl_minutes": 10})
    state = desired(workflow("orders", env))
    second = _SecondApplyDuringFirst(api, state)

    execute_locked(api, state, compute_plan(api, state), AwsExecutor(api, sleep=no_sleep, progress=second))

    assert second.error is not None
    assert f"environment lock 'sfndeploy/shop/{unique}'" in second.error.message
    assert "sfndeploy unlock" in str(second.error)
    assert not compute_plan(api, state).has_changes
    lock = environment_lock(api, state)
    assert lock is not None and lock.current() is None  # released after the apply


def test_a_stale_lock_expires_and_unlock_removes_a_live_one(api: AwsApi, unique: str) -> None:
    table = f"{unique}-locks"
    _lock_table(api, table)
    now = [1000.0]
    first = DeploymentLock(api, table, "x", ttl_seconds=60, owner="ci-1", clock=lambda: now[0])
    second = DeploymentLock(api, table, "x", ttl_seconds=60, owner="ci-2", clock=lambda: now[0])
    first.acquire()
    with pytest.raises(PlanError, match="held by ci-1"):
        second.acquire()
    now[0] += 61
    assert second.acquire().owner == "ci-2"
    removed = first.force_release()
    assert removed is not None and removed.owner == "ci-2"
    assert first.current() is None


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


def test_a_missing_lock_table_is_a_configuration_error(api: AwsApi, unique: str) -> None:
    from sfndeploy.errors import ConfigError

    with pytest.raises(ConfigError, match=f"the lock table {unique}-none does not exist") as caught:
        DeploymentLock(api, f"{unique}-none", "x").acquire()
    assert "partition key named LockID" in str(caught.value)
