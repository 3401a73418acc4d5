"""A workflow's event triggers and notifications planned against moto: create, no-op, drift, ownership, prune."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.eventbridge.planning import (
    DesiredRules,
    desired_rules,
    orphan_rule_steps,
    read_live_rules,
    rule_drift,
    rule_steps,
)
from sfndeploy.model import RenderedWorkflow
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.plan.kinds.base import DriftItem
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.plan.steps import ApiCall
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

PROJECT = "project"


def run(api: AwsApi, calls: tuple[ApiCall, ...] | list[ApiCall]) -> None:
    for call in calls:
        api.call(call.service, call.operation, target=call.target, **call.params)


def render(root: Path, name: str) -> RenderedWorkflow:
    project = load_project(root)
    return next(w for w in render_workflows(project, load_environment(project, "dev")) if w.name == name)


def spec(unique: str, topic: str, extra: str = "") -> str:
    return (
        f"name: hello{unique}\n"
        + HELLO_SPEC.split("\n", 1)[1]
        + "alias: live\n"
        + "triggers:\n  placed:\n    event:\n      pattern: {source: [acme.shop], detail-type: [OrderPlaced]}\n"
        + "    input_path: $.detail\n"
        + f"notifications:\n  failures:\n    statuses: [FAILED, TIMED_OUT]\n    sns: {topic}\n    grant: true\n"
        + extra
    )


@pytest.fixture
def topic(api: AwsApi, unique: str) -> str:
    return str(api.call("sns", "CreateTopic", Name=f"alerts-{unique}")["TopicArn"])


def desired_for(make_project: ProjectFactory, unique: str, topic: str, extra: str = "") -> DesiredRules:
    root = make_project({f"templates/hello{unique}.yaml.j2": spec(unique, topic, extra)})
    return desired_rules(render(root, f"hello{unique}"), f"{PROJECT}-{unique}")


def test_create_then_nothing_to_do(api: AwsApi, make_project: ProjectFactory, unique: str, topic: str) -> None:
    desired = desired_for(make_project, unique, topic)
    project = f"{PROJECT}-{unique}"
    machine = f"hello{unique}-dev"
    assert [rule.name for rule in desired.rules] == [f"{machine}-placed", f"{machine}-notify-failures"]
    trigger_rule = desired.rules[0]
    assert trigger_rule.target.arn == f"arn:aws:states:us-east-1:111111111111:stateMachine:{machine}:live"
    assert trigger_rule.target.role_arn == f"arn:aws:iam::111111111111:role/sfndeploy/{machine}-placed-invoke"
    assert trigger_rule.target.input_path == "$.detail"
    assert dict(trigger_rule.tags) == {
        "environment": "dev",
        "sfndeploy:project": project,
        "sfndeploy:environment": "dev",
        "sfndeploy:workflow": f"hello{unique}",
    }
    live = read_live_rules(api, [desired], project, "dev")
    steps = rule_steps(desired, live, project, "dev")
    assert steps.lines[0] == (
        f"+ rule {machine}-placed (trigger placed: event pattern on bus default → "
        f"arn:aws:states:us-east-1:111111111111:stateMachine:{machine}:live)"
    )
    assert steps.lines[2] == f"+ permission for rule {machine}-notify-failures to publish to topic alerts-{unique}"
    assert [c.operation for c in steps.calls] == [
        "PutRule",
        "PutTargets",
        "TagResource",
        "PutRule",
        "PutTargets",
        "TagResource",
        "SetTopicAttributes",
    ]
    run(api, steps.calls)
    again = read_live_rules(api, [desired], project, "dev")
    assert rule_steps(desired, again, project, "dev") == type(steps)()
    assert rule_drift(desired, again) == []
    policy = json.loads(api.call("sns", "GetTopicAttributes", TopicArn=topic)["Attributes"]["Policy"])
    [ours] = [s for s in policy["Statement"] if s.get("Sid") == f"sfndeploy-{machine}-notify-failures"]
    assert ours["Condition"] == {
        "ArnEquals": {"aws:SourceArn": f"arn:aws:events:us-east-1:111111111111:rule/{machine}-notify-failures"}
    }


def test_drift_and_a_rule_taken_over_by_someone_else(
    api: AwsApi, make_project: ProjectFactory, unique: str, topic: str
) -> None:
    desired = desired_for(make_project, unique, topic)
    project = f"{PROJECT}-{unique}"
    run(api, rule_steps(desired, read_live_rules(api, [desired], project, "dev"), project, "dev").calls)
    name = desired.rules[0].name
    api.call("events", "DisableRule", Name=name)
    api.call("sns", "SetTopicAttributes", TopicArn=topic, AttributeName="Policy", AttributeValue='{"Statement": []}')
    live = read_live_rules(api, [desired], project, "dev")
    assert rule_drift(desired, live) == [
        DriftItem(
            desired.workflow, f"rule {name}", "changed outside sfndeploy", (f"~ rule {name}: disabled → enabled",)
        ),
        DriftItem(
            desired.workflow,
            f"permission of rule {desired.rules[1].name}",
            "missing or changed outside sfndeploy",
            (f"+ permission for rule {desired.rules[1].name} to publish to topic alerts-{unique}",),
        ),
    ]
    arn = live.rules[("default", name)].arn
    api.call("events", "TagResource", ResourceARN=arn, Tags=[{"Key": "sfndeploy:workflow", "Value": "other"}])
    with pytest.raises(NotOwned) as caught:
        rule_steps(desired, read_live_rules(api, [desired], project, "dev"), project, "dev")
    assert caught.value.message.startswith(
        f"EventBridge rule '{name}' belongs to project '{project}', environment 'dev'"
    )


def test_a_notification_that_left_the_sources_is_kept_or_pruned(
    api: AwsApi, make_project: ProjectFactory, unique: str, topic: str
) -> None:
    desired = desired_for(make_project, unique, topic)
    project = f"{PROJECT}-{unique}"
    run(api, rule_steps(desired, read_live_rules(api, [desired], project, "dev"), project, "dev").calls)
    without = DesiredRules(desired.workflow, desired.rules[:1])
    live = read_live_rules(api, [without], project, "dev")
    notify = desired.rules[1].name
    assert orphan_rule_steps([without], live, prune=False) == ([], [], [f"rule {notify}"])
    lines, calls, kept = orphan_rule_steps([without], live, prune=True)
    assert kept == []
    assert lines == [
        f"- rule {notify} (no trigger or notification names it)",
        f"- permission for rule {notify} to publish to topic alerts-{unique}",
    ]
    assert [c.operation for c in calls] == ["RemoveTargets", "DeleteRule", "SetTopicAttributes"]
    run(api, calls)
    after = read_live_rules(api, [without], project, "dev")
    assert orphan_rule_steps([without], after, prune=True) == ([], [], [])
    policy = json.loads(api.call("sns", "GetTopicAttributes", TopicArn=topic)["Attributes"]["Policy"])
    assert all(s.get("Sid") != f"sfndeploy-{notify}" for s in policy["Statement"])


def test_rules_of_other_projects_are_never_orphans(api: AwsApi, unique: str) -> None:
    name = f"neighbour-{unique}"
    tags = [
        {"Key": "sfndeploy:project", "Value": "other"},
        {"Key": "sfndeploy:environment", "Value": "dev"},
        {"Key": "sfndeploy:workflow", "Value": "x"},
    ]
    api.call("events", "PutRule", Name=name, ScheduleExpression="rate(1 day)", Tags=tags)
    api.call("events", "PutRule", Name=f"untagged-{unique}", ScheduleExpression="rate(1 day)")
    live = read_live_rules(api, [], PROJECT, "dev")
    assert ("default", name) not in live.rules
    assert ("default", f"untagged-{unique}") not in live.rules
