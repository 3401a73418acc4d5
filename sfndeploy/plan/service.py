"""The pipeline behind ``plan``, ``apply`` and ``drift``:
render -> validate -> desired model -> live state -> plan -> execute.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings
from sfndeploy.errors import DefinitionInvalid
from sfndeploy.model import Environment
from sfndeploy.plan.desired import DesiredState, desired_state
from sfndeploy.plan.drift import DriftReport, detect_drift
from sfndeploy.plan.executor import ApplyResult, AwsExecutor
from sfndeploy.plan.live import LiveReader, LiveState
from sfndeploy.plan.lock import DeploymentLock
from sfndeploy.plan.planfile import SavedPlan, check_matches_review, check_plan_target, load_plan, plan_key
from sfndeploy.plan.planner import make_plan
from sfndeploy.plan.remote_validation import check_with_aws
from sfndeploy.plan.saved_checks import check_saved_plan
from sfndeploy.plan.steps import Plan, PlanOptions
from sfndeploy.secrets.concealing import conceal_live


@dataclass(frozen=True)
class Target:
    """What a command works on: one environment of one project, and how to reach its account."""

    desired: DesiredState
    environment: Environment
    settings: AwsSettings


def source_revision(project_dir: Path) -> str:
    """The commit the sources come from: CI variables first, then git, else ``unknown``."""
    for variable in ("SFNDEPLOY_SOURCE_REVISION", "GITHUB_SHA", "CI_COMMIT_SHA"):
        if os.environ.get(variable):
            return os.environ[variable][:40]
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return found.stdout.strip() or "unknown"


def load_target(
    project_dir: Path,
    env_name: str,
    names: Sequence[str] = (),
    *,
    profile: str | None = None,
    region: str | None = None,
) -> Target:
    """Render and validate the sources and build the desired state; stop on validation errors."""
    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    workflows, reports = pipeline.prepare(project, env, names)
    failing = [r for r in reports if r.report.errors]
    if failing:
        first = failing[0].report.errors[0]
        count = sum(len(r.report.errors) for r in failing)
        raise DefinitionInvalid(
            f"{count} validation error(s) in {len(failing)} workflow(s); first: {first}",
            hint="run 'sfndeploy validate' for all of them",
        )
    desired = desired_state(workflows, project.name, env, source_revision(project_dir), partial=bool(names))
    settings = environment_settings(env, profile=profile, region=region)
    return Target(desired=desired, environment=env, settings=settings)


def environment_settings(env: Environment, *, profile: str | None = None, region: str | None = None) -> AwsSettings:
    """How to reach the environment's account: its profile (or ``--profile``), its role to assume,
    and the account the credentials must belong to."""
    return AwsSettings(
        region=region or env.region,
        profile=profile or env.profile,
        endpoint_url=env.endpoint_url,
        secrets=env.secrets,
        environment=env.name,
        account_id=env.account_id,
        assume_role=env.assume_role,
    )


def read_live(
    api: AwsApi, desired: DesiredState, *, concurrency: int = 16, find_orphan_roles: bool = False
) -> LiveState:
    live = LiveReader(api, concurrency=concurrency, find_orphan_roles=find_orphan_roles).read(desired)
    return conceal_live(live, desired, api.secrets)


def compute_plan(
    api: AwsApi, desired: DesiredState, options: PlanOptions | None = None, *, concurrency: int = 16
) -> Plan:
    return plan_with_live(api, desired, options, concurrency=concurrency)[0]


def plan_with_live(
    api: AwsApi, desired: DesiredState, options: PlanOptions | None = None, *, concurrency: int = 16
) -> tuple[Plan, LiveState]:
    """The plan and the live state it was computed from (``plan`` compares live definitions' costs)."""
    options = options or PlanOptions()
    reader = LiveReader(api, concurrency=concurrency, find_orphan_roles=options.prune)
    live = conceal_live(reader.read(desired), desired, api.secrets)
    plan = make_plan(desired, live, options)
    risky = [w.state_machine_name for w in plan.workflows if w.action in {"replace", "delete"}]
    risky = [name for name in risky if name in live.state_machines]
    if risky:  # count running executions only where a deletion would stop them
        machines = dict(live.state_machines)
        for name in risky:
            machines[name] = replace(machines[name], running_executions=reader.running_executions(machines[name].arn))
        plan = make_plan(desired, replace(live, state_machines=machines), options)
    return replace(plan, api_calls=api.counter.total), live


def load_saved_target(
    project_dir: Path, env_name: str, plan_path: Path, *, profile: str | None = None, region: str | None = None
) -> tuple[Target, SavedPlan]:
    """The saved plan and what it applies to, rendering nothing: the desired state is the file's.

    The environment file still decides where (account, region, naming, lock): the file's desired
    state must agree with it, belong to the project and environment, and pass the checks of
    :func:`check_saved_plan`.
    """
    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    saved = load_plan(plan_path, key=plan_key())
    check_plan_target(saved, project.name, env.name, plan_path)
    check_saved_plan(saved, env)
    settings = environment_settings(env, profile=profile, region=region)
    return Target(desired=saved.desired, environment=env, settings=settings), saved


def recompute_saved_plan(api: AwsApi, saved: SavedPlan, *, concurrency: int = 16) -> Plan:
    """The plan computed again from the file's desired state and options; refused unless it is the reviewed one.

    This is the plan apply runs: the calls stored in the file are compared, never executed.
    """
    plan = compute_plan(api, saved.desired, saved.options, concurrency=concurrency)
    check_matches_review(saved, plan)
    return plan


def environment_lock(api: AwsApi, desired: DesiredState, *, owner: str | None = None) -> DeploymentLock | None:
    """The environment's lock when its file names a lock table, else None."""
    table = desired.lock.get("table")
    if not table:
        return None
    ttl = float(desired.lock.get("ttl_minutes", 15)) * 60
    lock_id = f"sfndeploy/{desired.project}/{desired.environment}"
    return DeploymentLock(api, str(table), lock_id, ttl_seconds=ttl, owner=owner)


def execute_locked(
    api: AwsApi,
    desired: DesiredState,
    plan: Plan,
    executor: AwsExecutor,
    *,
    verify: Callable[[], object] | None = None,
) -> ApplyResult:
    """Run ``plan`` under the environment's lock, fencing every write; ``verify`` runs first, once the
    lock is held (a saved plan computed again against the live state no other apply can move now)."""
    lock = environment_lock(api, desired)
    if lock is None:
        if verify is not None:
            verify()
        return executor.execute(plan)
    with lock:
        if verify is not None:
            verify()
        return executor.execute(plan, guard=lock.fence)


def drift(api: AwsApi, desired: DesiredState, *, concurrency: int = 16) -> DriftReport:
    return detect_drift(desired, read_live(api, desired, concurrency=concurrency))


def validate_changes_with_aws(api: AwsApi, desired: DesiredState, plan: Plan) -> bool:
    """AWS's validator on every definition the plan creates or updates; False if the endpoint can't."""
    names = {w.workflow for w in plan.changed if w.action != "delete"}
    return check_with_aws(api, [w for w in desired.workflows if w.name in names])


