"""Builders of rendered workflows and desired states for plan and AWS tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sfndeploy.eventbridge.grants import LivePolicy
from sfndeploy.eventbridge.planning import LiveRules
from sfndeploy.eventbridge.rules import TARGET_ID, LiveRule, LiveTarget
from sfndeploy.model import Environment, LoggingConfig, Naming, RenderedWorkflow, RoleSpec
from sfndeploy.plan.desired import INLINE_POLICY_NAME, DesiredState, desired_state
from sfndeploy.plan.live import LiveAlias, LiveRole, LiveState, LiveStateMachine
from sfndeploy.sourcemap import SourceMap
from sfndeploy.triggers.planning import LiveSchedules
from sfndeploy.triggers.schedules import LiveGroup, LiveSchedule, desired_fields

ACCOUNT = "123456789012"
REGION = "us-east-1"


def environment(name: str = "dev", prefix: str = "", lock: dict[str, Any] | None = None, **extra: Any) -> Environment:
    return Environment(
        name=name,
        region=REGION,
        account_id=ACCOUNT,
        path=Path(f"environments/{name}.yaml"),
        naming=Naming(prefix=prefix),
        lock=lock or {},
        **extra,
    )


def definition(*, attempts: int = 3, next_after_validate: str = "Charge", comment: str = "orders") -> dict[str, Any]:
    return {
        "Comment": comment,
        "StartAt": "ValidateOrder",
        "States": {
            "ValidateOrder": {"Type": "Pass", "Next": next_after_validate},
            "CheckStock": {"Type": "Pass", "Next": "Charge"},
            "Charge": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": attempts}],
                "End": True,
            },
        },
    }


LAMBDA_STATEMENT = {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}


def workflow(
    name: str = "orders",
    env: Environment | None = None,
    *,
    wf_type: str = "STANDARD",
    body: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
    statements: tuple[Any, ...] = (LAMBDA_STATEMENT,),
    alias: str | None = "live",
    role_arn: str | None = None,
    logging: LoggingConfig | None = None,
    tracing: bool = False,
) -> RenderedWorkflow:
    env = env or environment()
    return RenderedWorkflow(
        name=name,
        state_machine_name=env.naming.apply(name),
        type=wf_type,
        definition=body if body is not None else definition(),
        spec_path=Path(f"workflows/{name}.yaml"),
        source_map=SourceMap.empty(),
        definition_pointer="/definition",
        environment=env,
        role=RoleSpec(arn=role_arn, statements=statements),
        tags=tags or {},
        alias=alias,
        logging=logging or LoggingConfig(),
        tracing=tracing,
    )


def desired(*workflows: RenderedWorkflow, project: str = "shop", env: Environment | None = None) -> DesiredState:
    env = env or (workflows[0].environment if workflows else environment())
    return desired_state(list(workflows), project, env, "abc123")


def live_from(state: DesiredState, *, running: int = 0) -> LiveState:
    """The live state an apply of ``state`` leaves behind."""
    machines, roles = {}, {}
    for wf in state.workflows:
        aliases = ()
        if wf.alias:
            aliases = (LiveAlias(wf.alias, f"{wf.arn}:{wf.alias}", ((f"{wf.arn}:1", 100),), wf.alias_description),)
        machines[wf.state_machine_name] = LiveStateMachine(
            name=wf.state_machine_name,
            arn=wf.arn,
            type=wf.type,
            definition=json.loads(json.dumps(wf.definition)),
            role_arn=wf.role_arn,
            logging=dict(wf.logging),
            tracing=wf.tracing,
            encryption={"type": "AWS_OWNED_KEY"},
            tags=dict(wf.tags),
            aliases=aliases,
            running_executions=running,
        )
        if wf.role is not None:
            roles[wf.role.name] = LiveRole(
                wf.role.name,
                wf.role.arn,
                wf.role.path,
                wf.role.trust_policy,
                {INLINE_POLICY_NAME: wf.role.policy},
                None,
                dict(wf.role.tags),
            )
    for each in state.triggers:
        for role in each.roles:
            roles[role.name] = LiveRole(
                role.name,
                role.arn,
                role.path,
                role.trust_policy,
                {INLINE_POLICY_NAME: role.policy},
                None,
                dict(role.tags),
            )
    rules = rules_from(state)
    resources = {"rule": rules} if rules is not None else {}
    return LiveState(machines, roles, api_calls=7, schedules=schedules_from(state), resources=resources)


def rules_from(state: DesiredState) -> LiveRules | None:
    """The EventBridge rules an apply of ``state`` leaves behind, and their targets' policies granting them."""
    wanted = [item for wf in state.workflows for item in wf.resources.get("rule", ())]
    if not wanted:
        return None
    rules = {}
    for each in wanted:
        for rule in each.rules:
            target = LiveTarget(TARGET_ID, json.loads(json.dumps(rule.target.as_target())))
            live = LiveRule(
                rule.name,
                rule.bus,
                rule.arn,
                rule.state,
                rule.description,
                rule.pattern,
                rule.schedule,
                dict(rule.tags),
                (target,),
            )
            rules[(rule.bus, rule.name)] = live
    policies = {
        grant.statement_id: LivePolicy(True, {"Statement": [grant.statement()]})
        for each in wanted
        for grant in each.grants
    }
    return LiveRules(rules, policies)


def schedules_from(state: DesiredState) -> LiveSchedules | None:
    """The schedule group and schedules an apply of ``state`` leaves behind (None: no trigger wants the group)."""
    groups = [each.group for each in state.triggers if each.group is not None]
    if not groups:
        return None
    schedules = {
        s.name: LiveSchedule(
            s.name, s.group, f"{groups[0].arn.replace('schedule-group', 'schedule')}/{s.name}", desired_fields(s)
        )
        for each in state.triggers
        for s in each.schedules
    }
    group = LiveGroup(groups[0].name, groups[0].arn, "ACTIVE", dict(groups[0].tags))
    return LiveSchedules(state.schedule_group, group, schedules)
