"""A brought ``role.arn`` read from IAM at plan time (moto's server serves IAM): refused when it certainly
cannot start the target, warned about when that cannot be decided, never written to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.plan.service import compute_plan, load_target

ACCOUNT = "123456789012"
REGION = "us-east-1"

ENV = f"""\
name: {{name}}
region: {REGION}
account_id: "{ACCOUNT}"
naming:
  prefix: {{name}}-
"""

SPEC = """\
name: hello
alias: live
definition:
  StartAt: Done
  States:
    Done:
      Type: Pass
      End: true
triggers:
  orders:
    event:
      pattern: {{source: [acme.shop]}}
    role:
      arn: {role_arn}
"""
ROLE_LINE = 14  # the line of 'arn:' in SPEC


def _project(root: Path, env: str, role_arn: str) -> Path:
    (root / "environments").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "sfndeploy.yaml").write_text("project: shop\n")
    (root / "environments" / f"{env}.yaml").write_text(ENV.format(name=env))
    (root / "templates" / "hello.yaml.j2").write_text(SPEC.format(role_arn=role_arn))
    return root


def _trust(service: str = "events.amazonaws.com", **extra: Any) -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole", **extra}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _role(api: AwsApi, name: str, trust: str, *inline: str) -> str:
    arn: str = api.call("iam", "CreateRole", RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    for index, document in enumerate(inline):
        api.call("iam", "PutRolePolicy", RoleName=name, PolicyName=f"p{index}", PolicyDocument=document)
    return arn


def _target(env: str) -> str:
    return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{env}-hello:live"


def _start(resource: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": "states:StartExecution", "Resource": resource, **extra}


def _plan_warnings(api: AwsApi, root: Path, env: str) -> tuple[str, ...]:
    plan = compute_plan(api, load_target(root, env).desired)
    return tuple(w for workflow in plan.workflows for w in workflow.warnings if "role.arn" in w)


def _refusal(api: AwsApi, root: Path, env: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        compute_plan(api, load_target(root, env).desired)
    assert caught.value.key == "triggers.orders.role.arn"
    assert caught.value.location == SourceLocation("templates/hello.yaml.j2", ROLE_LINE, 7)
    return caught.value


def test_a_role_that_can_start_the_alias_plans_without_a_word(api: AwsApi, unique: str, tmp_path: Path) -> None:
    arn = _role(api, f"{unique}-good", _trust(), _policy(_start(_target(unique))))
    assert _plan_warnings(api, _project(tmp_path, unique, arn), unique) == ()


def test_a_managed_policy_counts(api: AwsApi, unique: str, tmp_path: Path) -> None:
    arn = _role(api, f"{unique}-managed", _trust())
    policy = api.call("iam", "CreatePolicy", PolicyName=f"{unique}-start", PolicyDocument=_policy(_start("*")))
    api.call("iam", "AttachRolePolicy", RoleName=f"{unique}-managed", PolicyArn=policy["Policy"]["Arn"])
    assert _plan_warnings(api, _project(tmp_path, unique, arn), unique) == ()


def test_a_role_without_the_action_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    describe = {"Effect": "Allow", "Action": "states:Describe*", "Resource": "*"}
    arn = _role(api, f"{unique}-reader", _trust(), _policy(describe))
    error = _refusal(api, _project(tmp_path, unique, arn), unique)
    assert error.message == (
        f"the role {arn} cannot states:StartExecution on {_target(unique)}: no statement of its policies allows it"
    )


def test_a_role_for_another_machine_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    other = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{unique}-other"
    arn = _role(api, f"{unique}-other", _trust(), _policy(_start(other)))
    assert "no statement of its policies allows it" in _refusal(api, _project(tmp_path, unique, arn), unique).message


def test_a_role_trusting_another_service_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    arn = _role(api, f"{unique}-sched", _trust("scheduler.amazonaws.com"), _policy(_start("*")))
    error = _refusal(api, _project(tmp_path, unique, arn), unique)
    assert error.message == (
        f"events.amazonaws.com cannot assume the role {arn} (sts:AssumeRole): no statement allows it"
    )


def test_an_explicit_deny_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    deny = {"Sid": "NoStarts", "Effect": "Deny", "Action": "states:*", "Resource": "*"}
    arn = _role(api, f"{unique}-denied", _trust(), _policy(_start("*")), _policy(deny))
    error = _refusal(api, _project(tmp_path, unique, arn), unique)
    assert error.message == (
        f"the role {arn} cannot states:StartExecution on {_target(unique)}: statement 'NoStarts' of inline policy p1 "
        "denies it"
    )


def test_a_boundary_that_does_not_allow_the_action_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    lambdas = {"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}
    boundary = api.call("iam", "CreatePolicy", PolicyName=f"{unique}-fence", PolicyDocument=_policy(lambdas))
    arn = _role(api, f"{unique}-fenced", _trust(), _policy(_start("*")))
    boundary_arn = boundary["Policy"]["Arn"]
    api.call("iam", "PutRolePermissionsBoundary", RoleName=f"{unique}-fenced", PermissionsBoundary=boundary_arn)
    error = _refusal(api, _project(tmp_path, unique, arn), unique)
    assert error.message == (
        f"the role {arn} cannot states:StartExecution on {_target(unique)}: its permissions boundary "
        f"{boundary_arn} does not allow it"
    )


def test_a_role_that_does_not_exist_is_refused(api: AwsApi, unique: str, tmp_path: Path) -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:role/{unique}-nobody"
    assert _refusal(api, _project(tmp_path, unique, arn), unique).message == f"the role {arn} does not exist"


def test_a_condition_is_a_warning(api: AwsApi, unique: str, tmp_path: Path) -> None:
    condition = {"StringEquals": {"aws:PrincipalTag/team": "orders"}}
    arn = _role(api, f"{unique}-cond", _trust(), _policy(_start(_target(unique), Condition=condition)))
    assert _plan_warnings(api, _project(tmp_path, unique, arn), unique) == (
        f"trigger orders (triggers.orders.role.arn): the role {arn} may not states:StartExecution on "
        f"{_target(unique)}: statement 1 of inline policy p0 may allow it (a condition on aws:PrincipalTag/team)",
    )


def test_the_confused_deputy_conditions_are_evaluated(api: AwsApi, unique: str, tmp_path: Path) -> None:
    rule = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{unique}-hello-orders"
    trust = _trust(Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}, "ArnEquals": {"aws:SourceArn": rule}})
    arn = _role(api, f"{unique}-deputy", trust, _policy(_start(_target(unique))))
    assert _plan_warnings(api, _project(tmp_path, unique, arn), unique) == ()


def _no_writes(api: AwsApi, env: str) -> None:
    machines = api.call("stepfunctions", "ListStateMachines")["stateMachines"]
    assert [m["name"] for m in machines if m["name"].startswith(f"{env}-")] == []
    rules = api.call("events", "ListRules", NamePrefix=f"{env}-")["Rules"]
    assert rules == []


@pytest.mark.parametrize("command", [["plan"], ["apply", "--auto-approve"]])
def test_plan_and_apply_exit_1_with_one_line_and_write_nothing(
    api: AwsApi, unique: str, tmp_path: Path, command: list[str]
) -> None:
    arn = _role(api, f"{unique}-cli", _trust(), _policy(_start("arn:aws:states:*:*:stateMachine:elsewhere")))
    root = _project(tmp_path, unique, arn)
    result = CliRunner().invoke(cli, ["--project-dir", str(root), *command, "-e", unique])
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if line.strip()] == [
        f"error: templates/hello.yaml.j2:{ROLE_LINE}:7: 'triggers.orders.role.arn': the role {arn} cannot "
        f"states:StartExecution on {_target(unique)}: no statement of its policies allows it"
    ]
    _no_writes(api, unique)


def test_plan_shows_what_it_could_not_decide_and_applies(api: AwsApi, unique: str, tmp_path: Path) -> None:
    tagged = _start("*", Condition={"StringEquals": {"aws:ResourceTag/team": "orders"}})
    boundary = api.call("iam", "CreatePolicy", PolicyName=f"{unique}-boundary", PolicyDocument=_policy(tagged))
    arn = _role(api, f"{unique}-bounded", _trust(), _policy(_start(_target(unique))))
    boundary_arn = boundary["Policy"]["Arn"]
    api.call("iam", "PutRolePermissionsBoundary", RoleName=f"{unique}-bounded", PermissionsBoundary=boundary_arn)
    root = _project(tmp_path, unique, arn)
    planned = CliRunner().invoke(cli, ["--project-dir", str(root), "plan", "-e", unique])
    assert planned.exit_code == 0, planned.output
    assert (
        f"! trigger orders (triggers.orders.role.arn): the role {arn} may not states:StartExecution on "
        f"{_target(unique)}: statement 1 of permissions boundary {boundary_arn} may allow it (a condition on "
        "aws:ResourceTag/team)"
    ) in planned.output
    applied = CliRunner().invoke(cli, ["--project-dir", str(root), "apply", "-e", unique, "--auto-approve"])
    assert applied.exit_code == 0, applied.output
    [target] = api.call("events", "ListTargetsByRule", Rule=f"{unique}-hello-orders")["Targets"]
    assert (target["Arn"], target["RoleArn"]) == (_target(unique), arn)


def test_a_saved_plan_checks_the_role_again_when_applied(api: AwsApi, unique: str, tmp_path: Path) -> None:
    arn = _role(api, f"{unique}-saved", _trust(), _policy(_start(_target(unique))))
    root = _project(tmp_path, unique, arn)
    saved = tmp_path / "reviewed.plan"
    planned = CliRunner().invoke(cli, ["--project-dir", str(root), "plan", "-e", unique, "--out", str(saved)])
    assert planned.exit_code == 0, planned.output
    deny = {"Effect": "Deny", "Action": "states:StartExecution", "Resource": "*"}
    api.call("iam", "PutRolePolicy", RoleName=f"{unique}-saved", PolicyName="stop", PolicyDocument=_policy(deny))

    applied = CliRunner().invoke(cli, ["--project-dir", str(root), "apply", "-e", unique, str(saved)])

    assert applied.exit_code == 1, applied.output
    assert f"the role {arn} cannot states:StartExecution on {_target(unique)}: statement 1 of inline policy stop" in (
        applied.output
    )
    _no_writes(api, unique)


def test_a_schedules_role_in_another_account_is_a_warning(api: AwsApi, unique: str, tmp_path: Path) -> None:
    """Render lets it through (Scheduler's documentation does not say); plan cannot read it, so it warns."""
    arn = "arn:aws:iam::210987654321:role/central-scheduler"
    root = _project(tmp_path, unique, arn)
    spec = root / "templates" / "hello.yaml.j2"
    spec.write_text(
        spec.read_text().replace("    event:\n      pattern: {source: [acme.shop]}\n", "    schedule: rate(1 day)\n")
    )
    assert _plan_warnings(api, root, unique) == (
        f"trigger orders (triggers.orders.role.arn): the role {arn} was not checked: it is in account "
        f"210987654321, not the environment's ({ACCOUNT})",
    )


def test_a_role_named_with_another_path_is_a_warning(api: AwsApi, unique: str, tmp_path: Path) -> None:
    name = f"{unique}-pathed"
    created = api.call("iam", "CreateRole", RoleName=name, Path="/team/", AssumeRolePolicyDocument=_trust())
    arn = f"arn:aws:iam::{ACCOUNT}:role/{name}"
    assert _plan_warnings(api, _project(tmp_path, unique, arn), unique) == (
        f"trigger orders (triggers.orders.role.arn): the role {arn} was not checked: IAM names the role of that "
        f"name {created['Role']['Arn']}",
    )
