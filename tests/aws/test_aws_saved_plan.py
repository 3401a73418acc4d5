"""``apply PLANFILE`` against the moto server, with plan files edited the way an attacker would.

Every edit recomputes the file's SHA-256, so the checksum proves nothing: what refuses the file is
that apply recomputes the plan from the file's checked desired state and compares it with the
reviewed one, and that a signed file needs the key.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.plan.hashing import sha256_of

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
  greeter_function: {greeter}
"""

ACCOUNT = "123456789012"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
_names = itertools.count()


@dataclass(frozen=True)
class Deployed:
    """An environment applied once, then changed in its sources, with the plan of that change saved."""

    project: Path
    env: str
    plan_file: Path
    machine_arn: str
    role_name: str
    victim_arn: str  # a state machine in the same account that sfndeploy does not manage


def write_env(project: Path, name: str, *, team: str, greeter: str) -> None:
    text = ENV_FILE.format(name=name, team=team, greeter=greeter)
    (project / "environments" / f"{name}.yaml").write_text(text)


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def _victim(api: AwsApi, name: str) -> str:
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    role = api.call("iam", "CreateRole", RoleName=f"{name}-victim-role", AssumeRolePolicyDocument=json.dumps(trust))
    machine = api.call(
        "stepfunctions", "CreateStateMachine", name=f"{name}-victim", roleArn=role["Role"]["Arn"],
        definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}),
    )
    return str(machine["stateMachineArn"])


def deploy_and_save(root: Path, api: AwsApi, name: str) -> Deployed:
    project = root / name
    create_project(project, "demo")
    write_env(project, name, team="core", greeter="greeter-a")
    applied = run(project, "apply", "-e", name, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    write_env(project, name, team="payments", greeter="greeter-b")
    plan_file = root / f"{name}.plan"
    planned = run(project, "plan", "-e", name, "--out", str(plan_file))
    assert planned.exit_code == 0, planned.output
    machine_arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{name}-hello-world"
    return Deployed(project, name, plan_file, machine_arn, f"{name}-hello-world-sfn", _victim(api, name))


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory, moto_endpoint: str) -> Deployed:
    """Shared by the refusal tests: each refused apply must leave this environment as it was."""
    from sfndeploy.aws.session import AwsSettings, make_api

    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1))
    return deploy_and_save(tmp_path_factory.mktemp("saved"), api, f"sp{next(_names)}")


