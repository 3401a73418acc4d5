"""The roles triggers assume to start a workflow (:mod:`sfndeploy.triggers.resources`).

They are generated roles like the execution role (path ``/sfndeploy/``, ownership and policy-hash
tags), so the execution-role kind's code creates, updates, reads (with the execution roles) and
prunes them; this kind plans them after the state machine and alias they grant access to.
"""

from __future__ import annotations

from sfndeploy.plan.kinds.base import NOTHING, DriftContext, DriftItem, KindPlan, PlanContext, ResourceKind
from sfndeploy.plan.kinds.execution_role import KIND, role_drift, role_steps
from sfndeploy.plan.ownership import require_owned
from sfndeploy.triggers.resources import DesiredTriggers


def workflow_triggers(ctx: PlanContext | DriftContext) -> DesiredTriggers | None:
    return next((each for each in ctx.desired.triggers if each.workflow == ctx.workflow.name), None)


class InvokeRoleKind(ResourceKind):
    name = "invoke role"
    depends_on = ("alias",)

    def check_ownership(self, ctx: PlanContext) -> None:
        wanted = workflow_triggers(ctx)
        for role in wanted.roles if wanted else ():
            current = ctx.live.roles.get(role.name)
            if current is not None:
                desired = ctx.desired
                require_owned(current.tags, KIND, role.name, desired.project, desired.environment, ctx.workflow.name)

    def plan(self, ctx: PlanContext) -> KindPlan:
        wanted = workflow_triggers(ctx)
        if wanted is None:
            return NOTHING
        lines, calls = [], []
        for role in wanted.roles:
            role_lines, role_calls = role_steps(role, ctx.live.roles.get(role.name))
            lines.extend(role_lines)
            calls.extend(role_calls)
        return KindPlan(tuple(lines), tuple(calls))

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wanted = workflow_triggers(ctx)
        roles = wanted.roles if wanted else ()
        return [item for role in roles for item in role_drift(ctx.workflow.name, role, ctx.live)]


KIND_MODULE = InvokeRoleKind()
