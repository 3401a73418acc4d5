"""The pipeline behind ``plan``, ``apply`` and ``drift``:
render -> validate -> desired model -> live state -> plan -> execute.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings
from sfndeploy.errors import DefinitionInvalid, PlanError
from sfndeploy.model import Environment
from sfndeploy.plan.desired import DesiredState, desired_state
from sfndeploy.plan.drift import DriftReport, detect_drift
from sfndeploy.plan.executor import ApplyResult, AwsExecutor
from sfndeploy.plan.live import LiveReader, LiveState
from sfndeploy.plan.lock import DeploymentLock
from sfndeploy.plan.planfile import SavedPlan
from sfndeploy.plan.planner import PlanOptions, make_plan
from sfndeploy.plan.remote_validation import check_with_aws
from sfndeploy.plan.steps import Plan


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
    settings = AwsSettings(
        region=region or env.region,
        profile=profile or _optional_str(env.raw.get("profile")),
        endpoint_url=env.endpoint_url,
    )
    return Target(desired=desired, environment=env, settings=settings)


def _optional_str(value: object) -> str | None:
    return str(value) if value else None


def read_live(
    api: AwsApi, desired: DesiredState, *, concurrency: int = 16, find_orphan_roles: bool = False
) -> LiveState:
    return LiveReader(api, concurrency=concurrency, find_orphan_roles=find_orphan_roles).read(desired)


def compute_plan(
    api: AwsApi, desired: DesiredState, options: PlanOptions | None = None, *, concurrency: int = 16
) -> Plan:
    options = options or PlanOptions()
    reader = LiveReader(api, concurrency=concurrency, find_orphan_roles=options.prune)
    live = reader.read(desired)
    plan = make_plan(desired, live, options)
    risky = [w.state_machine_name for w in plan.workflows if w.action in {"replace", "delete"}]
    risky = [name for name in risky if name in live.state_machines]
    if risky:  # count running executions only where a deletion would stop them
        machines = dict(live.state_machines)
        for name in risky:
            machines[name] = replace(machines[name], running_executions=reader.running_executions(machines[name].arn))
        plan = make_plan(desired, replace(live, state_machines=machines), options)
    return replace(plan, api_calls=api.counter.total)


def check_not_stale(api: AwsApi, saved: SavedPlan, *, concurrency: int = 16) -> None:
    """Refuse a saved plan when the live state moved since it was computed."""
    deletes = any(w.action == "delete" for w in saved.plan.workflows)
    live = read_live(api, saved.desired, concurrency=concurrency, find_orphan_roles=deletes)
    moved = [
        w.workflow
        for w in saved.plan.changed
        if live.fingerprint(w.state_machine_name, w.role_name) != w.live_fingerprint
    ]
    if moved:
        raise PlanError(
            f"the live state changed since the plan was made (workflows: {', '.join(moved)})",
            hint="make a new plan and review it",
        )


def environment_lock(api: AwsApi, desired: DesiredState, *, owner: str | None = None) -> DeploymentLock | None:
    """The environment's lock when its file names a lock table, else None."""
    table = desired.lock.get("table")
    if not table:
        return None
    ttl = float(desired.lock.get("ttl_minutes", 15)) * 60
    lock_id = f"sfndeploy/{desired.project}/{desired.environment}"
    return DeploymentLock(api, str(table), lock_id, ttl_seconds=ttl, owner=owner)


def execute_locked(api: AwsApi, desired: DesiredState, plan: Plan, executor: AwsExecutor) -> ApplyResult:
    lock = environment_lock(api, desired)
    if lock is None:
        return executor.execute(plan)
    with lock:
        return executor.execute(plan)


def drift(api: AwsApi, desired: DesiredState, *, concurrency: int = 16) -> DriftReport:
    return detect_drift(desired, read_live(api, desired, concurrency=concurrency))


def validate_changes_with_aws(api: AwsApi, desired: DesiredState, plan: Plan) -> bool:
    """AWS's validator on every definition the plan creates or updates; False if the endpoint can't."""
    names = {w.workflow for w in plan.changed if w.action != "delete"}
    return check_with_aws(api, [w for w in desired.workflows if w.name in names])
