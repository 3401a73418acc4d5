"""``run --graph FILE`` and ``test --graph-dir DIR``: dry runs drawn on their workflow's graph."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.graph.runs import case_graph_name
from tests.graph.examples import ROOT

LOOP = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.ready", "BooleanEquals": True, "Next": "Done"}],
            "Default": "NotReady",
        },
        "Done": {"Type": "Succeed"},
        "NotReady": {"Type": "Fail", "Error": "NotReady"},
    },
}


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(ROOT), *args])
    return result.exit_code, result.stdout, result.stderr


def test_run_of_a_definition_file_draws_its_path(tmp_path: Path) -> None:
    definition = tmp_path / "check.asl.json"
    definition.write_text(json.dumps(LOOP))
    page = tmp_path / "run.html"

    code, _, err = _invoke("run", "--definition", str(definition), "--input", '{"ready": false}', "--graph", str(page))

    assert code == 1, err  # the run failed, and the picture says where
    html = page.read_text(encoding="utf-8")
    assert "dry run: FAILED at NotReady" in html
    assert 'class="edge default taken" data-source="Check" data-target="NotReady"' in html
    assert 'class="edge choice" data-source="Check" data-target="Done"' in html


def test_run_of_a_project_workflow_draws_its_path_as_mermaid(tmp_path: Path) -> None:
    picture = tmp_path / "run.mmd"
    code, out, err = _invoke(
        "run",
        "etl-pipeline",
        "-e",
        "dev",
        "--echo-tasks",
        "--input",
        '{"runDate": "2026-01-01"}',
        "--graph",
        str(picture),
    )
    assert code == 1, err  # echoed tasks return their parameters: the Glue job's run id is not in them
    assert "The JSONPath '$.Id' specified for the field 'jobRunId.$' could not be found" in out
    text = picture.read_text(encoding="utf-8")
    assert text.startswith("flowchart TD") and "class " in text and " visited" in text


def test_test_cases_each_get_a_page(tmp_path: Path) -> None:
    out = tmp_path / "graphs"
    code, _, err = _invoke("test", "-e", "dev", "order-processing", "--graph-dir", str(out))
    assert code == 0, err
    pages = sorted(p.name for p in out.iterdir())
    assert len(pages) >= 2 and all(p.startswith("order-processing.") and p.endswith(".html") for p in pages)
    assert case_graph_name("order-processing", "confirms a valid order") in pages
    assert "dry run: SUCCEEDED" in (out / case_graph_name("order-processing", "confirms a valid order")).read_text()
