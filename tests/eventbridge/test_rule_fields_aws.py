"""Each field of an event trigger, changed in the spec: one plan line naming it, apply, an empty re-plan.

Against moto's EventBridge. One workflow with two event triggers (a pattern rule and a schedule
rule) is deployed once for the module; each case changes one field, applies, and changes it back
(also one line), so the next case starts from the same rules.
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

# each write to a rule is followed by the record of what sfndeploy wrote (sfndeploy:config-hash)
RULE_CALLS = ["PutRule", "TagResource"]
TARGET_CALLS = ["PutTargets", "TagResource"]

ENV = "rulefields"
RULE = f"{ENV}-orders-placed"
PLACED: dict[str, Any] = {
    "event": {"pattern": {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}},
    "description": "orders placed",
}
HOURLY: dict[str, Any] = {"event": {"schedule": "rate(1 hour)"}}
TEAM_ROLE = f"arn:aws:iam::{ACCOUNT}:role/team-events"
GENERATED_ROLE = f"arn:aws:iam::{ACCOUNT}:role/sfndeploy/{ENV}-orders-placed-invoke"
DLQ = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-dlq"
TARGET = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{ENV}-orders:live"


def state(placed: dict[str, Any] | None = None, hourly: dict[str, Any] | None = None) -> DesiredState:
    env = environment(ENV, prefix=f"{ENV}-")
    triggers = {"placed": {**PLACED, **(placed or {})}, "hourly": {**HOURLY, **(hourly or {})}}
    return desired(with_watchers(workflow("orders", env), triggers=triggers))


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> Iterator[AwsApi]:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    api.call("events", "CreateEventBus", Name=f"{ENV}-orders")
    team_role(api, "team-events", "events.amazonaws.com", "states:StartExecution", TARGET)
    apply(api, state())
    yield api


PATTERN = {"source": ["acme.shop"], "detail-type": ["OrderCancelled"]}
TRANSFORMER = {"paths": {"id": "$.detail.id"}, "template": '{"orderId": <id>}'}

CHANGES: list[tuple[str, dict[str, Any], dict[str, Any], str, list[str]]] = [
    (
        "pattern",
        {"event": {"pattern": PATTERN}},
        {},
        f"~ rule {RULE} event pattern: ",
        RULE_CALLS,
    ),
    (
        "schedule",
        {},
        {"event": {"schedule": "cron(0 * * * ? *)"}},
        f"~ rule {ENV}-orders-hourly schedule: rate(1 hour) → cron(0 * * * ? *)",
        RULE_CALLS,
    ),
    ("enabled", {"enabled": False}, {}, f"~ rule {RULE}: enabled → disabled", RULE_CALLS),
    (
        "description",
        {"description": "orders placed, v2"},
        {},
        f'~ rule {RULE} description: "orders placed" → "orders placed, v2"',
        RULE_CALLS,
    ),
    ("input", {"input": {"from": "rule"}}, {}, f'~ rule {RULE} input: (none) → {{"from":"rule"}}', TARGET_CALLS),
    ("input-path", {"input_path": "$.detail"}, {}, f"~ rule {RULE} input path: (none) → $.detail", TARGET_CALLS),
    (
        "input-transformer",
        {"input_transformer": TRANSFORMER},
        {},
        f'~ rule {RULE} input transformer: (none) → paths id = $.detail.id; template {{"orderId": <id>}}',
        TARGET_CALLS,
    ),
    (
        "dead-letter-queue",
        {"dead_letter_queue": DLQ},
        {},
        f"~ rule {RULE} dead-letter queue: (none) → {DLQ}",
        TARGET_CALLS,
    ),
    (
        "retry",
        {"retry": {"max_attempts": 4, "max_event_age": 900}},
        {},
        f"~ rule {RULE} retry policy: (none) → 4 attempts within 900 s",
        TARGET_CALLS,
    ),
    ("role", {"role": {"arn": TEAM_ROLE}}, {}, f"~ rule {RULE} role: {GENERATED_ROLE} → {TEAM_ROLE}", TARGET_CALLS),
]


@pytest.mark.parametrize(
    ("placed", "hourly", "line", "calls"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES]
)
def test_one_field_is_one_line_and_converges(
    api: AwsApi, placed: dict[str, Any], hourly: dict[str, Any], line: str, calls: list[str]
) -> None:
    base, changed = state(), state(placed, hourly)

    plan = apply(api, changed)

    try:
        [only] = change_lines(plan)
        assert only.startswith(line), only
        assert operations(plan) == calls
        assert not compute_plan(api, changed).has_changes
    finally:
        back = apply(api, base)  # the next case starts from the base again
    [undone] = change_lines(back)
    assert undone.startswith(line.split(":", 1)[0] + ":"), undone


def test_moving_a_rule_to_another_bus_keeps_the_old_one_until_prune(api: AwsApi) -> None:
    bus = f"{ENV}-orders"
    moved = state({"event": {**PLACED["event"], "bus": bus}})

    plan = apply(api, moved)

    lines = change_lines(plan)
    assert lines[0] == f"~ trust policy of role {ENV}-orders-placed-invoke"  # aws:SourceArn names the bus
    assert lines[-1] == f"+ rule {RULE} (trigger placed: event pattern on bus {bus} → {TARGET})"
    assert plan.kept_orphans == (f"rule {RULE}",)
    assert not compute_plan(api, moved).has_changes
    pruned = apply(api, moved, PlanOptions(prune=True))
    assert change_lines(pruned) == [f"- rule {RULE} (no trigger or notification names it)"]
    assert api.call("events", "ListRules", NamePrefix=RULE)["Rules"] == []  # none left on the default bus
    # moto keeps one set of tags per rule name whatever its bus (EventBridge keeps them per ARN): the
    # record of the named bus's rule went to the default bus's rule and left with it; apply writes it again
    recorded = apply(api, moved, PlanOptions(prune=True))
    assert change_lines(recorded) == [f"~ rule {RULE}: record what sfndeploy wrote (its recorded hash is out of date)"]
    assert not compute_plan(api, moved, PlanOptions(prune=True)).has_changes

    # back on the default bus; the rule left on the named bus is deleted here by hand: a plan without
    # --prune reads only the default bus and the buses the sources name, so it does not find it (under
    # --prune every bus is read: tests/eventbridge/test_prune_every_bus_aws.py)
    api.call("events", "RemoveTargets", Rule=RULE, EventBusName=bus, Ids=["sfndeploy"])
    api.call("events", "DeleteRule", Name=RULE, EventBusName=bus)
    back = apply(api, state())
    assert change_lines(back)[-1] == f"+ rule {RULE} (trigger placed: event pattern on bus default → {TARGET})"
    assert not compute_plan(api, state(), PlanOptions(prune=True)).has_changes
