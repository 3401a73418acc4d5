"""``sfndeploy validate`` through click: exit statuses, formats, project workflows and files."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}


def run(*args: str, project: Path | None = None) -> tuple[int, str, str]:
    prefix = ["--project-dir", str(project)] if project else []
    result = CliRunner().invoke(cli, [*prefix, "validate", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """A copy of the example project that a test may break."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO_ROOT / "sfndeploy.yaml", root / "sfndeploy.yaml")
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    shutil.copytree(REPO_ROOT / "environments", root / "environments")
    return root


def test_valid_file_exits_0(tmp_path: Path) -> None:
    status, out, _ = run("--definition", str(write(tmp_path, "ok.json", GOOD)))
    assert status == 0
    assert "1 definition checked: no errors" in out


def test_broken_file_exits_1_and_names_file_line_and_code(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", BROKEN)
    status, out, _ = run("--definition", str(path))
    assert status == 1
    assert f"{path}:6:" in out
    assert "MISSING_TRANSITION_TARGET" in out
    assert "/States/A/Next" in out


def test_several_files_one_broken_exits_1(tmp_path: Path) -> None:
    good = write(tmp_path, "ok.yaml", "StartAt: A\nStates:\n  A:\n    Type: Succeed\n")
    bad = write(tmp_path, "bad.json", BROKEN)
    status, out, _ = run("--definition", str(good), str(bad))
    assert status == 1
    assert "2 definitions checked: 1 error in 1" in out


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x": "$.x"}, "End": True}}}
    status, out, _ = run("--definition", str(write(tmp_path, "warn.json", definition)))
    assert status == 0
    assert "warning NO_DOLLAR" in out


def test_express_type_applies_to_files(tmp_path: Path) -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "TimeoutSeconds": 5, "End": True}
        },
    }
    path = str(write(tmp_path, "t.json", definition))
    assert run("--definition", path)[0] == 0
    status, out, _ = run("--definition", "--type", "EXPRESS", path)
    assert status == 1
    assert "UNSUPPORTED_IN_EXPRESS" in out


def test_json_format(tmp_path: Path) -> None:
    status, out, _ = run("--format", "json", "--definition", str(write(tmp_path, "b.json", BROKEN)))
    document = json.loads(out)
    assert status == 1
    assert document["ok"] is False
    [definition] = document["definitions"]
    [diagnostic] = definition["diagnostics"]
    assert diagnostic["code"] == "MISSING_TRANSITION_TARGET"
    assert diagnostic["pointer"] == "/States/A/Next"
    assert diagnostic["line"] == 6


def test_junit_format(tmp_path: Path) -> None:
    good = write(tmp_path, "ok.json", GOOD)
    bad = write(tmp_path, "bad.json", BROKEN)
    status, out, _ = run("--format", "junit", "--definition", str(good), str(bad))
    assert status == 1
    root = ET.fromstring(out.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failures = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert [case.get("name") for case in failures] == [str(bad)]


@pytest.mark.parametrize(
    "args",
    [(), ("--definition",), ("-e", "dev", "--definition", "x.json"), ("--format", "xml", "--definition", "x")],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args)[0] == 2


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    status, _, err = run("--definition", str(tmp_path / "nope.json"))
    assert status == 2
    assert "no such file" in err


def test_example_project_has_no_error(example_project: Path) -> None:
    status, out, _ = run("-e", "dev", project=example_project)
    assert status == 0, out
    assert " error " not in out
    assert "5 definitions checked: no errors" in out


def test_named_workflow_only(example_project: Path) -> None:
    status, out, _ = run("-e", "dev", "order-processing", project=example_project)
    assert status == 0
    assert "1 definition checked" in out


def test_broken_template_points_at_template_line(example_project: Path) -> None:
    template = example_project / "templates" / "order-processing.yaml.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.strip() == "Next: IsOrderValid")
    lines[number - 1] = lines[number - 1].replace("IsOrderValid", "IsOrderValidd")
    template.write_text("".join(lines), encoding="utf-8")
    status, out, _ = run("-e", "dev", project=example_project)
    assert status == 1
    assert f"templates/order-processing.yaml.j2:{number}:" in out
    assert "did you mean 'IsOrderValid'" in out


def test_broken_value_in_template_points_at_its_line(example_project: Path) -> None:
    template = example_project / "templates" / "etl-pipeline.yaml.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.strip() == "BackoffRate: 1.5")
    lines[number - 1] = lines[number - 1].replace("1.5", "0.5")
    template.write_text("".join(lines), encoding="utf-8")
    status, out, _ = run("-e", "dev", "--format", "json", project=example_project)
    assert status == 1
    errors = [d for wf in json.loads(out)["definitions"] for d in wf["diagnostics"] if d["severity"] == "ERROR"]
    assert [(Path(e["file"]).as_posix(), e["line"], e["code"]) for e in errors] == [
        ("templates/etl-pipeline.yaml.j2", number, "SCHEMA_VALIDATION_FAILED")
    ]


def test_remote_without_reachable_aws_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A closed local port: the call fails at once, as with no network.
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    status, out, _ = run("--remote", "--definition", str(write(tmp_path, "ok.json", GOOD)))
    assert status == 0
    assert "warning REMOTE_UNAVAILABLE" in out
