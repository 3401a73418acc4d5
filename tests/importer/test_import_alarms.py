"""import writes the CloudWatch alarms on a live state machine's AWS/States metrics into its spec as ``alarms:``;
the next apply adopts those that keep their name."""

from __future__ import annotations

from click.testing import CliRunner

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from tests.importer.conftest import ProjectFactory
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"


def _put(api: AwsApi, name: str, arn: str, **fields: object) -> None:
    api.call(
        "cloudwatch",
        "PutMetricAlarm",
        AlarmName=name,
        Namespace="AWS/States",
        Dimensions=[{"Name": "StateMachineArn", "Value": arn}],
        **{"Period": 60, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold", **fields},
    )


def test_alarms_of_a_machine_become_alarms_and_a_replan_changes_nothing(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-billing-local"
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}"
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:{env_name}-oncall"
    _create(api, machine, _pass_machine())
    _put(
        api,
        f"{machine}-failures",
        arn,
        MetricName="ExecutionsFailed",
        Statistic="Sum",
        Threshold=2.0,
        EvaluationPeriods=3,
        DatapointsToAlarm=2,
        TreatMissingData="breaching",
        AlarmActions=[topic],
        AlarmDescription="failed executions",
    )
    _put(
        api,
        f"{machine}-slow",
        arn,
        MetricName="ExecutionTime",
        ExtendedStatistic="p99",
        Threshold=1500.5,
        Period=300,
        ComparisonOperator="GreaterThanThreshold",
    )
    _put(api, f"{machine}-other", f"{arn}-elsewhere", MetricName="ExecutionsFailed", Statistic="Sum", Threshold=1.0)

    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", machine, "-e", env_name])

    assert result.exit_code == 0, result.output
    assert f"~ adopt state machine {machine} (adds sfndeploy's ownership tags)" in result.output
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, env_name), ["billing"])
    failures, slow = workflow.alarms  # the alarm on another machine is not imported
    assert (failures.name, failures.metric, failures.statistic, failures.threshold) == (
        f"{machine}-failures",
        "ExecutionsFailed",
        "Sum",
        2.0,
    )
    assert (failures.evaluation_periods, failures.datapoints_to_alarm, failures.treat_missing_data) == (
        3,
        2,
        "breaching",
    )
    assert (failures.actions, failures.description) == ((topic,), "failed executions")
    assert (slow.name, slow.statistic, slow.threshold, slow.period, slow.comparison) == (
        f"{machine}-slow",
        "p99",
        1500.5,
        300,
        "GreaterThanThreshold",
    )
    for alarm in ("failures", "slow"):
        assert f"~ adopt alarm {machine}-{alarm} (adds sfndeploy's ownership tags)" in result.output
    slow_arn = _alarm_arn(api, f"{machine}-slow")
    assert api.call("cloudwatch", "ListTagsForResource", ResourceARN=slow_arn)["Tags"] == []  # import wrote nothing

    applied = CliRunner().invoke(cli, ["--project-dir", str(root), "apply", "-e", env_name, "--auto-approve"])
    assert applied.exit_code == 0, applied.output  # adopts the state machine and its two alarms
    tags = api.call("cloudwatch", "ListTagsForResource", ResourceARN=slow_arn)["Tags"]
    assert {"Key": "sfndeploy:workflow", "Value": "billing"} in tags
    again = CliRunner().invoke(cli, ["--project-dir", str(root), "plan", "-e", env_name, "-w", "billing"])
    assert again.exit_code == 0, again.output
    assert "No changes. The live state matches the sources." in again.output, again.output


def test_an_alarm_named_otherwise_is_imported_under_sfndeploys_name(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-ledger-local"
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}"
    _create(api, machine, _pass_machine())
    _put(api, f"Ledger Timeouts ({env_name})", arn, MetricName="ExecutionsTimedOut", Statistic="Sum", Threshold=1.0)

    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", machine, "-e", env_name])

    assert result.exit_code == 0, result.output
    key = f"Ledger-Timeouts-{env_name}"
    assert (
        f"    alarm Ledger Timeouts ({env_name}) was imported under sfndeploy's alarm name; apply creates that one: "
        "delete the old one then, or it alarms twice"
    ) in result.output
    assert f"+ alarm {machine}-{key} (ExecutionsTimedOut Sum >= 1 in 1 of 1 × 60 s)" in result.output
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, env_name), ["ledger"])
    assert [alarm.key for alarm in workflow.alarms] == [key]


def _alarm_arn(api: AwsApi, name: str) -> str:
    return str(api.call("cloudwatch", "DescribeAlarms", AlarmNames=[name])["MetricAlarms"][0]["AlarmArn"])
