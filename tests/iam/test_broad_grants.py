"""Broad grants: the pure check over a policy, role.statements validation, and the warning in every plan."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sfndeploy import pipeline
from sfndeploy.cli.main import cli
from sfndeploy.iam.broad import BROAD_GRANT, BroadGrant, broad_grants
from sfndeploy.plan.desired import desired_state
from sfndeploy.plan.formatting import format_text
from sfndeploy.plan.live import LiveState
from sfndeploy.plan.planner import make_plan

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


# --- the pure check ----------------------------------------------------------------------------


def test_every_action_is_broad_whatever_the_resource() -> None:
    found = broad_grants(policy(allow("*", "arn:aws:s3:::one-bucket/*")))
    assert found == (BroadGrant(0, "", ("allows every action ('*')",)),)
    assert found[0].code == BROAD_GRANT


def test_service_wide_actions_are_broad() -> None:
    (found,) = broad_grants(policy(allow(["s3:GetObject", "dynamodb:*"], "arn:aws:dynamodb:us-east-1:1:table/T")))
    assert found.reasons == ("allows every action of a service ('dynamodb:*')",)


def test_not_action_is_broad() -> None:
    (found,) = broad_grants(policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b/*"}))
    assert found.reasons == ("allows every action except those in NotAction",)


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("sts:AssumeRole", "*"),
        ("kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:key/*"),
        ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111111111111:secret:*"),
        ("s3:PutObject", "arn:aws:s3:::*/*"),
        ("s3:Put*", "arn:aws:s3:::*"),
        ("iam:CreateRole", "arn:aws:iam::111111111111:role/*"),
        ("iam:Create*", "*"),
    ],
)
def test_sensitive_actions_on_every_resource_are_broad(action: str, resource: str) -> None:
    (found,) = broad_grants(policy(allow(action, resource, Sid="Wide")))
    assert found.message == f"statement Wide allows sensitive '{action}' on every resource"


@pytest.mark.parametrize(
    "statement",
    [
        allow("s3:PutObject", "arn:aws:s3:::reports/daily/*"),
        allow("kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:key/1234abcd"),
        allow("s3:GetBucketLocation", "*"),  # not sensitive
        allow("sns:Publish", "*"),
        allow("kms:Decrypt", "*", Condition={"StringEquals": {"aws:ResourceTag/team": "data"}}),
        allow("iam:PassRole", "arn:aws:iam::1:role/job", Condition={"StringEquals": {"iam:PassedToService": "x"}}),
        {"Effect": "Deny", "Action": "*", "Resource": "*"},
    ],
)
def test_scoped_or_denying_statements_are_not_broad(statement: dict[str, Any]) -> None:
    assert broad_grants(policy(statement)) == ()


def test_pass_role_without_a_service_condition_is_broad_even_on_one_role() -> None:
    (found,) = broad_grants(policy(allow("iam:PassRole", "arn:aws:iam::111111111111:role/job")))
    assert found.reasons == ("allows iam:PassRole without an iam:PassedToService condition",)


def test_one_finding_per_statement_with_every_reason() -> None:
    found = broad_grants(policy(allow("s3:GetObject", "arn:aws:s3:::b/k"), allow(["iam:*"], "*", Sid="Admin")))
    assert [(f.index, f.sid) for f in found] == [(1, "Admin")]
    assert found[0].reasons == ("allows every action of a service ('iam:*')",)


def test_malformed_policies_give_no_findings() -> None:
    assert broad_grants({"Statement": "nonsense"}) == ()
    assert broad_grants({"Statement": ["x", None]}) == ()
    assert broad_grants(allow("*")) == ()  # a bare statement is not a policy document


def test_no_derived_example_policy_is_broad() -> None:
    files = sorted(GOLDEN.glob("*/*.iam.json"))
    assert len(files) == 20
    for path in files:
        assert broad_grants(json.loads(path.read_text())["Policy"]) == (), path


# --- role.statements in a spec ------------------------------------------------------------------

ENV = """\
name: dev
region: us-east-1
account_id: "111111111111"
defaults:
  logging:
    level: OFF
"""

SPEC = """\
name: sync
role:
  statements:
    - Effect: Allow
      Action: s3:GetObject
      Resource: arn:aws:s3:::reports/*
    - Effect: Allow
      Action: "*"
      Resource: "*"{mark}
    - Effect: Allow
      Action: iam:PassRole
      Resource: arn:aws:iam::111111111111:role/worker{mark}
definition:
  StartAt: Wait
  States:
    Wait:
      Type: Wait
      Seconds: 1
      End: true
"""


def project(tmp_path: Path, *, allow_broad: bool) -> Path:
    root = tmp_path / "project"
    mark = "\n      allow_broad: true" if allow_broad else ""
    for relative, text in {"environments/dev.yaml": ENV, "templates/sync.yaml.j2": SPEC.format(mark=mark)}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def test_broad_statements_are_validation_errors_at_their_lines(tmp_path: Path) -> None:
    root = project(tmp_path, allow_broad=False)
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "validate", "-e", "dev"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if BROAD_GRANT in line]
    assert len(lines) == 2
    assert lines[0].startswith("templates/sync.yaml.j2:7:7: error BROAD_GRANT: ")
    assert "role.statements[1] allows every action ('*'); narrow it" in lines[0]
    assert "mark it allow_broad: true" in lines[0]
    assert lines[1].startswith("templates/sync.yaml.j2:10:7: error BROAD_GRANT: ")
    assert "role.statements[2] allows iam:PassRole without an iam:PassedToService condition" in lines[1]


def test_render_writes_nothing_for_a_broad_statement(tmp_path: Path) -> None:
    root = project(tmp_path, allow_broad=False)
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev"])
    assert result.exit_code == 1
    assert not (root / "out").exists()


def test_allow_broad_turns_the_error_into_a_warning_and_is_not_written(tmp_path: Path) -> None:
    root = project(tmp_path, allow_broad=True)
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev"])
    assert result.exit_code == 0, result.output
    assert result.output.count(BROAD_GRANT) == 2
    assert "(accepted: allow_broad: true)" in result.output
    written = json.loads((root / "out" / "dev" / "sync.iam.json").read_text())
    statements = written["Policy"]["Statement"]
    assert [s["Action"] for s in statements] == ["s3:GetObject", "*", "iam:PassRole"]
    assert not any("allow_broad" in s for s in statements)


def test_every_plan_warns_about_accepted_broad_statements_changed_or_not(tmp_path: Path) -> None:
    root = project(tmp_path, allow_broad=True)
    proj = pipeline.load_project(root)
    env = pipeline.load_environment(proj, "dev")
    workflows, reports = pipeline.prepare(proj, env)
    assert not any(r.report.errors for r in reports)
    desired = desired_state(workflows, proj.name, env, "rev")
    role = desired.workflows[0].role
    assert role is not None
    expected = (
        f"role {role.name}: BROAD_GRANT: statement Extra2 allows every action ('*')",
        f"role {role.name}: BROAD_GRANT: statement Extra3 allows iam:PassRole without an iam:PassedToService condition",
    )
    first = make_plan(desired, LiveState())
    assert first.workflows[0].action == "create"
    assert first.workflows[0].warnings == expected
    assert f"! {expected[0]}" in format_text(first)
    applied = make_plan(desired, _live_after(desired))
    assert applied.workflows[0].action == "noop"
    assert applied.workflows[0].warnings == expected
    assert f"! workflow sync: {expected[1]}" in format_text(applied)


def _live_after(desired: Any) -> LiveState:
    from tests.plan.plan_factory import live_from

    return live_from(desired)
