"""Errors raised *inside* an execution: they become States errors in the history, not CLI errors.

:class:`StatesFailure` is what a state throws (``States.TaskFailed``, a mocked ``Throw``,
``States.Runtime``...); Retry and Catch match on its ``error`` name. It never leaves the
executor: an uncaught one ends the execution as ``FAILED``.
"""

from __future__ import annotations

# Names AWS predefines (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
STATES_ALL = "States.ALL"
STATES_TASK_FAILED = "States.TaskFailed"
STATES_TIMEOUT = "States.Timeout"
STATES_HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"
STATES_RUNTIME = "States.Runtime"
STATES_DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded"
STATES_NO_CHOICE_MATCHED = "States.NoChoiceMatched"
STATES_QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"
STATES_EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold"


class StatesFailure(Exception):
    """A States Language error: a name to match Retry/Catch against and a cause."""

    def __init__(self, error: str | None, cause: str | None = "", *, fail_state: bool = False) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause
        self.fail_state = fail_state  # raised by a Fail state (no Retry/Catch of its own)
        # ``TaskStateAborted`` when a Task failed for good: AWS records it for that Task when the
        # Map/Parallel around it then stops its other branches.
        self.unfinished_state: str | None = None
        self.origin: str | None = None  # the innermost state it left first (set by ``Program.run``)

    def rethrown(self) -> StatesFailure:
        """The same error and cause, raised again by the Map or Parallel state around its origin."""
        again = StatesFailure(self.error, self.cause)
        again.origin = self.origin
        return again

    @property
    def retriable(self) -> bool:
        # AWS: States.Runtime (and the history limit) always end the execution.
        return self.error != STATES_RUNTIME

    def error_output_details(self) -> dict[str, str]:
        """``{"error": ..., "cause": ...}`` as the ``*Failed`` events carry them."""
        details: dict[str, str] = {}
        if self.error is not None:
            details["error"] = self.error
        if self.cause is not None:
            details["cause"] = self.cause
        return details

    def error_output(self) -> dict[str, str | None]:
        output: dict[str, str | None] = {}
        if self.error is not None:
            output["Error"] = self.error
        if self.cause is not None:
            output["Cause"] = self.cause
        return output


def data_limit_exceeded(source: str) -> StatesFailure:
    """``States.DataLimitExceeded`` with AWS's cause; ``source`` is the state name or the task's resource."""
    return StatesFailure(
        STATES_DATA_LIMIT_EXCEEDED,
        f"The state/task '{source}' returned a result with a size exceeding the maximum number of bytes "
        "service limit.",
    )


class ExecutionTimedOut(Exception):
    """The execution-level ``TimeoutSeconds`` elapsed on the virtual clock."""


class HistoryLimitExceeded(Exception):
    """The event history passed the configured limit (AWS: 25,000 events for Standard)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the execution history exceeded the limit of {limit:,} events")
        self.limit = limit


class MockMissing(Exception):
    """A Task (or a Map's ItemReader) was reached for which the run has no mocked response.

    ``unmocked``: the state has no mock at all (rather than none for this invocation); ``hint``
    says how to give one where the general advice does not fit.
    """

    def __init__(self, state_name: str, detail: str, *, unmocked: bool = False, hint: str | None = None) -> None:
        super().__init__(detail)
        self.state_name = state_name
        self.unmocked = unmocked
        self.hint = hint


class EvaluationProblem(Exception):
    """An expression could not be evaluated; the state turns ``detail`` into AWS's cause text."""

    def __init__(self, error: str, detail: str) -> None:
        super().__init__(detail)
        self.error = error
        self.detail = detail
