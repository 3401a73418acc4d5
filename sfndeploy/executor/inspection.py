"""What each top-level state did in a dry run: its input, variables, context, result, output and next state.

An inspected run records one :class:`StateVisit` per state the execution's own ``States`` ran
(the states inside Parallel branches and Map iterations belong to their Parallel or Map state's
visit). The visit holds what AWS's TestState API needs to run the same state again, and what
TestState answers with, so that the two can be compared field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfndeploy.executor.failures import StatesFailure
from sfndeploy.executor.program import Program
from sfndeploy.executor.runtime import NO_RESULT, Execution, Scope, StateRun
from sfndeploy.executor.states.base import State

SUCCEEDED = "SUCCEEDED"
CAUGHT_ERROR = "CAUGHT_ERROR"
FAILED = "FAILED"


@dataclass(frozen=True)
class StateVisit:
    """One state run once, with TestState's vocabulary: ``status`` is SUCCEEDED, CAUGHT_ERROR or FAILED."""

    name: str
    state_type: str
    input: Any
    variables: dict[str, Any]  # visible when the state was entered
    context: dict[str, Any]  # the context object of its last attempt
    status: str
    output: Any = None
    next_state: str | None = None
    error: str | None = None  # the error of the last attempt (caught or not)
    cause: str | None = None
    variables_after: dict[str, Any] | None = None  # None when the state failed
    result: Any = NO_RESULT  # Task, Map, Parallel: the result of the last attempt
    failed_attempts: tuple[StatesFailure, ...] = ()

    @property
    def has_result(self) -> bool:
        return self.result is not NO_RESULT


def run_inspected(program: Program, execution: Execution, value: Any, visits: list[StateVisit]) -> Any:
    """``Program.run`` for the top-level states, appending a visit per state as it ends (also when it fails)."""
    runs: list[StateRun] = []
    execution.entered_runs = runs
    scope = Scope()
    states = program.states
    state = states[program.start_at]
    while True:
        first = len(runs)
        before = scope.visible()
        try:
            next_name, output = state.execute(execution, scope, value)
        except StatesFailure as failure:
            if len(runs) > first:
                visits.append(_failed_visit(state, runs[first], before, failure))
            raise
        visits.append(_visit(state, runs[first], before, output, next_name, scope.visible()))
        if next_name is None:
            return output
        execution.transitions += 1
        if next_name == state.next:  # Choice and Catch record their own edges
            execution.edges.add((state.name, "Next", next_name))
        value = output
        state = states[next_name]


def _visit(
    state: State, run: StateRun, before: dict[str, Any], output: Any, next_name: str | None, after: dict[str, Any]
) -> StateVisit:
    failures = tuple(run.failures or ())
    caught = bool(failures) and run.result is NO_RESULT
    last = failures[-1] if caught else None
    return StateVisit(
        name=state.name,
        state_type=state.type_name,
        input=run.input,
        variables=before,
        context=run.context(),
        status=CAUGHT_ERROR if caught else SUCCEEDED,
        output=output,
        next_state=next_name,
        error=last.error if last else None,
        cause=last.cause if last else None,
        variables_after=after,
        result=run.result,
        failed_attempts=failures,
    )


def _failed_visit(state: State, run: StateRun, before: dict[str, Any], failure: StatesFailure) -> StateVisit:
    failures = tuple(run.failures or ())
    return StateVisit(
        name=state.name,
        state_type=state.type_name,
        input=run.input,
        variables=before,
        context=run.context(),
        status=FAILED,
        error=failure.error,
        cause=failure.cause,
        failed_attempts=failures if failures and failures[-1] is failure else (*failures, failure),
    )
