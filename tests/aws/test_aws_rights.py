"""Rights granted outside sfndeploy are drift, shown by plan, removed by apply (moto server).

A managed policy attached by hand, an extra inline policy, a changed trust policy and a changed
permissions boundary on a generated role; read one by one and in bulk alike.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from plan_factory import desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.live import LiveReader
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import compute_plan

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
ANYONE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
}


def _deployed(api: AwsApi, unique: str) -> tuple[DesiredState, str]:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env), workflow("refunds", env))
    AwsExecutor(api, sleep=lambda _: None).execute(compute_plan(api, state))
    return state, f"{unique}-orders-role"


def _grant_by_hand(api: AwsApi, role: str, unique: str) -> str:
    """What a careless colleague or an attacker does in the console; returns the managed policy's ARN."""
    policy = api.call("iam", "CreatePolicy", PolicyName=f"{unique}-AdminLike", PolicyDocument=json.dumps(ALLOW_ALL))
    arn = str(policy["Policy"]["Arn"])
    api.call("iam", "AttachRolePolicy", RoleName=role, PolicyArn=arn)
    api.call("iam", "PutRolePolicy", RoleName=role, PolicyName="debug", PolicyDocument=json.dumps(ALLOW_ALL))
    api.call("iam", "UpdateAssumeRolePolicy", RoleName=role, PolicyDocument=json.dumps(ANYONE))
    api.call("iam", "PutRolePermissionsBoundary", RoleName=role, PermissionsBoundary=arn)
    return arn


def _role_facts(api: AwsApi, role: str) -> dict[str, Any]:
    got = api.call("iam", "GetRole", RoleName=role)["Role"]
    attached = api.call("iam", "ListAttachedRolePolicies", RoleName=role)["AttachedPolicies"]
    return {
        "attached": [p["PolicyArn"] for p in attached],
        "inline": api.call("iam", "ListRolePolicies", RoleName=role)["PolicyNames"],
        "boundary": got.get("PermissionsBoundary"),
        "trusts_anyone": "AWS" in json.dumps(got["AssumeRolePolicyDocument"]),
    }


def test_both_readers_see_every_grant_and_the_fingerprint_covers_them(api: AwsApi, unique: str) -> None:
    state, role = _deployed(api, unique)
    orders = state.workflow("orders")
    before = LiveReader(api).read(state).fingerprint(orders.state_machine_name, role)
    arn = _grant_by_hand(api, role, unique)

    one_by_one = LiveReader(api).read(replace(state, partial=True)).roles[role]
    in_bulk = LiveReader(api, find_orphan_roles=True).read(state).roles[role]

    assert one_by_one == in_bulk
    assert one_by_one.managed_policies == (arn,)
    assert sorted(one_by_one.policies) == ["debug", "sfndeploy-workflow"]
    assert one_by_one.permissions_boundary == arn
    after = LiveReader(api).read(state).fingerprint(orders.state_machine_name, role)
    assert after != before  # a saved plan made before the grants is stale


def test_drift_with_one_workflow_selected_reports_every_grant(api: AwsApi, unique: str) -> None:
    state, role = _deployed(api, unique)
    arn = _grant_by_hand(api, role, unique)
    selected = replace(state, partial=True, workflows=(state.workflow("orders"),))

    for reader in (LiveReader(api), LiveReader(api, find_orphan_roles=True)):
        report = detect_drift(selected, reader.read(selected))

        summaries = [item.summary for item in report.items]
        assert f"managed policy {arn} attached outside sfndeploy" in summaries
        assert "inline policy debug added outside sfndeploy" in summaries
        (debug,) = [item for item in report.items if item.summary.startswith("inline policy debug")]
        assert debug.details == ("+ IAM statement: Allow * on *",)
        (changed,) = [item for item in report.items if item.summary == "policies changed outside sfndeploy"]
        assert f"~ permissions boundary: (none) → {arn}" in changed.details
        assert any(line.startswith("+ trust statement") for line in changed.details), changed.details


def test_plan_says_what_it_removes_and_apply_removes_it(api: AwsApi, unique: str) -> None:
    state, role = _deployed(api, unique)
    arn = _grant_by_hand(api, role, unique)

    plan = compute_plan(api, state)
    (orders,) = plan.changed
    assert orders.changes[:2] == (
        f"- detach managed policy {arn} (attached outside sfndeploy)",
        f"- inline policy debug of role {role} (added outside sfndeploy)",
    )
    assert f"~ trust policy of role {role}" in orders.changes
    assert f"~ permissions boundary: {arn} → (none)" in orders.changes
    AwsExecutor(api, sleep=lambda _: None).execute(plan)

    assert _role_facts(api, role) == {
        "attached": [], "inline": ["sfndeploy-workflow"], "boundary": None, "trusts_anyone": False,
    }
    assert not compute_plan(api, state).has_changes
    assert not detect_drift(state, LiveReader(api).read(state)).has_drift


def test_prune_detaches_managed_policies_before_deleting_a_role(api: AwsApi, unique: str) -> None:
    state, role = _deployed(api, unique)
    _grant_by_hand(api, role, unique)

    plan = compute_plan(api, replace(state, workflows=(state.workflow("refunds"),)), PlanOptions(prune=True))
    AwsExecutor(api, sleep=lambda _: None).execute(plan)

    roles = api.call("iam", "ListRoles", PathPrefix="/sfndeploy/")["Roles"]
    assert role not in {r["RoleName"] for r in roles}
