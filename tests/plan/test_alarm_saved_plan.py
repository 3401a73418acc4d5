"""A saved plan's desired state keeps the workflow's alarms, read back strictly as the alarm kind's items."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from plan_factory import definition, desired, environment, workflow

from sfndeploy.alarms import AlarmContext, render_alarms
from sfndeploy.errors import PlanError
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.desired_data import desired_from_data, desired_to_data
from sfndeploy.plan.kinds.alarm import KIND_MODULE, DesiredAlarm, desired_alarms
from sfndeploy.plan.planfile import SavedPlan
from sfndeploy.plan.saved_checks import check_saved_plan
from sfndeploy.plan.steps import PlanOptions
from sfndeploy.sourcemap import SourceMap


def fail(where: str, message: str) -> PlanError:
    return PlanError(message, key=where)


def with_alarm() -> DesiredState:
    wf = workflow("orders", environment("dev", prefix="dev-"), body=definition(next_after_validate="CheckStock"))
    context = AlarmContext(wf.state_machine_name, SourceMap.empty(), {}, "environments/dev.yaml")
    rendered = replace(wf, alarms=render_alarms({"failures": {"metric": "ExecutionsFailed", "threshold": 1}}, context))
    return desired(rendered)


def as_data(state: DesiredState) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(desired_to_data(state)))
    return data


def test_the_alarms_survive_the_round_trip_as_alarm_items() -> None:
    state = with_alarm()
    back = desired_from_data(as_data(state), fail)
    assert back == state
    [alarm] = desired_alarms(back.workflows[0])
    assert isinstance(alarm, DesiredAlarm) and alarm.name == "dev-orders-failures" and alarm.threshold == 1.0


def test_an_unknown_kind_or_field_is_one_error() -> None:
    data = as_data(with_alarm())
    data["workflows"][0]["resources"]["alarms"] = data["workflows"][0]["resources"].pop("alarm")
    with pytest.raises(PlanError, match="unknown resource kind \\(did you mean 'alarm'\\?\\)"):
        desired_from_data(data, fail)
    data = as_data(with_alarm())
    data["workflows"][0]["resources"]["alarm"][0]["threshold"] = "high"
    with pytest.raises(PlanError, match="must be a number, found a string"):
        desired_from_data(data, fail)


def test_an_alarm_of_another_state_machine_is_refused(tmp_path: Path) -> None:
    state = with_alarm()
    wf = state.workflows[0]
    [alarm] = desired_alarms(wf)
    foreign = replace(alarm, name="prod-payments-failures")
    edited = replace(state, workflows=(replace(wf, resources={"alarm": (foreign,)}),))
    saved = SavedPlan(edited, PlanOptions(), {"workflows": []}, signed=False, path=tmp_path / "dev.plan")
    env = environment("dev", prefix="dev-")
    assert KIND_MODULE.check_saved(state, wf) == []  # the alarm as the sources made it passes
    with pytest.raises(PlanError, match="is not an alarm of state machine dev-orders"):
        check_saved_plan(saved, env)
