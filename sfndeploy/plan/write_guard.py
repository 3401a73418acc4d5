"""Ownership asked again at apply time, right before the first write to each resource of a workflow.

The planner refuses what is not the workflow's own when it plans, but an apply may run minutes
later (a saved plan, a lock wait, a bake). Before the first call of a workflow's plan that writes to
an existing state machine or role, its tags are read again and must name the plan's project and
environment and the workflow (:func:`~sfndeploy.plan.ownership.require_owned`); a resource that
does not exist yet (created by this workflow's own earlier call, or gone) is left to the call.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import NOT_FOUND_CODES, AwsCallError
from sfndeploy.plan.live import tag_dict
from sfndeploy.plan.ownership import NotOwned, ownership_problem
from sfndeploy.plan.steps import ApiCall, Plan, WorkflowPlan
from sfndeploy.triggers.schedules import GROUP_WORKFLOW

_CREATES = {"CreateStateMachine", "CreateRole", "CreateLogGroup", "CreateScheduleGroup"}
_MACHINE_KEYS = ("stateMachineArn", "resourceArn", "stateMachineAliasArn", "stateMachineVersionArn")


def machine_arn_of(arn: str) -> str:
    """The state machine an ARN of it, of one of its aliases or of one of its versions belongs to."""
    return ":".join(arn.split(":")[:7])


class WriteOwnership:
    """Checks, per workflow of one plan, each resource once before the first write to it."""

    def __init__(self, api: AwsApi, plan: Plan) -> None:
        self.api = api
        self.project = plan.project
        self.environment = plan.environment
        self.checked: set[tuple[str, str]] = set()

    def check(self, workflow: WorkflowPlan, call: ApiCall) -> None:
        resource = _resource(call)
        if resource is None or (workflow.workflow, resource.key) in self.checked:
            return
        tags = self._tags(resource)
        if tags is not None:
            owner = resource.workflow or workflow.workflow
            problem = ownership_problem(tags, resource.kind, resource.name, self.project, self.environment, owner)
            if problem is not None:
                raise NotOwned(problem, hint="make a new plan; sfndeploy writes only to what carries its tags")
        self.checked.add((workflow.workflow, resource.key))

    def _tags(self, resource: _Resource) -> dict[str, str] | None:
        try:
            if resource.kind == "IAM role":
                role = self.api.call("iam", "GetRole", target=f"role {resource.key}", RoleName=resource.key)["Role"]
                return tag_dict(role.get("Tags", []))
            if resource.kind == "schedule group":
                return self._group_tags(resource.key)
            found = self.api.call(
                "stepfunctions", "ListTagsForResource", target=resource.key, resourceArn=resource.key
            )
            return tag_dict(found.get("tags", []))
        except AwsCallError as error:
            if error.code in NOT_FOUND_CODES:
                return None
            raise


    def _group_tags(self, name: str) -> dict[str, str]:
        """A schedule is written only in a group this environment owns: Scheduler cannot tag schedules."""
        arn = self.api.call("scheduler", "GetScheduleGroup", target=f"schedule group {name}", Name=name)["Arn"]
        return tag_dict(self.api.call("scheduler", "ListTagsForResource", target=arn, ResourceArn=arn).get("Tags", []))


@dataclass(frozen=True)
class _Resource:
    kind: str
    key: str  # role name, state machine ARN or schedule group name
    name: str  # as the user knows it
    workflow: str | None = None  # the owner the tags must name, when not the plan's workflow


def _resource(call: ApiCall) -> _Resource | None:
    if call.operation in _CREATES:
        return None
    if call.service == "scheduler":
        group = call.params.get("GroupName") or str(call.params.get("ResourceArn") or "").rsplit("/", 1)[-1]
        if call.operation == "DeleteScheduleGroup":
            group = call.params.get("Name")
        return _Resource("schedule group", str(group), str(group), GROUP_WORKFLOW) if group else None
    role = call.params.get("RoleName")
    if call.service == "iam" and isinstance(role, str):
        return _Resource("IAM role", role, role)
    if call.service == "stepfunctions":
        arn = next((call.params[key] for key in _MACHINE_KEYS if isinstance(call.params.get(key), str)), None)
        if arn is not None:
            machine = machine_arn_of(arn)
            return _Resource("state machine", machine, machine.rsplit(":", 1)[-1])
    return None
