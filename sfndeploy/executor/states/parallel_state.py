"""The Parallel state: runs every branch on the same input; the output lists their results in order.

Branches run concurrently on the virtual clock (see ``scheduler``): a branch that waits lets the
others run; the first branch to fail fails the state and the others are aborted. Variables
assigned inside a branch stay inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sfndeploy.executor.failures import StatesFailure, data_limit_exceeded
from sfndeploy.executor.runtime import Execution, Scope, StateRun
from sfndeploy.executor.scheduler import Branch, Group
from sfndeploy.executor.states.base import JsonPathFlow, jsonata_states, optional_jsonata
from sfndeploy.executor.states.guarded import GuardedState

if TYPE_CHECKING:
    from sfndeploy.executor.program import Program


class ParallelState(GuardedState):
    type_name = "Parallel"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str, branches: list[Program]) -> None:
        super().__init__(name, spec, query_language)
        self.programs = branches
        self.branches_can_pause = any(program.can_pause for program in branches)
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
                if self.arguments is not None and run.execution.over_quota(branch_input):
                    raise data_limit_exceeded(self.name)
                states["result"] = run.result = self._run_branches(run, branch_input)
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
        programs = self.programs

        def branch_body(index: int) -> Any:
            return programs[index].run(execution, Scope(run.scope), branch_input)

        if not self.branches_can_pause:  # nothing waits: each branch runs to its end in turn
            return self._run_in_turn(execution, branch_body)
        failed: list[Branch] = []

        def on_done(branch: Branch) -> bool:
            if branch.failure is None:
                return False
            failed.append(branch)
            return True  # the first failure fails the state; the other branches are aborted

        group = Group(execution, branch_body, len(programs), concurrency=0, can_pause=self.branches_can_pause)
        branches = group.run(on_done)
        if failed:
            failure = failed[0].failure
            assert failure is not None
            if failure.unfinished_state:
                execution.emit(failure.unfinished_state)
            raise failure.rethrown()
        execution.emit("ParallelStateSucceeded")
        return [branch.result for branch in branches]

    def _run_in_turn(self, execution: Execution, branch_body: Callable[[int], Any]) -> list[Any]:
        results = []
        for index in range(len(self.programs)):
            try:
                results.append(branch_body(index))
            except StatesFailure as failure:
                raise failure.rethrown() from None
        execution.emit("ParallelStateSucceeded")
        return results
