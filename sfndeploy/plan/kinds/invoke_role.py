"""The roles triggers assume to start a workflow (:mod:`sfndeploy.triggers.resources`).

They are generated roles like the execution role (path ``/sfndeploy/``, ownership and policy-hash
tags), so the execution-role kind's code creates, updates, reads (with the execution roles) and
prunes them; this kind plans them after the state machine and alias they grant access to.

A role a trigger or notification brings (``role.arn``) is not managed: this kind reads it and
refuses the plan when it certainly cannot start the target, or warns when that cannot be decided
(:mod:`sfndeploy.triggers.role_reach`); likewise a workflow a notification starts that is not
planned must exist (:mod:`sfndeploy.triggers.target_reach`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sfndeploy.plan.kinds.base import DriftContext, DriftItem, KindPlan, PlanContext, ResourceKind
from sfndeploy.plan.kinds.execution_role import KIND, role_drift, role_steps
from sfndeploy.plan.ownership import require_owned
from sfndeploy.triggers import role_reach
from sfndeploy.triggers.resources import DesiredTriggers

if TYPE_CHECKING:
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
    from sfndeploy.plan.live import LiveReader, LiveState


def workflow_triggers(ctx: PlanContext | DriftContext) -> DesiredTriggers | None:
    return next((each for each in ctx.desired.triggers if each.workflow == ctx.workflow.name), None)


class InvokeRoleKind(ResourceKind):
    name = "invoke role"
    depends_on = ("alias",)
    desired_type = role_reach.ReachCheck

    def desire(self, rendered: RenderedWorkflow, workflow: DesiredWorkflow) -> tuple[Any, ...]:
        return role_reach.reach_checks(rendered)

    def check_saved(self, desired: DesiredState, workflow: DesiredWorkflow) -> list[tuple[str, str]]:
        return role_reach.saved_check_problems(desired, workflow)

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        return role_reach.read_reach(reader, desired, live)

    def check_ownership(self, ctx: PlanContext) -> None:
        wanted = workflow_triggers(ctx)
        for role in wanted.roles if wanted else ():
            current = ctx.live.roles.get(role.name)
            if current is not None:
                desired = ctx.desired
                require_owned(current.tags, KIND, role.name, desired.project, desired.environment, ctx.workflow.name)

    def plan(self, ctx: PlanContext) -> KindPlan:
        warnings = role_reach.check_reach(ctx.workflow, ctx.desired, ctx.live)
        wanted = workflow_triggers(ctx)
        if wanted is None:
            return KindPlan(warnings=warnings)
        lines, calls = [], []
        for role in wanted.roles:
            role_lines, role_calls = role_steps(role, ctx.live.roles.get(role.name))
            lines.extend(role_lines)
            calls.extend(role_calls)
        return KindPlan(tuple(lines), tuple(calls), warnings)

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wanted = workflow_triggers(ctx)
        roles = wanted.roles if wanted else ()
        return [item for role in roles for item in role_drift(ctx.workflow.name, role, ctx.live, notes=True)]


KIND_MODULE = InvokeRoleKind()
