"""Plans as Markdown for a pull-request comment or a CI job summary.

The comment starts with a marker line (an HTML comment naming the project and environment) that a
CI step searches for to update its earlier comment instead of adding one. The change lines are the
ones the text view prints, already masked by :mod:`sfndeploy.plan.diff`; every text is masked by
value again before it is escaped, and the whole comment once more at the end.
"""

from __future__ import annotations

import re

from sfndeploy.plan.steps import Plan, WorkflowPlan
from sfndeploy.secrets.masking import mask

MARKER_PREFIX = "sfndeploy-plan:"
_ACTIONS = {
    "create": "create",
    "update": "update",
    "replace": "replace",
    "delete": "delete",
    "noop": "no changes",
}
# Change lines about the execution role: its creation or deletion, statements, trust, boundary, extra grants.
_IAM_LINE = re.compile(
    r"^(?:-/\+|[-+~])\s+(?:role\b|IAM statement|trust statement|trust policy|permissions boundary"
    r"|detach managed policy|managed policy|inline policy)"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def plan_marker(plan: Plan) -> str:
    """The line a CI step looks for to find the comment of this project and environment."""
    return f"<!-- {MARKER_PREFIX} {_comment_safe(plan.project)}/{_comment_safe(plan.environment)} -->"


def is_iam_change(line: str) -> bool:
    return bool(_IAM_LINE.match(line))


def format_markdown(plan: Plan) -> str:
    lines = [plan_marker(plan), f"### sfndeploy plan: {_code(plan.project)} → {_code(plan.environment)}", ""]
    lines.append(_summary_line(plan))
    lines.append("")
    if plan.workflows:
        lines.extend(_table(plan))
        lines.append("")
    for workflow in plan.changed:
        lines.extend(_details(workflow))
        lines.append("")
    lines.extend(_warnings(plan))
    lines.extend(_orphans(plan))
    lines.append(f"<sub>{plan.api_calls} read calls · account {_text(plan.account_id)} · {_text(plan.region)}</sub>")
    return mask("\n".join(lines)) + "\n"


def _summary_line(plan: Plan) -> str:
    if not plan.has_changes:
        return "**No changes.** The live state matches the sources."
    sentence = f"**{plan.counts.sentence()}**"
    with_iam = [w.workflow for w in plan.changed if _iam_lines(w)]
    if with_iam:
        sentence += f" **IAM** changes in {len(with_iam)} workflow{'s' * (len(with_iam) != 1)}."
    blocked = sum(1 for w in plan.workflows if w.blocked)
    if blocked:
        sentence += f" :no_entry: {blocked} blocked."
    return sentence


def _table(plan: Plan) -> list[str]:
    rows = ["| Workflow | State machine | Action | Changes | IAM |", "| --- | --- | --- | --- | --- |"]
    for workflow in plan.workflows:
        iam = "**IAM**" if _iam_lines(workflow) else ""
        action = _ACTIONS.get(workflow.action, workflow.action)
        if workflow.blocked:
            action += " (blocked)"
        machine = _code(workflow.state_machine_name) if workflow.state_machine_name else "none"
        rows.append(f"| {_code(workflow.workflow)} | {machine} | {action} | {len(workflow.changes)} | {iam} |")
    return rows


def _details(workflow: WorkflowPlan) -> list[str]:
    """The workflow's change lines, those about its role first under a bold IAM heading."""
    iam = _iam_lines(workflow)
    others = [line for line in workflow.changes if line not in iam]
    summary = f"<code>{_html(workflow.workflow)}</code>: {_ACTIONS.get(workflow.action, workflow.action)}"
    summary += f", {len(workflow.changes)} change{'s' * (len(workflow.changes) != 1)}"
    if iam:
        summary += ", <b>IAM</b>"
    lines = [f"<details><summary>{summary}</summary>", ""]
    if iam:
        lines.extend(["**IAM**", "", *_fenced(iam), ""])
    if iam and others:
        lines.extend(["**Workflow**", ""])
    if others:
        lines.extend([*_fenced(others), ""])
    return [*lines, "</details>"]


def _warnings(plan: Plan) -> list[str]:
    found = [(w.workflow, text) for w in plan.workflows for text in w.warnings]
    found.extend((w.workflow, str(w.blocked)) for w in plan.workflows if w.blocked)
    if not found:
        return []
    lines = ["#### Warnings", ""]
    lines.extend(f"- :warning: {_code(workflow)}: {_text(text)}" for workflow, text in found)
    return [*lines, ""]


def _orphans(plan: Plan) -> list[str]:
    if not plan.kept_orphans:
        return []
    lines = ["#### Kept", ""]
    lines.extend(
        f"- {_code(orphan)} is managed here but no longer used by the sources; `--prune` deletes it"
        for orphan in plan.kept_orphans
    )
    return [*lines, ""]


def _iam_lines(workflow: WorkflowPlan) -> list[str]:
    return [line for line in workflow.changes if is_iam_change(line)]


def _fenced(lines: list[str]) -> list[str]:
    """A ``diff`` code block (added lines green, removed red) whose fence no line can close."""
    body = [mask(line) for line in lines]
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}diff", *body, fence]


def _code(text: str) -> str:
    """Inline code that holds any text: a fence longer than the text's longest run of backticks."""
    text = mask(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text.replace('|', chr(92) + '|')}{padding}{fence}"  # a bare | would end a table cell


def _text(text: str) -> str:
    """Plain text in Markdown: one line, special characters escaped so nothing renders as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", mask(text).replace("\n", " "))


def _html(text: str) -> str:
    return mask(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _comment_safe(text: str) -> str:
    """Text inside an HTML comment: ``--`` and ``>`` would end it early."""
    return mask(text).replace("--", "-\u200b-").replace(">", "&gt;")
