"""Triggers keep starting the alias while sfndeploy's own canary routes it, against moto.

staging deploys with a canary (20%, run by the CLI). The orders workflow has a schedule, an event
rule and a notification that starts another workflow. After ``apply --no-wait`` starts a canary
of a new version, the schedule's and the rule's targets are still the alias (so the canary covers
triggered traffic), the notification's rule still matches the state machine, and a plan names only
the alias's routing, nothing of the triggers. When the canary completes, the same holds and the
plan is empty.
"""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from sfndeploy.promote.versions import describe_alias
from tests.promote.conftest import ORDERS_SPEC, Project, change_orders, make_project, project

__all__ = ["make_project", "project"]

TRIGGERS = """\
triggers:
  nightly:
    schedule: rate(1 day)
  placed:
    event:
      pattern: {source: [acme.shop], detail-type: [OrderPlaced]}
notifications:
  failures:
    statuses: [FAILED]
    workflow: {{ arn("states", "stateMachine:" ~ ("refunds" | named)) }}:live
"""


def group(project: Project) -> str:
    return f"canary-{project.prefix}-staging"


def targets(api: AwsApi, project: Project) -> dict[str, object]:
    nightly = api.call("scheduler", "GetSchedule", Name="orders-nightly", GroupName=group(project))
    machine = project.arn("orders", "staging")
    [placed] = api.call("events", "ListTargetsByRule", Rule=f"{project.prefix}-orders-staging-placed")["Targets"]
    notify = api.call("events", "DescribeRule", Name=f"{project.prefix}-orders-staging-notify-failures")
    return {
        "nightly": nightly["Target"]["Arn"],
        "placed": placed["Arn"],
        "notified about": json.loads(notify["EventPattern"])["detail"]["stateMachineArn"],
        "alias": f"{machine}:live",
        "machine": machine,
    }


def test_the_triggers_target_the_alias_during_and_after_a_canary(project: Project, api: AwsApi) -> None:
    project.write("sfndeploy.yaml", f"project: {group(project)[: -len('-staging')]}\n")  # a schedule group of its own
    project.write("templates/orders.yaml.j2", ORDERS_SPEC + TRIGGERS)
    project.commit("orders: triggers")
    project.apply("staging")
    alias = project.arn("orders", "staging") + ":live"
    change_orders(project, "v2")
    project.write("templates/orders.yaml.j2", project.root.joinpath("templates/orders.yaml.j2").read_text() + TRIGGERS)
    project.commit("orders: v2 keeps its triggers")

    started = project.apply("staging", "-w", "orders", "--no-wait")

    assert "rollout left running" in started.output, started.output
    live = describe_alias(api, alias)
    assert live is not None and live.routing == ((2, 20), (1, 80))
    found = targets(api, project)
    assert (found["nightly"], found["placed"]) == (alias, alias)
    assert found["notified about"] == [found["machine"]]
    plan = project.run("plan", "-e", "staging", "-w", "orders")
    assert plan.exit_code == 0, plan.output
    changes = [line.strip() for line in plan.output.splitlines() if line.startswith("    ")]
    assert changes == ["~ alias live routing: 2=20%, 1=80% → current version (100%)"]  # only the canary's routing

    done = project.run("rollout", "continue", "-e", "staging", "orders")

    assert done.exit_code == 0, done.output
    live = describe_alias(api, alias)
    assert live is not None and live.routing == ((2, 100),)
    assert targets(api, project) == found
    assert "No changes." in project.run("plan", "-e", "staging", "-w", "orders").output
