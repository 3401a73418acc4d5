"""Every way ``sfndeploy run`` stops with exit status 2: one line on stderr and, with ``--json``,
exactly one JSON object on stdout (``{"status": "ERROR", ...}``, or the run's own summary when
the run happened)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from tests.executor.test_cli_test import ENV, SPEC
from tests.executor.test_mocks import CONFIG

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
TASK = {
    "StartAt": "Charge",
    "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}},
}
READER_MAP = {
    "StartAt": "Fan",
    "States": {
        "Fan": {
            "Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P",
                "States": {"P": {"Type": "Pass", "End": True}},
            },
            "End": True,
        }
    },
}
RETRY = {
    "StartAt": "Charge",
    "States": {"Charge": {**TASK["States"]["Charge"], "Retry": [{"ErrorEquals": ["States.ALL"]}]}},
}
ONCE = {
    "StateMachines": {"retry": {"TestCases": {"T": {"Charge": "Once"}}}},
    "MockedResponses": {"Once": {"0": {"Throw": {"Error": "Boom"}}}},
}
LOOP = {
    "StartAt": "L",
    "States": {
        "L": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "E"}], "Default": "L"},
        "E": {"Type": "Succeed"},
    },
}


@pytest.fixture()
def files(tmp_path: Path) -> Path:
    (tmp_path / "once.json").write_text(json.dumps(ONCE), encoding="utf-8")
    (tmp_path / "list-cases.json").write_text('{"StateMachines": {"pass": {"TestCases": []}}}', encoding="utf-8")
    for name, definition in {"pass": PASS, "task": TASK, "retry": RETRY, "reader": READER_MAP, "loop": LOOP}.items():
        (tmp_path / f"{name}.asl.json").write_text(json.dumps(definition), encoding="utf-8")
    (tmp_path / "invalid.asl.json").write_text(json.dumps({"StartAt": "Nowhere", "States": PASS["States"]}), "utf-8")
    (tmp_path / "broken.asl.json").write_text('{"StartAt": "P", "States": {', encoding="utf-8")
    (tmp_path / "mocks.json").write_text(json.dumps(CONFIG), encoding="utf-8")
    (tmp_path / "bad-mocks.json").write_text('{"StateMachines": ', encoding="utf-8")
    (tmp_path / "no-machines.json").write_text('{"MockedResponses": {}}', encoding="utf-8")
    (tmp_path / "not-a-dir").write_text("", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "environments").mkdir()
    (tmp_path / "templates" / "greeter.yaml.j2").write_text(SPEC, encoding="utf-8")
    (tmp_path / "environments" / "dev.yaml").write_text(ENV, encoding="utf-8")
    return tmp_path


def _run(directory: Path, *args: str) -> Result:
    arguments = [part.replace("DIR", str(directory)) for part in args]
    return CliRunner().invoke(cli, ["--project-dir", str(directory), "run", *arguments, "--json"])


def _one_object(stdout: str) -> Any:
    """The single JSON object ``stdout`` holds; anything before or after it fails the test."""
    document, end = json.JSONDecoder().raw_decode(stdout)
    assert stdout[end:] == "\n", f"more than one JSON value on stdout: {stdout!r}"
    assert isinstance(document, dict)
    return document


# (arguments, the "error" kind, a part of the cause that names the problem)
SETUP_ERRORS = [
    (["--definition", "DIR/pass.asl.json", "--input", "{nope"], "ExecutionSetupError", "not valid JSON"),
    (["--definition", "DIR/pass.asl.json", "--input", "@DIR/missing.json"], "ExecutionSetupError", "cannot read"),
    (["--definition", "DIR/missing.asl.json"], "ExecutionSetupError", "cannot read the definition"),
    (["--definition", "DIR/broken.asl.json"], "ExecutionSetupError", "validation error"),
    (["--definition", "DIR/invalid.asl.json"], "ExecutionSetupError", "validation error"),
    (["--definition", "DIR/task.asl.json"], "ExecutionSetupError", "'Charge'"),
    (["--definition", "DIR/reader.asl.json", "--echo-tasks"], "ExecutionSetupError", "ItemReader of Map state 'Fan'"),
    (["--definition", "DIR/pass.asl.json", "--mock-config", "DIR/mocks.json"], "ExecutionSetupError", "go together"),
    (
        ["--definition", "DIR/pass.asl.json", "--mock-config", "DIR/gone.json", "--test-case", "X"],
        "ExecutionSetupError",
        "cannot read the mock config",
    ),
    (
        ["--definition", "DIR/pass.asl.json", "--mock-config", "DIR/bad-mocks.json", "--test-case", "X"],
        "ExecutionSetupError",
        "not valid JSON",
    ),
    (
        ["--definition", "DIR/pass.asl.json", "--mock-config", "DIR/no-machines.json", "--test-case", "X"],
        "ExecutionSetupError",
        "no 'StateMachines'",
    ),
    (
        ["--definition", "DIR/pass.asl.json", "--mock-config", "DIR/mocks.json", "--test-case", "X"],
        "ExecutionSetupError",
        "no state machine 'pass'",
    ),
    (
        [
            "--definition",
            "DIR/pass.asl.json",
            "--name",
            "Orders",
            "--mock-config",
            "DIR/mocks.json",
            "--test-case",
            "X",
        ],
        "ExecutionSetupError",
        "no test case 'X'",
    ),
    (
        ["--definition", "DIR/pass.asl.json", "--mock-config", "DIR/list-cases.json", "--test-case", "X"],
        "ExecutionSetupError",
        "'StateMachines.pass.TestCases': must be an object",
    ),
    (
        ["--definition", "DIR/pass.asl.json", "--input", json.dumps({"big": "x" * 300_000})],
        "ExecutionSetupError",
        "256 KiB",
    ),
    (
        ["--definition", "DIR/retry.asl.json", "--mock-config", "DIR/once.json", "--test-case", "T"],
        "ExecutionSetupError",
        "no response for invocation 1",
    ),
    (["--definition", "DIR/pass.asl.json", "--graph", "DIR/not-a-dir/run.html"], "ConfigError", "not-a-dir"),
    (["greeter", "-e", "dev", "--definition", "DIR/pass.asl.json"], "UsageError", "not both"),
    ([], "UsageError", "give --definition FILE"),
    (["greeter", "-e", "dev", "--type", "EXPRESS"], "UsageError", "--type goes with --definition"),
    (["nobody", "-e", "dev"], "ConfigError", "no workflow named 'nobody'"),
    (["greeter", "-e", "prod"], "ConfigError", "prod"),
]


@pytest.mark.parametrize(("arguments", "kind", "detail"), SETUP_ERRORS)
def test_a_run_that_cannot_start_prints_one_error_object_and_exits_two(
    files: Path, arguments: list[str], kind: str, detail: str
) -> None:
    result = _run(files, *arguments)
    assert result.exit_code == 2, result.output
    document = _one_object(result.stdout)
    assert document["status"] == "ERROR"
    assert document["output"] is None
    assert document["error"] == kind
    assert detail in document["cause"]
    assert result.stderr.strip().splitlines()[-1] == f"error: {document['cause']}"


@pytest.mark.parametrize(
    ("arguments", "detail"),
    [
        (["--definition", "DIR/pass.asl.json", "--max-events", "-1", "--json"], "--max-events"),
        (["--definition", "DIR/pass.asl.json", "--type", "LONG", "--json"], "--type"),
        (["--definition", "DIR/pass.asl.json", "--no-such-option", "--json"], "--no-such-option"),
        (["--json", "--definition"], "--definition"),
    ],
)
def test_a_command_line_click_refuses_still_prints_one_object(files: Path, arguments: list[str], detail: str) -> None:
    command = ["run", *(part.replace("DIR", str(files)) for part in arguments)]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2
    document = _one_object(result.stdout)
    assert document["status"] == "ERROR"
    assert document["error"] == "UsageError"
    assert detail in document["cause"]


def test_the_history_limit_prints_the_runs_own_summary_once(files: Path) -> None:
    result = _run(files, "--definition", "DIR/loop.asl.json", "--max-events", "300")
    assert result.exit_code == 2
    document = _one_object(result.stdout)
    assert document["status"] == "FAILED"
    assert document["error"] == "States.Runtime"
    assert "300 events" in result.stderr


def test_without_json_an_error_prints_nothing_on_stdout(files: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--definition", str(files / "pass.asl.json"), "--input", "{nope"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
