"""A canary rollout in prod that rolls back when its alarm fires: driven by the CLI
(``deploy.rollout: client``, ``rollout continue``) and by the rollout workflow on Step Functions
(``deploy.rollout: stepfunctions``), which ministack runs (JSONata, the aws-sdk integrations for
Step Functions and CloudWatch; Wait states take no time there). The workflow itself is checked by
the executor tests (tests/promote/test_rollout_workflow.py); ministack's run is not AWS's.

The alarm is a real CloudWatch alarm in prod's account whose state the test sets. The failed
executions check is not exercised here: ministack records an execution started on a version or an
alias under the state machine's own ARN, so ListExecutions with a version ARN lists none there
(AWS lists the executions that version ran); the dry-run tests of the rollout cover that check.
"""

from __future__ import annotations

import re
import time

from sfndeploy.operate.executions import describe_execution
from tests.e2e.conftest import PROD_ACCOUNT, E2EProject, account_api, change_orders, routing

CANARY = "strategy: canary\ncanary_weight: 20\nbake_minutes: 60\nrollout: client\nalarms: ['{alarm}']\n"
ON_STEP_FUNCTIONS = (
    "strategy: canary\ncanary_weight: 20\nbake_minutes: 0\npoll_seconds: 10\nrollout: stepfunctions\n"
    "alarms: ['{alarm}']\n"
)
ROLLOUT_SECONDS = 60.0


def _alarm(project: E2EProject) -> str:
    return f"{project.prefix}-orders-errors"


def _create_alarm(name: str, state: str) -> None:
    cloudwatch = account_api(PROD_ACCOUNT)
    cloudwatch.call(
        "cloudwatch",
        "PutMetricAlarm",
        AlarmName=name,
        Namespace="AWS/States",
        MetricName="ExecutionsFailed",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    cloudwatch.call("cloudwatch", "SetAlarmState", AlarmName=name, StateValue=state, StateReason="e2e")


def _canary_in_prod(project: E2EProject) -> None:
    """prod serves revision 1; revision 2 goes out as a 20% canary that waits (bake of an hour)."""
    _create_alarm(_alarm(project), "OK")
    project.environment("prod", PROD_ACCOUNT, promoted_from="dev", deploy=CANARY.format(alarm=_alarm(project)))
    project.ok("apply", "-e", "dev", "--auto-approve")
    project.ok("promote", "--from", "dev", "--to", "prod", "--auto-approve")
    change_orders(project, 2)
    project.ok("apply", "-e", "dev", "--auto-approve")
    started = project.ok("promote", "--from", "dev", "--to", "prod", "--auto-approve", "--no-wait")
    assert "version 2 takes 20%, version 1 80%" in started.stdout + started.stderr
    assert sorted(routing(project.versions("prod"))) == [[1, 80], [2, 20]]


def test_a_canary_rolls_back_when_its_alarm_fires(project: E2EProject) -> None:
    _canary_in_prod(project)
    held = project.ok("rollout", "continue", "-e", "prod", "orders", "--no-wait")
    assert "next shift in" in held.stdout

    _create_alarm(_alarm(project), "ALARM")
    done = project.sfn("rollout", "continue", "-e", "prod", "orders", "--no-wait")

    assert done.returncode == 1
    assert f"alarm(s) in ALARM state: {_alarm(project)}" in done.stdout
    assert done.stderr.splitlines() == [
        "error: rollout of orders rolled back: version 1 serves 100% again "
        f"(alarm(s) in ALARM state: {_alarm(project)})"
    ]
    assert routing(project.versions("prod")) == [[1, 100]]



def _rollout_result(started: str) -> tuple[str, str]:
    """Wait for the rollout execution ``promote --no-wait`` started; its status and error."""
    arn = re.search(r"running on Step Functions \((arn:[^)]+)\)", started)
    assert arn is not None, started
    api, deadline = account_api(PROD_ACCOUNT), time.monotonic() + ROLLOUT_SECONDS
    while (result := describe_execution(api, arn.group(1))).status == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.5)
    return result.status, result.error or ""


def _rollout_on_step_functions(project: E2EProject, alarm_state: str) -> tuple[str, str]:
    """prod serves revision 1; revision 2 rolls out on Step Functions while the alarm is in ``alarm_state``."""
    _create_alarm(_alarm(project), "OK")
    deploy = ON_STEP_FUNCTIONS.format(alarm=_alarm(project))
    project.environment("prod", PROD_ACCOUNT, promoted_from="dev", deploy=deploy)
    project.ok("apply", "-e", "dev", "--auto-approve")
    project.ok("promote", "--from", "dev", "--to", "prod", "--auto-approve")
    change_orders(project, 2)
    project.ok("apply", "-e", "dev", "--auto-approve")
    _create_alarm(_alarm(project), alarm_state)
    started = project.ok("promote", "--from", "dev", "--to", "prod", "--auto-approve", "--no-wait")
    assert "[orders] rollout started: execution orders-v2-" in started.stdout
    return _rollout_result(started.stdout)


def test_the_rollout_workflow_rolls_back_when_the_alarm_fires(project: E2EProject) -> None:
    assert _rollout_on_step_functions(project, "ALARM") == ("FAILED", "sfndeploy.RolledBack")

    assert routing(project.versions("prod")) == [[1, 100]]
    status = project.ok("rollout", "status", "-e", "prod", "orders").stdout.splitlines()
    assert status == [
        "orders: alias live routes v1 100%",
        f"  last rollout (canary, v1 → v2) was stopped: alarm:{_alarm(project)}",
    ]


def test_the_rollout_workflow_completes_while_the_alarm_is_ok(project: E2EProject) -> None:
    assert _rollout_on_step_functions(project, "OK") == ("SUCCEEDED", "")

    assert routing(project.versions("prod")) == [[2, 100]]
