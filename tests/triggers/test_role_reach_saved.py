"""The invoke-role kind's checks travel in a saved plan, read back strictly; an edited check is refused."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from plan_factory import desired, environment, workflow
from watchers import trigger_context

from sfndeploy.errors import PlanError
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.desired_data import desired_from_data, desired_to_data
from sfndeploy.plan.kinds.invoke_role import KIND_MODULE
from sfndeploy.sourcemap import SourceMap
from sfndeploy.triggers.render import render_triggers
from sfndeploy.triggers.role_reach import ReachCheck

ROLE = "arn:aws:iam::123456789012:role/team-invoker"


def _state() -> DesiredState:
    wf = workflow("orders", environment("dev", prefix="dev-"))
    context = trigger_context(wf, source_map=SourceMap.empty("templates/orders.yaml.j2"))
    triggers = {"nightly": {"schedule": "rate(1 day)", "role": {"arn": ROLE}}}
    return desired(replace(wf, triggers=render_triggers(triggers, context)))


def _fail(where: str, message: str) -> PlanError:
    return PlanError(message, key=where)


def test_the_checks_survive_the_round_trip() -> None:
    state = _state()
    data: dict[str, Any] = json.loads(json.dumps(desired_to_data(state)))
    back = desired_from_data(data, _fail)
    assert back == state
    [check] = back.workflows[0].resources["invoke role"]
    assert isinstance(check, ReachCheck)
    assert (check.key, check.role_arn, check.target_arn) == (
        "triggers.nightly.role.arn",
        ROLE,
        "arn:aws:states:us-east-1:123456789012:stateMachine:dev-orders:live",
    )
    assert KIND_MODULE.check_saved(back, back.workflows[0]) == []


def test_an_edited_check_is_refused() -> None:
    state = _state()
    [wf] = state.workflows
    [check] = wf.resources["invoke role"]
    elsewhere = replace(check, target_arn="arn:aws:states:us-east-1:123456789012:stateMachine:other")
    edited = replace(wf, resources={**wf.resources, "invoke role": (elsewhere,)})
    assert KIND_MODULE.check_saved(state, edited) == [
        ("workflows.orders.resources.invoke role[0].target_arn", "is not what a trigger of orders starts")
    ]
    foreign = replace(wf, resources={**wf.resources, "invoke role": (replace(check, source_account="1"),)})
    assert KIND_MODULE.check_saved(state, foreign) == [
        ("workflows.orders.resources.invoke role[0].source_account", "is not the environment's account")
    ]
