"""Promotion from dev's account to prod's, each reached through its own assumed role, in one run.

The ambient credentials belong to the pipeline's account (CI_ACCOUNT); neither environment lives
there. ministack keeps accounts apart and gives AssumeRole's credentials the account of the role's
ARN; it does not check trust policies here (it would only with its AUTH mode), so a refused role
or a wrong external id is not tested against it (tests/aws/test_aws_credentials.py has those).
"""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import AwsSettings, make_api
from tests.e2e.conftest import (
    CI_ACCOUNT,
    DEV_ACCOUNT,
    PROD_ACCOUNT,
    REGION,
    E2EProject,
    account_api,
    change_orders,
    environment_file,
    git,
    role_arn,
)


def _comment(api: AwsApi, arn: str) -> str | None:
    """The Comment of the state machine's definition, or None when there is no such state machine."""
    try:
        found = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    except AwsCallError as error:
        assert error.code == "StateMachineDoesNotExist", error
        return None
    return str(json.loads(found["definition"])["Comment"])


def _ambient() -> AwsApi:
    return make_api(AwsSettings(region=REGION, total_attempts=2))


def test_promote_reads_dev_in_its_account_and_writes_prod_in_its_own(project: E2EProject) -> None:
    project.ok("apply", "-e", "dev", "--auto-approve")
    commit = git(project.root, "rev-parse", "--short=12", "HEAD")

    done = project.ok("promote", "--from", "dev", "--to", "prod", "--auto-approve")

    assert "ok       orders: dev runs these sources" in done.stdout
    prod, dev = account_api(PROD_ACCOUNT), account_api(DEV_ACCOUNT)
    assert _comment(prod, project.arn("orders", "prod", PROD_ACCOUNT)) == "orders (prod) revision 1"
    assert _comment(dev, project.arn("orders", "prod", DEV_ACCOUNT)) is None
    assert _comment(prod, project.arn("orders", "dev", PROD_ACCOUNT)) is None
    assert _comment(_ambient(), project.arn("orders", "prod", CI_ACCOUNT)) is None
    (version,) = project.versions("prod")["versions"]
    assert (version["provenance"]["revision"], version["provenance"]["environment"]) == (commit, "prod")
    assert project.sfn("promote", "--from", "dev", "--to", "prod", "--check").returncode == 0


def test_a_checkout_ahead_of_dev_is_not_promoted(project: E2EProject) -> None:
    project.ok("apply", "-e", "dev", "--auto-approve")
    change_orders(project, 2)

    done = project.sfn("promote", "--from", "dev", "--to", "prod", "--auto-approve")

    assert done.returncode == 1
    assert "dev is behind your checkout" in done.stderr.splitlines()[-1]
    assert _comment(account_api(PROD_ACCOUNT), project.arn("orders", "prod", PROD_ACCOUNT)) is None


def test_a_role_of_another_account_is_refused_before_anything_is_written(project: E2EProject) -> None:
    text = environment_file("prod", PROD_ACCOUNT, project.prefix, promoted_from="dev")
    project.write("environments/prod.yaml", text.replace(role_arn(PROD_ACCOUNT), role_arn(DEV_ACCOUNT)))
    project.commit("prod's role is in dev's account")

    done = project.sfn("apply", "-e", "prod", "--auto-approve")

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"error: environment prod is account {PROD_ACCOUNT}, but role {role_arn(DEV_ACCOUNT)} reached account "
        f"{DEV_ACCOUNT}; nothing was done (use credentials of account {PROD_ACCOUNT} (profile, assume_role.arn or "
        "the ambient AWS_* variables), or correct account_id in the environment file)"
    ]
    assert _comment(account_api(DEV_ACCOUNT), project.arn("orders", "prod", DEV_ACCOUNT)) is None
    assert _comment(account_api(PROD_ACCOUNT), project.arn("orders", "prod", PROD_ACCOUNT)) is None
