"""Alarms through plan, apply, drift and prune against moto's server (CloudWatch is served)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from plan_factory import desired, environment, workflow

from sfndeploy.alarms import AlarmContext, render_alarms
from sfndeploy.aws.api import AwsApi
from sfndeploy.model import RenderedWorkflow
from sfndeploy.plan.drift import detect_drift
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.kinds.alarm import DesiredAlarm, desired_alarms, workflow_alarm_names
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.plan.recorded import RECORD_BEHIND, SOURCES_CHANGED
from sfndeploy.plan.service import compute_plan, read_live
from sfndeploy.plan.steps import Plan, PlanOptions
from sfndeploy.sourcemap import SourceMap

TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts"
FAILURES = {"metric": "ExecutionsFailed", "threshold": 1, "actions": [TOPIC]}
TIMEOUTS = {"metric": "ExecutionsTimedOut", "threshold": 1, "evaluation_periods": 3, "datapoints_to_alarm": 2}


def with_alarms(wf: RenderedWorkflow, alarms: dict[str, Any]) -> RenderedWorkflow:
    context = AlarmContext(wf.state_machine_name, SourceMap.empty(), {}, "environments/dev.yaml")
    return replace(wf, alarms=render_alarms(alarms, context))


def apply(api: AwsApi, state: Any, options: PlanOptions | None = None) -> Plan:
    plan = compute_plan(api, state, options)
    AwsExecutor(api, sleep=lambda _: None).execute(plan)
    return plan


def alarm(api: AwsApi, name: str) -> dict[str, Any]:
    [found] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[name])["MetricAlarms"]
    return found


def tags(api: AwsApi, name: str) -> dict[str, str]:
    arn = alarm(api, name)["AlarmArn"]
    return {t["Key"]: t["Value"] for t in api.call("cloudwatch", "ListTagsForResource", ResourceARN=arn)["Tags"]}


def owners(environment: str) -> dict[str, str]:
    return {"sfndeploy:project": "shop", "sfndeploy:environment": environment, "sfndeploy:workflow": "orders"}


def desired_alarm(state: Any, index: int = 0) -> DesiredAlarm:
    found: DesiredAlarm = desired_alarms(state.workflows[0])[index]
    return found


def test_create_then_nothing_to_do_then_each_field_changes(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_alarms(workflow("orders", env), {"failures": FAILURES, "timeouts": TIMEOUTS}))
    plan = apply(api, state)
    name = f"{unique}-orders-failures"
    assert f"+ alarm {name} (ExecutionsFailed Sum >= 1 in 1 of 1 × 60 s)" in plan.workflows[0].changes
    created = alarm(api, name)
    assert created["Namespace"] == "AWS/States"
    assert created["Dimensions"] == [{"Name": "StateMachineArn", "Value": state.workflows[0].arn}]
    assert created["AlarmActions"] == [TOPIC]
    assert alarm(api, f"{unique}-orders-timeouts")["DatapointsToAlarm"] == 2
    assert not compute_plan(api, state).has_changes
    assert workflow_alarm_names(state.workflows[0]) == (name, f"{unique}-orders-timeouts")

    changed = {**FAILURES, "threshold": 5, "period": 300, "statistic": "Maximum", "treat_missing_data": "breaching"}
    state = desired(with_alarms(workflow("orders", env), {"failures": changed, "timeouts": TIMEOUTS}))
    plan = apply(api, state)
    assert plan.workflows[0].changes == (
        f"~ alarm {name} statistic: Sum → Maximum",
        f"~ alarm {name} threshold: 1 → 5",
        f"~ alarm {name} period: 60 → 300",
        f"~ alarm {name} treat missing data: notBreaching → breaching",
    )
    assert [c.operation for c in plan.workflows[0].calls] == ["PutMetricAlarm", "TagResource"]
    assert alarm(api, name)["Threshold"] == 5.0
    assert tags(api, name) == {**owners(unique), "sfndeploy:config-hash": desired_alarm(state).config_hash}
    assert not compute_plan(api, state).has_changes


def test_drift_then_apply_puts_it_back(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_alarms(workflow("orders", env), {"failures": FAILURES}))
    apply(api, state)
    name = f"{unique}-orders-failures"
    edited = {k: v for k, v in alarm(api, name).items() if k in _PUT_KEYS}
    api.call("cloudwatch", "PutMetricAlarm", **{**edited, "Threshold": 10.0})

    report = detect_drift(state, read_live(api, state))
    [item] = [i for i in report.items if i.resource == f"alarm {name}"]
    assert item.summary == "changed outside sfndeploy"
    assert item.details == (f"~ alarm {name} threshold: 10 → 1",)
    apply(api, state)
    assert not detect_drift(state, read_live(api, state)).has_drift

    api.call("cloudwatch", "DeleteAlarms", AlarmNames=[name])
    report = detect_drift(state, read_live(api, state))
    assert [(i.resource, i.summary) for i in report.items] == [(f"alarm {name}", "deleted outside sfndeploy")]


def test_sources_changed_since_the_last_apply_are_a_note_not_drift(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_alarms(workflow("orders", env), {"failures": FAILURES})))
    changed = desired(with_alarms(workflow("orders", env), {"failures": {**FAILURES, "threshold": 3}}))
    name = f"{unique}-orders-failures"

    report = detect_drift(changed, read_live(api, changed))

    assert not report.has_drift
    assert [(n.resource, n.summary, n.details) for n in report.notes] == [
        (f"alarm {name}", SOURCES_CHANGED, (f"~ alarm {name} threshold: 1 → 3",))
    ]
    apply(api, changed)
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


def test_an_alarm_without_a_recorded_hash_is_compared_with_the_sources(api: AwsApi, unique: str) -> None:
    """As an older sfndeploy left it: untouched while it matches the sources, drift against them once
    edited, and recorded by the apply that puts it back."""
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_alarms(workflow("orders", env), {"failures": FAILURES}))
    apply(api, state)
    name = f"{unique}-orders-failures"
    api.call("cloudwatch", "UntagResource", ResourceARN=alarm(api, name)["AlarmArn"], TagKeys=["sfndeploy:config-hash"])

    assert not compute_plan(api, state).has_changes
    assert not detect_drift(state, read_live(api, state)).has_drift
    edited = {k: v for k, v in alarm(api, name).items() if k in _PUT_KEYS}
    api.call("cloudwatch", "PutMetricAlarm", **{**edited, "Threshold": 10.0})
    [item] = detect_drift(state, read_live(api, state)).items
    assert (item.summary, item.details) == ("differs from the sources", (f"~ alarm {name} threshold: 10 → 1",))
    plan = apply(api, state)
    assert [c.operation for c in plan.workflows[0].calls] == ["PutMetricAlarm", "TagResource"]
    assert tags(api, name)["sfndeploy:config-hash"] == desired_alarm(state).config_hash
    assert not compute_plan(api, state).has_changes


def test_a_crash_between_the_update_and_its_record_is_a_note_once_and_converges(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_alarms(workflow("orders", env), {"failures": FAILURES})))
    changed = desired(with_alarms(workflow("orders", env), {"failures": {**FAILURES, "threshold": 3}}))
    name = f"{unique}-orders-failures"
    plan = compute_plan(api, changed)
    calls = plan.workflows[0].calls
    assert [c.operation for c in calls] == ["PutMetricAlarm", "TagResource"]
    crashed = replace(plan, workflows=(replace(plan.workflows[0], calls=calls[:1]),))
    AwsExecutor(api, sleep=lambda _: None).execute(crashed)  # the update, then "a crash" before its record
    assert alarm(api, name)["Threshold"] == 3.0

    report = detect_drift(changed, read_live(api, changed))
    assert not report.has_drift
    assert [(n.resource, n.summary) for n in report.notes] == [(f"alarm {name}", RECORD_BEHIND)]
    resumed = apply(api, changed)
    assert resumed.workflows[0].changes == (
        f"~ alarm {name}: record what sfndeploy wrote (its recorded hash is out of date)",
    )
    assert [c.operation for c in resumed.workflows[0].calls] == ["TagResource"]
    assert not compute_plan(api, changed).has_changes
    after = detect_drift(changed, read_live(api, changed))
    assert (after.items, after.notes) == ((), ())


_PUT_KEYS = {
    "AlarmName", "MetricName", "Namespace", "Statistic", "Dimensions", "Period", "EvaluationPeriods",
    "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData", "AlarmActions",
}


def test_an_alarm_that_left_the_sources_is_kept_without_prune_and_deleted_with_it(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_alarms(workflow("orders", env), {"failures": FAILURES, "timeouts": TIMEOUTS})))
    state = desired(with_alarms(workflow("orders", env), {"failures": FAILURES}))
    gone = f"{unique}-orders-timeouts"

    kept = compute_plan(api, state)
    assert not kept.has_changes
    assert kept.kept_orphans == (f"alarm {gone}",)

    pruned = apply(api, state, PlanOptions(prune=True))
    assert f"- alarm {gone} (no longer in the sources)" in pruned.workflows[0].changes
    assert api.call("cloudwatch", "DescribeAlarms", AlarmNames=[gone])["MetricAlarms"] == []
    assert not compute_plan(api, state, PlanOptions(prune=True)).has_changes


def test_a_pruned_workflow_takes_its_alarms_before_its_state_machine(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_alarms(workflow("orders", env), {"failures": FAILURES}), workflow("quotes", env)))
    plan = apply(api, desired(workflow("quotes", env)), PlanOptions(prune=True))
    [deletion] = [w for w in plan.workflows if w.action == "delete" and w.workflow == "orders"]
    operations = [c.operation for c in deletion.calls]
    assert operations.index("DeleteAlarms") < operations.index("DeleteStateMachine")
    assert api.call("cloudwatch", "DescribeAlarms", AlarmNamePrefix=f"{unique}-orders-")["MetricAlarms"] == []


def test_a_crash_between_calls_then_apply_converges(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(with_alarms(workflow("orders", env), {"failures": FAILURES, "timeouts": TIMEOUTS}))
    plan = compute_plan(api, state)
    calls = plan.workflows[0].calls
    first_alarm = next(i for i, c in enumerate(calls) if c.operation == "PutMetricAlarm")
    crashed = replace(plan, workflows=(replace(plan.workflows[0], calls=calls[: first_alarm + 1]),))
    AwsExecutor(api, sleep=lambda _: None).execute(crashed)  # everything up to the first alarm, then "a crash"

    again = apply(api, state)
    assert [c.operation for c in again.workflows[0].calls] == ["PutMetricAlarm"]
    assert not compute_plan(api, state).has_changes


def test_an_alarm_of_the_same_name_owned_by_another_workflow_stops_the_plan(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    name = f"{unique}-orders-failures"
    api.call(
        "cloudwatch", "PutMetricAlarm", AlarmName=name, MetricName="ExecutionsFailed", Namespace="AWS/States",
        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold", Tags=[{"Key": "team", "Value": "other"}],
    )
    state = desired(with_alarms(workflow("orders", env), {"failures": FAILURES}))
    with pytest.raises(NotOwned, match=f"alarm '{name}' is not managed by sfndeploy"):
        compute_plan(api, state)
    assert alarm(api, name).get("AlarmActions", []) == []  # nothing was written
