"""Rendered workflows with triggers, notifications and alarms written as in a spec, and apply on moto.

``with_watchers(workflow, triggers=..., notifications=..., alarms=...)`` renders each section the
way the spec's ``triggers:``, ``notifications:`` and ``alarms:`` are rendered (the same functions,
without a template), so a test changes a field by its spec key.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sfndeploy.alarms import AlarmContext, render_alarms
from sfndeploy.aws.api import AwsApi
from sfndeploy.eventbridge.notifications import render_notifications
from sfndeploy.model import RenderedWorkflow
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan
from sfndeploy.plan.steps import Plan, PlanOptions
from sfndeploy.sourcemap import SourceMap
from sfndeploy.triggers.render import TriggerContext, render_triggers

PROJECT = "shop"  # plan_factory.desired's project


def trigger_context(
    wf: RenderedWorkflow, project: str = PROJECT, source_map: SourceMap | None = None
) -> TriggerContext:
    """What rendering a spec's ``triggers:`` and ``notifications:`` knows of ``wf``."""
    env = wf.environment
    return TriggerContext(
        project,
        env.name,
        env.partition,
        env.region,
        env.account_id,
        wf.name,
        wf.state_machine_name,
        wf.state_machine_arn,
        wf.alias,
        source_map or SourceMap.empty(),
    )


def with_watchers(
    wf: RenderedWorkflow,
    *,
    triggers: dict[str, Any] | None = None,
    notifications: dict[str, Any] | None = None,
    alarms: dict[str, Any] | None = None,
    alarm_defaults: dict[str, Any] | None = None,
) -> RenderedWorkflow:
    context = trigger_context(wf)
    rendered_triggers = render_triggers(triggers or {}, context)
    names = tuple(t.name for t in rendered_triggers)
    alarm_context = AlarmContext(wf.state_machine_name, SourceMap.empty(), alarm_defaults or {}, "environments/x.yaml")
    return replace(
        wf,
        triggers=rendered_triggers,
        notifications=render_notifications(notifications or {}, context, names),
        alarms=render_alarms(alarms or {}, alarm_context),
    )


def apply(api: AwsApi, state: DesiredState, options: PlanOptions | None = None) -> Plan:
    plan = compute_plan(api, state, options)
    AwsExecutor(api, sleep=lambda _: None).execute(plan)
    return plan


def change_lines(plan: Plan) -> list[str]:
    return [line for workflow in plan.workflows for line in workflow.changes]


def operations(plan: Plan) -> list[str]:
    return [call.operation for workflow in plan.changed for call in workflow.calls]


def team_role(api: AwsApi, name: str, service: str, action: str, resource: str) -> str:
    """A role a team brings (``role.arn``): ``service`` may assume it, and it may do ``action`` on ``resource``."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    arn = str(api.call("iam", "CreateRole", RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"])
    api.call("iam", "PutRolePolicy", RoleName=name, PolicyName="start", PolicyDocument=json.dumps(policy))
    return arn
