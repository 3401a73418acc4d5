"""Plans as text (Terraform-style, coloured on a terminal) and as JSON for machines.
Markdown for pull requests is in :mod:`sfndeploy.plan.markdown`.

Both are masked by value as a whole (:func:`sfndeploy.secrets.masking.mask`) on top of the
per-field masking of :mod:`sfndeploy.plan.diff`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import click

from sfndeploy.plan.markdown import format_markdown
from sfndeploy.plan.steps import Plan, WorkflowPlan
from sfndeploy.secrets.masking import mask

_SYMBOLS = {"create": "+", "update": "~", "delete": "-", "replace": "-/+"}
_COLOURS = {"create": "green", "update": "yellow", "delete": "red", "replace": "magenta"}
_LINE_COLOURS = {"+": "green", "-": "red", "~": "yellow"}


def _style(text: str, colour: str | None, use_colour: bool) -> str:
    return click.style(text, fg=colour) if use_colour and colour else text


def format_workflow(workflow: WorkflowPlan, *, colour: bool = False) -> list[str]:
    symbol = _SYMBOLS[workflow.action]
    resource = f"state machine {workflow.state_machine_name}" if workflow.state_machine_name else "no state machine"
    head = f"{symbol} workflow {workflow.workflow} ({resource})"
    if workflow.action == "replace":
        head += " must be replaced"
    lines = [_style(head, _COLOURS[workflow.action], colour)]
    for change in workflow.changes:
        lines.append("    " + _style(change, _LINE_COLOURS.get(change[:1]), colour))
    for warning in workflow.warnings:
        lines.append("    " + _style(f"! {warning}", "red", colour))
    if workflow.blocked:
        lines.append("    " + _style(f"! {workflow.blocked}", "red", colour))
    return lines


def format_text(plan: Plan, *, colour: bool = False) -> str:
    lines = [f"sfndeploy plan: project {plan.project}, environment {plan.environment} ({plan.region})", ""]
    for workflow in plan.changed:
        lines.extend(format_workflow(workflow, colour=colour))
        lines.append("")
    if not plan.has_changes:
        lines.append("No changes. The live state matches the sources.")
        lines.append("")
    unchanged_warnings = [
        f"! workflow {w.workflow}: {text}" for w in plan.workflows if w.action == "noop" for text in w.warnings
    ]
    lines.extend(_style(line, "red", colour) for line in unchanged_warnings)
    if unchanged_warnings:
        lines.append("")
    for orphan in plan.kept_orphans:
        lines.append(f"note: {orphan} is managed here but no longer used by the sources; --prune deletes it")
    if plan.kept_orphans:
        lines.append("")
    lines.append(plan.counts.sentence())
    lines.append(f"({plan.api_calls} read calls)")
    return mask("\n".join(lines))


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The JSON view: what changes, in the user's language (parameters are not repeated here)."""
    counts = plan.counts
    return {
        "project": plan.project,
        "environment": plan.environment,
        "region": plan.region,
        "account_id": plan.account_id,
        "has_changes": plan.has_changes,
        "summary": {"create": counts.create, "update": counts.update, "delete": counts.delete},
        "api_calls": plan.api_calls,
        "kept_orphans": list(plan.kept_orphans),
        "workflows": [
            {
                "workflow": w.workflow,
                "state_machine_name": w.state_machine_name,
                "action": w.action,
                "changes": list(w.changes),
                "warnings": list(w.warnings),
                "blocked": w.blocked,
                "steps": [c.summary or c.operation for c in w.calls],
            }
            for w in plan.workflows
        ],
    }


def format_json(plan: Plan) -> str:
    return mask(json.dumps(plan_summary(plan), indent=2, sort_keys=True))


PLAN_FORMATS = ("text", "json", "markdown")


def with_cost_lines(plan: Plan, lines: Mapping[str, str]) -> Plan:
    """The plan as shown, each workflow named in ``lines`` with one more change line (its cost
    change, from :mod:`sfndeploy.cost.plan_change`). For display only: saved plans never hold it."""
    if not lines:
        return plan
    return replace(
        plan,
        workflows=tuple(
            replace(w, changes=(*w.changes, lines[w.workflow])) if w.workflow in lines else w for w in plan.workflows
        ),
    )


class DisplayExecutor:
    """The executor ``plan`` injects: it shows the plan instead of running it."""

    def __init__(self, *, output_format: str = "text", colour: bool = False) -> None:
        self.output_format = output_format
        self.colour = colour

    def execute(self, plan: Plan) -> str:
        if self.output_format == "json":
            return format_json(plan)
        if self.output_format == "markdown":
            return format_markdown(plan)
        return format_text(plan, colour=self.colour)
