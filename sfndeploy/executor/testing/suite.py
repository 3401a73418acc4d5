"""The test cases of one rendered workflow: find the file, run every case, measure coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sfndeploy.config.project import spec_stem
from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.dryrun import options_for_workflow
from sfndeploy.executor.engine import StateMachine
from sfndeploy.executor.runtime import AWS_STANDARD_HISTORY_LIMIT
from sfndeploy.executor.testing.cases import WorkflowTestCase, load_test_file, test_file_for
from sfndeploy.executor.testing.coverage import Coverage, measure_coverage, possible_edges
from sfndeploy.executor.testing.runner import CaseResult, run_case
from sfndeploy.executor.testing.triggered import case_input
from sfndeploy.model import RenderedWorkflow


@dataclass(frozen=True)
class WorkflowTests:
    workflow: str
    test_file: Path
    results: tuple[CaseResult, ...]
    coverage: Coverage | None  # None when the workflow has no test file

    @property
    def has_tests(self) -> bool:
        return self.coverage is not None

    @property
    def failed(self) -> int:
        return sum(1 for result in self.results if not result.passed)


def run_workflow_tests(
    workflow: RenderedWorkflow,
    *,
    max_events: int = AWS_STANDARD_HISTORY_LIMIT,
    inspect: bool = False,
    keep_child_histories: bool = False,
) -> WorkflowTests:
    """Run the workflow's cases; ``inspect`` keeps each case's state visits (``ExecutionResult.visits``);
    ``keep_child_histories`` keeps Distributed Map children's events (``ExecutionResult.map_runs``)."""
    stem = spec_stem(workflow.spec_path)
    test_file = test_file_for(workflow.spec_path, stem)
    if not test_file.exists():
        return WorkflowTests(workflow.name, test_file, (), None)
    cases = load_test_file(test_file)
    _check_state_names(cases, workflow.definition)
    machine = StateMachine(workflow.definition)
    names = [workflow.name, workflow.state_machine_name, stem]
    results = tuple(_run(machine, case, workflow, max_events, names, inspect, keep_child_histories) for case in cases)
    coverage = measure_coverage(workflow.definition, (result.result for result in results))
    return WorkflowTests(workflow.name, test_file, results, coverage)


def _run(
    machine: StateMachine,
    case: WorkflowTestCase,
    workflow: RenderedWorkflow,
    max_events: int,
    names: list[str],
    inspect: bool,
    keep_child_histories: bool,
) -> CaseResult:
    name = _execution_name(case.name)
    options = options_for_workflow(workflow, max_events=max_events, execution_name=name, inspect=inspect)
    options = replace(options, keep_child_histories=keep_child_histories)
    started = case_input(case, workflow, start_time=options.start_time, execution_name=options.execution_name)
    return run_case(machine, replace(case, input=started), options, names)


def _check_state_names(cases: list[WorkflowTestCase], definition: dict[str, Any]) -> None:
    """A mock or an expected state that names no state of the workflow is a typo: say so."""
    states, _ = possible_edges(definition)
    known = set(states)
    for case in cases:
        expected = set(case.expect.states or ()) | set(case.expect.path or ())
        unknown = sorted(set(case.mocks) - known) + sorted(expected - known)
        if unknown:
            raise ExecutionSetupError(
                f"test case '{case.name}' names state(s) the workflow does not have: {', '.join(unknown)}",
                location=case.location,
                hint=f"states: {', '.join(states)}",
            )


def _execution_name(case_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", case_name).strip("-")[:80] or "test"