def tampered(source: Path, target: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the plan file with ``edit`` applied and the checksum recomputed (what an attacker does)."""
    document = json.loads(source.read_text())
    edit(document)
    document["checksum"] = sha256_of({key: document[key] for key in ("plan", "desired", "options")})
    target.write_text(json.dumps(document))
    return target


def first_workflow(document: dict[str, Any]) -> dict[str, Any]:
    workflow: dict[str, Any] = document["plan"]["workflows"][0]
    return workflow


def machine_tags(api: AwsApi, arn: str) -> dict[str, str]:
    found = api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)
    return {tag["key"]: tag["value"] for tag in found["tags"]}


def assert_unchanged(api: AwsApi, deployed: Deployed) -> None:
    """Nothing of the reviewed change (team tag, greeter policy) nor anything inserted reached AWS."""
    assert machine_tags(api, deployed.machine_arn)["team"] == "core"
    policy = api.call("iam", "GetRolePolicy", RoleName=deployed.role_name, PolicyName="sfndeploy-workflow")
    assert "greeter-a" in json.dumps(policy["PolicyDocument"]) and "greeter-b" not in json.dumps(policy)
    attached = api.call("iam", "ListAttachedRolePolicies", RoleName=deployed.role_name)
    assert attached["AttachedPolicies"] == []
    assert api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=deployed.victim_arn)["name"]


def refused(deployed: Deployed, path: Path) -> str:
    result = run(deployed.project, "apply", "-e", deployed.env, str(path))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ")
    return line


def _insert_call(call: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def edit(document: dict[str, Any]) -> None:
        first_workflow(document)["calls"].append(call)

    return edit


def _call(service: str, operation: str, params: dict[str, Any], target: str) -> dict[str, Any]:
    return {"service": service, "operation": operation, "params": params, "target": target, "produces": [],
            "summary": "", "fallback": None, "done_codes": []}


def test_an_inserted_deletion_of_an_unmanaged_state_machine_is_refused(
    deployed: Deployed, api: AwsApi, tmp_path: Path
) -> None:
    delete = _call("stepfunctions", "DeleteStateMachine", {"stateMachineArn": deployed.victim_arn}, "x")
    path = tampered(deployed.plan_file, tmp_path / "p.plan", _insert_call(delete))

    line = refused(deployed, path)

    assert "does not match its own desired state" in line
    assert "workflows hello-world make other calls than the reviewed plan; nothing was changed" in line
    assert_unchanged(api, deployed)


def test_an_inserted_administrator_access_attachment_is_refused(
    deployed: Deployed, api: AwsApi, tmp_path: Path
) -> None:
    attach = _call("iam", "AttachRolePolicy", {"RoleName": deployed.role_name, "PolicyArn": ADMIN}, "x")
    path = tampered(deployed.plan_file, tmp_path / "p.plan", _insert_call(attach))

    assert "does not match its own desired state" in refused(deployed, path)
    assert_unchanged(api, deployed)


def test_action_star_put_into_the_desired_policy_and_the_reviewed_call_is_refused(
    deployed: Deployed, api: AwsApi, tmp_path: Path
) -> None:
    everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

    def edit(document: dict[str, Any]) -> None:
        document["desired"]["workflows"][0]["role"]["policy"] = everything
        for call in first_workflow(document)["calls"]:
            if call["operation"] == "PutRolePolicy":
                call["params"]["PolicyDocument"] = json.dumps(everything)

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit))

    assert "'desired.workflows.hello-world.role.policy': BROAD_GRANT: statement 1 allows every action ('*')" in line
    assert "in an unsigned plan file; nothing was changed" in line
    assert_unchanged(api, deployed)


def test_a_renamed_operation_is_one_line_and_changes_nothing(deployed: Deployed, api: AwsApi, tmp_path: Path) -> None:
    def edit(document: dict[str, Any]) -> None:
        first_workflow(document)["calls"][0]["operation"] = "PutRolePolicyEverywhere"

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit))

    assert "does not match its own desired state" in line
    assert_unchanged(api, deployed)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("tracing", "yes", "'desired.workflows[0].tracing': must be true or false, found a string"),
        ("tags", ["team"], "'desired.workflows[0].tags': must be an object, found a list"),
        ("definition", "{}", "'desired.workflows[0].definition': must be an object, found a string"),
        ("type", "BATCH", "'desired.workflows[0].type': must be one of STANDARD, EXPRESS, found 'BATCH'"),
        ("trigger", "cron", "'desired.workflows[0].trigger': unknown key"),
        ("rolearn", "x", "'desired.workflows[0].rolearn': unknown key (did you mean 'role_arn'?)"),
    ],
)
def test_wrong_types_and_unknown_keys_are_one_line_errors(
    deployed: Deployed, api: AwsApi, tmp_path: Path, key: str, value: Any, message: str
) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["desired"]["workflows"][0][key] = value

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit))

    assert message in line
    assert_unchanged(api, deployed)


def test_a_missing_key_is_named(deployed: Deployed, api: AwsApi, tmp_path: Path) -> None:
    def edit(document: dict[str, Any]) -> None:
        del document["desired"]["workflows"][0]["role_arn"]

    assert "'desired.workflows[0].role_arn': is required but missing" in refused(
        deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit)
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda w: w["tags"].update({"sfndeploy:project": "other"}), "do not name project 'demo'"),
        (lambda w: w["role"]["tags"].update({"sfndeploy:environment": "prod"}), "role.tags': do not name project"),
        (lambda w: w.update(state_machine_name="payments-prod"), "state_machine_name': must be '"),
        (lambda w: w["role"].update(name="OrganizationAccountAccessRole"), "must be a role under /sfndeploy/"),
        (lambda w: w["role"]["trust_policy"]["Statement"][0].update(Principal={"AWS": "*"}),
         "is not the trust policy sfndeploy derives"),
        (lambda w: w["definition"].update(StartAt="Nowhere"), "definition': is not a valid definition (1 error(s)"),
    ],
)
def test_a_desired_state_outside_the_project_and_environment_is_refused(
    deployed: Deployed, api: AwsApi, tmp_path: Path, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    def forge(document: dict[str, Any]) -> None:
        edit(document["desired"]["workflows"][0])

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", forge))

    assert message in line
    assert_unchanged(api, deployed)


def test_a_workflow_named_twice_is_refused(deployed: Deployed, tmp_path: Path) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["desired"]["workflows"].append(document["desired"]["workflows"][0])

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit))

    assert "'desired.workflows': name workflow 'hello-world' more than once; nothing was changed" in line


def test_a_plan_for_another_account_is_refused(deployed: Deployed, api: AwsApi, tmp_path: Path) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["desired"]["account_id"] = "999999999999"

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit))

    assert f"'desired.account_id': is '999999999999', but environment {deployed.env} says '{ACCOUNT}'" in line


def test_a_plan_of_the_old_format_that_stored_calls_is_refused(deployed: Deployed, tmp_path: Path) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["format"] = "sfndeploy-plan/1"

    line = refused(deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit))

    assert "is not an sfndeploy plan file of format sfndeploy-plan/2 (found sfndeploy-plan/1)" in line


def test_an_option_of_the_wrong_type_is_refused(
    deployed: Deployed, api: AwsApi, tmp_path: Path
) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["options"]["prune"] = "yes"

    assert "'options.prune': must be true or false" in refused(
        deployed, tampered(deployed.plan_file, tmp_path / "p.plan", edit)
    )


def test_signed_plans_apply_and_unsigned_or_altered_ones_are_refused(
    tmp_path: Path, api: AwsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsigned = deploy_and_save(tmp_path, api, f"sp{next(_names)}")
    monkeypatch.setenv("SFNDEPLOY_PLAN_KEY", "pipeline-secret")
    line = refused(unsigned, unsigned.plan_file)
    assert "is not signed, and SFNDEPLOY_PLAN_KEY is set: refusing it" in line

    signed_file = tmp_path / "signed.plan"
    assert run(unsigned.project, "plan", "-e", unsigned.env, "--out", str(signed_file)).exit_code == 0
    assert json.loads(signed_file.read_text())["signature"]["algorithm"] == "HMAC-SHA256"

    def edit(document: dict[str, Any]) -> None:
        document["desired"]["workflows"][0]["tags"]["team"] = "attacker"

    forged = tampered(signed_file, tmp_path / "forged.plan", edit)
    assert "has no valid signature for the key in SFNDEPLOY_PLAN_KEY" in refused(unsigned, forged)
    monkeypatch.setenv("SFNDEPLOY_PLAN_KEY", "another-key")
    assert "has no valid signature" in refused(unsigned, signed_file)
    assert_unchanged(api, unsigned)

    monkeypatch.setenv("SFNDEPLOY_PLAN_KEY", "pipeline-secret")
    applied = run(unsigned.project, "apply", "-e", unsigned.env, str(signed_file))
    assert applied.exit_code == 0, applied.output
    assert machine_tags(api, unsigned.machine_arn)["team"] == "payments"


def test_the_reviewed_plan_applies_and_is_computed_again_not_replayed(tmp_path: Path, api: AwsApi) -> None:
    deployed = deploy_and_save(tmp_path, api, f"sp{next(_names)}")

    applied = run(deployed.project, "apply", "-e", deployed.env, str(deployed.plan_file))

    assert applied.exit_code == 0, applied.output
    assert "Apply complete: 0 created, 1 updated, 0 deleted" in applied.output
    assert machine_tags(api, deployed.machine_arn)["team"] == "payments"
    again = run(deployed.project, "apply", "-e", deployed.env, str(deployed.plan_file))
    assert again.exit_code == 1
    assert "the live state changed since the plan was made (workflows: hello-world)" in again.output
