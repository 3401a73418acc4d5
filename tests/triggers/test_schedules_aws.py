"""Schedule groups and schedules against moto's EventBridge Scheduler (server mode).

Create, change each field, no-op re-plan, drift, deletion, and a crash between calls followed by a
converging re-apply. moto serves every call used here (CreateScheduleGroup, GetScheduleGroup,
ListTagsForResource, TagResource, UntagResource, CreateSchedule, GetSchedule, UpdateSchedule,
ListSchedules, DeleteSchedule, DeleteScheduleGroup); where it answers differently from AWS, the
reader's normalisation covers both (moto drops State and fills the retry policy with Scheduler's
defaults after an update that leaves them out; sfndeploy always sends both).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.plan.steps import ApiCall
from sfndeploy.triggers.schedules import (
    DesiredGroup,
    DesiredSchedule,
    LiveSchedule,
    group_calls,
    group_changes,
    group_deletion_calls,
    list_schedules,
    read_group,
    read_schedule,
    schedule_calls,
    schedule_changes,
    schedule_deletion_calls,
)

ACCOUNT = "123456789012"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:etl-dev"
OWNERSHIP = {"sfndeploy:project": "acme", "sfndeploy:environment": "dev", "sfndeploy:workflow": "*"}


def run(api: AwsApi, calls: list[ApiCall]) -> None:
    """As apply runs calls: an error whose code says the effect is already there counts as done."""
    for call in calls:
        try:
            api.call(call.service, call.operation, target=call.target, **call.params)
        except AwsCallError as error:
            if error.code not in call.done_codes:
                raise


def group(name: str) -> DesiredGroup:
    return DesiredGroup(name, f"arn:aws:scheduler:us-east-1:{ACCOUNT}:schedule-group/{name}", dict(OWNERSHIP))


def schedule(group_name: str, **changes: Any) -> DesiredSchedule:
    desired = DesiredSchedule(
        name="etl-nightly",
        group=group_name,
        trigger="nightly",
        expression="cron(0 2 * * ? *)",
        timezone="Europe/Berlin",
        target_arn=f"{MACHINE}:live",
        target_words="alias live",
        role_arn=f"arn:aws:iam::{ACCOUNT}:role/sfndeploy/etl-dev-nightly-invoke",
        flexible_window=15,
        input='{"runDate":"<aws.scheduler.scheduled-time>"}',
        max_attempts=3,
        max_event_age=3600,
        description="nightly ETL",
    )
    return replace(desired, **changes)


@pytest.fixture
def group_name(api: AwsApi, unique: str) -> str:
    name = f"acme-{unique}"
    run(api, group_calls(group(name), None))
    return name


def converge(api: AwsApi, desired: DesiredSchedule) -> LiveSchedule:
    run(api, schedule_calls(desired, read_schedule(api, desired.group, desired.name)))
    live = read_schedule(api, desired.group, desired.name)
    assert live is not None
    return live


def test_a_group_is_created_with_its_tags_then_is_a_no_op(api: AwsApi, unique: str) -> None:
    desired = group(f"acme-g{unique}")
    assert read_group(api, desired.name) is None
    assert group_changes(desired, None) == [f"+ schedule group {desired.name}"]
    run(api, group_calls(desired, None))
    live = read_group(api, desired.name)
    assert live is not None and dict(live.tags) == OWNERSHIP and live.arn == desired.arn
    assert group_changes(desired, live) == [] and group_calls(desired, live) == []


def test_group_tags_edited_outside_are_put_back(api: AwsApi, unique: str) -> None:
    desired = group(f"acme-t{unique}")
    run(api, group_calls(desired, None))
    api.call(
        "scheduler",
        "TagResource",
        ResourceArn=desired.arn,
        Tags=[{"Key": "sfndeploy:environment", "Value": "prod"}, {"Key": "extra", "Value": "x"}],
    )
    live = read_group(api, desired.name)
    assert live is not None
    assert group_changes(desired, live) == [
        f"~ schedule group {desired.name} tag sfndeploy:environment: prod → dev",
        f"~ schedule group {desired.name} tag extra: x → (none)",
    ]
    run(api, group_calls(desired, live))
    again = read_group(api, desired.name)
    assert again is not None and dict(again.tags) == OWNERSHIP


def test_a_schedule_is_created_whole_then_is_a_no_op(api: AwsApi, group_name: str) -> None:
    desired = schedule(group_name)
    assert read_schedule(api, group_name, desired.name) is None
    assert schedule_changes(desired, None) == ["+ schedule nightly (cron(0 2 * * ? *) Europe/Berlin) → alias live"]
    live = converge(api, desired)
    assert live.fields["target"] == f"{MACHINE}:live"
    assert live.fields["flexible window"] == 15
    assert live.fields["input"] == {"runDate": "<aws.scheduler.scheduled-time>"}
    assert live.fields["retry policy"] == (3, 3600)
    assert schedule_changes(desired, live) == []
    assert schedule_calls(desired, live) == []


CHANGES = [
    ({"expression": "rate(1 hour)"}, "expression: cron(0 2 * * ? *) → rate(1 hour)"),
    ({"timezone": "UTC"}, "timezone: Europe/Berlin → UTC"),
    ({"flexible_window": None}, "flexible window: 15 minutes → off"),
    ({"start_date": "2027-01-01T01:00:00+01:00"}, "start date: (none) → 2027-01-01T00:00:00Z"),
    ({"end_date": "2027-12-31T00:00:00Z"}, "end date: (none) → 2027-12-31T00:00:00Z"),
    ({"enabled": False}, "state: enabled → disabled"),
    ({"description": "later"}, 'description: "nightly ETL" → "later"'),
    ({"target_arn": MACHINE}, f"target: {MACHINE}:live → {MACHINE}"),
    ({"role_arn": f"arn:aws:iam::{ACCOUNT}:role/team"}, "role: arn:aws:iam::123456789012:role/sfndeploy/"),
    ({"input": '{"runDate":"today"}'}, 'input: {"runDate":"<aws.scheduler.scheduled-time>"} → {"runDate":"today"}'),
    ({"max_attempts": 0}, "retry policy: 3 attempts within 3600 s → 0 attempts within 3600 s"),
    ({"dead_letter_queue": f"arn:aws:sqs:us-east-1:{ACCOUNT}:etl-dlq"}, "dead-letter queue: (none) → arn:aws:sqs"),
]


@pytest.mark.parametrize(("change", "line"), CHANGES)
def test_each_field_changes_and_converges(api: AwsApi, unique: str, change: dict[str, Any], line: str) -> None:
    name = f"acme-c{unique}"
    run(api, group_calls(group(name), None))
    before = converge(api, schedule(name))
    changed = schedule(name, **change)
    [only] = schedule_changes(changed, before)
    assert only.startswith(f"~ schedule nightly {line}"), only
    assert [c.operation for c in schedule_calls(changed, before)] == ["UpdateSchedule"]
    after = converge(api, changed)
    assert schedule_changes(changed, after) == []
    back = converge(api, schedule(name))
    assert schedule_changes(schedule(name), back) == []


def test_an_edit_outside_sfndeploy_is_drift_and_is_put_back(api: AwsApi, group_name: str) -> None:
    desired = schedule(group_name)
    converge(api, desired)
    params = desired.params() | {"ScheduleExpression": "rate(5 minutes)", "State": "DISABLED"}
    api.call("scheduler", "UpdateSchedule", **params)
    live = read_schedule(api, group_name, desired.name)
    assert live is not None
    assert schedule_changes(desired, live) == [
        "~ schedule nightly expression: rate(5 minutes) → cron(0 2 * * ? *)",
        "~ schedule nightly state: disabled → enabled",
    ]
    assert schedule_changes(desired, converge(api, desired)) == []


def test_deletion_and_listing_of_a_group(api: AwsApi, group_name: str) -> None:
    first = schedule(group_name)
    second = schedule(group_name, name="etl-hourly", trigger="hourly", expression="rate(1 hour)")
    converge(api, first)
    converge(api, second)
    assert sorted(s.name for s in list_schedules(api, group_name)) == ["etl-hourly", "etl-nightly"]
    [gone] = [s for s in list_schedules(api, group_name) if s.name == "etl-hourly"]
    run(api, schedule_deletion_calls(gone))
    run(api, schedule_deletion_calls(gone))  # already gone: the call's done code
    assert [s.name for s in list_schedules(api, group_name)] == ["etl-nightly"]
    live_group = read_group(api, group_name)
    assert live_group is not None
    run(api, group_deletion_calls(live_group))
    assert read_group(api, group_name) is None


def test_a_crash_between_group_and_schedule_converges_on_the_next_apply(api: AwsApi, unique: str) -> None:
    name = f"acme-x{unique}"
    desired_group, desired = group(name), schedule(name)
    first = group_calls(desired_group, read_group(api, name)) + schedule_calls(desired, None)
    run(api, first[:1])  # the process dies after the group was created
    again = group_calls(desired_group, read_group(api, name)) + schedule_calls(
        desired, read_schedule(api, name, desired.name)
    )
    assert [c.operation for c in again] == ["CreateSchedule"]
    run(api, again)
    live = read_schedule(api, name, desired.name)
    assert live is not None and schedule_changes(desired, live) == []


def test_a_create_that_already_happened_is_done(api: AwsApi, group_name: str) -> None:
    """A crash right after CreateSchedule: the replayed call's ConflictException means done."""
    desired = schedule(group_name)
    [create] = schedule_calls(desired, None)
    run(api, [create])
    with pytest.raises(AwsCallError) as caught:
        api.call(create.service, create.operation, target=create.target, **create.params)
    assert caught.value.code in create.done_codes
    run(api, [create])
