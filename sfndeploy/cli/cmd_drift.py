"""``sfndeploy drift -e ENV``: live changes made outside sfndeploy (exit 2 when there are any)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.cmd_plan import open_api, open_target, target_options
from sfndeploy.secrets.masking import mask

if TYPE_CHECKING:
    from sfndeploy.plan.drift import DriftReport


def format_drift(report: DriftReport) -> str:
    lines = [f"sfndeploy drift: project {report.project}, environment {report.environment}"]
    for item in report.items:
        lines.append(f"! {item.workflow}: {item.resource} {item.summary}")
        lines.extend(f"    {detail}" for detail in item.details)
    for name in report.missing:
        lines.append(f"! {name}: state machine missing (not deployed yet, or deleted outside sfndeploy)")
    for note in report.notes:
        lines.append(f"note: {note.workflow}: {note.resource} {note.summary}")
        lines.extend(f"    {detail}" for detail in note.details)
    if not report.has_drift:
        lines.append("No drift: every managed resource is as sfndeploy left it.")
    lines.append(f"({report.api_calls} read calls)")
    return "\n".join(lines)


def drift_json(report: DriftReport) -> str:
    data = {
        "project": report.project,
        "environment": report.environment,
        "has_drift": report.has_drift,
        "missing": list(report.missing),
        "items": [
            {"workflow": i.workflow, "resource": i.resource, "summary": i.summary, "details": list(i.details)}
            for i in report.items
        ],
        "notes": [
            {"workflow": i.workflow, "resource": i.resource, "summary": i.summary, "details": list(i.details)}
            for i in report.notes
        ],
        "api_calls": report.api_calls,
    }
    return json.dumps(data, indent=2, sort_keys=True)


@click.command()
@target_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def drift(
    env_name: str,
    workflows: tuple[str, ...],
    profile: str | None,
    region: str | None,
    concurrency: int,
    as_json: bool,
) -> None:
    """Report live changes made outside sfndeploy."""
    from sfndeploy.plan.service import drift as detect

    target = open_target(env_name, workflows, profile, region)
    report = detect(open_api(target), target.desired, concurrency=concurrency)
    click.echo(mask(drift_json(report) if as_json else format_drift(report)))
    if report.has_drift:
        raise SystemExit(2)
