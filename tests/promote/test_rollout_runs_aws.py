"""Rollouts on Step Functions through the CLI, against the moto server.

moto serves what the CLI does here (state machines and roles, StartExecution, DescribeExecution,
StopExecution, aliases) but does not run workflows: an execution it starts stays RUNNING and
never shifts the alias. Where a test needs the rollout to have moved, it writes what the rollout
workflow writes (its description format, ``run=<execution>``) itself; the workflow's own behaviour is
tested in the dry-run executor (test_rollout_workflow.py), following an execution to its end with
botocore's Stubber (test_rollout_runs_stubbed.py). Every command here returns at once (--no-wait).
"""

from __future__ import annotations

import json
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.live import tag_dict
from sfndeploy.plan.ownership import owned_by
from sfndeploy.plan.service import load_target
from sfndeploy.promote.deploy import rollout_target
from sfndeploy.promote.rollout import RolloutStep, decode_state
from sfndeploy.promote.rollout_machine import rollout_role_policy, rollout_state_machine_arn, with_rollout_workflow
from sfndeploy.promote.rollout_runs import follow_rollout_runs
from sfndeploy.promote.versions import describe_alias
from tests.promote.conftest import FakeClock, Project, change_orders, environment_file

STEP_FUNCTIONS_CANARY = "strategy: canary\ncanary_weight: 20\nbake_minutes: 30\nmax_failed_executions: 2\n"


def _use_step_functions(project: Project) -> None:
    text = environment_file("staging", project.prefix, "dev", STEP_FUNCTIONS_CANARY, 3)
    project.write("environments/staging.yaml", text)
    project.commit("staging rolls out on Step Functions")


def _machine(project: Project) -> str:
    target = load_target(project.root, "staging", ["orders"])
    return rollout_state_machine_arn(target.desired)


def _routing(api: AwsApi, project: Project) -> tuple[tuple[int, int], ...]:
    alias = describe_alias(api, project.arn("orders", "staging") + ":live")
    assert alias is not None
    return alias.routing


def _description(api: AwsApi, project: Project) -> str:
    alias = describe_alias(api, project.arn("orders", "staging") + ":live")
    assert alias is not None
    return alias.description


def _executions(api: AwsApi, machine: str) -> list[dict[str, Any]]:
    return list(api.call("stepfunctions", "ListExecutions", stateMachineArn=machine)["executions"])


def _input(api: AwsApi, execution_arn: str) -> dict[str, Any]:
    found = api.call("stepfunctions", "DescribeExecution", executionArn=execution_arn)
    return dict(json.loads(found["input"]))


def _started(project: Project, api: AwsApi) -> str:
    """orders v1 deployed at 100%, then v2 handed to the rollout workflow; the execution's ARN."""
    _use_step_functions(project)
    project.apply("staging")
    change_orders(project, "v2")
    result = project.apply("staging", "-w", "orders", "--no-wait")
    (execution,) = _executions(api, _machine(project))
    assert f"[orders] rollout left running on Step Functions ({execution['executionArn']})" in result.output
    return str(execution["executionArn"])


def _shift_as_the_workflow_would(api: AwsApi, project: Project, execution_arn: str, weight: int) -> str:
    given = _input(api, execution_arn)
    arn = project.arn("orders", "staging")
    description = (f"{given['descriptions']['active']} weight={weight} since=1764000000 "
                   f"run={execution_arn.rsplit(':', 1)[-1]}")
    api.call(
        "stepfunctions", "UpdateStateMachineAlias", stateMachineAliasArn=f"{arn}:live", description=description,
        routingConfiguration=[{"stateMachineVersionArn": f"{arn}:2", "weight": weight},
                              {"stateMachineVersionArn": f"{arn}:1", "weight": 100 - weight}],
    )
    return description


