"""Promotion between two accounts, each environment reached through its own assumed role.

moto's STS gives an assumed role's credentials the account of the role's ARN and keeps each
account's resources apart, so dev and staging below live in two accounts of one moto server.
"""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.cli.main import cli
from sfndeploy.model import AssumeRole
from tests.aws.conftest import no_sleep
from tests.promote.conftest import Project

DEV_ACCOUNT = "111111111111"
STAGING_ACCOUNT = "222222222222"


def _in_account(project: Project, env: str, account: str) -> None:
    path = project.root / "environments" / f"{env}.yaml"
    text = path.read_text().replace('account_id: "123456789012"', f'account_id: "{account}"')
    path.write_text(text + f"assume_role:\n  arn: arn:aws:iam::{account}:role/deployer\n")
    project.commit(f"{env} in account {account}")


def _api(account: str) -> AwsApi:
    role = AssumeRole(f"arn:aws:iam::{account}:role/deployer", "tests")
    settings = AwsSettings(region="us-east-1", total_attempts=1, account_id=account, assume_role=role)
    return make_api(settings, sleep=no_sleep)


def _definition(api: AwsApi, arn: str) -> dict[str, object] | None:
    try:
        found = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    except AwsCallError as error:
        assert error.code == "StateMachineDoesNotExist", error
        return None
    definition: dict[str, object] = json.loads(found["definition"])
    return definition


def _arn(project: Project, account: str, env: str) -> str:
    return f"arn:aws:states:us-east-1:{account}:stateMachine:{project.prefix}-orders-{env}"


def test_promote_reads_dev_with_devs_role_and_writes_staging_with_stagings(project: Project, api: AwsApi) -> None:
    _in_account(project, "dev", DEV_ACCOUNT)
    _in_account(project, "staging", STAGING_ACCOUNT)
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "ok       orders: dev runs these sources" in result.output
    staging = _definition(_api(STAGING_ACCOUNT), _arn(project, STAGING_ACCOUNT, "staging"))
    assert staging is not None
    assert staging["Comment"] == "Orders (staging)"
    assert _definition(_api(DEV_ACCOUNT), _arn(project, DEV_ACCOUNT, "staging")) is None
    assert _definition(api, _arn(project, "123456789012", "staging")) is None
    assert _definition(_api(DEV_ACCOUNT), _arn(project, DEV_ACCOUNT, "dev")) is not None


def test_promote_refuses_a_target_whose_role_is_in_another_account(project: Project, api: AwsApi) -> None:
    _in_account(project, "dev", DEV_ACCOUNT)
    path = project.root / "environments" / "staging.yaml"
    text = path.read_text().replace('account_id: "123456789012"', f'account_id: "{STAGING_ACCOUNT}"')
    path.write_text(text + f"assume_role:\n  arn: arn:aws:iam::{DEV_ACCOUNT}:role/deployer\n")
    project.commit("staging's role points at dev's account")
    project.apply("dev")

    result = project.runner.invoke(
        cli, ["--project-dir", str(project.root), "promote", "--from", "dev", "--to", "staging", "--auto-approve"]
    )

    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(
        f"error: environment staging is account {STAGING_ACCOUNT}, but role arn:aws:iam::{DEV_ACCOUNT}:role/deployer "
        f"reached account {DEV_ACCOUNT}; nothing was done"
    )
    for account in (DEV_ACCOUNT, STAGING_ACCOUNT):
        assert _definition(_api(account), _arn(project, account, "staging")) is None
