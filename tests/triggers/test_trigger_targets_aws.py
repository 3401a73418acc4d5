"""What triggers start, against moto: an Express workflow without an alias, then the same with one.

Without an alias a trigger starts the state machine ARN, and its invoke role may start exactly
that; when the workflow gains an alias, the plan retargets the schedule and the rule and narrows
both invoke roles to the alias ARN, apply converges and the re-plan is empty.
"""

from __future__ import annotations

import json
from typing import Any

from plan_factory import ACCOUNT, desired, environment, workflow
from watchers import apply, change_lines, with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.service import compute_plan

TRIGGERS = {
    "tick": {"schedule": "rate(5 minutes)"},
    "asked": {"event": {"pattern": {"source": ["acme.quotes"]}}},
}
STARTERS = ("schedule", "rule", "schedule role", "rule role")


def state(env_name: str, alias: str | None) -> DesiredState:
    env = environment(env_name, prefix=f"{env_name}-")
    return desired(with_watchers(workflow("quotes", env, wf_type="EXPRESS", alias=alias), triggers=TRIGGERS))


def started(api: AwsApi, env_name: str) -> dict[str, Any]:
    schedule = api.call("scheduler", "GetSchedule", Name="quotes-tick", GroupName=f"shop-{env_name}")
    [rule_target] = api.call("events", "ListTargetsByRule", Rule=f"{env_name}-quotes-asked")["Targets"]

    def allowed(role: str) -> Any:
        document = api.call("iam", "GetRolePolicy", RoleName=role, PolicyName="sfndeploy-workflow")["PolicyDocument"]
        document = json.loads(document) if isinstance(document, str) else document
        return document["Statement"][0]["Resource"]

    return {
        "schedule": schedule["Target"]["Arn"],
        "rule": rule_target["Arn"],
        "schedule role": allowed(f"{env_name}-quotes-tick-invoke"),
        "rule role": allowed(f"{env_name}-quotes-asked-invoke"),
    }


def test_an_express_workflow_is_started_by_its_arn_then_by_its_new_alias(api: AwsApi, unique: str) -> None:
    env_name = f"x{unique}"
    machine = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{env_name}-quotes"
    without = state(env_name, None)
    apply(api, without)
    assert not compute_plan(api, without).has_changes
    assert started(api, env_name) == dict.fromkeys(STARTERS, machine)

    with_alias = state(env_name, "live")
    plan = apply(api, with_alias)

    lines = change_lines(plan)
    assert f"~ schedule tick target: {machine} → {machine}:live" in lines, lines
    assert f"~ rule {env_name}-quotes-asked target: {machine} → {machine}:live" in lines, lines
    assert lines.count(f"+ IAM statement: Allow states:StartExecution on {machine}:live") == 2, lines
    assert lines.count(f"- IAM statement: Allow states:StartExecution on {machine}") == 2, lines
    assert not compute_plan(api, with_alias).has_changes
    assert started(api, env_name) == dict.fromkeys(STARTERS, f"{machine}:live")