def test_the_rollout_workflow_is_planned_and_deployed_like_any_workflow(project: Project, api: AwsApi) -> None:
    _use_step_functions(project)

    planned = project.run("plan", "-e", "staging")
    project.apply("staging")

    machine_name = f"{project.prefix}-sfndeploy-rollout-promo-test-staging"
    assert f"+ workflow sfndeploy-rollout-promo-test (state machine {machine_name})" in planned.output
    machine = _machine(project)
    tags = tag_dict(api.call("stepfunctions", "ListTagsForResource", resourceArn=machine)["tags"])
    assert owned_by(tags, "promo-test", "staging", "sfndeploy-rollout-promo-test")
    role = f"{project.prefix}-sfndeploy-rollout-promo-test-staging-role"
    policy = api.call("iam", "GetRolePolicy", RoleName=role, PolicyName="sfndeploy-workflow")["PolicyDocument"]
    desired = load_target(project.root, "staging", ["orders"]).desired
    assert policy == rollout_role_policy(desired)
    assert policy["Statement"][0]["Resource"] == (
        f"arn:aws:states:us-east-1:123456789012:stateMachine:{project.prefix}-*-staging:*"
    )
    assert project.run("drift", "-e", "staging").exit_code == 0
    assert "No changes." in project.run("apply", "-e", "staging", "--auto-approve").output


def test_apply_hands_the_shift_to_an_execution_and_returns_with_no_wait(project: Project, api: AwsApi) -> None:
    execution = _started(project, api)

    given = _input(api, execution)
    arn = project.arn("orders", "staging")
    versions = (given["aliasArn"], given["oldVersionArn"], given["newVersionArn"])
    assert versions == (f"{arn}:live", f"{arn}:1", f"{arn}:2")
    assert given["steps"] == [{"weight": 20, "bakeSeconds": 1800}, {"weight": 100, "bakeSeconds": 0}]
    assert (given["maxFailedExecutions"], given["maxTimedOutExecutions"], given["watchExecutions"]) == (2, 0, True)
    assert given["expectedDescription"] == _description(api, project)  # what the first shift must find
    assert given["descriptions"]["final"].startswith("sfndeploy config ")
    assert _routing(api, project) == ((1, 100),)  # the CLI itself moved nothing


def test_a_second_apply_during_the_rollout_is_refused_before_anything_is_written(
    project: Project, api: AwsApi
) -> None:
    execution = _started(project, api)
    _shift_as_the_workflow_would(api, project, execution, 20)
    change_orders(project, "v3")

    second = project.run("apply", "-e", "staging", "-w", "orders", "--auto-approve")

    assert second.exit_code == 1
    assert "a rollout is in progress for: orders" in second.output
    assert len(_executions(api, _machine(project))) == 1
    assert _routing(api, project) == ((2, 20), (1, 80))


def test_status_names_the_execution_that_drives_the_rollout(project: Project, api: AwsApi) -> None:
    execution = _started(project, api)
    _shift_as_the_workflow_would(api, project, execution, 20)

    status = project.run("rollout", "status", "-e", "staging", "orders")
    data = json.loads(project.run("rollout", "status", "-e", "staging", "orders", "--json").stdout)

    assert "canary rollout v1 → v2: new version at 20%" in status.output
    assert f"driven on Step Functions by execution {execution.rsplit(':', 1)[-1]} (RUNNING)" in status.output
    assert (data["execution"]["arn"], data["execution"]["status"]) == (execution, "RUNNING")


def test_abort_puts_the_alias_back_and_stops_the_execution(project: Project, api: AwsApi) -> None:
    execution = _started(project, api)
    _shift_as_the_workflow_would(api, project, execution, 20)

    result = project.run("rollout", "abort", "-e", "staging", "orders")

    assert result.exit_code == 0, result.output
    assert "[orders] rollout aborted: version 1 serves 100% again" in result.output
    assert _routing(api, project) == ((1, 100),)
    state = decode_state(_description(api, project))
    assert state is not None and (state.status, state.reason) == ("aborted", "manual")
    assert api.call("stepfunctions", "DescribeExecution", executionArn=execution)["status"] == "ABORTED"


