"""apply with the environment's rollout strategy, and the sources hash recorded in tags (moto server)."""

from __future__ import annotations

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.desired import TAG_SOURCES_HASH
from sfndeploy.plan.live import tag_dict
from sfndeploy.plan.service import load_target
from sfndeploy.promote.versions import describe_alias
from tests.promote.conftest import ORDERS_SPEC, Project, change_orders


def _routing(api: AwsApi, alias_arn: str) -> tuple[tuple[int, int], ...]:
    alias = describe_alias(api, alias_arn)
    assert alias is not None
    return alias.routing


def test_apply_runs_the_canary_of_the_environment(project: Project, api: AwsApi) -> None:
    project.apply("staging")
    change_orders(project, "v2")

    result = project.apply("staging", "-w", "orders")

    assert "[orders] rollout started: version 2 takes 20%, version 1 80%" in result.output
    assert "[orders] rollout completed: version 2 serves 100%" in result.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 100),)
    assert "No changes." in project.run("apply", "-e", "staging", "--auto-approve").output


def test_apply_no_wait_leaves_the_rollout_to_the_rollout_command(project: Project, api: AwsApi) -> None:
    project.apply("staging")
    change_orders(project, "v2")

    result = project.apply("staging", "-w", "orders", "--no-wait")

    assert "rollout left running; follow it with: sfndeploy rollout status -e staging orders" in result.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 20), (1, 80))
    again = project.run("apply", "-e", "staging", "-w", "orders", "--auto-approve")
    assert again.exit_code == 1
    assert "a rollout is in progress for: orders" in again.output
    done = project.run("rollout", "continue", "-e", "staging", "orders")
    assert done.exit_code == 0, done.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 100),)


def test_all_at_once_environments_apply_as_before(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    change_orders(project, "v2")

    result = project.apply("dev")

    assert "rollout" not in result.output
    assert _routing(api, project.arn("orders", "dev") + ":live") == ((2, 100),)


def test_apply_tags_the_sources_hash(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    arn = project.arn("orders", "dev")

    tags = tag_dict(api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)["tags"])

    local = load_target(project.root, "dev", ["orders"]).desired.workflow("orders")
    assert tags[TAG_SOURCES_HASH] == local.tags[TAG_SOURCES_HASH]
    assert len(tags[TAG_SOURCES_HASH]) == 64
    drift = project.run("drift", "-e", "dev")
    assert drift.exit_code == 0, drift.output  # the new tag is sfndeploy's own, not a tag edit


def test_a_sources_change_that_keeps_the_definition_is_still_promotable(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    project.write("templates/orders.yaml.j2", "# a comment changes the sources, not the definition\n" + ORDERS_SPEC)
    project.commit("comment")
    refused = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--check")
    assert refused.exit_code == 1  # dev was deployed from the sources before the comment

    project.apply("dev")  # no new version: only the sources-hash tag moves

    assert project.run("promote", "--from", "dev", "--to", "staging", "orders", "--check").exit_code == 0
    assert describe_alias(api, project.arn("orders", "dev") + ":live") is not None


def test_drift_names_sfndeploy_rollouts_and_rollbacks(project: Project) -> None:
    project.apply("staging")
    change_orders(project, "v2")
    project.apply("staging", "-w", "orders", "--no-wait")

    during = project.run("drift", "-e", "staging")
    assert "rollout in progress (routing 2=20%, 1=80%)" in during.output

    project.run("rollback", "-e", "staging", "orders")
    after = project.run("drift", "-e", "staging")
    assert "moved by 'sfndeploy rollback', not redeployed since (routing 1=100%)" in after.output
