"""Ownership against the moto server: prune deletes only this project's and environment's resources."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from plan_factory import definition, desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.errors import PlanError
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import compute_plan, environment_lock, read_live

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}


def _apply(api: AwsApi, state, options: PlanOptions | None = None):  # type: ignore[no-untyped-def]
    plan = compute_plan(api, state, options)
    AwsExecutor(api, sleep=lambda _: None).execute(plan)
    return plan


def _role(api: AwsApi, name: str, project: str, environment: str, workflow: str) -> str:
    tags = {"sfndeploy:project": project, "sfndeploy:environment": environment, "sfndeploy:workflow": workflow}
    created = api.call(
        "iam",
        "CreateRole",
        RoleName=name,
        Path="/sfndeploy/",
        AssumeRolePolicyDocument=json.dumps(TRUST),
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    api.call("iam", "PutRolePolicy", RoleName=name, PolicyName="sfndeploy-workflow", PolicyDocument=json.dumps(POLICY))
    return str(created["Role"]["Arn"])


def _role_exists(api: AwsApi, name: str) -> bool:
    try:
        api.call("iam", "GetRole", RoleName=name)
    except AwsCallError:
        return False
    return True


def _use_role(api: AwsApi, machine_arn: str, role_arn: str) -> None:
    api.call("stepfunctions", "UpdateStateMachine", stateMachineArn=machine_arn, roleArn=role_arn)


def test_prune_never_deletes_roles_of_another_environment_or_project(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    both = desired(workflow("orders", env), workflow("refunds", env), workflow("returns", env))
    _apply(api, both)
    staging_role = _role(api, f"{unique}-refunds-staging-sfn", "shop", "staging", "refunds")
    foreign_role = _role(api, f"{unique}-returns-sfn", "other-project", unique, "returns")
    _role(api, f"{unique}-audit-staging-sfn", "shop", "staging", "audit")  # no state machine uses it
    _role(api, f"{unique}-audit-other-sfn", "other-project", unique, "audit")
    # Someone pointed this environment's machines at a neighbour's roles: they are not ours to delete.
    _use_role(api, both.workflow("refunds").arn, staging_role)
    _use_role(api, both.workflow("returns").arn, foreign_role)

    plan = _apply(api, desired(workflow("orders", env)), PlanOptions(prune=True))

    calls = [call for w in plan.workflows for call in w.calls]
    deleted = {call.params["RoleName"] for call in calls if call.operation == "DeleteRole"}
    assert deleted == {f"{unique}-refunds-role", f"{unique}-returns-role"}  # this environment's own, now unused
    for name in (f"{unique}-refunds-staging-sfn", f"{unique}-returns-sfn", f"{unique}-audit-staging-sfn",
                 f"{unique}-audit-other-sfn"):
        assert _role_exists(api, name), name
    assert not _role_exists(api, f"{unique}-refunds-role")
    with pytest.raises(AwsCallError):
        api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=both.workflow("refunds").arn)


def test_drift_reports_a_managed_state_machine_deleted_or_stripped_of_its_tags(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env), workflow("refunds", env), workflow("returns", env))
    _apply(api, desired(workflow("orders", env), workflow("refunds", env)))  # returns: not deployed yet
    orders, refunds = state.workflow("orders"), state.workflow("refunds")
    api.call("stepfunctions", "DeleteStateMachine", stateMachineArn=orders.arn)
    api.call("stepfunctions", "UntagResource", resourceArn=refunds.arn,
             tagKeys=["sfndeploy:project", "sfndeploy:environment", "sfndeploy:workflow"])

    for partial in (False, True):
        report = detect_drift(replace(state, partial=partial), read_live(api, replace(state, partial=partial)))

        assert report.has_drift  # drift exits 2
        summaries = {item.resource: item.summary for item in report.items}
        assert summaries[f"state machine {unique}-orders"] == (
            f"deleted outside sfndeploy (its role {unique}-orders-role remains)"
        )
        assert summaries[f"state machine {unique}-refunds"] == (
            "lacks the ownership tag(s) sfndeploy:project, sfndeploy:environment, sfndeploy:workflow "
            "(removed outside sfndeploy, or never deployed by it)"
        )
        assert report.missing == ("returns",)


def test_apply_reads_the_tags_again_before_it_writes(api: AwsApi, unique: str) -> None:
    """Planned while ours, tagged for another environment before the apply ran: nothing is written."""
    env = environment(unique, prefix=f"{unique}-")
    _apply(api, desired(workflow("orders", env)))
    changed = desired(workflow("orders", env, body=definition(attempts=7)))
    plan = compute_plan(api, changed)
    arn = changed.workflow("orders").arn
    api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": "sfndeploy:environment", "value": "prod"}])

    with pytest.raises(PlanError) as refused:
        AwsExecutor(api, sleep=lambda _: None).execute(plan)

    assert refused.value.message == (
        f"state machine '{unique}-orders' belongs to project 'shop', environment 'prod', workflow 'orders', not to "
        f"project 'shop', environment '{unique}', workflow 'orders'; apply stopped at step 1/3 of workflow 'orders' "
        f"(update state machine {unique}-orders and publish a version), before any write"
    )
    described = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    assert json.loads(described["definition"]) == definition()


def test_prune_reads_a_role_s_tags_again_before_deleting_it(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    _apply(api, desired(workflow("orders", env), workflow("refunds", env)))
    plan = compute_plan(api, desired(workflow("orders", env)), PlanOptions(prune=True))
    role = f"{unique}-refunds-role"
    api.call("iam", "TagRole", RoleName=role, Tags=[{"Key": "sfndeploy:project", "Value": "other-project"}])

    with pytest.raises(PlanError, match=f"IAM role '{role}' belongs to project 'other-project'"):
        AwsExecutor(api, sleep=lambda _: None).execute(plan)

    assert _role_exists(api, role)


def test_unlock_removes_only_the_lock_of_its_own_project_and_environment(api: AwsApi, unique: str) -> None:
    table = f"{unique}-locks"
    api.call(
        "dynamodb", "CreateTable", TableName=table,
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
    )
    lock = {"table": table}
    mine = desired(workflow("orders", environment("dev", lock=lock)))
    neighbours = [
        desired(workflow("orders", environment("staging", lock=lock))),
        desired(workflow("orders", environment("dev", lock=lock)), project="other-project"),
    ]
    held = [environment_lock(api, state, owner=f"ci-{index}") for index, state in enumerate([mine, *neighbours])]
    for each in held:
        assert each is not None
        each.acquire()

    mine_lock = environment_lock(api, mine)
    assert mine_lock is not None
    removed = mine_lock.force_release()

    assert removed is not None and removed.owner == "ci-0"
    assert [each.current() is not None for each in held if each is not None] == [False, True, True]
