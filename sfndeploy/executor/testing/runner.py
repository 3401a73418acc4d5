"""Run one workflow test case and check its expectations."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.engine import ExecutionOptions, ExecutionResult, StateMachine
from sfndeploy.executor.mocks import MockResponder, load_mock_config, responder_from_mock_config, responder_from_native
from sfndeploy.executor.testing.cases import UNSET, Expectation, WorkflowTestCase


@dataclass(frozen=True)
class CaseResult:
    case: WorkflowTestCase
    result: ExecutionResult
    failures: tuple[str, ...]
    seconds: float

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(
    machine: StateMachine, case: WorkflowTestCase, options: ExecutionOptions, machine_names: list[str]
) -> CaseResult:
    mocks = _responder(case, machine_names)
    start = time.perf_counter()
    try:
        result = machine.execute(case.input, mocks=mocks, options=options)
    except ExecutionSetupError as problem:  # e.g. a Task without a mock: this case fails, the others run
        empty = ExecutionResult(status="NOT_RUN", error="ExecutionSetupError", cause=problem.one_line())
        return CaseResult(case, empty, (problem.one_line(),), time.perf_counter() - start)
    seconds = time.perf_counter() - start
    top_level = frozenset(machine.definition.get("States") or ())
    return CaseResult(case, result, tuple(check(case.expect, result, top_level)), seconds)


def _responder(case: WorkflowTestCase, machine_names: list[str]) -> MockResponder:
    if case.mock_config is not None and case.test_case is not None:
        config = load_mock_config(case.mock_config)
        machines = config.get("StateMachines", {})
        name = next((each for each in machine_names if each in machines), machine_names[0])
        return responder_from_mock_config(
            config, name, case.test_case, source=str(case.mock_config), echo=case.echo_tasks
        )
    return responder_from_native(case.mocks, source=str(case.file), echo=case.echo_tasks)


def check(expect: Expectation, result: ExecutionResult, top_level: frozenset[str] = frozenset()) -> list[str]:
    """Every way in which ``result`` misses ``expect`` (empty: the case passes).

    ``top_level``: the names of the definition's top-level states, for ``expect.path``.
    """
    problems = []
    if result.status != expect.status:
        detail = f" ({result.error}: {result.cause})" if result.error else ""
        problems.append(f"status {result.status}{detail}, expected {expect.status}")
    if expect.output is not UNSET and result.output != expect.output:
        problems.append(f"output {_short(result.output)}, expected {_short(expect.output)}")
    if expect.output_contains is not UNSET and not contains(result.output, expect.output_contains):
        problems.append(f"output {_short(result.output)} does not contain {_short(expect.output_contains)}")
    if expect.error is not None and result.error != expect.error:
        problems.append(f"error {result.error!r}, expected {expect.error!r}")
    if expect.cause is not None and result.cause != expect.cause:
        problems.append(f"cause {result.cause!r}, expected {expect.cause!r}")
    if expect.states is not None:
        taken = result.states_entered()
        if taken != list(expect.states):
            problems.append(f"states {' -> '.join(taken)}, expected {' -> '.join(expect.states)}")
    if expect.path is not None:
        path = [name for name in result.states_entered() if name in top_level]
        if path != list(expect.path):
            problems.append(f"path {' -> '.join(path)}, expected {' -> '.join(expect.path)}")
    return problems


def contains(actual: Any, expected: Any) -> bool:
    """Whether ``actual`` has every key of ``expected`` (recursively) with the same values."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:197] + "..."
