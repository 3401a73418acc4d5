"""``start --wait`` and ``logs --follow`` through the command line, against the moto server.

moto never ends an execution by itself, so the moto tests end it (StopExecution) while
``start --wait`` waits, or let ``--timeout`` pass. A succeeded execution, which moto cannot
produce, is answered by botocore's Stubber (it validates each request against botocore's model).
The clocks and sleeps of the commands are replaced, so nothing waits.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
from botocore.stub import Stubber
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli import cmd_logs, cmd_start
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.operate import targets
from sfndeploy.operate.executions import describe_execution

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
vars:
  greeter_function: greeter-{name}
"""


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def scaffold(root: Path, unique: str) -> Path:
    create_project(root, "demo")
    spec = root / "templates" / "hello-world.yaml.j2"
    spec.write_text(spec.read_text().replace("alias: live\n", ""))
    (root / "environments" / f"{unique}.yaml").write_text(ENV_FILE.format(name=unique))
    return root


@pytest.fixture
def deployed(tmp_path: Path, unique: str, moto_endpoint: str) -> Path:
    project = scaffold(tmp_path, unique)
    applied = run(project, "apply", "-e", unique, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    return project


def test_start_wait_prints_the_result_and_exits_1_when_the_execution_is_aborted(
    deployed: Path, unique: str, api: AwsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    naps: list[float] = []

    def sleep(seconds: float) -> None:  # the execution is stopped while start waits for it
        naps.append(seconds)
        if len(naps) == 2:
            (row,) = api.call("stepfunctions", "ListExecutions", stateMachineArn=machine_arn(unique))["executions"]
            api.call("stepfunctions", "StopExecution", executionArn=row["executionArn"], error="Ops.Stopped")

    monkeypatch.setattr(cmd_start, "time", SimpleNamespace(sleep=sleep, monotonic=lambda: 0.0))
    result = run(deployed, "start", "hello-world", "-e", unique, "--name", "waited", "--wait")
    arn = f"arn:aws:states:us-east-1:123456789012:execution:{unique}-hello-world:waited"
    assert result.exit_code == 1, result.output
    assert result.stderr == f"started {arn}\n"
    assert result.stdout.splitlines()[0].startswith("ABORTED")
    assert result.stdout.splitlines()[0].endswith(f": {arn}")
    assert naps == [1.0, 2.0]


def test_start_wait_gives_up_at_the_timeout_with_one_line(
    deployed: Path, unique: str, api: AwsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = iter([0.0, 0.5, 1.5, 3.0, 5.0])
    monkeypatch.setattr(cmd_start, "time", SimpleNamespace(sleep=lambda _: None, monotonic=lambda: next(now)))
    result = run(deployed, "start", "hello-world", "-e", unique, "--name", "slow", "--wait", "--timeout", "2")
    arn = f"arn:aws:states:us-east-1:123456789012:execution:{unique}-hello-world:slow"
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"started {arn}"
    assert lines[1].startswith(f"error: execution {arn} is still RUNNING after 2 s")
    assert len(lines) == 2
    assert describe_execution(api, arn).status == "RUNNING"  # waiting gave up; the execution goes on


def machine_arn(unique: str) -> str:
    return f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-hello-world"


def test_start_wait_exits_0_when_the_execution_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stubber: moto's executions never succeed."""
    project = scaffold(tmp_path, "stubbed")
    client = boto3.client(
        "stepfunctions",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        endpoint_url="https://states.us-east-1.amazonaws.com",
    )
    stubber = Stubber(client)
    machine, at = machine_arn("stubbed"), datetime(2026, 1, 1, tzinfo=UTC)
    execution = machine.replace(":stateMachine:", ":execution:") + ":ok"
    stubber.add_response(
        "describe_state_machine",
        {
            "stateMachineArn": machine,
            "name": "stubbed-hello-world",
            "definition": "{}",
            "roleArn": "arn:aws:iam::123456789012:role/r",
            "type": "STANDARD",
            "creationDate": at,
        },
        {"stateMachineArn": machine},
    )
    stubber.add_response(
        "start_execution",
        {"executionArn": execution, "startDate": at},
        {"stateMachineArn": machine, "input": '{"name": "Ada"}', "name": "ok"},
    )
    for status, extra in (("RUNNING", {}), ("SUCCEEDED", {"stopDate": at, "output": '{"greeting": "Hello, Ada!"}'})):
        stubber.add_response(
            "describe_execution",
            {"executionArn": execution, "stateMachineArn": machine, "status": status, "startDate": at, **extra},
            {"executionArn": execution},
        )
    api = AwsApi(lambda _: client, region="us-east-1", sleep=lambda _: None)
    monkeypatch.setattr(targets, "make_api", lambda settings: api)
    monkeypatch.setattr(cmd_start, "time", SimpleNamespace(sleep=lambda _: None, monotonic=lambda: 0.0))
    with stubber:
        result = run(
            project,
            "start",
            "hello-world",
            "-e",
            "stubbed",
            "--name",
            "ok",
            "--input",
            '{"name": "Ada"}',
            "--wait",
            "--json",
        )
    stubber.assert_no_pending_responses()
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert (shown["executionArn"], shown["status"]) == (execution, "SUCCEEDED")
    assert shown["output"] == {"greeting": "Hello, Ada!"}


def test_ctrl_c_ends_logs_follow_with_one_line_and_status_130(
    deployed: Path, unique: str, api: AwsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = f"/sfndeploy/{unique}"
    api.call("logs", "CreateLogStream", logGroupName=group, logStreamName="s")
    now = int(time.time() * 1000)
    api.call(
        "logs",
        "PutLogEvents",
        logGroupName=group,
        logStreamName="s",
        logEvents=[{"timestamp": now, "message": "ExecutionStarted"}],
    )

    def interrupt(_: float) -> None:  # Ctrl-C while follow waits for the next poll
        raise KeyboardInterrupt

    monkeypatch.setattr(cmd_logs, "time", SimpleNamespace(time=time.time, sleep=interrupt))
    result = run(deployed, "logs", "hello-world", "-e", unique, "--follow", "--since", "5m")
    assert result.exit_code == 130
    assert isinstance(result.exception, SystemExit)
    assert [line.split("  ", 1)[1] for line in result.stdout.splitlines()] == ["ExecutionStarted"]
    assert result.stderr == f"stopped following {group}\n"
