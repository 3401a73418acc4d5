"""``sfndeploy replay`` against the moto server, and against botocore's Stubber where moto falls short.

moto serves DescribeExecution, GetExecutionHistory, DescribeStateMachine, CloudWatch Logs
PutLogEvents and FilterLogEvents (with a quoted-term filter pattern). Its executions never end
by themselves (RUNNING until stopped, then ABORTED) and its GetExecutionHistory is canned (one
"A State" whatever the definition), so a finished Standard execution with a real history is
served by the Stubber instead, which checks every request and response against botocore's model
of the Step Functions API. Express executions are read from moto's log group.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.executor.testing.cases import load_test_file
from sfndeploy.operate.arns import parse_execution_arn
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.replay import ReplayOptions, replay_execution
from sfndeploy.operate.replay_redact import parse_redact_path
from sfndeploy.operate.targets import OperatedEnvironment
from sfndeploy.pipeline import load_environment, load_project
from tests.replay.helpers import production_history
from tests.replay.project import (
    ACCOUNT,
    INPUT,
    MOCKS,
    REGION,
    log_records,
    machine_name,
    orders_definition,
    write_project,
)

ROLE = f"arn:aws:iam::{ACCOUNT}:role/orders"
WITH_DATA = """\
defaults:
  logging:
    level: ALL
    include_execution_data: true
