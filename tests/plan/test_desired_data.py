"""The desired state's JSON form: a lossless round trip, and a strict reader for anything else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plan_factory import desired, environment, workflow

from sfndeploy.errors import PlanError
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.desired_data import desired_from_data, desired_to_data


def fail(where: str, message: str) -> PlanError:
    return PlanError(message, key=where)


def sample() -> DesiredState:
    env = environment("dev", prefix="dev-", lock={"table": "locks", "ttl_minutes": 5})
    existing_role = "arn:aws:iam::123456789012:role/x"
    return desired(workflow("orders", env, tags={"type": "batch"}), workflow("audit", env, role_arn=existing_role))


def as_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(desired_to_data(sample()), sort_keys=True))
    return data


def test_round_trip_through_json_text_is_lossless() -> None:
    state = sample()
    assert desired_from_data(as_data(), fail) == state
    assert state.workflow("audit").role is None and state.workflow("orders").role is not None


def error_for(edit: Any) -> str:
    data = as_data()
    edit(data)
    with pytest.raises(PlanError) as caught:
        desired_from_data(data, fail)
    return caught.value.one_line()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d.update(partial="no"), "'desired.partial': must be true or false, found a string"),
        (lambda d: d.update(workflows={}), "'desired.workflows': must be a list, found an object"),
        (lambda d: d["workflows"].append(7), "'desired.workflows[2]': must be an object, found a number"),
        (lambda d: d["workflows"][1]["role"].update(arn=None), "'desired.workflows[1].role.arn': must be a string"),
        (lambda d: d["workflows"][1]["role"].update(policy=[]), "'desired.workflows[1].role.policy': must be an"),
        (lambda d: d["workflows"][1]["role"].update(extra=1), "'desired.workflows[1].role.extra': unknown key"),
        (lambda d: d["workflows"][1]["tags"].update(team=3), "'desired.workflows[1].tags.team': must be a string"),
        (lambda d: d["workflows"][0].pop("arn"), "'desired.workflows[0].arn': is required but missing"),
        (lambda d: d["workflows"][0].update(alias=1), "'desired.workflows[0].alias': must be a string, found a number"),
        (lambda d: d["workflows"][0]["definition"].update(x=float("nan")), "definition.x': must be a finite number"),
        (lambda d: d.update(workflow=[]), "'desired.workflow': unknown key (did you mean 'workflows'?)"),
    ],
)
def test_every_field_is_checked(edit: Any, expected: str) -> None:
    assert expected in error_for(edit)


def test_a_tag_named_type_is_not_taken_for_the_workflow_type() -> None:
    state = desired_from_data(as_data(), fail)
    assert state.workflow("orders").tags["type"] == "batch"


def test_a_desired_state_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(PlanError, match="must be an object, found a list"):
        desired_from_data([], fail)
