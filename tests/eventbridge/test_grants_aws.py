"""What a notification's target must allow, against moto's SNS, SQS and Lambda (server mode)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.eventbridge.grants import Grant, GrantSteps, allows, grant_steps, read_policy, revoke_steps
from sfndeploy.plan.steps import ApiCall

ACCOUNT = "123456789012"
RULE = "orders-dev-notify-failures"
RULE_ARN = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{RULE}"


def run(api: AwsApi, calls: tuple[ApiCall, ...]) -> None:
    for call in calls:
        api.call(call.service, call.operation, target=call.target, **call.params)


def grant(kind: str, arn: str, *, managed: bool) -> Grant:
    return Grant(kind, arn, RULE, RULE_ARN, f"sfndeploy-{RULE}", managed)


def topic(api: AwsApi, name: str) -> str:
    return str(api.call("sns", "CreateTopic", Name=name)["TopicArn"])


def queue_arn(api: AwsApi, name: str) -> str:
    url = api.call("sqs", "CreateQueue", QueueName=name)["QueueUrl"]
    return str(
        api.call("sqs", "GetQueueAttributes", QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    )


def function_arn(api: AwsApi, name: str) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = api.call("iam", "CreateRole", RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(trust))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    created = api.call(
        "lambda",
        "CreateFunction",
        FunctionName=name,
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="index.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    return str(created["FunctionArn"])


def test_a_team_topic_without_the_grant_is_a_warning_and_nothing_is_written(api: AwsApi, unique: str) -> None:
    arn = topic(api, f"alerts-{unique}")
    wanted = grant("sns", arn, managed=False)
    before = read_policy(api, wanted)
    steps = grant_steps(wanted, before)
    assert steps.calls == () and steps.lines == ()
    (warning,) = steps.warnings
    assert warning.startswith(
        f"the policy of topic alerts-{unique} does not let EventBridge publish to it for rule {RULE}; "
        "sfndeploy leaves that policy to its owner: add {"
    )
    assert warning.endswith("or set 'grant: true' for sfndeploy to keep that one statement there")


def test_a_topic_whose_team_granted_eventbridge_needs_nothing(api: AwsApi, unique: str) -> None:
    arn = topic(api, f"granted-{unique}")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "team",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sns:Publish",
                "Resource": arn,
            }
        ],
    }
    api.call("sns", "SetTopicAttributes", TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps(policy))
    assert (
        grant_steps(grant("sns", arn, managed=False), read_policy(api, grant("sns", arn, managed=False))).warnings == ()
    )


@pytest.mark.parametrize("kind", ["sns", "sqs"])
def test_grant_true_keeps_one_statement_and_every_other_one(api: AwsApi, unique: str, kind: str) -> None:
    arn = topic(api, f"t-{unique}") if kind == "sns" else queue_arn(api, f"q-{unique}")
    team = {
        "Sid": "team",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "*",
        "Resource": arn,
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [team]})
    if kind == "sns":
        api.call("sns", "SetTopicAttributes", TopicArn=arn, AttributeName="Policy", AttributeValue=text)
    else:
        url = read_policy(api, grant("sqs", arn, managed=True)).queue_url
        api.call("sqs", "SetQueueAttributes", QueueUrl=url, Attributes={"Policy": text})
    wanted = grant(kind, arn, managed=True)
    live = read_policy(api, wanted)
    assert not allows(live.policy, wanted)
    steps = grant_steps(wanted, live)
    verb = "publish to topic" if kind == "sns" else "send to queue"
    assert steps.lines == (f"+ permission for rule {RULE} to {verb} {arn.rsplit(':', 1)[-1]}",)
    run(api, steps.calls)
    after = read_policy(api, wanted)
    assert allows(after.policy, wanted)
    assert after.statement("team") == team
    assert grant_steps(wanted, after) == GrantSteps()  # nothing left to do
    removed = revoke_steps(wanted, after)
    assert removed.lines == (f"- permission for rule {RULE} to {verb} {arn.rsplit(':', 1)[-1]}",)
    run(api, removed.calls)
    final = read_policy(api, wanted)
    assert final.statement(wanted.statement_id) is None and final.statement("team") == team


def test_a_function_gets_its_own_permission_and_loses_it(api: AwsApi, unique: str) -> None:
    arn = function_arn(api, f"pager-{unique}")
    wanted = grant("lambda", arn, managed=True)
    live = read_policy(api, wanted)
    assert live.found and live.policy is None
    steps = grant_steps(wanted, live)
    assert steps.lines == (f"+ permission for rule {RULE} to invoke function pager-{unique}",)
    assert [c.operation for c in steps.calls] == ["AddPermission"]
    run(api, steps.calls)
    after = read_policy(api, wanted)
    assert allows(after.policy, wanted)
    assert grant_steps(wanted, after).calls == ()
    run(api, revoke_steps(wanted, after).calls)
    assert read_policy(api, wanted).statement(wanted.statement_id) is None


@pytest.mark.parametrize(
    ("kind", "arn"),
    [
        ("sns", f"arn:aws:sns:us-east-1:{ACCOUNT}:nowhere"),
        ("sqs", f"arn:aws:sqs:us-east-1:{ACCOUNT}:nowhere"),
        ("lambda", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:nowhere"),
    ],
)
def test_a_missing_target_is_a_warning(api: AwsApi, kind: str, arn: str) -> None:
    wanted = grant(kind, arn, managed=True)
    live = read_policy(api, wanted)
    assert not live.found
    steps = grant_steps(wanted, live)
    assert steps.calls == ()
    assert steps.warnings[0].endswith(f"nowhere does not exist: rule {RULE} delivers nothing")
    assert revoke_steps(wanted, live).calls == ()


CONDITIONS: list[tuple[dict[str, Any] | None, bool]] = [
    (None, True),
    ({"ArnEquals": {"aws:SourceArn": RULE_ARN}}, True),
    ({"ArnLike": {"AWS:SourceArn": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/*"}}, True),
    ({"ArnEquals": {"aws:SourceArn": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/other"}}, False),
    ({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, True),
    ({"StringEquals": {"aws:SourceAccount": "999999999999"}}, False),
    ({"Bool": {"aws:SecureTransport": "true"}}, False),
]


@pytest.mark.parametrize(("condition", "expected"), CONDITIONS)
def test_which_statements_let_the_rule_through(condition: dict[str, Any] | None, expected: bool) -> None:
    arn = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": ["events.amazonaws.com"]},
        "Action": ["sns:Publish"],
        "Resource": arn,
    }
    if condition:
        statement["Condition"] = condition
    assert allows({"Statement": [statement]}, grant("sns", arn, managed=False)) is expected
    assert not allows({"Statement": [statement | {"Effect": "Deny"}]}, grant("sns", arn, managed=False))
    other = statement | {"Principal": {"Service": "sqs.amazonaws.com"}}
    assert not allows({"Statement": [other]}, grant("sns", arn, managed=False))