"""


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def create_machine(api: AwsApi, env: str, *, express: bool = False, data: bool = True) -> str:
    params: dict[str, Any] = {}
    if express:
        group = f"/sfndeploy/{env}"
        api.call("logs", "CreateLogGroup", logGroupName=group)
        params["loggingConfiguration"] = {
            "level": "ALL",
            "includeExecutionData": data,
            "destinations": [
                {"cloudWatchLogsLogGroup": {"logGroupArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:*"}}
            ],
        }
    created = api.call(
        "stepfunctions", "CreateStateMachine", name=machine_name(env), roleArn=ROLE,
        definition=json.dumps(orders_definition()), type="EXPRESS" if express else "STANDARD", **params,
    )
    return str(created["stateMachineArn"])


def test_running_aborted_and_foreign_executions_are_refused(tmp_path: Path, unique: str, api: AwsApi) -> None:
    write_project(tmp_path, unique)
    machine = create_machine(api, unique)
    arn = api.call("stepfunctions", "StartExecution", stateMachineArn=machine, name="live")["executionArn"]
    running = run(tmp_path, "replay", arn, "-e", unique, "--save", "live")
    assert running.exit_code == 1
    assert running.stderr == (
        "error: execution 'live' is still running; nothing was written "
        "('sfndeploy replay --partial' replays the events so far)\n"
    )
    # --partial reads moto's canned history, whose one state the definition does not have
    partial = run(tmp_path, "replay", arn, "-e", unique, "--partial")
    assert partial.exit_code == 1
    assert partial.stdout.splitlines()[0] == (
        f"replayed execution live of {unique}-orders (SUCCEEDED): 1 state entered, 0 task calls"
    )
    assert "today's orders diverges from production at A State: production entered this state; the dry run " \
        "never did" in partial.stdout
    as_json = json.loads(run(tmp_path, "replay", arn, "-e", unique, "--partial", "--json").stdout)
    reason = "production entered this state; the dry run never did"
    assert as_json["divergence"] == {"state": "A State", "reason": reason}
    assert (as_json["matches"], as_json["savedTo"], as_json["case"]["expect"]["output"]) == (False, None, "An output")
    refused = run(tmp_path, "replay", arn, "-e", unique, "--partial", "--save", "x")
    assert (refused.exit_code, refused.stderr) == (
        1, "error: --save needs the whole execution; --partial replays only the events so far\n"
    )
    unnamed = run(tmp_path, "replay", arn, "-e", unique, "--save", " ")
    assert (unnamed.exit_code, unnamed.stderr) == (2, "error: --save needs a case name\n")
    api.call("stepfunctions", "StopExecution", executionArn=arn)
    aborted = run(tmp_path, "replay", arn, "-e", unique)
    assert aborted.exit_code == 1
    assert "execution 'live' was stopped (ABORTED): a dry run cannot stop where it did; nothing was written" in (
        aborted.stderr
    )
    foreign = run(tmp_path, "replay", arn.replace(ACCOUNT, "210987654321"), "-e", unique)
    assert foreign.exit_code == 1
    assert foreign.stderr.startswith("error: execution 'live' is in account 210987654321, region us-east-1;")
    assert not (tmp_path / "templates" / "orders.tests.yaml").exists()


def test_an_express_execution_is_read_from_its_log_group(tmp_path: Path, unique: str, api: AwsApi) -> None:
    write_project(tmp_path, unique, express=True, logging=WITH_DATA)
    create_machine(api, unique, express=True)
    arn = f"arn:aws:states:{REGION}:{ACCOUNT}:express:{machine_name(unique)}:order-9:5f1c"
    other = arn.replace("order-9", "order-8")
    group = f"/sfndeploy/{unique}"
    api.call("logs", "CreateLogStream", logGroupName=group, logStreamName="s")
    events = production_history(orders_definition(), INPUT, MOCKS, start_time=time.time() - 60)
    records = log_records(events, other)[:3] + log_records(events, arn)
    records.sort(key=lambda record: record["timestamp"])
    api.call("logs", "PutLogEvents", logGroupName=group, logStreamName="s", logEvents=records)

    saved = run(tmp_path, "replay", arn, "-e", unique, "--save", "express order 9", "--redact", "$.card.number")
    assert saved.exit_code == 0, saved.output
    tests_file = tmp_path / "templates" / "orders.tests.yaml"
    assert saved.stdout.splitlines() == [
        f"replayed execution order-9 of {unique}-orders (SUCCEEDED): 4 states entered, 3 task calls, "
        "4 values redacted",
        f"saved as test case 'express order 9' in {tests_file}",
        "today's orders does what production did: same states, task requests, outputs and outcome",
    ]
    (case,) = load_test_file(tests_file)
    assert case.input == {"total": 120, "card": {"number": "****"}}
    assert case.expect.output["charge"] == {"chargeId": "ch-1", "apiToken": "****"}
    assert "4111111111111111" not in tests_file.read_text() and "tok-123456" not in tests_file.read_text()
    tested = run(tmp_path, "test", "-e", unique)
    assert tested.exit_code == 0, tested.output


def test_an_express_workflow_without_execution_data_is_refused(tmp_path: Path, unique: str, api: AwsApi) -> None:
    write_project(tmp_path, unique, express=True)
    create_machine(api, unique, express=True, data=False)
    arn = f"arn:aws:states:{REGION}:{ACCOUNT}:express:{machine_name(unique)}:order-9:5f1c"
    refused = run(tmp_path, "replay", arn, "-e", unique)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"error: Express workflows have no execution history, and '{unique}-orders' logs at level ALL without "
        "execution data: replay needs logging level ALL with execution data"
    )
    assert refused.stdout == ""


# -- a finished Standard execution, served by the Stubber -------------------------------------------


def stubbed_environment(project: Path, env: str) -> tuple[OperatedEnvironment, Stubber]:
    client = boto3.client(
        "stepfunctions", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x",
        endpoint_url=f"https://states.{REGION}.amazonaws.com",
    )
    api = AwsApi(lambda _: client, region=REGION, sleep=lambda _: None)
    environment = load_environment(load_project(project), env)
    return OperatedEnvironment("shop", environment, api), Stubber(client)


def serve_history(stubber: Stubber, arn: str, events: list[dict[str, Any]]) -> None:
    """DescribeExecution, then the history in two pages (the second asked for with the first's token)."""
    stubber.add_response(
        "describe_execution",
        {"executionArn": arn, "stateMachineArn": arn.rsplit(":", 1)[0].replace(":execution:", ":stateMachine:"),
         "status": "SUCCEEDED", "startDate": datetime(2024, 1, 1, tzinfo=UTC)},
        {"executionArn": arn},
    )
    half = len(events) // 2
    first = {"events": events[:half], "nextToken": "page-2"}
    stubber.add_response("get_execution_history", first, {"executionArn": arn})
    stubber.add_response(
        "get_execution_history", {"events": events[half:]}, {"executionArn": arn, "nextToken": "page-2"}
    )


def test_a_standard_execution_replays_saves_and_shows_where_a_change_diverges(tmp_path: Path) -> None:
    write_project(tmp_path, "prod")
    arn = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:prod-orders:order-7"
    ref = parse_execution_arn(arn)
    events = production_history(orders_definition(), INPUT, MOCKS)

    operated, stubber = stubbed_environment(tmp_path, "prod")
    serve_history(stubber, arn, events)
    with stubber:
        report = replay_execution(operated, tmp_path, ref, ReplayOptions("order 7", (parse_redact_path("$..number"),)))
    stubber.assert_no_pending_responses()
    assert report.matches and report.divergence is None
    assert (report.states, report.calls) == (4, 3)
    assert report.case["mocks"]["Charge"]["sequence"][1]["duration"] == 1.5
    assert report.saved_to == tmp_path / "templates" / "orders.tests.yaml"
    (saved,) = load_test_file(report.saved_to)
    assert saved.expect.states == ("Validate", "Charge", "Route", "Big")

    write_project(tmp_path, "prod", threshold=500)  # today's sources route 120 elsewhere
    operated, stubber = stubbed_environment(tmp_path, "prod")
    serve_history(stubber, arn, events)
    with stubber:
        report = replay_execution(operated, tmp_path, ref, ReplayOptions())
    assert report.divergence is not None
    assert report.divergence.line() == "Route: production went on to Big, the dry run to Small"
    assert report.case_failures[-1] == (
        "states Validate -> Charge -> Route -> Small, expected Validate -> Charge -> Route -> Big"
    )
    with pytest.raises(OperateError, match="a test case named 'order 7' exists already"):
        operated, stubber = stubbed_environment(tmp_path, "prod")
        serve_history(stubber, arn, events)
        with stubber:
            replay_execution(operated, tmp_path, ref, ReplayOptions("order 7"))
