"""``sfndeploy test`` exits 2 on bad input, as documented, with one line on stderr and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from tests.executor.test_cli_test import ENV, SPEC, TESTS


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "environments").mkdir()
    (tmp_path / "templates" / "greeter.yaml.j2").write_text(SPEC, encoding="utf-8")
    (tmp_path / "templates" / "greeter.tests.yaml").write_text(TESTS, encoding="utf-8")
    (tmp_path / "environments" / "dev.yaml").write_text(ENV, encoding="utf-8")
    return tmp_path


def _test(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), "test", *args])


def _assert_bad_input(result: Result, detail: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert detail in line


def test_an_unknown_workflow_is_exit_two(project: Path) -> None:
    _assert_bad_input(_test(project, "-e", "dev", "nobody"), "no workflow named 'nobody'")


def test_an_unknown_environment_is_exit_two(project: Path) -> None:
    _assert_bad_input(_test(project, "-e", "prod"), "prod")


def test_a_template_that_does_not_render_is_exit_two(project: Path) -> None:
    spec = project / "templates" / "greeter.yaml.j2"
    spec.write_text(SPEC.replace("{{ env.name }}", "{{ vars.missing }}"), encoding="utf-8")
    _assert_bad_input(_test(project, "-e", "dev"), "greeter.yaml.j2")


def test_a_test_file_that_is_not_yaml_is_exit_two(project: Path) -> None:
    (project / "templates" / "greeter.tests.yaml").write_text("cases: [\n", encoding="utf-8")
    _assert_bad_input(_test(project, "-e", "dev"), "greeter.tests.yaml")


def test_a_mock_config_that_cannot_be_read_fails_its_case(project: Path) -> None:
    cases = "cases:\n  - name: c\n    mock_config: gone.json\n    test_case: T\n"
    (project / "templates" / "greeter.tests.yaml").write_text(cases, encoding="utf-8")
    result = _test(project, "-e", "dev")
    _assert_bad_input(result, "gone.json")


def test_an_unwritable_junit_file_is_exit_two_after_the_report(project: Path) -> None:
    (project / "blocker").write_text("", encoding="utf-8")
    result = _test(project, "-e", "dev", "--junit", str(project / "blocker" / "junit.xml"))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "2 passed, 0 failed" in result.stdout
    assert result.stderr.startswith(f"error: cannot write {project / 'blocker' / 'junit.xml'}: ")
