"""``validate --format sarif``: SARIF 2.1.0 checked against OASIS's schema (tests/data/sarif)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from sfndeploy import __version__
from sfndeploy.cli.main import cli
from sfndeploy.errors import SourceLocation
from sfndeploy.validate.diagnostics import ERROR, WARNING, Diagnostic, ValidationReport
from sfndeploy.validate.formatters.sarif import format_sarif
from sfndeploy.validate.rules import ALL_RULES
from tests.data import SARIF_SCHEMA

REPO_ROOT = Path(__file__).resolve().parents[2]
BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def conforming(validator: jsonschema.Draft4Validator, text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    return log


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    """The example project with a transition to a state that does not exist and a Task without timeout."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO_ROOT / "sfndeploy.yaml", root / "sfndeploy.yaml")
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    shutil.copytree(REPO_ROOT / "environments", root / "environments")
    template = root / "templates" / "order-processing.yaml.j2"
    text = template.read_text(encoding="utf-8")
    assert "      Next: IsOrderValid\n" in text
    template.write_text(text.replace("      Next: IsOrderValid\n", "      Next: IsOrderValidd\n", 1), encoding="utf-8")
    return root


def test_project_results_point_at_the_template_line_and_column(
    broken_project: Path, sarif_validator: jsonschema.Draft4Validator
) -> None:
    args = ["--project-dir", str(broken_project), "validate", "-e", "dev"]
    sarif = CliRunner().invoke(cli, [*args, "--format", "sarif"])
    as_json = CliRunner().invoke(cli, [*args, "--format", "json"])

    assert sarif.exit_code == 1 and sarif.exception is not None and as_json.exit_code == 1
    log = conforming(sarif_validator, sarif.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sfndeploy" and driver["version"] == driver["semanticVersion"] == __version__
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == broken_project.resolve().as_uri() + "/"
    expected = [
        (d["code"], d["severity"].lower(), d["message"], d["file"], d["line"], d["column"])
        for definition in json.loads(as_json.stdout)["definitions"]
        for d in definition["diagnostics"]
    ]
    found = []
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "PROJECTROOT"
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        region = physical["region"]
        found.append(
            (
                result["ruleId"],
                result["level"],
                result["message"]["text"],
                physical["artifactLocation"]["uri"],
                region["startLine"],
                region["startColumn"],
            )
        )
    assert found == expected
    lines = (broken_project / "templates" / "order-processing.yaml.j2").read_text(encoding="utf-8").splitlines()
    typo_line = lines.index("      Next: IsOrderValidd") + 1
    missing = [f for f in found if f[0] == "MISSING_TRANSITION_TARGET"]
    assert [f[1:2] + f[3:] for f in missing] == [("error", "templates/order-processing.yaml.j2", typo_line, 7)]
    assert {f[3] for f in found} <= {"templates/order-processing.yaml.j2", "templates/lib/blocks.yaml.j2"}


def test_every_rule_is_described_once_with_its_help(sarif_validator: jsonschema.Draft4Validator) -> None:
    log = conforming(sarif_validator, format_sarif([ValidationReport(name="ok")]))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert {rule.code for rule in ALL_RULES} <= set(ids)
    by_id = {rule["id"]: rule for rule in rules}
    for rule in ALL_RULES:
        described = by_id[rule.code]
        assert f"- {rule.id}: {rule.summary}" in described["help"]["text"]
        assert rule.id in described["properties"]["sfndeployRules"]
    assert by_id["TASK_NO_TIMEOUT"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["UNREACHABLE_STATE"]["defaultConfiguration"]["level"] == "error"
    assert by_id["BROAD_GRANT"]["shortDescription"]["text"].startswith("A role statement allows every action")
    assert log["runs"][0]["results"] == []
    log["runs"][0]["results"] = [{"ruleId": "X", "level": "fatal", "message": {"text": "x"}}]
    assert not sarif_validator.is_valid(log)  # the schema check is not vacuous


def test_definition_files_are_relative_to_the_project_or_absolute(
    tmp_path: Path, sarif_validator: jsonschema.Draft4Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "repo"
    (project / "defs").mkdir(parents=True)
    (project / "defs" / "my flow.json").write_text(json.dumps(BROKEN, indent=2), encoding="utf-8")
    outside = tmp_path / "elsewhere.json"
    outside.write_text(json.dumps(BROKEN, indent=2), encoding="utf-8")
    monkeypatch.chdir(project)

    result = CliRunner().invoke(
        cli, ["validate", "--format", "sarif", "--definition", os.path.join("defs", "my flow.json"), str(outside)]
    )

    assert result.exit_code == 1
    log = conforming(sarif_validator, result.stdout)
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert artifacts == [
        {"uri": "defs/my%20flow.json", "uriBaseId": "PROJECTROOT"},
        {"uri": outside.resolve().as_uri()},
    ]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions == [{"startLine": 6, "startColumn": 7}] * 2  # at "Next"


def test_codes_only_aws_reports_get_a_rule_and_a_result_without_place_has_no_location(
    sarif_validator: jsonschema.Draft4Validator,
) -> None:
    report = ValidationReport(
        (
            Diagnostic(WARNING, "REMOTE_UNAVAILABLE", "AWS validation was not done: no credentials", rule="remote"),
            Diagnostic(WARNING, "SOME_NEW_AWS_CODE", "AWS (ERROR): odd", "/States/A", SourceLocation("a.json", 3, 7)),
            Diagnostic(ERROR, "MISSING_TRANSITION_TARGET", "Next 'B' does not name a state", "/States/A/Next"),
        ),
        name="a.json",
    )

    log = conforming(sarif_validator, format_sarif([report]))

    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    unavailable, aws_only, missing = run["results"]
    assert "locations" not in unavailable and "locations" not in missing
    assert rules[aws_only["ruleIndex"]]["id"] == "SOME_NEW_AWS_CODE"
    assert rules[aws_only["ruleIndex"]]["shortDescription"]["text"].startswith("Reported by AWS")
    assert aws_only["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 7}
    assert [r["level"] for r in run["results"]] == ["warning", "warning", "error"]
    assert missing["properties"] == {"definition": "a.json", "pointer": "/States/A/Next"}
