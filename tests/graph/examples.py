"""The example project's workflows, rendered once per test session, and the golden files of their graphs.

Refresh the golden files after an intended change with ``python -m tests.graph.examples`` and
review the diff.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from sfndeploy.graph import build_graph, render
from sfndeploy.pipeline import load_environment, load_project, render_workflows

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_ENV = "dev"
WORKFLOWS = ("dataset-fanout", "etl-pipeline", "human-approval", "ml-pipeline", "order-processing")
GOLDEN_FORMATS = {"mermaid": ".mmd", "dot": ".dot"}


@functools.cache
def example_definitions(env_name: str = GOLDEN_ENV) -> dict[str, Any]:
    project = load_project(ROOT)
    env = load_environment(project, env_name)
    return {wf.name: wf.definition for wf in render_workflows(project, env)}


def golden_path(workflow: str, fmt: str) -> Path:
    return GOLDEN / f"{workflow}{GOLDEN_FORMATS[fmt]}"


def rendered(workflow: str, fmt: str) -> str:
    return render(build_graph(example_definitions()[workflow], workflow), fmt)


def regenerate() -> None:
    for workflow in WORKFLOWS:
        for fmt in GOLDEN_FORMATS:
            golden_path(workflow, fmt).write_text(rendered(workflow, fmt), encoding="utf-8")


if __name__ == "__main__":
    regenerate()
