"""The schedule group and schedules of one environment in a plan: read once, diffed per workflow.

The group is shared by every workflow of the environment, so its creation is planned with the
first workflow that has a schedule (later workflows find it planned, and the call's
``ConflictException`` counts as done on a replay). A schedule in the group that no trigger names
any more is an orphan: kept (and reported) without ``--prune``, deleted with it. The group itself
goes only with ``--prune`` once no workflow of the environment has a schedule.

Ownership: the group's tags must name the project and environment before anything is written in
it; a group of the same name owned by anyone else stops the plan (:class:`NotOwned`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sfndeploy.plan.kinds.base import DriftItem
from sfndeploy.plan.ownership import require_owned
from sfndeploy.plan.recorded import recorded_drift
from sfndeploy.plan.steps import ApiCall
from sfndeploy.triggers.resources import DesiredTriggers
from sfndeploy.triggers.schedules import (
    GROUP_WORKFLOW,
    LiveGroup,
    LiveSchedule,
    group_calls,
    group_changes,
    group_deletion_calls,
    list_schedules,
    read_group,
    schedule_calls,
    schedule_changes,
    schedule_deletion_calls,
)

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import Each


@dataclass(frozen=True)
class LiveSchedules:
    """The environment's schedule group (None when it does not exist) and every schedule in it, by name."""

    group_name: str
    group: LiveGroup | None
    schedules: Mapping[str, LiveSchedule] = field(default_factory=dict)


def read_live_schedules(api: AwsApi, group_name: str, each: Each | None = None) -> LiveSchedules:
    """The group and every schedule in it; ``each`` runs the per-schedule reads (bounded concurrency)."""
    group = read_group(api, group_name)
    if group is None:
        return LiveSchedules(group_name, None)
    return LiveSchedules(group_name, group, {s.name: s for s in list_schedules(api, group_name, each)})


def check_group_owned(live: LiveSchedules, project: str, environment: str) -> None:
    """Nothing is written in a group that is not this project's and environment's."""
    if live.group is not None:
        require_owned(live.group.tags, "schedule group", live.group.name, project, environment, GROUP_WORKFLOW)


def schedule_steps(
    desired: DesiredTriggers, live: LiveSchedules, *, group_planned: bool
) -> tuple[list[str], list[ApiCall]]:
    """Plan lines and calls for one workflow's schedules (and the group, unless already planned)."""
    lines: list[str] = []
    calls: list[ApiCall] = []
    if desired.group is not None and not group_planned:
        lines.extend(group_changes(desired.group, live.group))
        calls.extend(group_calls(desired.group, live.group))
    for schedule in desired.schedules:
        current = live.schedules.get(schedule.name)
        lines.extend(schedule_changes(schedule, current))
        calls.extend(schedule_calls(schedule, current))
    return lines, calls


def orphan_schedules(desired: Sequence[DesiredTriggers], live: LiveSchedules) -> list[LiveSchedule]:
    """Schedules in the group no trigger of the sources names."""
    wanted = {schedule.name for each in desired for schedule in each.schedules}
    return [schedule for name, schedule in sorted(live.schedules.items()) if name not in wanted]


def orphan_steps(
    desired: Sequence[DesiredTriggers], live: LiveSchedules, *, prune: bool
) -> tuple[list[str], list[ApiCall], list[str]]:
    """(plan lines, calls, kept) for what left the sources: deleted with ``prune``, else only reported as kept."""
    orphans = orphan_schedules(desired, live)
    no_group_wanted = all(each.group is None for each in desired)
    if not prune:
        kept = [f"schedule {s.group}/{s.name}" for s in orphans]
        if live.group is not None and no_group_wanted and not orphans and not live.schedules:
            kept.append(f"schedule group {live.group.name}")
        return [], [], kept
    lines, calls = [], []
    for schedule in orphans:
        lines.append(f"- schedule {schedule.name} (no trigger names it)")
        calls.extend(schedule_deletion_calls(schedule))
    if live.group is not None and no_group_wanted:
        lines.append(f"- schedule group {live.group.name}")
        calls.extend(group_deletion_calls(live.group))
    return lines, calls, []


def schedule_drift(desired: DesiredTriggers, live: LiveSchedules) -> list[DriftItem]:
    """Each schedule gone, changed outside sfndeploy, or whose sources changed since the last apply.

    Scheduler keeps no tags: the hash of what sfndeploy last wrote is recorded at the end of the
    schedule's description (:mod:`sfndeploy.triggers.schedules`) and compared as
    :mod:`sfndeploy.plan.recorded` says; a schedule without one is compared with the sources.
    """
    workflow = desired.workflow
    if desired.group is not None and live.group is None:
        return [DriftItem(workflow, f"schedule group {desired.group.name}", "deleted outside sfndeploy")]
    found: list[DriftItem] = []
    for schedule in desired.schedules:
        current = live.schedules.get(schedule.name)
        resource = f"schedule {schedule.trigger}"
        if current is None:
            found.append(DriftItem(workflow, resource, "deleted outside sfndeploy (or never applied)"))
            continue
        found.extend(
            recorded_drift(
                workflow,
                resource,
                recorded=current.recorded_hash,
                live=current.content_hash,
                wanted=schedule.config_hash,
                details=tuple(schedule_changes(schedule, current)),
            )
        )
    return found
