"""Run a compiled state machine once: the public entry point of the executor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.clock import DEFAULT_START
from sfndeploy.executor.compiler import compile_program
from sfndeploy.executor.failures import (
    STATES_RUNTIME,
    STATES_TIMEOUT,
    ExecutionTimedOut,
    HistoryLimitExceeded,
    MockMissing,
    StatesFailure,
)
from sfndeploy.executor.history import HistoryEvent, RawEvent, build_history
from sfndeploy.executor.inspection import StateVisit, run_inspected
from sfndeploy.executor.mocks import MockResponder, NoMocks
from sfndeploy.executor.program import Program
from sfndeploy.executor.runtime import AWS_STANDARD_HISTORY_LIMIT, Execution, MapRun, Scope, compact_json
from sfndeploy.executor.states.pass_state import PAYLOAD_LIMIT_BYTES

EXPRESS_MAX_SECONDS = 300.0
STANDARD_MAX_SECONDS = 365 * 24 * 3600.0  # AWS quota: a Standard execution runs at most one year
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
TIMED_OUT = "TIMED_OUT"


@dataclass(frozen=True)
class ExecutionOptions:
    """How to run: names for the context object, the history limit, the clock, the random seed."""

    execution_name: str = "dry-run"
    state_machine_name: str = "state-machine"
    region: str = "us-east-1"
    account_id: str = "123456789012"
    partition: str = "aws"
    role_arn: str | None = None
    max_events: int = AWS_STANDARD_HISTORY_LIMIT  # 0: no limit
    start_time: float = DEFAULT_START
    seed: int | None = 0
    workflow_type: str = "STANDARD"  # EXPRESS executions stop after 5 minutes, as in AWS
    inspect: bool = False  # record a StateVisit per top-level state (``ExecutionResult.visits``)
    keep_child_histories: bool = False  # keep Distributed Map children's events in ``map_runs``

    @property
    def state_machine_arn(self) -> str:
        return f"arn:{self.partition}:states:{self.region}:{self.account_id}:stateMachine:{self.state_machine_name}"


@dataclass(frozen=True)
class ExecutionResult:
    """The outcome of one run: what ``DescribeExecution`` says, plus the history and coverage data."""

    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    events: tuple[RawEvent, ...] = field(default=(), repr=False)
    transitions: int = 0
    edges: frozenset[tuple[str, str, str]] = field(default=frozenset(), repr=False)
    history_limit_exceeded: bool = False
    child_states_entered: frozenset[str] = frozenset()  # inside Distributed Map child executions
    # previousEventId where it is not the event before (concurrent branches taking turns)
    previous_event_ids: Mapping[int, int] = field(default_factory=dict, repr=False)
    visits: tuple[StateVisit, ...] = field(default=(), repr=False)  # with ExecutionOptions.inspect
    retries: int = 0  # retries recorded in this history (not in Distributed Map child executions)
    map_runs: tuple[MapRun, ...] = field(default=(), repr=False)  # Distributed Map runs, in the order they ended

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED

    def history(self) -> tuple[HistoryEvent, ...]:
        return build_history(list(self.events), self.previous_event_ids)

    def event_types(self) -> list[str]:
        return [event[0] for event in self.events]

    def state_visits(self) -> dict[str, int]:
        """How often each state was entered."""
        visits: dict[str, int] = {}
        for name in self.states_entered():
            visits[name] = visits.get(name, 0) + 1
        return visits

    def states_entered(self) -> list[str]:
        """Names of the states entered, in history order (the path taken)."""
        return [
            details["name"]
            for event_type, _, details in self.events
            if event_type.endswith("StateEntered") and details is not None
        ]

    def summary(self) -> dict[str, Any]:
        """``{"status", "output", "error", "cause"}``: the ``--json`` form."""
        return {"status": self.status, "output": self.output, "error": self.error, "cause": self.cause}


class StateMachine:
    """A definition compiled once; :meth:`execute` runs it as many times as wanted."""

    def __init__(self, definition: dict[str, Any]) -> None:
        if not isinstance(definition, dict):
            raise ExecutionSetupError("a state machine definition must be a JSON object")
        self.definition = definition
        self.program: Program = compile_program(definition)
        timeout = definition.get("TimeoutSeconds")
        self.timeout_seconds: float | None = float(timeout) if isinstance(timeout, (int, float)) else None

    def execute(
        self,
        execution_input: Any = None,
        *,
        mocks: MockResponder | None = None,
        options: ExecutionOptions | None = None,
    ) -> ExecutionResult:
        options = options or ExecutionOptions()
        _check_input_size(execution_input)
        execution = Execution(
            name=options.execution_name,
            state_machine_name=options.state_machine_name,
            state_machine_arn=options.state_machine_arn,
            role_arn=options.role_arn
            or f"arn:{options.partition}:iam::{options.account_id}:role/{options.state_machine_name}-role",
            execution_input=execution_input if execution_input is not None else {},
            start_time=options.start_time,
            mocks=mocks or NoMocks(),
            max_events=options.max_events,
            seed=options.seed,
        )
        execution.keep_child_histories = options.keep_child_histories
        limits = [self.timeout_seconds] if self.timeout_seconds is not None else []
        limits.append(EXPRESS_MAX_SECONDS if options.workflow_type == "EXPRESS" else STANDARD_MAX_SECONDS)
        execution.timeout_at = options.start_time + min(limits)
        visits: list[StateVisit] | None = [] if options.inspect else None
        return _run(self.program, execution, execution.execution_context["Input"], visits)


def _check_input_size(execution_input: Any) -> None:
    """AWS refuses to start an execution whose input is over 256 KiB."""
    size = len(compact_json(execution_input).encode())
    if size > PAYLOAD_LIMIT_BYTES:
        raise ExecutionSetupError(
            f"the execution input is {size:,} bytes; AWS accepts at most {PAYLOAD_LIMIT_BYTES:,} (256 KiB)"
        )


def _run(
    program: Program, execution: Execution, execution_input: Any, visits: list[StateVisit] | None
) -> ExecutionResult:
    limit_hit = False
    try:
        execution.emit(
            "ExecutionStarted",
            {"input": execution_input, "roleArn": execution.execution_context["RoleArn"]},
        )
        if visits is None:
            output = program.run(execution, Scope(), execution_input)
        else:
            output = run_inspected(program, execution, execution_input, visits)
    except StatesFailure as failure:
        status, output, error, cause = FAILED, None, failure.error, failure.cause
        _final_event(execution, "ExecutionFailed", failure.error_output_details())
    except ExecutionTimedOut:
        status, output, error, cause = TIMED_OUT, None, STATES_TIMEOUT, None
        _final_event(execution, "ExecutionTimedOut", {"error": STATES_TIMEOUT})
    except HistoryLimitExceeded as exceeded:
        limit_hit = True
        status, output, error = FAILED, None, STATES_RUNTIME
        cause = f"The execution history exceeded the limit of {exceeded.limit:,} events."
        _final_event(execution, "ExecutionFailed", {"error": error, "cause": cause})
    except MockMissing as missing:
        raise ExecutionSetupError(
            str(missing),
            key=missing.state_name,
            hint=missing.hint or "give it a mock (a mock config test case or a test case 'mocks' entry)",
        ) from None
    except RecursionError:
        raise ExecutionSetupError("the state machine nests Parallel/Map states too deeply to run") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as problem:
        # A bug or an unsupported construct: say where, never show a bare traceback.
        raise ExecutionSetupError(
            f"the executor could not run this definition past event #{len(execution.events)} "
            f"({type(problem).__name__}: {problem})",
            hint="run with --debug for the traceback, and report it",
        ) from problem
    else:
        status, error, cause = SUCCEEDED, None, None
        _final_event(execution, "ExecutionSucceeded", {"output": output})
    return ExecutionResult(
        status=status,
        output=output,
        error=error,
        cause=cause,
        events=tuple(execution.events),
        transitions=execution.transitions,
        edges=frozenset(execution.edges),
        history_limit_exceeded=limit_hit,
        child_states_entered=frozenset(execution.child_states_entered),
        previous_event_ids=dict(execution.previous_event_ids),
        visits=tuple(visits or ()),
        retries=execution.retries.get(id(execution.history_events), 0),
        map_runs=tuple(execution.map_runs),
    )


def _final_event(execution: Execution, event_type: str, details: dict[str, Any]) -> None:
    execution.max_events = 0  # the closing event is always recorded
    execution.emit(event_type, details)
