"""The retry-and-catch loop shared by Task, Parallel and Map states."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sfndeploy.executor.error_handling import ErrorHandling
from sfndeploy.executor.failures import EvaluationProblem, StatesFailure
from sfndeploy.executor.runtime import NO_RESULT, Execution, Scope, StateRun
from sfndeploy.executor.scheduler import Aborted
from sfndeploy.executor.states.base import State

Attempt = Callable[[StateRun, Any], Any]


class GuardedState(State):
    """A state with Retry and Catch: ``attempt`` does the work once; this class retries and catches."""

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.handling = ErrorHandling(spec, self.jsonata)

    # The event recorded for this state if it failed inside a branch that is then torn down.
    unfinished_event: str | None = None
    dispatched = False  # a Task: other branches ready now go before it is entered

    programs: Sequence[Any] = ()  # Map: its processor; Parallel: its branches

    def can_pause(self) -> bool:
        return bool(self.handling.retriers) or any(program.can_pause for program in self.programs)

    def attempt(self, run: StateRun, raw_input: Any) -> Any:
        """One try of the state's work in its query language; an evaluation problem becomes its error."""
        try:
            if self.jsonata:
                return self._attempt_jsonata(run, raw_input)
            return self._attempt_jsonpath(run, raw_input)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None

    def _attempt_jsonata(self, run: StateRun, raw_input: Any) -> Any:
        raise NotImplementedError

    def _attempt_jsonpath(self, run: StateRun, raw_input: Any) -> Any:
        raise NotImplementedError

    def on_final_failure(self, run: StateRun, failure: StatesFailure) -> None:
        """Called once when the state has failed for good (no retry left), before Catch."""

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        if self.dispatched:
            # AWS dispatches a Task asynchronously: in a Map/Parallel, the branches ready now go first.
            execution.pause(0)
        try:
            run = self.enter(execution, scope, raw_input)
            run.with_retry_count = True
            output, next_state = self._attempts(execution, run, raw_input)
            self.exit(run, output)
            return next_state, output
        except Aborted:
            execution.emit(f"{self.type_name}StateAborted")
            raise

    def _attempts(self, execution: Execution, run: StateRun, raw_input: Any) -> tuple[Any, str | None]:
        """Attempt, retry and catch: the output and the next state (``Next`` or the catcher's)."""
        handling = self.handling
        attempts = [0] * len(handling.retriers)
        while True:
            try:
                return self.attempt(run, raw_input), self.next
            except StatesFailure as failure:
                run.pending_assign = None
                run.result = NO_RESULT
                if run.failures is None:
                    run.failures = []
                run.failures.append(failure)
                index = handling.retrier_for(failure)
                if index is not None and attempts[index] < handling.retriers[index].max_attempts:
                    delay = handling.retriers[index].delay(attempts[index], execution.random)
                    attempts[index] += 1
                    run.retry_count += 1
                    execution.count_retry()
                    execution.edges.add((self.name, f"Retry[{index}]", self.name))
                    execution.pause(delay)
                    continue
                self.on_final_failure(run, failure)
                catcher = handling.catcher_for(failure)
                if catcher is None:
                    if failure.unfinished_state is None:
                        failure.unfinished_state = self.unfinished_event
                    raise
                try:
                    output = catcher.handle(run, raw_input, failure, self.jsonata)
                except EvaluationProblem as problem:
                    raise self.failure(run, problem) from None
                execution.edges.add((self.name, f"Catch[{handling.catchers.index(catcher)}]", catcher.next))
                return output, catcher.next
