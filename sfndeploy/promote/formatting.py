"""Text and JSON for promotion checks, rollouts, versions and rollbacks (the logic lives elsewhere)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sfndeploy.promote.promotion import PromotionCheck
from sfndeploy.promote.rollout import RolloutStatus, RolloutStep
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
