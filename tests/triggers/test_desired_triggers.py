"""The resources a workflow's triggers deploy: invoke roles, the schedule group, schedules."""

from __future__ import annotations

import json

from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.plan.desired import TAG_POLICY_HASH
from sfndeploy.triggers.resources import desired_triggers
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

TRIGGERS = """\
alias: live
triggers:
  nightly:
    schedule: cron(0 2 * * ? *)
    timezone: Europe/Berlin
  placed:
    event: {pattern: {detail-type: [OrderPlaced]}}
  own-role:
    schedule: rate(1 hour)
    role: {arn: "arn:aws:iam::111111111111:role/team-scheduler"}
"""


def test_each_trigger_gets_its_role_and_each_schedule_its_place_in_the_group(make_project: ProjectFactory) -> None:
    project = load_project(make_project({"templates/hello.yaml.j2": HELLO_SPEC + TRIGGERS}))
    [workflow] = render_workflows(project, load_environment(project, "dev"))
    desired = desired_triggers(workflow, project.name)
    assert [role.name for role in desired.roles] == ["hello-dev-nightly-invoke", "hello-dev-placed-invoke"]
    nightly = desired.roles[0]
    assert nightly.arn == "arn:aws:iam::111111111111:role/sfndeploy/hello-dev-nightly-invoke"
    assert nightly.path == "/sfndeploy/"
    assert nightly.policy["Statement"] == [
        {
            "Sid": "StartTheTargetWorkflow",
            "Effect": "Allow",
            "Action": "states:StartExecution",
            "Resource": "arn:aws:states:us-east-1:111111111111:stateMachine:hello-dev:live",
        }
    ]
    condition = nightly.trust_policy["Statement"][0]["Condition"]
    assert condition == {
        "StringEquals": {"aws:SourceAccount": "111111111111"},
        "ArnEquals": {"aws:SourceArn": "arn:aws:scheduler:us-east-1:111111111111:schedule-group/project-dev"},
    }
    placed = desired.roles[1]
    assert placed.trust_policy["Statement"][0]["Principal"] == {"Service": "events.amazonaws.com"}
    assert placed.trust_policy["Statement"][0]["Condition"]["ArnEquals"] == {
        "aws:SourceArn": "arn:aws:events:us-east-1:111111111111:rule/hello-dev-placed"
    }
    tags = dict(nightly.tags)
    assert TAG_POLICY_HASH in tags
    del tags[TAG_POLICY_HASH]
    assert tags == {
        "environment": "dev",
        "sfndeploy:project": "project",
        "sfndeploy:environment": "dev",
        "sfndeploy:workflow": "hello",
    }
    assert desired.group is not None and desired.group.name == "project-dev"
    assert desired.group.tags["sfndeploy:workflow"] == "*"
    assert [(s.name, s.group, s.role_arn) for s in desired.schedules] == [
        ("hello-nightly", "project-dev", nightly.arn),
        ("hello-own-role", "project-dev", "arn:aws:iam::111111111111:role/team-scheduler"),
    ]
    params = desired.schedules[0].params()
    assert params["ScheduleExpressionTimezone"] == "Europe/Berlin"
    assert params["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert params["Target"]["RetryPolicy"] == {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400}
    assert json.dumps(params)  # a plan file holds the parameters as JSON


def test_a_workflow_without_schedules_needs_no_group(make_project: ProjectFactory) -> None:
    project = load_project(make_project({}))
    [workflow] = render_workflows(project, load_environment(project, "dev"))
    desired = desired_triggers(workflow, project.name)
    assert (desired.roles, desired.group, desired.schedules) == ((), None, ())
