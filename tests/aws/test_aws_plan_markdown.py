"""``plan --format markdown`` and the job summary through the CLI, against the moto server.

The example project's first plan for ``local`` must be the create golden file that
tests/plan/test_plan_markdown.py pins from a plan built without AWS (only the count of read calls
differs: it depends on what else the shared server holds).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_cases import REVISION, ROOT, golden_path

from sfndeploy.cli.main import cli


@pytest.fixture
def example_project(tmp_path: Path, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "sfndeploy.yaml", root / "sfndeploy.yaml")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "environments", root / "environments")
    monkeypatch.setenv("SFNDEPLOY_SOURCE_REVISION", REVISION)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def _without_call_count(markdown: str) -> str:
    return re.sub(r"<sub>\d+ read calls", "<sub>N read calls", markdown)


def test_markdown_plan_is_the_golden_comment_and_goes_to_the_job_summary(
    example_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = ["--project-dir", str(example_project), "plan", "-e", "local"]

    shown = CliRunner().invoke(cli, [*args, "--format", "markdown", "--detailed-exitcode"])

    assert shown.exit_code == 2, shown.output  # changes
    golden = golden_path("create").read_text(encoding="utf-8")
    assert _without_call_count(shown.stdout) == _without_call_count(golden) + "\n"
    assert re.search(r"<sub>[1-9]\d* read calls", shown.stdout)
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n" + shown.stdout


def test_summary_file_option_wins_over_the_environment_and_text_stays_on_stdout(
    example_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ignored = tmp_path / "ignored.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(ignored))
    chosen = tmp_path / "summary.md"
    args = ["--project-dir", str(example_project), "plan", "-e", "local", "-w", "order-processing"]

    first = CliRunner().invoke(cli, [*args, "--summary-file", str(chosen)])
    second = CliRunner().invoke(cli, [*args, "--json", "--summary-file", str(chosen)])

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "+ workflow order-processing" in first.stdout and "<!--" not in first.stdout
    assert second.stdout.startswith("{")
    appended = chosen.read_text(encoding="utf-8")
    assert appended.count("<!-- sfndeploy-plan: acme-workflows/local -->") == 2
    assert "| `order-processing` | `order-processing-local` | create | 9 | **IAM** |" in appended
    assert not ignored.exists()


def test_an_unwritable_summary_file_is_one_line_and_exit_1(example_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "summary.md"
    args = ["--project-dir", str(example_project), "plan", "-e", "local", "-w", "order-processing"]

    result = CliRunner().invoke(cli, [*args, "--format", "markdown", "--summary-file", str(target)])

    assert result.exit_code == 1
    assert f"cannot append to {target}: No such file or directory" in result.stderr
    assert result.exception is not None and not isinstance(result.exception, (TypeError, AttributeError))
