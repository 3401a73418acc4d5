"""EventBridge Scheduler schedules and the environment's schedule group (:mod:`sfndeploy.triggers.planning`).

Live: the group and every schedule in it, read once per environment when a trigger wants the group,
a prune may find schedules left behind, or a schedule may have left the sources since the last apply
(a workflow's sources changed, or a managed state machine left them): so the last schedule to leave
is reported as kept too, with the invoke role it used (read here for that). The group is shared by every workflow of the
environment: its creation is planned with the first workflow that has a schedule. Scheduler cannot
tag schedules, so ownership is proved by the group: its tags must name the project and environment
(workflow ``*``) before anything is written in it, at plan time and again before the first write.
Schedules no trigger names are kept without --prune and deleted with it, and the group goes with
the last schedule. A workflow being adopted (``adopt: true``) is warned of the schedules in other
groups that still start it (:mod:`sfndeploy.triggers.elsewhere`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sfndeploy.aws.errors import AwsCallError
from sfndeploy.plan.desired import ROLE_PATH, TAG_SOURCES_HASH, DesiredState
from sfndeploy.plan.kinds.base import (
    NOTHING,
    DriftContext,
    DriftItem,
    KindPlan,
    OwnedResource,
    PlanContext,
    ResourceKind,
)
from sfndeploy.plan.kinds.execution_role import read_role, role_name_of
from sfndeploy.plan.kinds.invoke_role import workflow_triggers
from sfndeploy.plan.live import LiveState, not_found, tag_dict
from sfndeploy.plan.steps import ApiCall, PlanOptions, WorkflowPlan
from sfndeploy.triggers.elsewhere import KEY as ELSEWHERE
from sfndeploy.triggers.elsewhere import elsewhere_warnings, read_schedules_elsewhere
from sfndeploy.triggers.planning import (
    LiveSchedules,
    check_group_owned,
    orphan_schedules,
    orphan_steps,
    read_live_schedules,
    schedule_drift,
    schedule_steps,
)
from sfndeploy.triggers.schedules import GROUP_WORKFLOW

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import LiveReader

KIND = "schedule group"


def _live_schedules(desired: DesiredState, live: LiveState) -> LiveSchedules:
    return live.schedules or LiveSchedules(desired.schedule_group, None)


def _sources_changed(desired: DesiredState, live: LiveState) -> bool:
    """Whether a schedule may have left the sources since the last apply: a workflow's sources changed
    (its state machine's sources-hash tag) or a managed state machine is no longer in them."""
    if desired.partial:
        return False
    machines = dict(live.state_machines)
    for wf in desired.workflows:
        machine = machines.pop(wf.state_machine_name, None)
        if machine is not None and machine.tags.get(TAG_SOURCES_HASH) != wf.tags.get(TAG_SOURCES_HASH):
            return True
    return any(machine.managed for machine in machines.values())


def _with_left_behind_roles(reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
    """The invoke roles of schedules no trigger names, so the plan reports them (kept, or deleted with --prune)."""
    schedules = live.schedules
    if schedules is None:
        return live
    arns = [str(s.fields.get("role") or "") for s in orphan_schedules(desired.triggers, schedules)]
    names = sorted({role_name_of(arn) for arn in arns if ROLE_PATH in arn} - set(live.roles))
    found = [role for role in reader.map(lambda name: read_role(reader.api, name), names) if role is not None]
    return replace(live, roles={**live.roles, **{role.name: role for role in found}}) if found else live


class ScheduleKind(ResourceKind):
    name = "schedule"
    depends_on = ("invoke role",)

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        wanted = any(each.group is not None for each in desired.triggers)
        pruning = reader.find_orphan_roles and not desired.partial
        if not desired.schedule_group or not (wanted or pruning or _sources_changed(desired, live)):
            return live
        live = replace(live, schedules=read_live_schedules(reader.api, desired.schedule_group, reader.map))
        if not desired.partial:
            live = _with_left_behind_roles(reader, desired, live)
        elsewhere = read_schedules_elsewhere(reader.api, desired)
        return replace(live, resources={**live.resources, ELSEWHERE: elsewhere}) if elsewhere else live

    def check_ownership(self, ctx: PlanContext) -> None:
        if ctx.live.schedules is not None:
            check_group_owned(ctx.live.schedules, ctx.desired.project, ctx.desired.environment)

    def plan(self, ctx: PlanContext) -> KindPlan:
        wanted = workflow_triggers(ctx)
        if wanted is None:
            return NOTHING
        earlier = {w.name for w in ctx.desired.workflows[: ctx.desired.workflows.index(ctx.workflow)]}
        group_planned = any(each.group is not None for each in ctx.desired.triggers if each.workflow in earlier)
        lines, calls = schedule_steps(wanted, _live_schedules(ctx.desired, ctx.live), group_planned=group_planned)
        warnings = elsewhere_warnings(ctx.workflow, ctx.live.resources.get(ELSEWHERE, {}))
        return KindPlan(tuple(lines), tuple(calls), warnings, marker_needed=bool(warnings))

    def leftovers(
        self, desired: DesiredState, live: LiveState, options: PlanOptions
    ) -> tuple[list[WorkflowPlan], list[str]]:
        if live.schedules is None:
            return [], []
        check_group_owned(live.schedules, desired.project, desired.environment)
        lines, calls, kept = orphan_steps(desired.triggers, live.schedules, prune=options.prune)
        if not calls:
            return [], kept
        plan = WorkflowPlan("(schedules)", "", "delete", tuple(lines), tuple(calls), live.fingerprint("", None))
        return [plan], kept

    def owned_resource(self, call: ApiCall) -> OwnedResource | None:
        if call.service != "scheduler" or call.operation == "CreateScheduleGroup":
            return None
        group = call.params.get("GroupName") or str(call.params.get("ResourceArn") or "").rsplit("/", 1)[-1]
        if call.operation == "DeleteScheduleGroup":
            group = call.params.get("Name")
        return OwnedResource(KIND, str(group), str(group), GROUP_WORKFLOW) if group else None

    def live_tags(self, api: AwsApi, resource: OwnedResource) -> dict[str, str] | None:
        """A schedule is written only in a group this environment owns: Scheduler cannot tag schedules."""
        try:
            where = f"schedule group {resource.key}"
            found = api.call("scheduler", "GetScheduleGroup", target=where, Name=resource.key)
            tags = api.call("scheduler", "ListTagsForResource", target=found["Arn"], ResourceArn=found["Arn"])
        except AwsCallError as error:
            if not_found(error):
                return None
            raise
        return tag_dict(tags.get("Tags", []))

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wanted = workflow_triggers(ctx)
        if wanted is None:
            return []
        return schedule_drift(wanted, _live_schedules(ctx.desired, ctx.live))


KIND_MODULE = ScheduleKind()
