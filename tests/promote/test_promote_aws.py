"""Promotion against the moto server: the happy path, --check, and every refusal."""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from tests.promote.conftest import ORDERS_SPEC, Project, git


def _machine_exists(api: AwsApi, arn: str) -> bool:
    try:
        api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    except AwsCallError as error:
        assert error.code == "StateMachineDoesNotExist", error
        return False
    return True


def test_promote_deploys_staging_from_the_sources_dev_runs(project: Project, api: AwsApi) -> None:
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "ok       orders: dev runs these sources" in result.output
    assert "diff-env dev → staging: 0 structural difference(s)" in result.output
    assert "Promoted orders, refunds from dev to staging" in result.output
    arn = project.arn("orders", "staging")
    machine = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    assert json.loads(machine["definition"])["States"]["Charge"]["Retry"][0]["MaxAttempts"] == 3
    version = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=f"{arn}:1")
    assert "env=staging" in version["description"]
    assert "from=dev" in version["description"]
    dev_version = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=project.arn("orders", "dev") + ":1")
    src = next(part for part in dev_version["description"].split() if part.startswith("src="))
    assert src in version["description"]


def test_check_passes_and_changes_nothing(project: Project, api: AwsApi) -> None:
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "--check")

    assert result.exit_code == 0, result.output
    assert not _machine_exists(api, project.arn("orders", "staging"))


def test_check_as_json_names_each_workflow(project: Project) -> None:
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--check", "--json")

    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(w["workflow"], w["ok"]) for w in data["workflows"]] == [("orders", True)]


def test_refused_when_source_environment_is_behind_the_checkout(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    project.write("templates/orders.yaml.j2", ORDERS_SPEC.replace("Type: Pass", "Type: Pass\n      Comment: new"))
    project.commit("change orders")

    result = project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")

    assert result.exit_code == 1
    assert "refused  orders: dev runs orders from sources" in result.output
    assert "dev is behind your checkout; deploy there first: sfndeploy apply -e dev" in result.output
    assert "ok       refunds" in result.output
    assert not _machine_exists(api, project.arn("orders", "staging"))
    assert not _machine_exists(api, project.arn("refunds", "staging"))


def test_refused_when_source_environment_is_ahead_of_the_checkout(project: Project, api: AwsApi) -> None:
    first = git(project.root, "rev-parse", "--short=12", "HEAD")
    project.write("templates/orders.yaml.j2", ORDERS_SPEC.replace("Type: Pass", "Type: Pass\n      Comment: new"))
    newer = project.commit("change orders")
    project.apply("dev")
    git(project.root, "checkout", "-q", first)

    result = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--check")

    assert result.exit_code == 1
    assert f"dev is ahead of your checkout; check out {newer}" in result.output


def test_uncommitted_edits_are_named(project: Project) -> None:
    project.apply("dev")
    project.write("templates/refunds.yaml.j2", "# edited\n" + (project.root / "templates/refunds.yaml.j2").read_text())

    result = project.run("promote", "--from", "dev", "--to", "staging", "refunds", "--check")

    assert result.exit_code == 1
    assert "uncommitted changes" in result.output


def test_refused_when_source_not_deployed(project: Project) -> None:
    result = project.run("promote", "--from", "dev", "--to", "staging", "--check")

    assert result.exit_code == 1
    assert "orders is not deployed in dev" in result.output


def test_refused_between_environments_not_in_a_chain(project: Project, api: AwsApi) -> None:
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "prod", "--auto-approve")

    assert result.exit_code == 1
    assert "error: environment 'prod' is promoted from 'staging', not from 'dev'" in result.output
    assert not _machine_exists(api, project.arn("orders", "prod"))


def test_refused_for_a_workflow_missing_in_the_target(project: Project) -> None:
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "shipping", "--auto-approve")

    assert result.exit_code == 1
    assert "no workflow named 'shipping'" in result.output


def test_saved_plan_is_applied_after_the_same_checks(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    plan_file = project.root.parent / "staging.plan"

    saved = project.run("promote", "--from", "dev", "--to", "staging", "--out", str(plan_file))
    assert saved.exit_code == 0, saved.output
    assert not _machine_exists(api, project.arn("orders", "staging"))

    applied = project.run("promote", "--from", "dev", "--to", "staging", "--plan", str(plan_file))

    assert applied.exit_code == 0, applied.output
    assert _machine_exists(api, project.arn("orders", "staging"))
