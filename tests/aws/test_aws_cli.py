"""The plan, apply, drift and unlock commands through click's runner, against the moto server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project

ENV_FILE = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: {name}-
tags:
  team: {team}
defaults:
  logging:
    level: "OFF"
  tracing: false
vars:
  greeter_function: greeter-{name}
{extra}
"""


@pytest.fixture
def project(tmp_path: Path, unique: str, moto_endpoint: str) -> Path:
    create_project(tmp_path, "demo")
    write_env(tmp_path, unique)
    return tmp_path


def write_env(root: Path, name: str, team: str = "core", extra: str = "") -> None:
    (root / "environments" / f"{name}.yaml").write_text(ENV_FILE.format(name=name, team=team, extra=extra))


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def test_plan_apply_plan_loop_with_detailed_exit_codes(project: Path, unique: str) -> None:
    first = run(project, "plan", "-e", unique, "--detailed-exitcode")
    assert first.exit_code == 2, first.output
    assert "+ workflow hello-world" in first.output
    assert "Plan: 1 to create, 0 to update, 0 to delete." in first.output

    applied = run(project, "apply", "-e", unique, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Apply complete: 1 created" in applied.output

    again = run(project, "plan", "-e", unique, "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes." in again.output
    assert run(project, "drift", "-e", unique).exit_code == 0


def test_apply_refuses_without_a_terminal_or_auto_approve(project: Path, unique: str) -> None:
    result = run(project, "apply", "-e", unique)
    assert result.exit_code == 2
    assert "refusing to apply without confirmation: no terminal (pass --auto-approve)" in result.output


def test_saved_plan_json_and_apply_of_the_file(project: Path, unique: str, tmp_path: Path) -> None:
    out = tmp_path / "reviewed.plan"
    shown = run(project, "plan", "-e", unique, "--json", "--out", str(out))
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["summary"] == {"create": 1, "update": 0, "delete": 0}
    assert data["workflows"][0]["action"] == "create"

    applied = run(project, "apply", "-e", unique, str(out))
    assert applied.exit_code == 0, applied.output
    replayed = run(project, "apply", "-e", unique, str(out))
    assert replayed.exit_code == 1
    assert "live state changed since the plan was made" in replayed.output


def test_tag_change_then_apply_then_no_changes(project: Path, unique: str) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    write_env(project, unique, team="payments")
    shown = run(project, "plan", "-e", unique, "--detailed-exitcode")
    assert shown.exit_code == 2
    assert '~ tag team: "core" → "payments"' in shown.output
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    assert run(project, "plan", "-e", unique, "--detailed-exitcode").exit_code == 0


def test_plan_file_of_another_environment_is_refused(project: Path, unique: str, tmp_path: Path) -> None:
    other = f"{unique}x"
    write_env(project, other)
    out = tmp_path / "other.plan"
    assert run(project, "plan", "-e", other, "--out", str(out)).exit_code == 0
    result = run(project, "apply", "-e", unique, str(out))
    assert result.exit_code == 1
    assert f"was made for environment '{other}', not '{unique}'" in result.output


def test_unlock_removes_the_lock(project: Path, unique: str, api: AwsApi) -> None:
    table = f"{unique}-locks"
    api.call(
        "dynamodb", "CreateTable", TableName=table,
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    write_env(project, unique, extra=f"lock:\n  table: {table}\n")
    api.call("dynamodb", "PutItem", TableName=table, Item={
        "LockID": {"S": f"sfndeploy/demo/{unique}"}, "owner": {"S": "crashed-ci"},
        "acquired_at": {"N": "1"}, "expires_at": {"N": "99999999999"},
    })
    blocked = run(project, "apply", "-e", unique, "--auto-approve")
    assert blocked.exit_code == 1
    assert "held by crashed-ci" in blocked.output

    unlocked = run(project, "unlock", "-e", unique)
    assert unlocked.exit_code == 0, unlocked.output
    assert "Removed lock" in unlocked.output and "crashed-ci" in unlocked.output
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0


def test_unreachable_endpoint_is_one_line_error(project: Path, unique: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    result = run(project, "plan", "-e", unique)
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    # the first call is the account check, before anything is read or written
    expected = f"error: GetCallerIdentity on environment {unique} (the ambient credentials): the endpoint did not"
    assert line.startswith(expected + " answer")


def test_missing_credentials_is_one_line_error(project: Path, unique: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = run(project, "plan", "-e", unique)
    assert result.exit_code == 1
    assert "no AWS credentials found" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_invalid_region_is_one_line_error(project: Path, unique: str) -> None:
    result = run(project, "plan", "-e", unique, "--region", "moon_base-1")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("error: ")
    assert "moon_base-1" in result.output


def test_drift_exits_2_when_someone_changed_the_state_machine(project: Path, unique: str, api: AwsApi) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-hello-world"
    described = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    edited = json.loads(described["definition"])
    edited["Comment"] = "hotfix in the console"
    api.call("stepfunctions", "UpdateStateMachine", stateMachineArn=arn, definition=json.dumps(edited))

    result = run(project, "drift", "-e", unique, "--json")

    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    (item,) = report["items"]
    assert item["resource"] == f"state machine {unique}-hello-world"
    assert any(detail.startswith("~ Comment:") for detail in item["details"])
    plan = run(project, "plan", "-e", unique, "--detailed-exitcode")
    assert plan.exit_code == 2 and "~ Comment:" in plan.output


def test_aws_validation_is_skipped_where_the_endpoint_lacks_it(project: Path, unique: str) -> None:
    result = CliRunner().invoke(
        cli, ["--project-dir", str(project), "plan", "-e", unique, "--aws-validate"]
    )
    assert result.exit_code == 0, result.output
    assert "AWS-side check skipped" in result.stderr
    assert "Plan: 1 to create" in result.stdout


def test_a_managed_policy_attached_by_hand_is_stale_plan_drift_and_removed(
    project: Path, unique: str, tmp_path: Path, api: AwsApi
) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    write_env(project, unique, team="payments")
    out = tmp_path / "reviewed.plan"
    assert run(project, "plan", "-e", unique, "--out", str(out)).exit_code == 0
    machine = f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-hello-world"
    role = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=machine)["roleArn"].rsplit("/", 1)[-1]
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    arn = api.call("iam", "CreatePolicy", PolicyName=f"{unique}-admin", PolicyDocument=json.dumps(document))
    arn = arn["Policy"]["Arn"]
    api.call("iam", "AttachRolePolicy", RoleName=role, PolicyArn=arn)

    stale = run(project, "apply", "-e", unique, str(out))
    assert stale.exit_code == 1
    assert "the live state changed since the plan was made (workflows: hello-world)" in stale.output
    drift = run(project, "drift", "-e", unique, "-w", "hello-world")
    assert drift.exit_code == 2
    assert f"! hello-world: role {role} managed policy {arn} attached outside sfndeploy" in drift.output
    plan = run(project, "plan", "-e", unique)
    assert f"- detach managed policy {arn} (attached outside sfndeploy)" in plan.output
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    assert api.call("iam", "ListAttachedRolePolicies", RoleName=role)["AttachedPolicies"] == []
    assert run(project, "drift", "-e", unique).exit_code == 0
