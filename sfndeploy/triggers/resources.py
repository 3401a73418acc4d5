"""The AWS resources one workflow's triggers need, as the sources want them.

* a generated invoke role per trigger without ``role.arn`` (a :class:`~sfndeploy.plan.desired.DesiredRole`,
  the same shape as the execution role: created, updated, tagged and pruned the same way); event
  triggers and notifications to another workflow use :func:`desired_invoke_role` too;
* for schedule triggers: the schedule group of the project and environment, and one schedule each.

Every role and the group carry the ownership tags; schedules cannot be tagged and are owned through
their group (see :mod:`sfndeploy.triggers.schedules`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sfndeploy.model import RenderedWorkflow
from sfndeploy.plan.desired import (
    INLINE_POLICY_NAME,
    ROLE_PATH,
    TAG_ENVIRONMENT,
    TAG_POLICY_HASH,
    TAG_PROJECT,
    TAG_WORKFLOW,
    DesiredRole,
    policy_hash,
)
from sfndeploy.triggers.iam import invoke_policy, invoke_trust_policy
from sfndeploy.triggers.model import InvokeRole, ScheduleTrigger
from sfndeploy.triggers.schedules import (
    GROUP_WORKFLOW,
    DesiredGroup,
    DesiredSchedule,
    desired_group,
    desired_schedule,
)


@dataclass(frozen=True)
class DesiredTriggers:
    """What one workflow's ``triggers:`` deploy (event rules are built by the rule kind)."""

    workflow: str
    roles: tuple[DesiredRole, ...]  # generated invoke roles, schedule and event triggers alike
    group: DesiredGroup | None  # None when the workflow has no schedule
    schedules: tuple[DesiredSchedule, ...]


def ownership_tags(project: str, environment: str, workflow: str) -> dict[str, str]:
    return {TAG_PROJECT: project, TAG_ENVIRONMENT: environment, TAG_WORKFLOW: workflow}


def role_arn(role: InvokeRole, partition: str) -> str:
    """The ARN the trigger's target names: the team's own role, or the generated one under sfndeploy's path."""
    if role.arn is not None:
        return role.arn
    return f"arn:{partition}:iam::{role.account_id}:role{ROLE_PATH}{role.name}"


def desired_invoke_role(role: InvokeRole, partition: str, tags: Mapping[str, str]) -> DesiredRole | None:
    """The generated invoke role, tagged like the execution role; None for a role brought with ``role.arn``."""
    if role.arn is not None or role.name is None:
        return None
    trust, policy = invoke_trust_policy(role), invoke_policy(role)
    hashed = policy_hash(trust, {INLINE_POLICY_NAME: policy}, None)
    return DesiredRole(
        name=role.name,
        arn=role_arn(role, partition),
        path=ROLE_PATH,
        trust_policy=trust,
        policy=policy,
        permissions_boundary=None,
        tags={**tags, TAG_POLICY_HASH: hashed},
    )


def desired_triggers(workflow: RenderedWorkflow, project: str) -> DesiredTriggers:
    env = workflow.environment
    own = ownership_tags(project, env.name, workflow.name)
    tags = {**env.tags, **own}
    roles = [desired_invoke_role(t.role, env.partition, tags) for t in workflow.triggers]
    roles.extend(desired_invoke_role(n.role, env.partition, tags) for n in workflow.notifications if n.role)
    schedules = [t for t in workflow.triggers if isinstance(t, ScheduleTrigger)]
    group = None
    if schedules:
        group = desired_group(schedules[0], {**env.tags, **ownership_tags(project, env.name, GROUP_WORKFLOW)})
    return DesiredTriggers(
        workflow=workflow.name,
        roles=tuple(role for role in roles if role is not None),
        group=group,
        schedules=tuple(desired_schedule(t, role_arn(t.role, env.partition)) for t in schedules),
    )
