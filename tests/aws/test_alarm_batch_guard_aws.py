"""A prune deletes alarms with one DeleteAlarms call naming several; apply reads the ownership tags of
every one of them again before that call (moto's server serves CloudWatch and its tags).

The attacker's move: between plan and apply, an alarm the plan deletes is re-tagged for another
project, or stripped of its tags. The call would delete every alarm it names, so apply refuses
before it and no alarm is deleted, neither the foreign one nor the one still ours.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from plan_factory import desired, environment, workflow

from sfndeploy.alarms import AlarmContext, render_alarms
from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import PlanError
from sfndeploy.model import RenderedWorkflow
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan
from sfndeploy.plan.steps import Plan, PlanOptions
from sfndeploy.sourcemap import SourceMap

FAILURES = {"metric": "ExecutionsFailed", "threshold": 1}
TIMEOUTS = {"metric": "ExecutionsTimedOut", "threshold": 1}
ABORTS = {"metric": "ExecutionsAborted", "threshold": 1}


def with_alarms(wf: RenderedWorkflow, alarms: dict[str, Any]) -> RenderedWorkflow:
    context = AlarmContext(wf.state_machine_name, SourceMap.empty(), {}, "environments/dev.yaml")
    return replace(wf, alarms=render_alarms(alarms, context))


def execute(api: AwsApi, plan: Plan) -> None:
    AwsExecutor(api, sleep=lambda _: None).execute(plan)


def existing(api: AwsApi, names: list[str]) -> list[str]:
    found = api.call("cloudwatch", "DescribeAlarms", AlarmNames=names)["MetricAlarms"]
    return sorted(item["AlarmName"] for item in found)


def arn_of(api: AwsApi, name: str) -> str:
    [found] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[name])["MetricAlarms"]
    return str(found["AlarmArn"])


def planned_prune(api: AwsApi, unique: str) -> tuple[Plan, list[str]]:
    """Alarms failures, timeouts and aborts applied; a --prune plan that deletes timeouts and aborts in one call."""
    env = environment(unique, prefix=f"{unique}-")
    execute(api, compute_plan(api, desired(with_alarms(workflow("orders", env), {
        "failures": FAILURES, "timeouts": TIMEOUTS, "aborts": ABORTS,
    }))))
    kept = desired(with_alarms(workflow("orders", env), {"failures": FAILURES}))
    plan = compute_plan(api, kept, PlanOptions(prune=True))
    gone = [f"{unique}-orders-aborts", f"{unique}-orders-timeouts"]
    [deletion] = [c for c in plan.workflows[0].calls if c.operation == "DeleteAlarms"]
    assert deletion.params["AlarmNames"] == gone  # one call touches both: the case the guard must cover whole
    return plan, gone


def test_an_alarm_retagged_for_another_project_after_the_plan_stops_the_deletion_of_all(
    api: AwsApi, unique: str
) -> None:
    plan, gone = planned_prune(api, unique)
    foreign = gone[1]  # not the first name of the call
    api.call("cloudwatch", "TagResource", ResourceARN=arn_of(api, foreign), Tags=[
        {"Key": "sfndeploy:project", "Value": "someone-else"},
    ])

    with pytest.raises(PlanError) as raised:
        execute(api, plan)
    assert raised.value.message == (
        f"alarm '{foreign}' belongs to project 'someone-else', environment '{unique}', workflow 'orders', "
        f"not to project 'shop', environment '{unique}', workflow 'orders'; "
        f"apply stopped at step 1/1 of workflow 'orders' (delete alarm(s) {', '.join(gone)}), before any write"
    )
    assert existing(api, gone) == gone  # neither was deleted, not even the one that is still ours


def test_an_alarm_stripped_of_its_tags_after_the_plan_stops_the_deletion_of_all(api: AwsApi, unique: str) -> None:
    plan, gone = planned_prune(api, unique)
    stripped = gone[1]
    api.call("cloudwatch", "UntagResource", ResourceARN=arn_of(api, stripped), TagKeys=[
        "sfndeploy:project", "sfndeploy:environment", "sfndeploy:workflow",
    ])

    with pytest.raises(PlanError) as raised:
        execute(api, plan)
    assert raised.value.message == (
        f"alarm '{stripped}' is not managed by sfndeploy "
        "(it lacks the sfndeploy:project, sfndeploy:environment, sfndeploy:workflow tags); "
        f"apply stopped at step 1/1 of workflow 'orders' (delete alarm(s) {', '.join(gone)}), before any write"
    )
    assert raised.value.hint == "make a new plan; sfndeploy writes only to what carries its tags"
    assert existing(api, gone) == gone


def test_both_still_ours_are_deleted_by_the_one_call(api: AwsApi, unique: str) -> None:
    plan, gone = planned_prune(api, unique)
    execute(api, plan)
    assert existing(api, gone) == []
    assert existing(api, [f"{unique}-orders-failures"]) == [f"{unique}-orders-failures"]
