"""The example project's staging environment, applied from the command line to moto, as a team would.

Staging has what issue 12 added: order-processing is started by an EventBridge rule on OrderPlaced
events and sends its failures to an SNS topic, etl-pipeline runs on a nightly schedule in
Europe/Berlin, and both have alarms on failures and time-outs. The environment file is the
project's own with one line added: the role to assume, so that moto's STS puts everything in
staging's account (222222222222) as the files expect. After the apply, ``plan`` shows no changes
and ``drift`` finds none; a trigger removed from a spec is kept until ``apply --prune``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.cli.main import cli
from sfndeploy.model import AssumeRole
from tests.aws.conftest import no_sleep

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "222222222222"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/deployer"
MACHINE = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine"


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--project-dir", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def staging(moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the example project with staging applied."""
    root = tmp_path_factory.mktemp("example")
    shutil.copy(ROOT / "sfndeploy.yaml", root / "sfndeploy.yaml")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "environments").mkdir()
    text = (ROOT / "environments" / "staging.yaml").read_text(encoding="utf-8")
    (root / "environments" / "staging.yaml").write_text(text + f"assume_role:\n  arn: {ROLE}\n", encoding="utf-8")
    applied = run(root, "apply", "-e", "staging", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Apply complete: 6 created, 0 updated, 0 deleted" in applied.output
    yield root


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> AwsApi:
    """Staging's account, reached as the CLI reaches it."""
    role = AssumeRole(ROLE, "tests")
    settings = AwsSettings(region="us-east-1", total_attempts=1, account_id=ACCOUNT, assume_role=role)
    return make_api(settings, sleep=no_sleep)


def test_after_the_apply_plan_shows_no_changes_and_drift_finds_none(staging: Path) -> None:
    plan = run(staging, "plan", "-e", "staging", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    assert "No changes. The live state matches the sources." in plan.output
    drift = run(staging, "drift", "-e", "staging")
    assert drift.exit_code == 0, drift.output
    assert "No drift: every managed resource is as sfndeploy left it." in drift.output


def test_the_triggers_target_the_aliases_and_the_alarms_watch_the_machines(staging: Path, api: AwsApi) -> None:
    nightly = api.call("scheduler", "GetSchedule", Name="etl-pipeline-nightly", GroupName="acme-workflows-staging")
    assert nightly["ScheduleExpression"] == "cron(0 2 * * ? *)"
    assert nightly["ScheduleExpressionTimezone"] == "Europe/Berlin"
    assert nightly["State"] == "ENABLED"
    assert nightly["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
    assert nightly["Target"]["Arn"] == f"{MACHINE}:etl-pipeline-staging:live"
    assert json.loads(nightly["Target"]["Input"]) == {"runDate": "<aws.scheduler.scheduled-time>"}
    [placed] = api.call("events", "ListTargetsByRule", Rule="order-processing-staging-order-placed")["Targets"]
    assert placed["Arn"] == f"{MACHINE}:order-processing-staging:live"
    assert placed["RoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/sfndeploy/order-processing-staging-order-placed-invoke"
    [failures] = api.call("events", "ListTargetsByRule", Rule="order-processing-staging-notify-failures")["Targets"]
    assert failures["Arn"] == f"arn:aws:sns:us-east-1:{ACCOUNT}:workflow-alerts-staging"
    alarms: dict[str, Any] = {
        a["AlarmName"]: a
        for a in api.call("cloudwatch", "DescribeAlarms", AlarmNamePrefix="etl-pipeline-staging-")["MetricAlarms"]
        + api.call("cloudwatch", "DescribeAlarms", AlarmNamePrefix="order-processing-staging-")["MetricAlarms"]
    }
    assert sorted(alarms) == [
        "etl-pipeline-staging-failures",
        "etl-pipeline-staging-timeouts",
        "order-processing-staging-failures",
        "order-processing-staging-timeouts",
    ]
    orders = alarms["order-processing-staging-failures"]
    assert orders["Dimensions"] == [{"Name": "StateMachineArn", "Value": f"{MACHINE}:order-processing-staging"}]
    assert (orders["Period"], orders["TreatMissingData"]) == (300, "notBreaching")  # the environment's defaults
    assert orders["AlarmActions"] == [f"arn:aws:sns:us-east-1:{ACCOUNT}:workflow-alerts-staging"]


def _without_triggers(spec: Path) -> None:
    """Cut the spec's ``triggers:`` block (up to the next top-level key)."""
    lines = spec.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("triggers:\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n"))
    spec.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_a_removed_trigger_is_kept_until_prune_then_plan_and_drift_are_clean(staging: Path, api: AwsApi) -> None:
    _without_triggers(staging / "templates" / "etl-pipeline.yaml.j2")

    kept = run(staging, "apply", "-e", "staging", "--auto-approve")
    assert kept.exit_code == 0, kept.output
    assert not [line for line in kept.output.splitlines() if line.lstrip().startswith("- ")], kept.output
    schedule = api.call("scheduler", "GetSchedule", Name="etl-pipeline-nightly", GroupName="acme-workflows-staging")
    assert schedule["Target"]["Arn"] == f"{MACHINE}:etl-pipeline-staging:live"  # still there without --prune
    pruned = run(staging, "apply", "-e", "staging", "--auto-approve", "--prune")
    assert pruned.exit_code == 0, pruned.output
    for line in (
        "- schedule etl-pipeline-nightly (no trigger names it)",
        "- schedule group acme-workflows-staging",
        "- invoke role etl-pipeline-staging-nightly-invoke of trigger nightly, which left the sources",
    ):
        assert line in pruned.output, pruned.output

    again = run(staging, "plan", "-e", "staging", "--prune", "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes." in again.output
    assert run(staging, "drift", "-e", "staging").exit_code == 0
    groups = api.call("scheduler", "ListScheduleGroups", NamePrefix="acme-workflows-staging")["ScheduleGroups"]
    assert groups == []
    roles = [r["RoleName"] for r in api.call("iam", "ListRoles", PathPrefix="/sfndeploy/")["Roles"]]
    assert "etl-pipeline-staging-nightly-invoke" not in roles
    assert "order-processing-staging-order-placed-invoke" in roles  # the other workflow's trigger stays
