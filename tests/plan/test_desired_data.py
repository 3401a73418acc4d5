"""The desired state's JSON form: a lossless round trip, and a strict reader for anything else."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from plan_factory import definition, desired, environment, live_from, workflow

from sfndeploy.errors import PlanError, SfnDeployError
from sfndeploy.iam import IamContext
from sfndeploy.iam.features import trust_policy
from sfndeploy.pipeline import definition_hash
from sfndeploy.plan.desired import DesiredState, config_hash
from sfndeploy.plan.desired_data import desired_from_data, desired_to_data
from sfndeploy.plan.planfile import SavedPlan
from sfndeploy.plan.planner import PlanOptions, make_plan
from sfndeploy.plan.saved_checks import check_saved_plan


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


# --- any value anywhere: a PlanError or a plan, never another exception ------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _with_true_hashes(state: DesiredState) -> DesiredState:
    """What someone who edits a file also does: recompute the hashes the checks compare."""
    workflows = tuple(
        replace(
            w,
            definition_hash=definition_hash(w.definition),
            config_hash=config_hash(w.definition, w.role_arn, w.logging, w.tracing, w.encryption),
        )
        for w in state.workflows
    )
    return replace(state, workflows=workflows)


def _with_derived_trust(state: DesiredState) -> DesiredState:
    """The factory's roles carry the fallback trust policy; a render carries the derived one."""
    workflows = []
    for w in state.workflows:
        if w.role is not None:
            context = IamContext(state.partition, state.region, state.account_id, w.state_machine_name, w.arn, w.type)
            w = replace(w, role=replace(w.role, trust_policy=trust_policy(context)))
        workflows.append(w)
    return replace(state, workflows=tuple(workflows))


ENV = environment("dev", prefix="dev-")
VALID = definition(next_after_validate="CheckStock")
ORIGINAL = _with_derived_trust(
    desired(
        workflow("orders", ENV, role_arn="arn:aws:iam::123456789012:role/x", body=VALID),
        workflow("audit", ENV, body=VALID),
    )
)


def test_the_unaltered_state_passes_the_checks_and_plans() -> None:
    state = desired_from_data(desired_to_data(ORIGINAL), fail)
    check_saved_plan(SavedPlan(state, PlanOptions(), {"workflows": []}, signed=False, path=Path("p.plan")), ENV)
    assert not make_plan(state, live_from(ORIGINAL)).has_changes


@settings(max_examples=100, derandomize=True, database=None, deadline=None)
@given(path=st.sampled_from(_paths(desired_to_data(ORIGINAL))), value=JSON_VALUES)
def test_a_value_of_any_type_anywhere_ends_in_a_plan_error_or_a_plan(path: tuple[Any, ...], value: Any) -> None:
    data = desired_to_data(ORIGINAL)
    _set(data, path, value)
    try:
        state = _with_true_hashes(desired_from_data(data, fail))
        saved = SavedPlan(state, PlanOptions(), {"workflows": []}, signed=False, path=Path("p.plan"))
        check_saved_plan(saved, ENV)
    except SfnDeployError:
        event("refused")
        return
    event("planned")
    plan = make_plan(state, live_from(ORIGINAL))
    assert plan.environment == "dev"
