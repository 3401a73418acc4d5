"""Text and JSON for promotion checks, rollouts, versions and rollbacks (the logic lives elsewhere)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sfndeploy.promote.diffenv import EnvironmentDiff
from sfndeploy.promote.promotion import PromotionCheck
from sfndeploy.promote.rollout import RolloutStatus, RolloutStep
from sfndeploy.promote.rollout_runs import RolloutRun
from sfndeploy.promote.versions import AliasInfo, VersionInfo


def promotion_lines(check: PromotionCheck) -> list[str]:
    lines = [f"promotion {check.source} → {check.target}:"]
    for item in check.workflows:
        if item.ok:
            deployed = item.deployed
            served = f"version {deployed.version}" if deployed and deployed.version else "current revision"
            lines.append(
                f"  ok       {item.workflow}: {check.source} runs these sources ({served}, "
                f"src {item.local.sources_hash[:12]}, commit {item.local.revision or '?'})"
            )
        else:
            lines.append(f"  refused  {item.workflow}: {item.problem}")
    return lines


def promotion_json(check: PromotionCheck) -> str:
    data = {
        "source": check.source,
        "target": check.target,
        "ok": check.ok,
        "workflows": [
            {
                "workflow": item.workflow,
                "ok": item.ok,
                "problem": item.problem,
                "local": asdict(item.local),
                "deployed": asdict(item.deployed) if item.deployed else None,
            }
            for item in check.workflows
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True)


def step_line(step: RolloutStep) -> str:
    return f"[{step.workflow}] rollout {step.outcome}: {step.message}"


def run_line(run: RolloutRun | None, environment: str, workflow: str) -> str:
    """Which execution of the rollout workflow drives the rollout, if any."""
    if run is None:
        return f"  no execution drives it; move it on with: sfndeploy rollout continue -e {environment} {workflow}"
    if run.running:
        return f"  driven on Step Functions by execution {run.name} (RUNNING)"
    return (
        f"  execution {run.name} no longer drives it ({run.status}); resume with: "
        f"sfndeploy rollout continue -e {environment} {workflow}"
    )


def run_json(run: RolloutRun | None) -> dict[str, Any] | None:
    return asdict(run) if run is not None else None


def routing_text(alias: AliasInfo) -> str:
    return ", ".join(f"v{number} {weight}%" for number, weight in alias.routing) or "(none)"


def status_lines(status: RolloutStatus) -> list[str]:
    alias = status.alias
    lines = [f"{status.workflow}: alias {alias.name} routes {routing_text(alias)}"]
    state = status.state
    if state is None:
        lines.append("  no rollout in progress")
        return lines
    if not state.active:
        lines.append(
            f"  last rollout ({state.strategy}, v{state.old} → v{state.new}) was stopped: "
            f"{state.reason or state.status}"
        )
        return lines
    lines.append(f"  {state.strategy} rollout v{state.old} → v{state.new}: new version at {state.weight}%")
    if status.new_provenance:
        lines.append(f"  new version: {status.new_provenance}")
    if status.health is not None:
        lines.append(f"  health: {status.health.sentence()}")
    remaining = status.remaining_seconds
    lines.append(f"  next shift in {remaining / 60:.1f} min" if remaining else "  next shift: due")
    return lines


def status_json(status: RolloutStatus) -> dict[str, Any]:
    return {
        "workflow": status.workflow,
        "alias": asdict(status.alias),
        "rollout": asdict(status.state) if status.state else None,
        "health": asdict(status.health) if status.health else None,
        "remaining_seconds": status.remaining_seconds,
    }


def versions_lines(
    workflow: str, versions: Sequence[VersionInfo], aliases: Sequence[AliasInfo], prunable: Sequence[int]
) -> list[str]:
    routes: dict[int, list[str]] = {}
    for alias in aliases:
        for number, weight in alias.routing:
            routes.setdefault(number, []).append(f"{alias.name} {weight}%")
    lines = [f"{workflow}: {len(versions)} version(s)"]
    header = f"  {'VERSION':>7}  {'CREATED':<25}  {'ALIASES':<16}  PROVENANCE"
    lines.append(header)
    for version in versions:
        served = ", ".join(routes.get(version.number, [])) or "-"
        origin = version.provenance.short() if version.provenance.known else (version.description or "-")
        mark = "  (prunable)" if version.number in prunable else ""
        lines.append(f"  {version.number:>7}  {version.created:<25}  {served:<16}  {origin}{mark}")
    return lines


def versions_json(
    workflow: str, versions: Sequence[VersionInfo], aliases: Sequence[AliasInfo], prunable: Sequence[int]
) -> str:
    data = {
        "workflow": workflow,
        "versions": [{**asdict(v), "prunable": v.number in prunable} for v in versions],
        "aliases": [asdict(a) for a in aliases],
    }
    return json.dumps(data, indent=2, sort_keys=True)


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def env_diff_lines(diff: EnvironmentDiff) -> list[str]:
    lines = [
        f"diff-env {diff.left} → {diff.right}: {diff.structural} structural difference(s); "
        f"{diff.set_aside} per-environment value(s) set aside"
    ]
    for workflow in diff.workflows:
        if workflow.only_in:
            lines.append(f"{workflow.workflow}: only in {workflow.only_in}")
            continue
        if not workflow.differences:
            continue
        lines.append(f"{workflow.workflow}:")
        for item in workflow.differences:
            if item.kind == "added":
                lines.append(f"  + {item.path} (only in {diff.right}): {_short(item.right)}")
            elif item.kind == "removed":
                lines.append(f"  - {item.path} (only in {diff.left}): {_short(item.left)}")
            else:
                lines.append(f"  ~ {item.path}: {_short(item.left)} → {_short(item.right)}")
    return lines


def env_diff_json(diff: EnvironmentDiff) -> str:
    data = {
        "left": diff.left,
        "right": diff.right,
        "structural": diff.structural,
        "set_aside": diff.set_aside,
        "workflows": [
            {
                "workflow": w.workflow,
                "only_in": w.only_in,
                "set_aside": w.set_aside,
                "differences": [{**asdict(d), "path": d.path} for d in w.differences],
            }
            for w in diff.workflows
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, default=str)
