"""A saved plan's desired state keeps the triggers: a lossless round trip, and the strict reader's checks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plan_factory import desired, environment, workflow

from sfndeploy.errors import PlanError
from sfndeploy.plan.desired_data import desired_from_data, desired_to_data
from tests.triggers.test_triggers_apply_aws import NIGHTLY, with_triggers

TRIGGERS = {
    "nightly": NIGHTLY | {"flexible_window": 15, "retry": {"max_attempts": 2}},
    "placed": {"event": {"pattern": {"detail-type": ["OrderPlaced"]}}},
    "own": {"schedule": "rate(1 hour)", "role": {"arn": "arn:aws:iam::123456789012:role/team"}},
}


def _fail(where: str, message: str) -> PlanError:
    return PlanError(message, key=where)


def _data() -> tuple[Any, dict[str, Any]]:
    state = desired(with_triggers(workflow("orders", environment("dev", prefix="dev-")), TRIGGERS))
    return state, json.loads(json.dumps(desired_to_data(state)))


def test_triggers_survive_the_round_trip() -> None:
    state, data = _data()
    assert desired_from_data(data, _fail) == state
    [triggers] = state.triggers
    assert [s.name for s in triggers.schedules] == ["orders-nightly", "orders-own"]
    assert [r.name for r in triggers.roles] == ["dev-orders-nightly-invoke", "dev-orders-placed-invoke"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["triggers"][0]["schedules"][0].update(flexible_window="15"),
            "flexible_window': must be an integer",
        ),
        (lambda d: d["triggers"][0]["group"].update(tags=[]), "group.tags': must be an object"),
        (lambda d: d["triggers"][0]["schedules"][0].update(zone="UTC"), "schedules[0].zone': unknown key"),
        (lambda d: d["triggers"][0]["roles"][0].pop("trust_policy"), "trust_policy': is required but missing"),
    ],
)
def test_a_tampered_trigger_is_one_plan_error(edit: Any, expected: str) -> None:
    _, data = _data()
    edit(data)
    with pytest.raises(PlanError) as caught:
        desired_from_data(data, _fail)
    assert expected in caught.value.one_line()
