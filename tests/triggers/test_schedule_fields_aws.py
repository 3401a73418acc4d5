"""Each field of a schedule trigger, changed in the spec: one plan line naming it, apply, an empty re-plan.

Against moto's EventBridge Scheduler. One workflow is deployed once for the module; each case
changes one field, applies, and changes it back (also one line), so the next case starts from the
same schedule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from plan_factory import ACCOUNT, desired, environment, workflow
from watchers import apply, change_lines, operations, team_role, with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.service import compute_plan
from sfndeploy.plan.steps import PlanOptions
from tests.aws.conftest import no_sleep

ENV = "schedfields"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{ENV}-orders"
NIGHTLY: dict[str, Any] = {
    "schedule": "cron(0 2 * * ? *)",
    "timezone": "Europe/Berlin",
    "flexible_window": 15,
    "description": "nightly orders",
    "input": {"run": "nightly"},
    "retry": {"max_attempts": 3, "max_event_age": 3600},
}
TEAM_ROLE = f"arn:aws:iam::{ACCOUNT}:role/team-scheduler"
DLQ = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-dlq"
GENERATED_ROLE = f"arn:aws:iam::{ACCOUNT}:role/sfndeploy/{ENV}-orders-nightly-invoke"


def state(**fields: Any) -> DesiredState:
    env = environment(ENV, prefix=f"{ENV}-")
    trigger = {key: value for key, value in {**NIGHTLY, **fields}.items() if value is not None}
    return desired(with_watchers(workflow("orders", env), triggers={"nightly": trigger}))


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> Iterator[AwsApi]:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    team_role(api, "team-scheduler", "scheduler.amazonaws.com", "states:StartExecution", f"{MACHINE}:live")
    apply(api, state())
    yield api


def schedule(api: AwsApi) -> dict[str, Any]:
    return api.call("scheduler", "GetSchedule", Name="orders-nightly", GroupName=f"shop-{ENV}")


CHANGES = [
    ("expression", {"schedule": "rate(6 hours)"}, "expression: cron(0 2 * * ? *) → rate(6 hours)"),
    ("at", {"schedule": "at(2027-06-01T09:00:00)"}, "expression: cron(0 2 * * ? *) → at(2027-06-01T09:00:00)"),
    ("timezone", {"timezone": "America/New_York"}, "timezone: Europe/Berlin → America/New_York"),
    ("no-timezone", {"timezone": None}, "timezone: Europe/Berlin → UTC"),
    ("flexible-window", {"flexible_window": 30}, "flexible window: 15 minutes → 30 minutes"),
    ("window-off", {"flexible_window": "off"}, "flexible window: 15 minutes → off"),
    ("start-date", {"start_date": "2027-01-01T00:00:00Z"}, "start date: (none) → 2027-01-01T00:00:00Z"),
    ("end-date", {"end_date": "2027-12-31T23:00:00+01:00"}, "end date: (none) → 2027-12-31T22:00:00Z"),
    ("enabled", {"enabled": False}, "state: enabled → disabled"),
    ("description", {"description": "orders, nightly"}, 'description: "nightly orders" → "orders, nightly"'),
    ("input", {"input": {"run": "again"}}, 'input: {"run":"nightly"} → {"run":"again"}'),
    (
        "retry-attempts",
        {"retry": {"max_attempts": 0, "max_event_age": 3600}},
        "retry policy: 3 attempts within 3600 s → 0 attempts within 3600 s",
    ),
    (
        "retry-age",
        {"retry": {"max_attempts": 3, "max_event_age": 600}},
        "retry policy: 3 attempts within 3600 s → 3 attempts within 600 s",
    ),
    ("dead-letter-queue", {"dead_letter_queue": DLQ}, f"dead-letter queue: (none) → {DLQ}"),
    ("role", {"role": {"arn": TEAM_ROLE}}, f"role: {GENERATED_ROLE} → {TEAM_ROLE}"),
]


@pytest.mark.parametrize(("change", "line"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_one_field_is_one_line_and_converges(api: AwsApi, change: dict[str, Any], line: str) -> None:
    base, changed = state(), state(**change)

    plan = apply(api, changed)

    try:
        assert change_lines(plan) == [f"~ schedule nightly {line}"]
        assert operations(plan) == ["UpdateSchedule"]
        assert not compute_plan(api, changed).has_changes
    finally:
        back = apply(api, base)  # the next case starts from the base again
    [undone] = change_lines(back)
    assert undone.startswith(f"~ schedule nightly {line.split(':', 1)[0]}: "), undone


def test_the_generated_role_a_brought_role_replaced_goes_with_prune(api: AwsApi) -> None:
    brought = state(role={"arn": TEAM_ROLE})
    apply(api, brought)
    name = GENERATED_ROLE.rsplit("/", 1)[1]
    assert api.call("iam", "GetRole", RoleName=name)["Role"]["Arn"] == GENERATED_ROLE

    pruned = apply(api, brought, PlanOptions(prune=True))

    assert change_lines(pruned) == [f"- invoke role {name} of trigger nightly, which no longer uses it"]
    assert not compute_plan(api, brought, PlanOptions(prune=True)).has_changes
    restored = apply(api, state())  # the generated role again, for the other cases
    assert change_lines(restored)[-1] == f"~ schedule nightly role: {TEAM_ROLE} → {GENERATED_ROLE}"
    assert not compute_plan(api, state()).has_changes


def test_the_live_schedule_carries_every_field(api: AwsApi) -> None:
    changed = state(start_date="2027-01-01T00:00:00Z", end_date="2027-12-31T00:00:00Z", dead_letter_queue=DLQ)
    apply(api, changed)
    live = schedule(api)
    assert live["ScheduleExpression"] == "cron(0 2 * * ? *)"
    assert live["ScheduleExpressionTimezone"] == "Europe/Berlin"
    assert live["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
    assert live["Target"]["Arn"] == f"{MACHINE}:live"
    assert live["Target"]["Input"] == '{"run":"nightly"}'
    assert live["Target"]["RetryPolicy"] == {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600}
    assert live["Target"]["DeadLetterConfig"] == {"Arn": DLQ}
    # the user's description, then the record of what sfndeploy wrote (Scheduler cannot tag a schedule)
    [wanted] = changed.triggers[0].schedules
    assert live["Description"] == f"nightly orders [sfndeploy {wanted.config_hash}]"
    apply(api, state())
    assert not compute_plan(api, state()).has_changes
