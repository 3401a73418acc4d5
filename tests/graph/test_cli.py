"""``sfndeploy graph``: project workflows, definition files, formats, output files and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from sfndeploy.cli.main import cli
from tests.graph.examples import ROOT, golden_path


def _invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(ROOT), "graph", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_workflow_graph_goes_to_standard_output_as_mermaid() -> None:
    code, out, _ = _invoke("order-processing", "-e", "dev")
    assert code == 0
    assert out == golden_path("order-processing", "mermaid").read_text()


def test_definition_file_graph_as_dot(tmp_path: Path) -> None:
    definition = tmp_path / "hello.asl.json"
    definition.write_text(json.dumps({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}))
    code, out, _ = _invoke("--definition", str(definition), "--format", "dot")
    assert code == 0
    assert out.startswith('digraph "hello" {') and "Hi -> End;" in out


def test_output_file_format_follows_its_suffix(tmp_path: Path) -> None:
    cases = (
        ("g.dot", "digraph"),
        ("g.mmd", "flowchart TD"),
        ("g.md", "```mermaid\nflowchart TD"),
        ("g.html", "<!DOCTYPE html>"),
    )
    for name, start in cases:
        target = tmp_path / name
        code, out, err = _invoke("etl-pipeline", "-e", "staging", "-o", str(target))
        assert code == 0, err
        assert out == ""
        assert target.read_text().startswith(start)
        assert str(target) in err


def test_unknown_workflow_is_one_line_and_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "g.mmd"
    code, _, err = _invoke("no-such-workflow", "-e", "dev", "-o", str(target))
    assert code == 1
    assert err.startswith("error: 'no-such-workflow': no workflow named") and err.count("\n") == 1
    assert not target.exists()


def test_invalid_definition_reports_diagnostics_and_draws_nothing(tmp_path: Path) -> None:
    definition = tmp_path / "broken.asl.json"
    definition.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}))
    target = tmp_path / "broken.mmd"
    code, _, err = _invoke("--definition", str(definition), "-o", str(target))
    assert code == 1
    assert "Nowhere" in err and "no graph was drawn" in err
    assert not target.exists()


def test_missing_definition_file_and_bad_usage() -> None:
    code, _, err = _invoke("--definition", "does-not-exist.json")
    assert code != 0 and "error:" in err
    code, _, err = _invoke("order-processing")
    assert code == 2 and "WORKFLOW with -e ENV" in err


def test_svg_without_graphviz_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "g.svg"
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    code, _, err = _invoke("order-processing", "-e", "dev", "-o", str(target), env={"PATH": str(empty_path)})
    assert code == 1
    assert "Graphviz" in err and "not on the PATH" in err and err.count("\n") == 1
    assert not target.exists()


def test_svg_with_graphviz(graphviz: str, tmp_path: Path) -> None:
    target = tmp_path / "g.svg"
    path = os.pathsep.join([str(Path(graphviz).parent), os.environ.get("PATH", "")])
    code, _, err = _invoke("human-approval", "-e", "dev", "-o", str(target), env={"PATH": path})
    assert code == 0, err
    svg = target.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for state in ("RecordRequest", "RequestApproval", "IsApproved", "ApprovalExpired"):
        assert f">{state}</text>" in svg
