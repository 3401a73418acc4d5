"""A canary rollout in prod that rolls back when its alarm fires (``deploy.rollout: client``: the CLI
drives the shift with ``rollout continue``).

The alarm is a real CloudWatch alarm in prod's account whose state the test sets. The failed
executions check is not exercised here: ministack records an execution started on a version or an
alias under the state machine's own ARN, so ListExecutions with a version ARN lists none there
(AWS lists the executions that version ran); the dry-run tests of the rollout cover that check.
"""

from __future__ import annotations

from tests.e2e.conftest import PROD_ACCOUNT, E2EProject, account_api, change_orders, routing

CANARY = "strategy: canary\ncanary_weight: 20\nbake_minutes: 60\nrollout: client\nalarms: ['{alarm}']\n"


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
    assert done.stderr.splitlines()[-1].startswith("error: rollout of orders rolled back")
    assert routing(project.versions("prod")) == [[1, 100]]

