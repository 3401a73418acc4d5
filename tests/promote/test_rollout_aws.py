"""Canary and linear rollouts against the moto server, with injected time (nothing sleeps)."""

from __future__ import annotations

import json

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan, load_target
from sfndeploy.promote.deploy import deploy, rollout_target
from sfndeploy.promote.policy import RolloutPolicy
from sfndeploy.promote.rollout import RolloutError, RolloutStep, advance_rollout, decode_state
from sfndeploy.promote.versions import describe_alias, describe_version
from tests.promote.conftest import FakeClock, Project, change_orders


def _no_sleep(_: float) -> None:
    return None


def _alarm(api: AwsApi, name: str, state: str = "OK") -> None:
    api.call(
        "cloudwatch", "PutMetricAlarm", AlarmName=name, MetricName="ExecutionsFailed", Namespace="AWS/States",
        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    api.call("cloudwatch", "SetAlarmState", AlarmName=name, StateValue=state, StateReason="test")


def _deploy_staging(project: Project, api: AwsApi, policy: RolloutPolicy, clock: FakeClock, *, wait: bool = True):  # type: ignore[no-untyped-def]
    target = load_target(project.root, "staging", ["orders"])
    plan = compute_plan(api, target.desired)
    steps: list[RolloutStep] = []
    outcome = deploy(
        api, target.desired, plan, AwsExecutor(api, sleep=_no_sleep), policy, clock, wait=wait, on_step=steps.append
    )
    return target.desired.workflow("orders"), outcome, steps


def _routing(api: AwsApi, alias_arn: str) -> tuple[tuple[int, int], ...]:
    alias = describe_alias(api, alias_arn)
    assert alias is not None
    return alias.routing


def test_canary_bakes_then_shifts_everything(project: Project, api: AwsApi) -> None:
    alarm = f"{project.prefix}-orders-failures"
    _alarm(api, alarm)
    policy = RolloutPolicy(
        "canary", rollout="client", canary_weight=10, bake_minutes=30, alarms=(alarm,), keep_versions=5
    )
    clock = FakeClock()
    _deploy_staging(project, api, policy, clock)  # version 1, created at 100%: nothing to shift from
    change_orders(project, "v2")

    wf, outcome, steps = _deploy_staging(project, api, policy, clock)

    assert [(s.outcome, s.weight, s.new, s.old) for s in steps] == [("started", 10, 2, 1), ("completed", 100, 2, 1)]
    assert sum(clock.slept) >= 30 * 60
    assert _routing(api, str(wf.alias_arn)) == ((2, 100),)
    alias = describe_alias(api, str(wf.alias_arn))
    assert alias is not None and alias.description == wf.alias_description
    assert outcome.finished[0].health is not None and outcome.finished[0].health.alarms_watched == (alarm,)
    assert not compute_plan(api, load_target(project.root, "staging", ["orders"]).desired).has_changes


def test_canary_rolls_back_when_an_alarm_fires(project: Project, api: AwsApi) -> None:
    alarm = f"{project.prefix}-orders-failures"
    _alarm(api, alarm)
    per_workflow = f"{project.prefix}-{{workflow}}-failures"  # watched as <prefix>-orders-failures
    policy = RolloutPolicy("canary", rollout="client", canary_weight=20, bake_minutes=10, alarms=(per_workflow,))
    clock = FakeClock()
    _deploy_staging(project, api, policy, clock)
    change_orders(project, "v2")
    wf, _, _ = _deploy_staging(project, api, policy, clock, wait=False)
    assert _routing(api, str(wf.alias_arn)) == ((2, 20), (1, 80))
    _alarm(api, alarm, "ALARM")

    step = advance_rollout(api, rollout_target(wf), policy, clock)

    assert step.outcome == "rolled-back"
    assert "alarm(s) in ALARM state: " + alarm in step.message
    assert _routing(api, str(wf.alias_arn)) == ((1, 100),)
    alias = describe_alias(api, str(wf.alias_arn))
    state = decode_state(alias.description if alias else "")
    assert state is not None and state.status == "aborted" and state.reason == f"alarm:{alarm}"


def test_linear_shifts_in_steps_on_schedule(project: Project, api: AwsApi) -> None:
    policy = RolloutPolicy("linear", rollout="client", linear_step=40, interval_minutes=5)
    clock = FakeClock()
    _deploy_staging(project, api, policy, clock)
    change_orders(project, "v2")

    wf, _, steps = _deploy_staging(project, api, policy, clock)

    assert [(s.outcome, s.weight) for s in steps] == [("started", 40), ("shifted", 80), ("completed", 100)]
    assert sum(clock.slept) >= 2 * 5 * 60
    assert _routing(api, str(wf.alias_arn)) == ((2, 100),)


def test_a_step_that_is_not_due_waits(project: Project, api: AwsApi) -> None:
    policy = RolloutPolicy("canary", rollout="client", canary_weight=10, bake_minutes=30)
    clock = FakeClock()
    _deploy_staging(project, api, policy, clock)
    change_orders(project, "v2")
    wf, _, _ = _deploy_staging(project, api, policy, clock, wait=False)
    clock.current += 10 * 60

    step = advance_rollout(api, rollout_target(wf), policy, clock)

    assert (step.outcome, step.weight) == ("waiting", 10)
    assert 19 * 60 < step.remaining_seconds <= 20 * 60
    assert _routing(api, str(wf.alias_arn)) == ((2, 10), (1, 90))


def test_a_missing_alarm_stops_the_rollout_before_any_traffic_moves(project: Project, api: AwsApi) -> None:
    missing = (f"{project.prefix}-nope",)
    policy = RolloutPolicy("canary", rollout="client", canary_weight=10, bake_minutes=30, alarms=missing)
    clock = FakeClock()
    _deploy_staging(project, api, RolloutPolicy(), clock)
    change_orders(project, "v2")

    try:
        _deploy_staging(project, api, policy, clock)
    except RolloutError as error:
        assert "do not exist" in str(error)
    else:
        raise AssertionError("the rollout started without its alarm")
    wf = load_target(project.root, "staging", ["orders"]).desired.workflow("orders")
    assert _routing(api, str(wf.alias_arn)) == ((1, 100),)
    assert describe_version(api, wf.arn, 2) is None  # checked before anything was published


def test_no_wait_then_rollout_commands(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    assert project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve").exit_code == 0
    change_orders(project, "v2")
    project.apply("dev")

    started = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")
    assert started.exit_code == 0, started.output
    assert "[orders] rollout started: version 2 takes 20%, version 1 80%" in started.output

    status = project.run("rollout", "status", "-e", "staging", "orders")
    assert status.exit_code == 0, status.output
    assert "canary rollout v1 → v2: new version at 20%" in status.output
    assert "healthy" in status.output

    promote_again = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--check")
    assert promote_again.exit_code == 0  # staging's own sources are not in question

    finished = project.run("rollout", "continue", "-e", "staging", "orders", "--no-wait")
    assert finished.exit_code == 0, finished.output
    assert "rollout completed: version 2 serves 100%" in finished.output
    arn = project.arn("orders", "staging")
    assert _routing(api, f"{arn}:live") == ((2, 100),)

    again = project.run("rollout", "abort", "-e", "staging", "orders")
    assert again.exit_code == 1
    assert "no rollout in progress" in again.output


def test_abort_sends_traffic_back(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    change_orders(project, "v2")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")

    result = project.run("rollout", "abort", "-e", "staging", "orders")

    assert result.exit_code == 0, result.output
    assert "version 1 serves 100% again" in result.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((1, 100),)
    status = project.run("rollout", "status", "-e", "staging", "orders")
    assert "was stopped: manual" in status.output


def test_the_whole_chain_ends_with_a_linear_rollout_in_prod(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    for source, target in (("dev", "staging"), ("staging", "prod")):
        assert project.run("promote", "--from", source, "--to", target, "--auto-approve").exit_code == 0
    change_orders(project, "v2")
    project.apply("dev")
    assert project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve").exit_code == 0

    result = project.run("promote", "--from", "staging", "--to", "prod", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "[orders] rollout started: version 2 takes 50%, version 1 50%" in result.output
    assert "[orders] rollout completed: version 2 serves 100%" in result.output
    assert _routing(api, project.arn("orders", "prod") + ":live") == ((2, 100),)
    version = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=project.arn("orders", "prod") + ":2")
    assert "env=prod" in version["description"] and "from=staging" in version["description"]


def test_promotion_waits_for_a_rollout_in_the_target_to_finish(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    change_orders(project, "v2")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")
    change_orders(project, "v3")
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve")

    assert result.exit_code == 1
    assert "a rollout is in progress for: orders" in result.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 20), (1, 80))
    assert describe_version(api, project.arn("orders", "staging"), 3) is None  # nothing was published

    finished = project.run("rollout", "continue", "-e", "staging", "orders")
    assert finished.exit_code == 0, finished.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 100),)


def test_a_long_bake_is_reported_and_can_be_skipped_by_hand(project: Project, api: AwsApi) -> None:
    from tests.promote.conftest import environment_file

    bake = "strategy: canary\nrollout: client\ncanary_weight: 25\nbake_minutes: 45\n"
    project.write("environments/staging.yaml", environment_file("staging", project.prefix, "dev", bake, 3))
    project.commit("staging bakes for 45 minutes")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    change_orders(project, "v2")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")

    status = project.run("rollout", "status", "-e", "staging", "orders", "--json")
    data = json.loads(status.stdout)
    assert data["rollout"]["weight"] == 25 and data["rollout"]["new"] == 2 and data["rollout"]["old"] == 1
    assert 44 * 60 < data["remaining_seconds"] <= 45 * 60
    assert data["health"]["failed_executions"] == 0

    waiting = project.run("rollout", "continue", "-e", "staging", "orders", "--no-wait")
    assert waiting.exit_code == 0, waiting.output
    assert "rollout waiting: version 2 at 25%; next shift in" in waiting.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 25), (1, 75))

    skipped = project.run("rollout", "continue", "-e", "staging", "orders", "--skip-wait")
    assert skipped.exit_code == 0, skipped.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((2, 100),)


def test_continue_reports_a_rollback_once(project: Project, api: AwsApi) -> None:
    from tests.promote.conftest import STAGING_DEPLOY, environment_file

    alarm = f"{project.prefix}-orders-failures"
    watched = STAGING_DEPLOY + f"alarms:\n  - {alarm}\n"
    project.write("environments/staging.yaml", environment_file("staging", project.prefix, "dev", watched, 3))
    project.commit("staging watches an alarm")
    _alarm(api, alarm)
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    change_orders(project, "v2")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")
    _alarm(api, alarm, "ALARM")

    result = project.run("rollout", "continue", "-e", "staging", "orders")

    assert result.exit_code == 1
    assert result.output.count("[orders] rollout rolled-back:") == 1, result.output
    assert _routing(api, project.arn("orders", "staging") + ":live") == ((1, 100),)


def test_continue_reports_completion_once(project: Project, api: AwsApi) -> None:
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    change_orders(project, "v2")
    project.apply("dev")
    project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")

    result = project.run("rollout", "continue", "-e", "staging", "orders")

    assert result.exit_code == 0, result.output
    assert result.output.count("[orders] rollout completed:") == 1, result.output
