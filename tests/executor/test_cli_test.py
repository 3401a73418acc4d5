"""``sfndeploy test`` and ``sfndeploy run WORKFLOW -e ENV`` on a small project in a temporary directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli

REPO_ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
name: greeter
type: STANDARD
definition:
  StartAt: Lookup
  States:
    Lookup:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: {{ env.name }}-lookup
        Payload.$: $
      ResultSelector:
        known.$: $.Payload.known
      ResultPath: $.lookup
      Catch:
        - ErrorEquals: [States.ALL]
          ResultPath: $.error
          Next: Unknown
      Next: IsKnown
    IsKnown:
      Type: Choice
      Choices:
        - Variable: $.lookup.known
          BooleanEquals: true
          Next: Greet
      Default: Unknown
    Greet:
      Type: Pass
      Parameters:
        greeting.$: States.Format('Hello, {}!', $.name)
      End: true
    Unknown:
      Type: Fail
      Error: UnknownPerson
"""

TESTS = """\
cases:
  - name: greets a known person
    input: {name: Ada}
    mocks:
      Lookup: {return: {Payload: {known: true}}}
    expect:
      output: {greeting: "Hello, Ada!"}
      states: [Lookup, IsKnown, Greet]
  - name: unknown person fails
    input: {name: Bob}
    mocks:
      Lookup: {return: {Payload: {known: false}}}
    expect:
      status: FAILED
      error: UnknownPerson
"""

ENV = """\
name: dev
region: eu-west-1
account_id: "222222222222"
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "environments").mkdir()
    (tmp_path / "templates" / "greeter.yaml.j2").write_text(SPEC, encoding="utf-8")
    (tmp_path / "templates" / "greeter.tests.yaml").write_text(TESTS, encoding="utf-8")
    (tmp_path / "environments" / "dev.yaml").write_text(ENV, encoding="utf-8")
    return tmp_path


def _invoke(project: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def test_passing_cases_report_coverage_and_write_junit(project: Path) -> None:
    junit = project / "out" / "junit.xml"
    result = _invoke(project, "test", "-e", "dev", "--junit", str(junit))
    assert result.exit_code == 0, result.output
    assert "greeter: 2/2 passed" in result.stdout
    assert "coverage: states 4/4 (100%), transitions 3/4 (75%)" in result.stdout
    assert "never taken: Lookup --Catch[0]--> Unknown" in result.stdout
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "0"


def test_a_failing_case_exits_one_and_says_why(project: Path) -> None:
    tests = project / "templates" / "greeter.tests.yaml"
    tests.write_text(TESTS.replace('"Hello, Ada!"', '"Hi, Ada!"'), encoding="utf-8")
    junit = project / "junit.xml"
    result = _invoke(project, "test", "-e", "dev", "--junit", str(junit))
    assert result.exit_code == 1
    assert "FAIL greets a known person" in result.stdout
    assert 'expected {"greeting": "Hi, Ada!"}' in result.stdout
    failure = ElementTree.parse(junit).getroot().find("testsuite/testcase/failure")
    assert failure is not None and "Hello, Ada!" in (failure.text or "")


def test_a_bad_test_file_is_exit_two_with_its_line(project: Path) -> None:
    (project / "templates" / "greeter.tests.yaml").write_text("cases:\n  - name: x\n    inptu: {}\n", encoding="utf-8")
    result = _invoke(project, "test", "-e", "dev")
    assert result.exit_code == 2
    assert "greeter.tests.yaml:3" in result.stderr
    assert "inptu" in result.stderr


def test_a_case_without_a_needed_mock_fails_naming_the_state(project: Path) -> None:
    (project / "templates" / "greeter.tests.yaml").write_text(
        "cases:\n  - name: no mocks\n    input: {name: Ada}\n", encoding="utf-8"
    )
    result = _invoke(project, "test", "-e", "dev")
    assert result.exit_code == 1
    assert "'Lookup'" in result.stdout


def test_run_a_project_workflow_with_the_environment(project: Path) -> None:
    result = _invoke(project, "run", "greeter", "-e", "dev", "--input", '{"name": "Ada"}', "--echo-tasks", "--json")
    # the echoed Lookup request has no Payload.known, so the path in ResultSelector is missing
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"] == "States.Runtime"


def test_example_project_test_cases_pass() -> None:
    if not (REPO_ROOT / "templates" / "order-processing.tests.yaml").exists():
        pytest.fail("the example project's test cases are missing")
    result = CliRunner().invoke(cli, ["--project-dir", str(REPO_ROOT), "test", "-e", "dev"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.stdout


def test_example_project_copy_is_independent_of_the_checkout(tmp_path: Path) -> None:
    for part in ("templates", "environments"):
        shutil.copytree(REPO_ROOT / part, tmp_path / part)
    result = CliRunner().invoke(cli, ["--project-dir", str(tmp_path), "test", "-e", "staging", "order-processing"])
    assert result.exit_code == 0, result.output
    assert "order-processing: 8/8 passed" in result.stdout


def test_a_mock_for_a_state_the_workflow_lacks_is_exit_two(project: Path) -> None:
    (project / "templates" / "greeter.tests.yaml").write_text(
        "cases:\n  - name: typo\n    mocks:\n      Lookpu: {return: {}}\n", encoding="utf-8"
    )
    result = _invoke(project, "test", "-e", "dev")
    assert result.exit_code == 2
    assert "Lookpu" in result.stderr
    assert "greeter.tests.yaml:2" in result.stderr
