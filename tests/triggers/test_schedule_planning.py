"""One environment's schedule group and schedules planned per workflow, orphans, ownership, drift (moto server)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.kinds.base import DriftItem
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.triggers.planning import (
    check_group_owned,
    orphan_steps,
    read_live_schedules,
    schedule_drift,
    schedule_steps,
)
from sfndeploy.triggers.resources import DesiredTriggers
from tests.triggers.test_schedules_aws import group, run, schedule


def _desired(group_name: str, *names: str) -> DesiredTriggers:
    schedules = tuple(schedule(group_name, name=f"etl-{n}", trigger=n) for n in names)
    return DesiredTriggers("etl", (), group(group_name) if names else None, schedules)


def test_group_then_schedules_then_nothing_to_do(api: AwsApi, unique: str) -> None:
    name = f"acme-p{unique}"
    desired = _desired(name, "nightly", "hourly")
    live = read_live_schedules(api, name)
    lines, calls = schedule_steps(desired, live, group_planned=False)
    assert lines == [
        f"+ schedule group {name}",
        "+ schedule nightly (cron(0 2 * * ? *) Europe/Berlin) → alias live",
        "+ schedule hourly (cron(0 2 * * ? *) Europe/Berlin) → alias live",
    ]
    assert [c.operation for c in calls] == ["CreateScheduleGroup", "CreateSchedule", "CreateSchedule"]
    assert schedule_steps(desired, live, group_planned=True)[0][0].startswith("+ schedule nightly")
    run(api, calls)
    again = read_live_schedules(api, name)
    assert schedule_steps(desired, again, group_planned=False) == ([], [])
    assert schedule_drift(desired, again) == []


def test_orphans_are_kept_without_prune_and_deleted_with_it(api: AwsApi, unique: str) -> None:
    name = f"acme-o{unique}"
    run(
        api, schedule_steps(_desired(name, "nightly", "hourly"), read_live_schedules(api, name), group_planned=False)[1]
    )
    live = read_live_schedules(api, name)
    left = [_desired(name, "nightly")]
    assert orphan_steps(left, live, prune=False) == ([], [], [f"schedule {name}/etl-hourly"])
    lines, calls, kept = orphan_steps(left, live, prune=True)
    assert (lines, kept) == (["- schedule etl-hourly (no trigger names it)"], [])
    run(api, calls)
    live = read_live_schedules(api, name)
    assert sorted(live.schedules) == ["etl-nightly"]
    lines, calls, _ = orphan_steps([_desired(name)], live, prune=True)
    assert lines == ["- schedule etl-nightly (no trigger names it)", f"- schedule group {name}"]
    run(api, calls)
    assert read_live_schedules(api, name).group is None


def test_a_group_of_someone_else_stops_the_plan(api: AwsApi, unique: str) -> None:
    name = f"acme-f{unique}"
    api.call("scheduler", "CreateScheduleGroup", Name=name, Tags=[{"Key": "team", "Value": "data"}])
    with pytest.raises(NotOwned) as caught:
        check_group_owned(read_live_schedules(api, name), "acme", "dev")
    assert caught.value.message.startswith(f"schedule group '{name}' is not managed by sfndeploy")
    run(
        api,
        schedule_steps(
            _desired(f"acme-g{unique}", "nightly"), read_live_schedules(api, f"acme-g{unique}"), group_planned=False
        )[1],
    )
    check_group_owned(read_live_schedules(api, f"acme-g{unique}"), "acme", "dev")


def test_drift_names_the_fields_and_a_deleted_schedule(api: AwsApi, unique: str) -> None:
    name = f"acme-d{unique}"
    desired = _desired(name, "nightly", "hourly")
    run(api, schedule_steps(desired, read_live_schedules(api, name), group_planned=False)[1])
    # edited outside sfndeploy, the description (and so sfndeploy's record at its end) kept as it was
    edited = replace(desired.schedules[0], expression="rate(5 minutes)")
    kept = desired.schedules[0].params()["Description"]
    api.call("scheduler", "UpdateSchedule", **(edited.params() | {"Description": kept}))
    api.call("scheduler", "DeleteSchedule", Name="etl-hourly", GroupName=name)
    assert schedule_drift(desired, read_live_schedules(api, name)) == [
        DriftItem(
            "etl",
            "schedule nightly",
            "changed outside sfndeploy",
            ("~ schedule nightly expression: rate(5 minutes) → cron(0 2 * * ? *)",),
        ),
        DriftItem("etl", "schedule hourly", "deleted outside sfndeploy (or never applied)"),
    ]
