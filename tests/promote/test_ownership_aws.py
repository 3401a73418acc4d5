"""rollback, rollout and versions --prune never write to a state machine sfndeploy does not own (moto server).

moto answers DeleteStateMachineVersion with HTTP 500; that pruning asks the tags before each deletion
is covered with botocore's Stubber in ``test_stubbed.py``. Here the refusals come before any such call.
"""

from __future__ import annotations

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.promote.deploy import rollout_target
from sfndeploy.promote.rollback import rollback
from sfndeploy.promote.targets import open_workflow
from sfndeploy.promote.versions import describe_alias
from tests.promote.conftest import FakeClock, Project, change_orders

OWNERSHIP = ["sfndeploy:project", "sfndeploy:environment", "sfndeploy:workflow"]


def _two_versions_in_dev(project: Project) -> str:
    project.apply("dev")
    change_orders(project, "v2")
    project.apply("dev")
    return project.arn("orders", "dev")


def _alias(api: AwsApi, arn: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    alias = describe_alias(api, f"{arn}:live")
    assert alias is not None
    return alias.description, alias.routing


def _strip_ownership(api: AwsApi, arn: str) -> None:
    api.call("stepfunctions", "UntagResource", resourceArn=arn, tagKeys=OWNERSHIP)


@pytest.mark.parametrize(
    "command",
    [
        ["rollback", "-e", "dev", "orders"],
        ["rollback", "-e", "dev", "orders", "--to-version", "1"],
        ["rollout", "route", "-e", "dev", "orders", "1=50", "2=50"],
        ["rollout", "abort", "-e", "dev", "orders"],
        ["rollout", "continue", "-e", "dev", "orders", "--no-wait"],
        ["versions", "-e", "dev", "orders", "--prune", "--keep", "1"],
    ],
)
def test_writers_refuse_a_state_machine_without_ownership_tags(
    project: Project, api: AwsApi, command: list[str]
) -> None:
    arn = _two_versions_in_dev(project)
    _strip_ownership(api, arn)
    before = _alias(api, arn)

    result = project.run(*command)

    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"error: state machine '{project.prefix}-orders-dev' is not managed by sfndeploy (it lacks the "
        "sfndeploy:project, sfndeploy:environment, sfndeploy:workflow tags); nothing was changed "
        "(adopt it with 'sfndeploy import', or check the name)"
    ]
    assert _alias(api, arn) == before


def test_rollback_refuses_a_state_machine_tagged_for_another_environment(project: Project, api: AwsApi) -> None:
    arn = _two_versions_in_dev(project)
    api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": "sfndeploy:environment", "value": "prod"}])
    before = _alias(api, arn)

    result = project.run("rollback", "-e", "dev", "orders")

    assert result.exit_code == 1
    assert "belongs to project 'promo-test', environment 'prod', workflow 'orders', not to project 'promo-test', " \
        "environment 'dev', workflow 'orders'" in result.output
    assert _alias(api, arn) == before


def test_the_alias_write_itself_checks_the_tags_it_finds_then(project: Project, api: AwsApi) -> None:
    """Tags removed after the command looked at the state machine still stop the write."""
    arn = _two_versions_in_dev(project)
    deployment = open_workflow(project.root, "dev", "orders")
    _strip_ownership(api, arn)
    before = _alias(api, arn)

    with pytest.raises(NotOwned):
        rollback(api, rollout_target(deployment.workflow), FakeClock())

    assert _alias(api, arn) == before


def test_promote_refuses_a_target_state_machine_without_ownership_tags(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    assert project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve").exit_code == 0
    staging = project.arn("orders", "staging")
    _strip_ownership(api, staging)
    before = _alias(api, staging)
    change_orders(project, "v2")
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve")

    assert result.exit_code == 1, result.output
    assert f"error: state machine '{project.prefix}-orders-staging' is not managed by sfndeploy" in result.output
    assert _alias(api, staging) == before
