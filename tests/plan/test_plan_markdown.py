"""The Markdown view of plans: golden files of the example project's plans, masking, escaping.

Refresh the golden files with ``python tests/plan/markdown_cases.py`` after an intended change.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from markdown_cases import CASES, golden_path
from plan_factory import desired, live_from, workflow

from sfndeploy.cli.main import cli
from sfndeploy.plan.formatting import format_text
from sfndeploy.plan.markdown import format_markdown, is_iam_change, plan_marker
from sfndeploy.plan.planner import make_plan
from sfndeploy.plan.steps import Plan, WorkflowPlan
from sfndeploy.secrets import masking


@pytest.mark.parametrize("case", sorted(CASES))
def test_example_project_plans_render_as_pinned(case: str) -> None:
    expected = golden_path(case).read_text(encoding="utf-8")
    assert format_markdown(CASES[case]()) == expected, f"{golden_path(case).name} differs from the golden file"


def test_the_marker_line_names_project_and_environment_first() -> None:
    plan = CASES["no-changes"]()
    text = format_markdown(plan)
    assert text.splitlines()[0] == "<!-- sfndeploy-plan: acme-workflows/local -->" == plan_marker(plan)
    odd = Plan("a--b", "x>y", "us-east-1", "1", ())
    assert "--" not in plan_marker(odd)[4:-3] and ">" not in plan_marker(odd)[4:-3]


@pytest.mark.parametrize(
    ("line", "about_iam"),
    [
        ("+ role orders-sfn", True),
        ("- role orders-sfn (left without its state machine)", True),
        ("+ IAM statement: Allow s3:* on *", True),
        ("~ trust policy of role orders-sfn", True),
        ("- trust statement: Allow sts:AssumeRole on -", True),
        ("- detach managed policy arn:aws:iam::aws:policy/Admin (attached outside sfndeploy)", True),
        ("- inline policy extra of role orders-sfn (added outside sfndeploy)", True),
        ("~ permissions boundary: (none) → arn:aws:iam::1:policy/b", True),
        ("~ role: arn:aws:iam::1:role/a → arn:aws:iam::1:role/b", True),
        ("+ tag role = admin", False),
        ("+ state machine orders (STANDARD, 3 states)", False),
        ("~ Charge.Retry[0].MaxAttempts: 3 → 5", False),
    ],
)
def test_iam_lines_are_told_apart(line: str, about_iam: bool) -> None:
    assert is_iam_change(line) is about_iam


def test_secrets_are_masked_with_the_text_views_lines() -> None:
    masking.forget_all()
    masking.register("hunter2-very-secret")
    try:
        body = workflow("orders").definition
        body["States"]["Charge"]["Parameters"] = {"FunctionName": "charge", "apiToken": "abc-old", "note": "x"}
        live = live_from(desired(workflow("orders", body=body)))
        body = workflow("orders").definition
        body["States"]["Charge"]["Parameters"] = {
            "FunctionName": "charge",
            "apiToken": "abc-new",
            "note": "uses hunter2-very-secret",
        }
        plan = make_plan(desired(workflow("orders", body=body)), live)
        markdown, text = format_markdown(plan), format_text(plan)
    finally:
        masking.forget_all()
    for secret in ("hunter2-very-secret", "abc-old", "abc-new"):
        assert secret not in markdown
    (orders,) = plan.changed
    shown = [line for line in orders.changes if "Parameters" in line]
    assert shown == ["~ Charge.Parameters.apiToken: **** → ****", '~ Charge.Parameters.note: "x" → "uses ****"']
    for line in shown:
        assert line in markdown.splitlines() and f"    {line}" in text.splitlines()


def test_markup_in_names_and_messages_is_escaped() -> None:
    workflow_plan = WorkflowPlan(
        workflow="a|b",
        state_machine_name="a|b",
        action="update",
        changes=("~ Comment: \"```\" → \"x\"",),
        calls=(),
        live_fingerprint="",
        warnings=("<script>alert(1)</script> | **bold**",),
    )
    text = format_markdown(Plan("shop", "dev", "us-east-1", "1", (workflow_plan,)))
    assert "| `a\\|b` | `a\\|b` | update | 1 |  |" in text
    assert "````diff\n~ Comment: \"```\" → \"x\"\n````" in text
    assert "<script>" not in text and "\\<script\\>" in text and "\\*\\*bold\\*\\*" in text


def test_json_and_markdown_formats_contradict() -> None:
    result = CliRunner().invoke(cli, ["plan", "-e", "dev", "--json", "--format", "markdown"])
    assert result.exit_code == 2
    assert "--json and --format markdown contradict each other" in result.output
