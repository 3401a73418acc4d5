"""Schedules outside the project's schedule group that start a workflow being adopted.

``import`` writes every schedule that targets a state machine (or one of its aliases or versions)
into the spec as a trigger. EventBridge Scheduler cannot tag a schedule, so sfndeploy owns only the
schedules in its own group (:mod:`sfndeploy.plan.kinds.schedule`): apply creates the trigger there
and leaves the old schedule alone, which keeps starting the workflow until it is deleted by hand.
For a workflow whose spec says ``adopt: true`` and that has schedules, the plan lists the schedules
of every other group once (one paginated ListSchedules) and names each old one in a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.desired import DesiredState, DesiredWorkflow

KEY = "schedules elsewhere"  # in LiveState.resources: state machine ARN -> ("group/name", ...)
_MACHINE_ARN_PARTS = 7  # arn:partition:states:region:account:stateMachine:name


def adopted_with_schedules(desired: DesiredState) -> list[DesiredWorkflow]:
    with_schedules = {each.workflow for each in desired.triggers if each.schedules}
    return [w for w in desired.workflows if w.adopt and w.name in with_schedules]


def read_schedules_elsewhere(api: AwsApi, desired: DesiredState) -> dict[str, tuple[str, ...]]:
    """By state machine ARN: ``group/name`` of each schedule outside the project's group that starts it."""
    machines = {w.arn for w in adopted_with_schedules(desired)}
    if not machines:
        return {}
    found: dict[str, list[str]] = {}
    for item in api.pages("scheduler", "ListSchedules", "Schedules", target="schedules"):
        group = str(item.get("GroupName") or "default")
        target = str((item.get("Target") or {}).get("Arn", ""))
        machine = ":".join(target.split(":")[:_MACHINE_ARN_PARTS])
        if group != desired.schedule_group and machine in machines:
            found.setdefault(machine, []).append(f"{group}/{item['Name']}")
    return {machine: tuple(sorted(names)) for machine, names in found.items()}


def elsewhere_warnings(workflow: DesiredWorkflow, found: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if not workflow.adopt:
        return ()
    return tuple(
        f"schedule {name} outside the project's schedule group also starts {workflow.state_machine_name}; "
        "sfndeploy leaves it alone: delete it once apply has created this workflow's schedules, "
        "or the workflow starts twice"
        for name in found.get(workflow.arn, ())
    )
