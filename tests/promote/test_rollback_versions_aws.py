"""rollback, versions and manual routing against the moto server.

moto answers ListStateMachineVersions and DeleteStateMachineVersion with HTTP 500, so these runs
exercise the emulator path of the listing (describing ``<arn>:N`` in turn); the AWS path of both
calls is covered with botocore's Stubber in ``test_stubbed.py``.
"""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from sfndeploy.promote.versions import describe_alias
from tests.promote.conftest import Project, change_orders


def _three_versions_in_dev(project: Project) -> str:
    project.apply("dev")
    change_orders(project, "v2")
    project.apply("dev")
    change_orders(project, "v3")
    project.apply("dev")
    return project.arn("orders", "dev")


def _serving(api: AwsApi, arn: str) -> tuple[tuple[int, int], ...]:
    alias = describe_alias(api, f"{arn}:live")
    assert alias is not None
    return alias.routing


def test_rollback_to_the_previous_version(project: Project, api: AwsApi) -> None:
    arn = _three_versions_in_dev(project)

    result = project.run("rollback", "-e", "dev", "orders")

    assert result.exit_code == 0, result.output
    assert "alias live now serves version 2 (was version 3 100%)" in result.output
    assert _serving(api, arn) == ((2, 100),)
    plan = project.run("plan", "-e", "dev", "-w", "orders")
    assert "alias live" in plan.output  # the sources still want version 3's configuration


def test_rollback_to_a_named_version(project: Project, api: AwsApi) -> None:
    arn = _three_versions_in_dev(project)

    result = project.run("rollback", "-e", "dev", "orders", "--to-version", "1")

    assert result.exit_code == 0, result.output
    assert "now serves version 1" in result.output
    assert _serving(api, arn) == ((1, 100),)


def test_rollback_without_an_earlier_version_changes_nothing(project: Project, api: AwsApi) -> None:
    project.apply("dev")

    result = project.run("rollback", "-e", "dev", "orders")

    assert result.exit_code == 1
    assert "error: 'orders' has no version before 1 to roll back to" in result.output
    assert _serving(api, project.arn("orders", "dev")) == ((1, 100),)


def test_rollback_to_a_version_that_does_not_exist(project: Project, api: AwsApi) -> None:
    project.apply("dev")

    result = project.run("rollback", "-e", "dev", "orders", "--to-version", "7")

    assert result.exit_code == 1
    assert "version 7 of 'orders' does not exist (versions: 1)" in result.output


def test_versions_lists_provenance_and_routing(project: Project) -> None:
    _three_versions_in_dev(project)
    project.run("rollback", "-e", "dev", "orders")

    result = project.run("versions", "-e", "dev", "orders", "--json", "--keep", "1")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # the note on what the endpoint lacks is on stderr
    assert [v["number"] for v in data["versions"]] == [3, 2, 1]
    assert [v["provenance"]["environment"] for v in data["versions"]] == ["dev"] * 3
    assert data["aliases"][0]["routing"] == [[2, 100]]
    # keep 1 keeps version 3 (newest); 2 is aliased; so only 1 may go
    assert [v["number"] for v in data["versions"] if v["prunable"]] == [1]
    text = project.run("versions", "-e", "dev", "orders").output
    assert "live 100%" in text and "env dev" in text


def test_manual_routing_must_add_up_to_100(project: Project, api: AwsApi) -> None:
    arn = _three_versions_in_dev(project)

    bad = project.run("rollout", "route", "-e", "dev", "orders", "3=90", "2=20")
    assert bad.exit_code == 1
    assert "the weights add up to 110, not 100" in bad.output
    assert _serving(api, arn) == ((3, 100),)

    good = project.run("rollout", "route", "-e", "dev", "orders", "3=90", "2=10")
    assert good.exit_code == 0, good.output
    assert _serving(api, arn) == ((3, 90), (2, 10))


def test_commands_on_a_workflow_not_deployed_say_so(project: Project) -> None:
    for command in (["rollback"], ["versions"], ["rollout", "status"]):
        result = project.run(*command, "-e", "dev", "orders")

        assert result.exit_code == 1, command
        assert f"error: workflow 'orders' is not deployed in dev (no state machine {project.prefix}-orders-dev)" in (
            result.output
        )


def test_rollback_during_a_rollout_returns_to_the_version_it_started_from(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    change_orders(project, "v2")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")

    result = project.run("rollback", "-e", "staging", "orders")

    assert result.exit_code == 0, result.output
    assert "now serves version 1 (was version 2 20%, version 1 80%)" in result.output
    assert _serving(api, project.arn("orders", "staging")) == ((1, 100),)


def test_pruning_on_an_endpoint_that_cannot_delete_versions_deletes_nothing(project: Project) -> None:
    _three_versions_in_dev(project)

    result = project.run("versions", "-e", "dev", "orders", "--prune", "--keep", "1")

    assert result.exit_code == 0, result.output
    assert "does not support DeleteStateMachineVersion" in result.output
    assert "Pruned versions of orders: none" in result.output
    assert "3 version(s)" in result.output
