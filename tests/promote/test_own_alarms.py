"""A rollout of a workflow watches the workflow's own alarms, then the environment's deploy.alarms."""

from __future__ import annotations

from dataclasses import replace

from sfndeploy.alarms import AlarmContext, render_alarms
from sfndeploy.model import RenderedWorkflow
from sfndeploy.promote.policy import RolloutPolicy, watching_own_alarms
from sfndeploy.sourcemap import SourceMap
from tests.plan.plan_factory import desired, environment, workflow


def with_alarm(wf: RenderedWorkflow, key: str) -> RenderedWorkflow:
    context = AlarmContext(wf.state_machine_name, SourceMap.empty(), {}, "environments/prod.yaml")
    return replace(wf, alarms=render_alarms({key: {"metric": "ExecutionsFailed", "threshold": 1}}, context))


def test_each_workflow_watches_its_own_alarms_and_not_another_ones() -> None:
    env = environment("prod", prefix="prod-")
    state = desired(with_alarm(workflow("orders", env), "failures"), with_alarm(workflow("quotes", env), "timeouts"))
    policy = watching_own_alarms(RolloutPolicy("canary", alarms=("platform-errors",)), state)

    assert policy.alarms_for("orders") == ("prod-orders-failures", "platform-errors")
    assert policy.alarms_for("quotes") == ("prod-quotes-timeouts", "platform-errors")


def test_a_workflow_without_alarms_watches_only_the_environment_ones() -> None:
    state = desired(workflow("orders", environment("prod")))
    policy = watching_own_alarms(RolloutPolicy("canary", alarms=("{workflow}-errors",)), state)

    assert policy.alarms_for("orders") == ("orders-errors",)
