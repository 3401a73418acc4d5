"""A notification that starts a workflow absent from the environment: one line at the spec line, exit 1, no write.

Offline (render): another account's workflow, an alias the project's workflow does not have here.
At plan time (moto's server): a state machine or alias that is neither planned nor in the account.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.plan.service import compute_plan, load_target, read_live

ACCOUNT = "123456789012"
REGION = "us-east-1"
ENV = f'name: {{name}}\nregion: {REGION}\naccount_id: "{ACCOUNT}"\nnaming:\n  prefix: {{name}}-\n'
SPEC = """\
name: {name}
{alias}definition:
  StartAt: Done
  States:
    Done:
      Type: Pass
      End: true
"""
NOTIFY = """\
notifications:
  failed:
    statuses: [FAILED]
    workflow: {target}
"""
TARGET_LINE = 12  # 'workflow:' in hello's spec (with an alias line)


def _project(root: Path, env: str, target: str, *, other_alias: str | None = "live") -> Path:
    (root / "environments").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "sfndeploy.yaml").write_text("project: shop\n")
    (root / "environments" / f"{env}.yaml").write_text(ENV.format(name=env))
    hello = SPEC.format(name="hello", alias="alias: live\n") + NOTIFY.format(target=target)
    (root / "templates" / "hello.yaml.j2").write_text(hello)
    other = SPEC.format(name="other", alias=f"alias: {other_alias}\n" if other_alias else "")
    (root / "templates" / "other.yaml.j2").write_text(other)
    return root


def _machine(env: str, name: str) -> str:
    return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{env}-{name}"


def _render(root: Path, env: str) -> None:
    project = load_project(root)
    render_workflows(project, load_environment(project, env))


def test_an_alias_the_projects_workflow_does_not_have_here(tmp_path: Path) -> None:
    root = _project(tmp_path, "dev", _machine("dev", "other") + ":canary")
    with pytest.raises(ConfigError) as caught:
        _render(root, "dev")
    assert caught.value.one_line() == (
        f"templates/hello.yaml.j2:{TARGET_LINE}:5: 'notifications.failed.workflow': workflow other has no alias "
        "canary in environment dev (its alias is live)"
    )


def test_an_alias_of_a_workflow_without_one(tmp_path: Path) -> None:
    root = _project(tmp_path, "dev", _machine("dev", "other") + ":live", other_alias=None)
    with pytest.raises(ConfigError) as caught:
        _render(root, "dev")
    assert caught.value.message == "workflow other has no alias live in environment dev (it has no alias)"


def test_the_projects_workflow_by_its_alias_or_machine_arn_renders(tmp_path: Path) -> None:
    _render(_project(tmp_path / "a", "dev", _machine("dev", "other") + ":live"), "dev")
    _render(_project(tmp_path / "b", "dev", _machine("dev", "other")), "dev")


def test_a_workflow_in_another_account(tmp_path: Path) -> None:
    root = _project(tmp_path, "dev", f"arn:aws:states:{REGION}:210987654321:stateMachine:theirs")
    with pytest.raises(ConfigError) as caught:
        _render(root, "dev")
    assert caught.value.location == SourceLocation("templates/hello.yaml.j2", TARGET_LINE, 5)
    assert caught.value.message == (
        f"EventBridge starts a workflow only in the rule's account ({ACCOUNT}), not 210987654321; send to a bus of "
        "that account instead"
    )


def test_a_bare_workflow_name_is_refused_at_its_line(tmp_path: Path) -> None:
    """What a name instead of an ARN gets (it was so before these checks, and stays so)."""
    root = _project(tmp_path, "dev", "other")
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "validate", "-e", "dev"])
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if line.strip()] == [
        f"error: templates/hello.yaml.j2:{TARGET_LINE}:5: 'workflow': 'other' is not "
        "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:ALIAS]"
    ]


def _plan_warnings(api: AwsApi, root: Path, env: str) -> tuple[str, ...]:
    plan = compute_plan(api, load_target(root, env).desired)
    return tuple(w for workflow in plan.workflows for w in workflow.warnings if "notifications." in w)


def test_a_planned_workflow_needs_no_read(api: AwsApi, unique: str, tmp_path: Path) -> None:
    root = _project(tmp_path, unique, _machine(unique, "other") + ":live")
    live = read_live(api, load_target(root, unique).desired)
    assert "invoke role" not in live.resources  # the target was not described


def test_another_projects_state_machine_that_exists(api: AwsApi, unique: str, tmp_path: Path) -> None:
    definition = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}'
    role = f"arn:aws:iam::{ACCOUNT}:role/{unique}-theirs"
    name = f"{unique}-theirs"
    created = api.call("stepfunctions", "CreateStateMachine", name=name, definition=definition, roleArn=role)
    root = _project(tmp_path, unique, created["stateMachineArn"])
    assert _plan_warnings(api, root, unique) == ()


@pytest.mark.parametrize("qualifier", ["", ":live"])
def test_a_state_machine_or_alias_that_does_not_exist(api: AwsApi, unique: str, tmp_path: Path, qualifier: str) -> None:
    target = _machine(unique, "gone") + qualifier
    root = _project(tmp_path, unique, target)
    with pytest.raises(ConfigError) as caught:
        compute_plan(api, load_target(root, unique).desired)
    what = "alias" if qualifier else "state machine"
    assert caught.value.one_line() == (
        f"templates/hello.yaml.j2:{TARGET_LINE}:5: 'notifications.failed.workflow': the workflow {target} does not "
        f"exist: it is no workflow of environment {unique} and no {what} of that ARN is in the account"
    )


@pytest.mark.parametrize("command", [["plan"], ["apply", "--auto-approve"]])
def test_plan_and_apply_exit_1_and_write_nothing(api: AwsApi, unique: str, tmp_path: Path, command: list[str]) -> None:
    target = _machine(unique, "gone")
    root = _project(tmp_path, unique, target)
    result = CliRunner().invoke(cli, ["--project-dir", str(root), *command, "-e", unique])
    assert result.exit_code == 1, result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
    assert f"the workflow {target} does not exist" in result.output
    machines = api.call("stepfunctions", "ListStateMachines")["stateMachines"]
    assert [m["name"] for m in machines if m["name"].startswith(f"{unique}-")] == []
    roles = api.call("iam", "ListRoles", PathPrefix="/sfndeploy/")["Roles"]
    assert [r["RoleName"] for r in roles if r["RoleName"].startswith(f"{unique}-")] == []


def test_a_planned_workflow_started_by_its_machine_arn_bypasses_its_alias(
    api: AwsApi, unique: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, unique, _machine(unique, "other"))
    assert _plan_warnings(api, root, unique) == (
        f"notification failed (notifications.failed.workflow): starts workflow other by its state machine ARN, "
        f"bypassing its alias live (and any rollout); name {_machine(unique, 'other')}:live to go through it",
    )
    assert _plan_warnings(api, _project(tmp_path / "alias", unique, _machine(unique, "other") + ":live"), unique) == ()
