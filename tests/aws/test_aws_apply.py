"""End-to-end: desired state -> live state (moto server) -> plan -> AWS executor -> plan again."""

from __future__ import annotations

import json

from plan_factory import definition, desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import compute_plan


def _apply(api: AwsApi, state, options: PlanOptions | None = None):  # type: ignore[no-untyped-def]
    plan = compute_plan(api, state, options)
    AwsExecutor(api, sleep=lambda _: None).execute(plan)
    return plan


def test_first_apply_creates_everything_and_second_plan_is_empty(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env, tags={"team": "payments"}), workflow("refunds", env, alias=None))

    first = _apply(api, state)

    assert [(w.workflow, w.action) for w in first.workflows] == [("orders", "create"), ("refunds", "create")]
    again = compute_plan(api, state)
    assert not again.has_changes, [w.changes for w in again.changed]
    machine = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=state.workflow("orders").arn)
    assert json.loads(machine["definition"]) == definition()
    alias = api.call(
        "stepfunctions", "DescribeStateMachineAlias", stateMachineAliasArn=state.workflow("orders").alias_arn
    )
    assert alias["routingConfiguration"][0]["weight"] == 100
    role = api.call("iam", "GetRolePolicy", RoleName=f"{unique}-orders-role", PolicyName="sfndeploy-workflow")
    assert role["PolicyDocument"]["Statement"][0]["Action"] == "lambda:InvokeFunction"


def test_definition_change_is_shown_field_by_field_and_applied(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    _apply(api, desired(workflow("orders", env)))
    changed = desired(workflow("orders", env, body=definition(attempts=5, next_after_validate="CheckStock")))

    plan = _apply(api, changed)

    (orders,) = plan.changed
    assert orders.action == "update"
    assert "~ Charge.Retry[0].MaxAttempts: 3 → 5" in orders.changes
    assert "~ transition ValidateOrder → Charge is now ValidateOrder → CheckStock" in orders.changes
    assert not compute_plan(api, changed).has_changes


def test_type_change_is_replaced_only_with_the_flag(api: AwsApi, unique: str) -> None:
    from sfndeploy.errors import PlanError

    env = environment(unique, prefix=f"{unique}-")
    _apply(api, desired(workflow("orders", env)))
    express = desired(workflow("orders", env, wf_type="EXPRESS"))

    blocked = compute_plan(api, express)
    assert blocked.changed[0].action == "replace"
    try:
        AwsExecutor(api, sleep=lambda _: None).execute(blocked)
    except PlanError as error:
        assert "--allow-replace" in error.message
    else:
        raise AssertionError("a replacement without the flag was applied")

    _apply(api, express, PlanOptions(allow_replace=True))

    machine = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=express.workflow("orders").arn)
    assert machine["type"] == "EXPRESS"
    assert not compute_plan(api, express).has_changes


def test_tags_only_and_role_policy_only_changes_apply(api: AwsApi, unique: str) -> None:
    from plan_factory import LAMBDA_STATEMENT

    env = environment(unique, prefix=f"{unique}-")
    _apply(api, desired(workflow("orders", env, tags={"team": "a"})))
    retagged = desired(workflow("orders", env, tags={"team": "b"}))

    tag_plan = _apply(api, retagged)
    assert [c.operation for c in tag_plan.changed[0].calls] == ["TagResource"]
    extra = {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}
    widened = desired(workflow("orders", env, tags={"team": "b"}, statements=(LAMBDA_STATEMENT, extra)))
    policy_plan = _apply(api, widened)

    assert [c.operation for c in policy_plan.changed[0].calls] == ["PutRolePolicy", "TagRole"]
    assert not compute_plan(api, widened).has_changes
    tags = api.call("stepfunctions", "ListTagsForResource", resourceArn=widened.workflow("orders").arn)["tags"]
    assert {"key": "team", "value": "b"} in tags


def test_logging_creates_its_log_group_once(api: AwsApi, unique: str) -> None:
    from sfndeploy.model import LoggingConfig

    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env, logging=LoggingConfig(level="ERROR")))

    first = _apply(api, state)

    group = f"/aws/vendedlogs/states/{unique}-orders"
    assert f"+ log group {group}" in first.changed[0].changes
    found = api.call("logs", "DescribeLogGroups", logGroupNamePrefix=group)["logGroups"]
    assert [g["logGroupName"] for g in found] == [group]
    machine = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=state.workflow("orders").arn)
    destination = machine["loggingConfiguration"]["destinations"][0]["cloudWatchLogsLogGroup"]["logGroupArn"]
    assert destination == f"arn:aws:logs:us-east-1:123456789012:log-group:{group}:*"
    assert not compute_plan(api, state).has_changes
