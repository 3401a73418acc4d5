"""Saved plans: the plan, the desired state it was made from, and a checksum over both.

The live fingerprints inside each workflow plan record what the live state was; ``apply`` reads
the live state again and refuses when any of them moved.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from sfndeploy.errors import PlanError
from sfndeploy.loaders import load_json_file
from sfndeploy.plan.desired import DesiredRole, DesiredState, DesiredWorkflow
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.steps import Plan, plan_from_data, plan_to_data

FORMAT = "sfndeploy-plan/1"


@dataclasses.dataclass(frozen=True)
class SavedPlan:
    plan: Plan
    desired: DesiredState


def _desired_to_data(desired: DesiredState) -> dict[str, Any]:
    return dataclasses.asdict(desired)


def _desired_from_data(data: dict[str, Any]) -> DesiredState:
    workflows = []
    for item in data["workflows"]:
        role = DesiredRole(**item["role"]) if item.get("role") else None
        workflows.append(DesiredWorkflow(**{**item, "role": role}))
    return DesiredState(**{**data, "workflows": tuple(workflows)})


def save_plan(path: Path, plan: Plan, desired: DesiredState) -> None:
    body = {"plan": plan_to_data(plan), "desired": _desired_to_data(desired)}
    document = {"format": FORMAT, "checksum": sha256_of(body), **body}
    path.write_text(json.dumps(document, indent=1, sort_keys=True, default=str), encoding="utf-8")


def load_plan(path: Path) -> SavedPlan:
    document, _ = load_json_file(path, error=PlanError, what="plan file")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PlanError(f"{path} is not an sfndeploy plan file (expected format {FORMAT})")
    body = {"plan": document.get("plan"), "desired": document.get("desired")}
    if sha256_of(body) != document.get("checksum"):
        raise PlanError(
            f"plan file {path} was altered after it was made (checksum mismatch)",
            hint="make a new plan with 'sfndeploy plan --out'",
        )
    try:
        return SavedPlan(plan=plan_from_data(document["plan"]), desired=_desired_from_data(document["desired"]))
    except (KeyError, TypeError, ValueError) as error:
        raise PlanError(f"plan file {path} is incomplete: {error}") from error


def check_plan_target(saved: SavedPlan, project: str, environment: str, path: Path) -> None:
    plan = saved.plan
    if plan.project != project:
        raise PlanError(f"plan file {path} was made for project '{plan.project}', not '{project}'")
    if plan.environment != environment:
        raise PlanError(
            f"plan file {path} was made for environment '{plan.environment}', not '{environment}'",
            hint=f"run 'sfndeploy apply -e {plan.environment} {path}' or make a new plan",
        )
