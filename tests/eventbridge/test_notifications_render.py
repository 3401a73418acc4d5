"""``notifications:`` rendered per environment, and what EventBridge would refuse refused at the template line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfndeploy.errors import ConfigError
from sfndeploy.eventbridge.notifications import Notification
from sfndeploy.model import RenderedWorkflow
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.render.artifacts import iam_document
from sfndeploy.triggers.iam import invoke_policy, invoke_trust_policy
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

ACCOUNT = "111111111111"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:hello-dev"


def _render(root: Path) -> list[RenderedWorkflow]:
    project = load_project(root)
    return list(render_workflows(project, load_environment(project, "dev")))


def _one(make_project: ProjectFactory, body: str, alias: bool = False) -> Notification:
    spec = "notifications:\n  failures:\n    " + body + "\n" + HELLO_SPEC + ("alias: live\n" if alias else "")
    [workflow] = _render(make_project({"templates/hello.yaml.j2": spec}))
    [notification] = workflow.notifications
    return notification


def test_failures_to_an_sns_topic(make_project: ProjectFactory) -> None:
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
    notification = _one(make_project, f"statuses: [FAILED, TIMED_OUT]\n    sns: {topic}")
    assert notification.rule_name == "hello-dev-notify-failures"
    assert notification.rule_arn == f"arn:aws:events:us-east-1:{ACCOUNT}:rule/hello-dev-notify-failures"
    assert (notification.target_kind, notification.target_arn, notification.role) == ("sns", topic, None)
    assert notification.pattern == {
        "source": ["aws.states"],
        "detail-type": ["Step Functions Execution Status Change"],
        "detail": {"status": ["FAILED", "TIMED_OUT"], "stateMachineArn": [MACHINE]},
    }
    assert notification.statement_id == "sfndeploy-hello-dev-notify-failures"
    assert notification.grant is False
    assert notification.description == "sfndeploy: FAILED, TIMED_OUT of hello-dev"


def test_the_pattern_names_the_state_machine_even_with_an_alias(make_project: ProjectFactory) -> None:
    notification = _one(make_project, f"statuses: [ABORTED]\n    sqs: arn:aws:sqs:us-east-1:{ACCOUNT}:q", alias=True)
    assert notification.pattern["detail"]["stateMachineArn"] == [MACHINE]


def test_another_workflow_through_a_generated_least_privilege_role(make_project: ProjectFactory) -> None:
    other = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:cleanup-dev:live"
    notification = _one(make_project, f"statuses: [FAILED]\n    workflow: {other}")
    role = notification.role
    assert role is not None and role.generated
    assert role.name == "hello-dev-notify-failures-invoke"
    assert invoke_policy(role) == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "StartTheTargetWorkflow", "Effect": "Allow", "Action": "states:StartExecution", "Resource": other}
        ],
    }
    assert invoke_trust_policy(role) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": ACCOUNT},
                    "ArnEquals": {"aws:SourceArn": notification.rule_arn},
                },
            }
        ],
    }


def test_another_bus_by_name_through_a_role_that_may_only_put_events_there(make_project: ProjectFactory) -> None:
    notification = _one(make_project, "statuses: [SUCCEEDED]\n    bus: audit")
    bus = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit"
    assert notification.target_arn == bus
    assert notification.role is not None
    assert invoke_policy(notification.role)["Statement"] == [
        {"Sid": "PutEventsOnTheTargetBus", "Effect": "Allow", "Action": "events:PutEvents", "Resource": bus}
    ]


def test_the_generated_roles_are_written_by_render(make_project: ProjectFactory) -> None:
    spec = (
        "notifications:\n  audit:\n    statuses: [SUCCEEDED]\n    bus: audit\n"
        f"  alerts:\n    statuses: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:alerts\n" + HELLO_SPEC
    )
    [workflow] = _render(make_project({"templates/hello.yaml.j2": spec}))
    document = iam_document(workflow)
    assert list(document["NotificationRoles"]) == ["audit"]
    golden = {
        "RoleName": "hello-dev-notify-audit-invoke",
        "TrustPolicy": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": ACCOUNT},
                        "ArnEquals": {
                            "aws:SourceArn": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/hello-dev-notify-audit"
                        },
                    },
                }
            ],
        },
        "Policy": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PutEventsOnTheTargetBus",
                    "Effect": "Allow",
                    "Action": "events:PutEvents",
                    "Resource": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit",
                }
            ],
        },
    }
    assert json.loads(json.dumps(document["NotificationRoles"]["audit"])) == golden


def test_a_lambda_target_with_a_transformer(make_project: ProjectFactory) -> None:
    body = (
        f"statuses: [FAILED]\n    lambda: arn:aws:lambda:us-east-1:{ACCOUNT}:function:pager\n"
        "    input_transformer:\n      paths: {arn: $.detail.executionArn}\n"
        "      template: '{\"execution\": <arn>}'\n"
        f"    dead_letter_queue: arn:aws:sqs:us-east-1:{ACCOUNT}:dlq\n"
        "    retry: {max_attempts: 2}\n    enabled: false"
    )
    notification = _one(make_project, body)
    assert notification.input_transformer is not None
    assert notification.input_transformer.template == '{"execution": <arn>}'
    assert (notification.enabled, notification.dead_letter_queue) == (False, f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq")
    assert notification.retry is not None and notification.retry.max_attempts == 2


def test_an_sns_message_may_be_text(make_project: ProjectFactory) -> None:
    body = (
        f"statuses: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:alerts\n    grant: true\n"
        "    input_transformer:\n      paths: {arn: $.detail.executionArn}\n      template: 'execution <arn> failed'"
    )
    notification = _one(make_project, body)
    assert notification.grant is True


BAD = [
    ("statuses: [FAILED]", "failures", "give exactly one target: sns, sqs, lambda, bus, workflow", 2),
    (
        f"statuses: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a\n    sqs: arn:aws:sqs:us-east-1:{ACCOUNT}:q",
        "failures",
        "give exactly one target",
        2,
    ),
    ("statuses: [FAILED]\n    sns: alerts", "sns", "'alerts' is not arn:aws:sns:REGION:ACCOUNT:TOPIC", 4),
    (
        f"statuses: [FAILED]\n    sns: arn:aws:sns:eu-west-1:{ACCOUNT}:alerts",
        "sns",
        "EventBridge delivers to a sns target in the rule's region (us-east-1), not eu-west-1",
        4,
    ),
    ("statuses: [FAILED]\n    bus: default", "bus", "the rule itself is on the default bus", 4),
    (
        f"statuses: [FAILED]\n    workflow: arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:hello-dev",
        "workflow",
        "cannot be notified of its own status changes by starting itself",
        4,
    ),
    (
        f"statuses: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a\n"
        f"    role: {{arn: 'arn:aws:iam::{ACCOUNT}:role/x'}}",
        "role",
        "a sns target takes no role",
        5,
    ),
    (
        f"statuses: [FAILED]\n    lambda: arn:aws:lambda:us-east-1:{ACCOUNT}:function:f\n    grant: true",
        "grant",
        "'grant' is for sns and sqs targets",
        5,
    ),
    (
        f"statuses: [FAILED]\n    lambda: arn:aws:lambda:us-east-1:{ACCOUNT}:function:f\n"
        "    input_transformer: {template: 'failed <x>'}",
        "template",
        "the input template does not make JSON",
        5,
    ),
    (f"statuses: [CRASHED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a", "0", '"CRASHED" is not one of "FAILED"', 3),
    (f"sns: arn:aws:sns:us-east-1:{ACCOUNT}:a", "failures", "name the status changes to send: statuses: [FAILED,", 2),
    (f"statuses: []\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a", "statuses", "should be non-empty", 3),
    (f"statuse: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a", "statuse", "did you mean 'statuses'?", 3),
]


@pytest.mark.parametrize(("body", "key", "message", "line"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_what_eventbridge_would_refuse_is_an_error_at_the_template_line(
    make_project: ProjectFactory, body: str, key: str, message: str, line: int
) -> None:
    root = make_project({"templates/hello.yaml.j2": "notifications:\n  failures:\n    " + body + "\n" + HELLO_SPEC})
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert caught.value.key == key
    assert message in caught.value.message, caught.value.message
    assert caught.value.location is not None
    assert (caught.value.location.file, caught.value.location.line) == ("templates/hello.yaml.j2", line)


def test_a_rule_name_too_long_for_eventbridge(make_project: ProjectFactory) -> None:
    name = "n" * 50
    spec = f"notifications:\n  {name}:\n    statuses: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a\n"
    with pytest.raises(ConfigError) as caught:
        _render(make_project({"templates/hello.yaml.j2": spec + HELLO_SPEC}))
    assert caught.value.message == (
        f"the rule name 'hello-dev-notify-{name}' (state machine name + '-notify-' + notification name) "
        "is 67 characters; EventBridge allows 64"
    )


def test_a_notification_may_not_share_its_rule_name_with_a_trigger(make_project: ProjectFactory) -> None:
    spec = (
        "triggers:\n  notify-failures:\n    event: {pattern: {source: [a]}}\n"
        f"notifications:\n  failures:\n    statuses: [FAILED]\n    sns: arn:aws:sns:us-east-1:{ACCOUNT}:a\n"
    )
    with pytest.raises(ConfigError) as caught:
        _render(make_project({"templates/hello.yaml.j2": spec + HELLO_SPEC}))
    assert caught.value.message == (
        "the trigger 'notify-failures' already has the rule name hello-dev-notify-failures; rename one of them"
    )
    assert caught.value.location is not None and caught.value.location.line == 5