def test_continue_skip_wait_stops_the_execution_and_starts_one_at_the_next_step(project: Project, api: AwsApi) -> None:
    execution = _started(project, api)
    written = _shift_as_the_workflow_would(api, project, execution, 20)

    result = project.run("rollout", "continue", "-e", "staging", "orders", "--skip-wait", "--no-wait")

    assert result.exit_code == 0, result.output
    assert api.call("stepfunctions", "DescribeExecution", executionArn=execution)["status"] == "ABORTED"
    running = [e for e in _executions(api, _machine(project)) if e["status"] == "RUNNING"]
    assert len(running) == 1 and running[0]["executionArn"] != execution
    given = _input(api, running[0]["executionArn"])
    assert given["steps"] == [{"weight": 100, "bakeSeconds": 0}]
    assert given["expectedDescription"] == written
    assert "shifts now" in result.output


def test_continue_resumes_a_rollout_no_execution_drives_any_more(project: Project, api: AwsApi) -> None:
    execution = _started(project, api)
    written = _shift_as_the_workflow_would(api, project, execution, 20)
    api.call("stepfunctions", "StopExecution", executionArn=execution)
    status = project.run("rollout", "status", "-e", "staging", "orders")
    assert "no longer drives it (ABORTED); resume with: sfndeploy rollout continue -e staging orders" in status.output

    result = project.run("rollout", "continue", "-e", "staging", "orders", "--no-wait")

    assert result.exit_code == 0, result.output
    (running,) = [e for e in _executions(api, _machine(project)) if e["status"] == "RUNNING"]
    given = _input(api, running["executionArn"])
    assert [step["weight"] for step in given["steps"]] == [20, 100]
    assert 0 <= given["steps"][0]["bakeSeconds"] <= 1800
    assert (given["expectedDescription"], given["startedAt"]) == (written, decode_state(written).started)  # type: ignore[union-attr]


def test_a_rollout_workflow_deleted_by_hand_is_drift_and_apply_puts_it_back_first(
    project: Project, api: AwsApi
) -> None:
    _use_step_functions(project)
    project.apply("staging")
    machine = _machine(project)
    api.call("stepfunctions", "DeleteStateMachine", stateMachineArn=machine)
    assert project.run("drift", "-e", "staging").exit_code == 2
    change_orders(project, "v2")

    result = project.apply("staging", "-w", "orders", "--no-wait")

    assert result.output.index("sfndeploy-rollout-promo-test") < result.output.index("rollout started")
    assert api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=machine)["status"] == "ACTIVE"
    assert len(_executions(api, machine)) == 1


def test_a_rollout_workflow_edited_by_hand_is_repaired_by_apply(project: Project, api: AwsApi) -> None:
    _use_step_functions(project)
    project.apply("staging")
    machine = _machine(project)
    noop = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    api.call("stepfunctions", "UpdateStateMachine", stateMachineArn=machine, definition=json.dumps(noop))
    assert project.run("drift", "-e", "staging").exit_code == 2

    project.apply("staging")

    live = json.loads(api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=machine)["definition"])
    target = load_target(project.root, "staging")
    wanted = with_rollout_workflow(target.desired, target.environment).workflows[-1]
    assert live == wanted.definition


def test_client_side_rollouts_deploy_no_rollout_workflow(project: Project, api: AwsApi) -> None:
    planned = project.run("plan", "-e", "staging")  # conftest's staging says rollout: client

    assert "sfndeploy-rollout" not in planned.output


def test_a_saved_plan_carries_the_rollout_workflow_and_passes_its_checks(project: Project, api: AwsApi) -> None:
    _use_step_functions(project)
    saved = project.root / "staging.plan"
    planned = project.run("plan", "-e", "staging", "--out", str(saved))
    assert planned.exit_code == 0, planned.output

    applied = project.run("apply", "-e", "staging", str(saved))

    assert applied.exit_code == 0, applied.output
    machine = _machine(project)
    assert api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=machine)["status"] == "ACTIVE"


