"""import writes the EventBridge rules of a live state machine into its spec: triggers and notifications."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.triggers.model import EventTrigger
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"


def test_rules_of_a_machine_become_triggers_and_notifications(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-orders-local"
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}"
    _create(api, machine, _pass_machine())
    brought_role(api, "legacy-events", "events.amazonaws.com")
    pattern = {"source": ["acme.shop"], "detail-type": ["OrderPlaced"], "detail": {"total": [{"numeric": [">", 0]}]}}
    api.call("events", "PutRule", Name=f"{machine}-placed", EventPattern=json.dumps(pattern), State="DISABLED")
    api.call(
        "events",
        "PutTargets",
        Rule=f"{machine}-placed",
        Targets=[
            {
                "Id": "legacy",
                "Arn": arn,
                "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/legacy-events",
                "InputTransformer": {"InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": '{"orderId": <id>}'},
                "RetryPolicy": {"MaximumRetryAttempts": 4, "MaximumEventAgeInSeconds": 900},
            }
        ],
    )
    status = {
        "source": ["aws.states"],
        "detail-type": ["Step Functions Execution Status Change"],
        "detail": {"status": ["FAILED", "TIMED_OUT"], "stateMachineArn": [arn]},
    }
    api.call("events", "PutRule", Name=f"alarm-{env_name}", EventPattern=json.dumps(status))
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts-{env_name}"
    api.call("events", "PutTargets", Rule=f"alarm-{env_name}", Targets=[{"Id": "t", "Arn": topic}])
    api.call("events", "PutRule", Name=f"elsewhere-{env_name}", ScheduleExpression="rate(1 day)")
    api.call("events", "PutTargets", Rule=f"elsewhere-{env_name}", Targets=[{"Id": "t", "Arn": f"{arn}-other"}])

    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", machine, "-e", env_name])

    assert result.exit_code == 0, result.output
    assert (
        f"    rule alarm-{env_name} was imported under sfndeploy's rule name; apply creates that one: "
        "delete the old one then, or it fires twice"
    ) in result.output
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, env_name), ["orders"])
    [trigger] = workflow.triggers  # the rule that starts another machine is not imported
    assert isinstance(trigger, EventTrigger)
    assert (trigger.name, trigger.rule_name, trigger.enabled) == ("placed", f"{machine}-placed", False)
    assert trigger.pattern == pattern
    assert trigger.input_transformer is not None
    assert (trigger.input_transformer.paths, trigger.input_transformer.template) == (
        {"id": "$.detail.id"},
        '{"orderId": <id>}',
    )
    assert trigger.retry is not None and (trigger.retry.max_attempts, trigger.retry.max_event_age_seconds) == (4, 900)
    assert trigger.role.arn == f"arn:aws:iam::{ACCOUNT}:role/legacy-events"
    [notification] = workflow.notifications
    assert (notification.name, notification.statuses) == (f"alarm-{env_name}", ("FAILED", "TIMED_OUT"))
    assert (notification.target_kind, notification.target_arn) == ("sns", topic)
    assert notification.rule_name == f"{machine}-notify-alarm-{env_name}"


def test_a_topic_holding_sfndeploy_s_statement_imports_as_grant_true(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    """grant: true is not in the rule: it is the topic's policy holding sfndeploy's statement for the rule."""
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-orders-local"
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}"
    _create(api, machine, _pass_machine())
    status = {
        "source": ["aws.states"],
        "detail-type": ["Step Functions Execution Status Change"],
        "detail": {"status": ["FAILED"], "stateMachineArn": [arn]},
    }
    topics = {}
    for key, own in (("granted", True), ("theirs", False)):
        rule = f"{machine}-notify-{key}"
        rule_arn = api.call("events", "PutRule", Name=rule, EventPattern=json.dumps(status))["RuleArn"]
        topic = api.call("sns", "CreateTopic", Name=f"{key}-{env_name}")["TopicArn"]
        statement = {
            "Sid": f"sfndeploy-{rule}" if own else "team-events",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": topic,
            "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
        }
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        api.call("sns", "SetTopicAttributes", TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps(policy))
        api.call("events", "PutTargets", Rule=rule, Targets=[{"Id": "t", "Arn": topic}])
        topics[key] = topic

    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", machine, "-e", env_name])

    assert result.exit_code == 0, result.output
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, env_name), ["orders"])
    found = {n.name: (n.target_arn, n.grant) for n in workflow.notifications}
    assert found == {"granted": (topics["granted"], True), "theirs": (topics["theirs"], False)}
    assert "grant: true" in (root / "templates" / "orders.yaml.j2").read_text(encoding="utf-8")
