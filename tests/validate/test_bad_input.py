"""Bad input gets diagnostics and the right exit status: never a traceback, never a hang."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.validate import validate_definition, validate_text


def invoke(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--definition", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def nested_parallels(depth: int) -> dict[str, Any]:
    definition: dict[str, Any] = {"StartAt": "Leaf", "States": {"Leaf": {"Type": "Succeed"}}}
    for level in range(depth):
        definition = {
            "StartAt": f"P{level}",
            "States": {f"P{level}": {"Type": "Parallel", "Branches": [definition], "End": True}},
        }
    return definition


def test_file_that_is_not_json_or_yaml(tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    path.write_text('{"StartAt": "A", "States": {"A": [}', encoding="utf-8")
    status, out = invoke(path)
    assert status == 1
    assert "INVALID_JSON_DESCRIPTION" in out
    assert f"{path}:1:" in out


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.json"
    path.write_bytes(bytes(range(256)))
    status, out = invoke(path)
    assert status == 1
    assert "INVALID_JSON_DESCRIPTION" in out or "SCHEMA_VALIDATION_FAILED" in out


def test_definition_that_is_not_an_object() -> None:
    for text in ("[1, 2]", '"text"', "42", "null"):
        report = validate_text(text, "x.json")
        assert [(d.code, d.pointer) for d in report.errors] == [("SCHEMA_VALIDATION_FAILED", "")], text


def test_states_field_that_is_a_list() -> None:
    report = validate_definition({"StartAt": "A", "States": [{"Type": "Succeed"}]})
    assert [(d.code, d.pointer) for d in report.errors] == [("SCHEMA_VALIDATION_FAILED", "/States")]


def test_every_field_of_the_wrong_type_at_once() -> None:
    report = validate_definition({"StartAt": 1, "States": {"A": {"Type": "Task", "Resource": 5, "Next": 3}}})
    pointers = {d.pointer for d in report.errors}
    assert {"/StartAt", "/States/A/Resource", "/States/A/Next"} <= pointers


def test_five_megabyte_definition(tmp_path: Path) -> None:
    states = {f"S{i}": {"Type": "Pass", "Result": {"payload": "x" * 1000}, "Next": f"S{i + 1}"} for i in range(5000)}
    states["S5000"] = {"Type": "Succeed"}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"StartAt": "S0", "States": states}), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    status, out = invoke(path)
    assert status == 1
    assert "DEFINITION_TOO_LARGE" in out
    assert out.count(": error ") == 1


def test_deeply_nested_parallels_in_memory() -> None:
    report = validate_definition(nested_parallels(3000))
    assert report.ok, report.errors[:3]


def test_deeply_nested_parallels_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(nested_parallels(400)), encoding="utf-8")
    status, out = invoke(path)
    assert status == 1
    assert f"{path}:1:" in out
    assert "INVALID_JSON_DESCRIPTION: cannot parse the definition: nested deeper than 128 levels" in out


def test_nested_parallels_within_the_depth_limit_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(nested_parallels(25)), encoding="utf-8")
    status, out = invoke(path)
    assert (status, out.splitlines()[-1]) == (0, "1 definition checked: no errors, 0 warnings")


def test_deep_payload_template() -> None:
    parameters: dict[str, Any] = {"leaf.$": "$.x"}
    for _ in range(5000):
        parameters = {"n": parameters}
    report = validate_definition(
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": parameters, "End": True}}}
    )
    assert all(d.code != "INTERNAL" for d in report.diagnostics)
