"""``rollback`` repoints the alias at once, to the previous version or a named one.

What the alias serves is read back with DescribeStateMachineAlias and the version's own definition
with DescribeStateMachine on the version's ARN. Executions are not used to tell which version ran:
ministack runs an execution started through an alias or a version with the state machine's current
definition, where AWS runs the version the alias routes to.
"""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from tests.e2e.conftest import DEV_ACCOUNT, E2EProject, account_api, deploy_revisions, routing


def _comment(api: AwsApi, arn: str) -> str:
    found = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    return str(json.loads(found["definition"])["Comment"])


def test_rollback_serves_the_previous_version(project: E2EProject) -> None:
    deploy_revisions(project, "dev", 2)

    done = project.ok("rollback", "-e", "dev", "orders")

    assert done.stdout == "Rolled back orders in dev: alias live now serves version 1 (was version 2 100%).\n"
    assert routing(project.versions("dev")) == [[1, 100]]
    arn = project.arn("orders", "dev", DEV_ACCOUNT)
    assert _comment(account_api(DEV_ACCOUNT), f"{arn}:1") == "orders (dev) revision 1"


def test_rollback_to_a_named_version_and_back_to_the_newest(project: E2EProject) -> None:
    deploy_revisions(project, "dev", 3)

    project.ok("rollback", "-e", "dev", "orders", "--to-version", "1")
    assert routing(project.versions("dev")) == [[1, 100]]
    done = project.ok("rollback", "-e", "dev", "orders", "--to-version", "3")

    assert done.stdout == "Rolled back orders in dev: alias live now serves version 3 (was version 1 100%).\n"
    assert routing(project.versions("dev")) == [[3, 100]]


def test_rollback_to_a_version_that_does_not_exist_is_one_line_and_changes_nothing(project: E2EProject) -> None:
    deploy_revisions(project, "dev", 2)

    done = project.sfn("rollback", "-e", "dev", "orders", "--to-version", "9")

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["error: version 9 of 'orders' does not exist (versions: 1, 2)"]
    assert routing(project.versions("dev")) == [[2, 100]]
