"""The graphs of the example project's workflows, pinned as Mermaid and DOT golden files."""

from __future__ import annotations

import subprocess

import pytest

from tests.graph.examples import GOLDEN_FORMATS, WORKFLOWS, example_definitions, golden_path, rendered


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_example_graph_matches_golden_file(workflow: str, fmt: str) -> None:
    expected = golden_path(workflow, fmt).read_text(encoding="utf-8")
    assert rendered(workflow, fmt) == expected, "regenerate with python -m tests.graph.examples and review the diff"


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_every_state_of_every_example_is_drawn(workflow: str) -> None:
    definition = example_definitions()[workflow]
    names = set(_all_state_names(definition))
    mermaid = rendered(workflow, "mermaid")
    dot = rendered(workflow, "dot")
    for name in names:
        assert f'["{name}<br/>' in mermaid or f'{{"{name}<br/>' in mermaid or f'("{name}<br/>' in mermaid
        assert f'label="{name}\\n' in dot


def test_golden_dot_files_are_accepted_by_graphviz(graphviz: str) -> None:
    for workflow in WORKFLOWS:
        done = subprocess.run(
            [graphviz, "-Tsvg"], input=golden_path(workflow, "dot").read_text(), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "<svg" in done.stdout


def _all_state_names(scope: dict) -> list[str]:  # type: ignore[type-arg]
    names = []
    for name, body in scope.get("States", {}).items():
        names.append(name)
        for branch in body.get("Branches", []):
            names.extend(_all_state_names(branch))
        processor = body.get("ItemProcessor") or body.get("Iterator")
        if processor:
            names.extend(_all_state_names(processor))
    return names