def test_promote_deploys_the_rollout_workflow_and_hands_it_the_shift(project: Project, api: AwsApi) -> None:
    _use_step_functions(project)
    project.apply("dev")
    first = project.run("promote", "--from", "dev", "--to", "staging", "--auto-approve")
    assert first.exit_code == 0, first.output
    change_orders(project, "v2")
    project.apply("dev")

    result = project.run("promote", "--from", "dev", "--to", "staging", "orders", "--auto-approve", "--no-wait")

    assert result.exit_code == 0, result.output
    (execution,) = _executions(api, _machine(project))
    given = _input(api, execution["executionArn"])
    assert given["newVersionArn"] == project.arn("orders", "staging") + ":2"
    assert "rollout left running on Step Functions" in result.output


def test_following_an_execution_that_was_stopped_reports_the_rollout_stopped(project: Project, api: AwsApi) -> None:
    execution = _started(project, api)
    _shift_as_the_workflow_would(api, project, execution, 20)
    api.call("stepfunctions", "StopExecution", executionArn=execution)
    target = rollout_target(load_target(project.root, "staging", ["orders"]).desired.workflow("orders"))
    steps: list[RolloutStep] = []

    (final,) = follow_rollout_runs(
        api, [(target, RolloutStep("orders", "started", 20, 2, 1, execution_arn=execution))], FakeClock(),
        on_step=steps.append,
    )

    assert [(s.outcome, s.weight) for s in steps] == [("shifted", 20), ("stopped", 0)]
    assert final.message == f"execution {execution.rsplit(':', 1)[-1]} was stopped"


def test_a_saved_plan_whose_rollout_workflow_was_edited_is_refused(project: Project, api: AwsApi) -> None:
    _use_step_functions(project)
    saved = project.root / "staging.plan"
    assert project.run("plan", "-e", "staging", "--out", str(saved)).exit_code == 0
    document = json.loads(saved.read_text())
    (rollout,) = [w for w in document["desired"]["workflows"] if w["name"] == "sfndeploy-rollout-promo-test"]
    rollout["role"]["policy"]["Statement"][0]["Action"].append("states:DeleteStateMachineAlias")
    document["checksum"] = sha256_of({key: document[key] for key in ("plan", "desired", "options")})
    saved.write_text(json.dumps(document))

    refused = project.run("apply", "-e", "staging", str(saved))

    assert refused.exit_code == 1
    assert "sfndeploy-rollout-promo-test': grants its role other rights than the rollout workflow's" in refused.output
    listed = api.call("stepfunctions", "ListStateMachines")["stateMachines"]
    assert _machine(project) not in {machine["stateMachineArn"] for machine in listed}  # nothing was created


def test_a_client_side_rollout_rolled_back_by_continue_says_so_in_one_line(project: Project, api: AwsApi) -> None:
    alarm = f"{project.prefix}-orders-errors"
    api.call(
        "cloudwatch", "PutMetricAlarm", AlarmName=alarm, MetricName="ExecutionsFailed", Namespace="AWS/States",
        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    deploy = f"strategy: canary\nrollout: client\ncanary_weight: 50\nbake_minutes: 10\nalarms: [{alarm}]\n"
    project.write("environments/staging.yaml", environment_file("staging", project.prefix, "dev", deploy, 3))
    project.commit("client-side canary watched by an alarm")
    project.apply("staging")
    change_orders(project, "v2")
    project.apply("staging", "--no-wait")
    api.call("cloudwatch", "SetAlarmState", AlarmName=alarm, StateValue="ALARM", StateReason="test")

    result = project.run("rollout", "continue", "-e", "staging", "orders", "--no-wait")

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: rollout of orders rolled back: version 1 serves 100% again (alarm(s) in ALARM state: {alarm})"
    )
    assert _routing(api, project) == ((1, 100),)
