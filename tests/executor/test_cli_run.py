"""``sfndeploy run`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sfndeploy.cli.main import cli
from tests.executor.test_mocks import CONFIG

DEFINITION = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "OutputPath": "$.Payload",
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}],
            "Next": "Done",
        },
        "Done": {"Type": "Pass", "Parameters": {"machine.$": "$$.StateMachine.Name", "result.$": "$"}, "End": True},
    },
}


def _files(tmp_path: Path, definition: dict[str, Any] = DEFINITION) -> tuple[Path, Path]:
    definition_path = tmp_path / "Orders.asl.json"
    definition_path.write_text(json.dumps(definition), encoding="utf-8")
    mocks = tmp_path / "mocks.json"
    mocks.write_text(json.dumps(CONFIG), encoding="utf-8")
    return definition_path, mocks


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_json_output_is_one_object_and_exit_zero(tmp_path: Path) -> None:
    definition, mocks = _files(tmp_path)
    result = _invoke(
        "run",
        "--definition",
        str(definition),
        "--name",
        "Orders",
        "--mock-config",
        str(mocks),
        "--test-case",
        "Flaky",
        "--input",
        '{"id": 1}',
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "status": "SUCCEEDED",
        "output": {"machine": "Orders", "result": {"ok": True}},
        "error": None,
        "cause": None,
    }


def test_failed_execution_exits_one(tmp_path: Path) -> None:
    definition = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope", "Cause": "no"}}}
    path, _ = _files(tmp_path, definition)
    result = _invoke("run", "--definition", str(path), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"status": "FAILED", "output": None, "error": "Nope", "cause": "no"}


def test_text_summary_shows_path_and_history(tmp_path: Path) -> None:
    definition, mocks = _files(tmp_path)
    result = _invoke(
        "run",
        "--definition",
        str(definition),
        "--mock-config",
        str(mocks),
        "--test-case",
        "HappyPath",
        "--name",
        "Orders",
        "--history",
    )
    assert result.exit_code == 0, result.output
    assert "Path: Charge -> Done" in result.stdout
    assert "TaskSucceeded" in result.stdout
    assert "Execution SUCCEEDED" in result.stdout


def test_bad_input_json_is_exit_two(tmp_path: Path) -> None:
    definition, _ = _files(tmp_path)
    result = _invoke("run", "--definition", str(definition), "--input", "{nope")
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    (line,) = result.stderr.strip().splitlines()
    assert "not valid JSON" in line


def test_input_from_file(tmp_path: Path) -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    path, _ = _files(tmp_path, definition)
    (tmp_path / "in.json").write_text('{"from": "file"}', encoding="utf-8")
    result = _invoke("run", "--definition", str(path), "--input", f"@{tmp_path / 'in.json'}", "--json")
    assert json.loads(result.stdout)["output"] == {"from": "file"}


def test_missing_test_case_and_unmocked_task_are_exit_two(tmp_path: Path) -> None:
    definition, mocks = _files(tmp_path)
    result = _invoke(
        "run",
        "--definition",
        str(definition),
        "--name",
        "Orders",
        "--mock-config",
        str(mocks),
        "--test-case",
        "Missing",
    )
    assert result.exit_code == 2
    assert "no test case 'Missing'" in result.stderr
    result = _invoke("run", "--definition", str(definition))
    assert result.exit_code == 2
    assert "'Charge'" in result.stderr


def test_invalid_definition_is_reported_and_not_run(tmp_path: Path) -> None:
    path, _ = _files(tmp_path, {"StartAt": "Missing", "States": {"P": {"Type": "Pass", "End": True}}})
    result = _invoke("run", "--definition", str(path), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["status"] == "ERROR"
    assert "validation error" in result.stderr


def test_infinite_loop_stops_at_max_events_with_exit_two(tmp_path: Path) -> None:
    loop = {
        "StartAt": "L",
        "States": {
            "L": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "End"}],
                "Default": "L",
            },
            "End": {"Type": "Succeed"},
        },
    }
    path, _ = _files(tmp_path, loop)
    result = _invoke("run", "--definition", str(path), "--max-events", "500", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["status"] == "FAILED"
    assert "500 events" in result.stderr


def test_definition_and_workflow_are_exclusive(tmp_path: Path) -> None:
    definition, _ = _files(tmp_path)
    result = _invoke("run", "orders", "-e", "dev", "--definition", str(definition))
    assert result.exit_code == 2
    result = _invoke("run")
    assert result.exit_code == 2


def test_type_express_applies_the_five_minute_limit(tmp_path: Path) -> None:
    wait = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 400, "End": True}}}
    path, _ = _files(tmp_path, wait)
    express = _invoke("run", "--definition", str(path), "--type", "EXPRESS", "--json")
    assert express.exit_code == 1
    assert json.loads(express.stdout) == {
        "status": "TIMED_OUT",
        "output": None,
        "error": "States.Timeout",
        "cause": None,
    }
    standard = _invoke("run", "--definition", str(path), "--type", "STANDARD", "--json")
    assert standard.exit_code == 0
    assert json.loads(standard.stdout)["status"] == "SUCCEEDED"
    default = _invoke("run", "--definition", str(path), "--json")
    assert json.loads(default.stdout)["status"] == "SUCCEEDED"


def test_type_express_validates_with_the_express_rules(tmp_path: Path) -> None:
    sync = {
        "StartAt": "Job",
        "States": {
            "Job": {
                "Type": "Task",
                "Resource": "arn:aws:states:::glue:startJobRun.sync",
                "Parameters": {"JobName": "nightly"},
                "End": True,
            }
        },
    }
    path, _ = _files(tmp_path, sync)
    express = _invoke("run", "--definition", str(path), "--type", "EXPRESS", "--echo-tasks", "--json")
    assert express.exit_code == 2
    assert json.loads(express.stdout)["status"] == "ERROR"
    assert "EXPRESS" in express.stderr
    standard = _invoke("run", "--definition", str(path), "--echo-tasks", "--json")
    assert standard.exit_code == 0
    assert json.loads(standard.stdout)["output"] == {"JobName": "nightly"}


def test_the_default_machine_name_is_the_file_name_up_to_its_first_dot(tmp_path: Path) -> None:
    name = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "$$.StateMachine.Name"}, "End": True}},
    }
    path, _ = _files(tmp_path, name)
    result = _invoke("run", "--definition", str(path), "--json")
    assert json.loads(result.stdout)["output"] == {"n": "Orders"}
