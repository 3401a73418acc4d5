"""The Parallel state: runs every branch on the same input; the output lists their results in order.

Branches run one after the other, each from the same virtual start time; the state ends at the
latest branch's end, and the branches' events are merged in virtual-time order (stable, so ties
keep branch order). Variables assigned inside a branch stay inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sfndeploy.executor.failures import StatesFailure
from sfndeploy.executor.runtime import Execution, Scope, StateRun
from sfndeploy.executor.states.base import JsonPathFlow, jsonata_states, optional_jsonata
from sfndeploy.executor.states.guarded import GuardedState

if TYPE_CHECKING:
    from sfndeploy.executor.program import Program


class ParallelState(GuardedState):
    type_name = "Parallel"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str, branches: list[Program]) -> None:
        super().__init__(name, spec, query_language)
        self.programs = branches
        if self.jsonata:
            self.arguments = optional_jsonata(spec, "Arguments")
            self.output_expr = optional_jsonata(spec, "Output")
        else:
            self.flow = JsonPathFlow(spec)

    def on_final_failure(self, run: StateRun, failure: StatesFailure) -> None:
        run.execution.emit("ParallelStateFailed", failure.error_output_details())

    def attempt(self, run: StateRun, raw_input: Any) -> Any:
        from sfndeploy.executor.failures import EvaluationProblem

        try:
            if self.jsonata:
                states = jsonata_states(run, raw_input)
                branch_input = raw_input if self.arguments is None else self.arguments(run, states)
                states["result"] = self._run_branches(run, branch_input)
                output = states["result"] if self.output_expr is None else self.output_expr(run, states)
                self.assign_from(run, None, states)
                return output
            flow = self.flow
            result = self._run_branches(run, flow.effective_input(raw_input, run))
            result = flow.select_result(result, run)
            self.assign_from(run, result, None)
            return flow.output(raw_input, result, run)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None

    def _run_branches(self, run: StateRun, branch_input: Any) -> list[Any]:
        execution = run.execution
        execution.emit("ParallelStateStarted")
        first_event = len(execution.events)
        start = execution.now
        end = start
        results = []
        first_failure: tuple[float, StatesFailure] | None = None
        for program in self.programs:
            execution.now = start
            try:
                results.append(program.run(execution, Scope(run.scope), branch_input))
            except StatesFailure as branch_failure:
                if first_failure is None or execution.now < first_failure[0]:
                    first_failure = (execution.now, branch_failure)
            end = max(end, execution.now)
        if first_failure is not None:
            # The earliest failure (in virtual time) fails the state; the other branches stop there.
            failed_at, failure = first_failure
            execution.now = failed_at
            cut_after(execution, first_event, failed_at)
            merge_by_time(execution, first_event)
            raise StatesFailure(failure.error, failure.cause)
        execution.now = end
        merge_by_time(execution, first_event)
        execution.emit("ParallelStateSucceeded")
        return results


def cut_after(execution: Execution, first_event: int, moment: float) -> None:
    """Drop the events after ``moment`` among those appended since ``first_event``."""
    execution.events[first_event:] = [event for event in execution.events[first_event:] if event[1] <= moment]


def merge_by_time(execution: Execution, first_event: int) -> None:
    """Order the events appended since ``first_event`` by virtual time (a stable sort)."""
    events = execution.events
    previous = -1.0
    for index in range(first_event, len(events)):
        timestamp = events[index][1]
        if timestamp < previous:
            events[first_event:] = sorted(events[first_event:], key=lambda event: event[1])
            return
        previous = timestamp
