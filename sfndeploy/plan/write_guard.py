"""Ownership asked again at apply time, right before the first write to each resource of a workflow.

The planner refuses what is not the workflow's own when it plans, but an apply may run minutes
later (a saved plan, a lock wait, a bake). Before the first call of a workflow's plan that writes to
an existing resource, the resource kind that owns the call (:mod:`sfndeploy.plan.kinds`) reads its
tags again, and they must name the plan's project and environment and the workflow
(:func:`~sfndeploy.plan.ownership.require_owned`); a resource that does not exist yet (created by
this workflow's own earlier call, or gone) is left to the call. A resource the plan adopts (its spec
says ``adopt: true`` and it carried no ``sfndeploy:*`` tag when planned) passes only while it still
carries none; its first write is the tagging. A call that writes to several resources at once
(DeleteAlarms with several names) is let through only when every one of them passes, so a refusal
comes before the call and nothing of it is done.
"""

from __future__ import annotations

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.kinds import all_kinds
from sfndeploy.plan.kinds.base import OwnedResource, ResourceKind
from sfndeploy.plan.ownership import NotOwned, has_no_sfndeploy_tags, ownership_problem
from sfndeploy.plan.steps import ApiCall, Plan, WorkflowPlan


class WriteOwnership:
    """Checks, per workflow of one plan, each resource once before the first write to it."""

    def __init__(self, api: AwsApi, plan: Plan) -> None:
        self.api = api
        self.project = plan.project
        self.environment = plan.environment
        self.checked: set[tuple[str, str, str]] = set()

    def check(self, workflow: WorkflowPlan, call: ApiCall) -> None:
        """Every resource ``call`` writes to, before the call: one that is not the workflow's stops it whole."""
        for kind, resource in _resources(call):
            key = (workflow.workflow, resource.kind, resource.key)
            if key in self.checked:
                continue
            tags = kind.live_tags(self.api, resource)
            if tags is not None and not (resource.key in workflow.adopts and has_no_sfndeploy_tags(tags)):
                owner = resource.owner_workflow or workflow.workflow
                problem = ownership_problem(tags, resource.kind, resource.name, self.project, self.environment, owner)
                if problem is not None:
                    raise NotOwned(problem, hint="make a new plan; sfndeploy writes only to what carries its tags")
            self.checked.add(key)


def _resources(call: ApiCall) -> list[tuple[ResourceKind, OwnedResource]]:
    """The resources ``call`` writes to, of the first kind that claims the call."""
    for kind in all_kinds():
        resources = kind.owned_resources(call)
        if resources:
            return [(kind, resource) for resource in resources]
    return []
