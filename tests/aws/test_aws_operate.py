"""start, executions, history, stop and logs against the moto server, on a workflow deployed by apply.

moto serves StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory (a canned
history), StopExecution and CloudWatch Logs FilterLogEvents. Its executions never finish on their
own: they stay RUNNING until stopped. Starting through an alias ARN is not served by moto, so
the workflow here has no alias (alias resolution is checked in tests/operate).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.operate.executions import describe_execution, list_executions, wait_for

ENV_FILE = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: {name}-
defaults:
  logging:
    level: ALL
    log_group: /sfndeploy/{name}
  tracing: false
vars:
  greeter_function: greeter-{name}
"""


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


@pytest.fixture
def deployed(tmp_path: Path, unique: str, moto_endpoint: str) -> Path:
    create_project(tmp_path, "demo")
    spec = tmp_path / "templates" / "hello-world.yaml.j2"
    spec.write_text(spec.read_text().replace("alias: live\n", ""))
    (tmp_path / "environments" / f"{unique}.yaml").write_text(ENV_FILE.format(name=unique))
    applied = run(tmp_path, "apply", "-e", unique, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    return tmp_path


def machine_arn(unique: str) -> str:
    return f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-hello-world"


def test_start_list_history_stop(deployed: Path, unique: str, api: AwsApi) -> None:
    started = run(deployed, "start", "hello-world", "-e", unique, "--input", '{"name": "Ada"}', "--name", "first")
    assert started.exit_code == 0, started.output
    arn = started.output.strip()
    assert arn == f"arn:aws:states:us-east-1:123456789012:execution:{unique}-hello-world:first"
    assert describe_execution(api, arn).status == "RUNNING"

    listed = run(deployed, "executions", "hello-world", "-e", unique, "--since", "1h", "--json")
    assert listed.exit_code == 0, listed.output
    assert [(row["name"], row["status"]) for row in json.loads(listed.stdout)] == [("first", "RUNNING")]
    assert run(deployed, "executions", "hello-world", "-e", unique, "--status", "FAILED").output == "No executions.\n"

    drawn = deployed / "path.mmd"
    shown = run(deployed, "history", arn, "-e", unique, "--json", "--graph", str(drawn))
    assert shown.exit_code == 0, shown.output
    assert "HasName" in drawn.read_text()  # the graph of the definition the execution ran
    timeline = json.loads(shown.stdout)
    assert timeline["states"][0]["name"] == "A State"  # moto's canned history
    assert timeline["states"][0]["seconds"] is not None

    stopped = run(deployed, "stop", arn, "-e", unique, "--error", "Ops.Stopped", "--cause", "by hand")
    assert stopped.exit_code == 0, stopped.output
    assert stopped.output == f"Stopped {arn} (ABORTED).\n"
    again = run(deployed, "stop", arn, "-e", unique)
    assert again.exit_code == 1
    assert "already ended (ABORTED); nothing was changed" in again.output


def test_wait_polls_with_backoff_until_the_execution_ends(deployed: Path, unique: str, api: AwsApi) -> None:
    arn = run(deployed, "start", "hello-world", "-e", unique).output.strip()
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        if len(delays) == 3:
            api.call("stepfunctions", "StopExecution", executionArn=arn)

    result = wait_for(api, arn, sleep=sleep, clock=lambda: 0.0, first_delay=1.0, longest_delay=3.0)
    assert (result.status, delays) == ("ABORTED", [1.0, 2.0, 3.0])
    assert not result.succeeded


def test_listing_pages_and_limits(deployed: Path, unique: str, api: AwsApi) -> None:
    for number in range(3):
        api.call("stepfunctions", "StartExecution", stateMachineArn=machine_arn(unique), name=f"e{number}")
    every = list_executions(api, machine_arn(unique))
    assert sorted(row.name for row in every) == ["e0", "e1", "e2"]
    assert len(list_executions(api, machine_arn(unique), limit=2)) == 2


def test_writes_refused_outside_the_project_and_environment(deployed: Path, unique: str, api: AwsApi) -> None:
    foreign = f"{unique}-foreign"
    api.call(
        "stepfunctions", "CreateStateMachine", name=foreign, roleArn="arn:aws:iam::123456789012:role/r",
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
    )
    arn = api.call(
        "stepfunctions", "StartExecution",
        stateMachineArn=f"arn:aws:states:us-east-1:123456789012:stateMachine:{foreign}",
    )["executionArn"]
    refused = run(deployed, "stop", arn, "-e", unique)
    assert refused.exit_code == 1
    assert f"error: state machine '{foreign}' is not managed by sfndeploy" in refused.output
    assert describe_execution(api, arn).status == "RUNNING"

    elsewhere = arn.replace("123456789012", "210987654321")
    other = run(deployed, "history", elsewhere, "-e", unique)
    assert other.exit_code == 1
    assert "is in account 210987654321, region us-east-1; environment" in other.output
    assert run(deployed, "redrive", "not-an-arn", "-e", unique).exit_code == 2


def test_bad_input_is_one_line_before_anything_starts(deployed: Path, unique: str, api: AwsApi) -> None:
    result = run(deployed, "start", "hello-world", "-e", unique, "--input", '{"name": ')
    assert result.exit_code == 2
    assert result.output.startswith("error: --input:1:")
    assert list_executions(api, machine_arn(unique)) == []


def test_logs_reads_the_workflows_log_group(deployed: Path, unique: str, api: AwsApi) -> None:
    import time

    group = f"/sfndeploy/{unique}"
    api.call("logs", "CreateLogStream", logGroupName=group, logStreamName="s")
    now = int(time.time() * 1000)
    api.call(
        "logs", "PutLogEvents", logGroupName=group, logStreamName="s",
        logEvents=[{"timestamp": now - 1000, "message": "ExecutionStarted"}, {"timestamp": now, "message": "done"}],
    )
    shown = run(deployed, "logs", "hello-world", "-e", unique, "--since", "5m")
    assert shown.exit_code == 0, shown.output
    assert [line.split("  ", 1)[1] for line in shown.output.splitlines()] == ["ExecutionStarted", "done"]


def test_follow_prints_each_event_once_as_it_arrives(deployed: Path, unique: str, api: AwsApi) -> None:
    import time

    from sfndeploy.operate.logs import follow_logs

    group = f"/sfndeploy/{unique}"
    api.call("logs", "CreateLogStream", logGroupName=group, logStreamName="f")
    now = int(time.time() * 1000)

    def put(message: str, at: int) -> None:
        api.call("logs", "PutLogEvents", logGroupName=group, logStreamName="f",
                 logEvents=[{"timestamp": at, "message": message}])

    put("first", now)
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 1:
            put("second", now + 5)

    seen = [event.message for event in follow_logs(api, group, now - 1000, sleep=sleep, interval=2.0, polls=3)]
    assert (seen, naps) == (["first", "second"], [2.0, 2.0])
