"""Dry runs drawn on their workflow's graph, for ``run --graph FILE`` and ``test --graph-dir DIR``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from sfndeploy.graph.overlay import ExecutionLike, write_run_graph
from sfndeploy.graph.sources import from_file, from_workflow


class _Case(Protocol):
    @property
    def name(self) -> str: ...


class _CaseResult(Protocol):
    @property
    def case(self) -> _Case: ...

    @property
    def result(self) -> Any: ...  # an ExecutionResult


class _WorkflowTests(Protocol):
    @property
    def workflow(self) -> str: ...

    @property
    def results(self) -> Sequence[_CaseResult]: ...


class _Rendered(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def definition(self) -> Any: ...


def graph_file_run(definition_file: Path, result: ExecutionLike, out: Path) -> None:
    """``sfndeploy run --definition FILE --graph OUT``."""
    source = from_file(definition_file)
    write_run_graph(out, source.definition, result, source.title)


def graph_workflow_run(project_dir: Path, workflow: str, env_name: str, result: ExecutionLike, out: Path) -> None:
    """``sfndeploy run WORKFLOW -e ENV --graph OUT``."""
    source = from_workflow(project_dir, workflow, env_name)
    write_run_graph(out, source.definition, result, source.title)


def case_graph_name(workflow: str, case: str) -> str:
    """``order-processing.payment-declined.html``: the case name made safe for any file system."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", case).strip("-.") or "case"
    return f"{workflow}.{slug}.html"


def write_case_graphs(
    directory: Path, workflows: Sequence[_Rendered], outcomes: Sequence[_WorkflowTests]
) -> list[Path]:
    """One HTML page per test case, showing the path the case took; returns the files written."""
    definitions = {workflow.name: workflow.definition for workflow in workflows}
    written = []
    for outcome in outcomes:
        for case_result in outcome.results:
            path = directory / case_graph_name(outcome.workflow, case_result.case.name)
            title = f"{outcome.workflow}: {case_result.case.name}"
            write_run_graph(path, definitions[outcome.workflow], case_result.result, title)
            written.append(path)
    return written
