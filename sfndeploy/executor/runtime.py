"""The environment an execution runs in: input, context object, variables, virtual clock, history.

One :class:`Execution` per run holds what all branches share (the clock, the event list, the
mocks, the random source). A :class:`Scope` holds the variables of one branch or Map iteration
and points at the scope around it, as AWS scopes variables. A :class:`StateRun` is the short-lived
view one state execution evaluates its expressions against.
"""

from __future__ import annotations

import json
import marshal
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sfndeploy.executor.clock import iso_timestamp
from sfndeploy.executor.failures import ExecutionTimedOut, HistoryLimitExceeded, StatesFailure
from sfndeploy.executor.history import RawEvent

if TYPE_CHECKING:
    from sfndeploy.executor.mocks import MockResponder
    from sfndeploy.executor.scheduler import Group

AWS_STANDARD_HISTORY_LIMIT = 25_000
# $$.Map.Item.Source of items taken from the state input (AWS's documented value).
STATE_DATA = "STATE_DATA"
_UNSET = object()
NO_RESULT: Any = object()  # StateRun.result of a state that has no result (yet)


class Scope:
    """Variables visible to a branch: its own, then those of the enclosing scopes.

    ``iteration`` holds the item indices of the Map iterations the scope runs in, outermost first
    (``()`` outside any Map), so that mocks can answer per iteration.
    """

    __slots__ = ("iteration", "parent", "variables")

    def __init__(self, parent: Scope | None = None, map_index: int | None = None) -> None:
        self.variables: dict[str, Any] = {}
        self.parent = parent
        outer: tuple[int, ...] = parent.iteration if parent is not None else ()
        self.iteration: tuple[int, ...] = outer if map_index is None else (*outer, map_index)

    def lookup(self, name: str, default: Any = _UNSET) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.variables:
                return scope.variables[name]
            scope = scope.parent
        if default is _UNSET:
            raise KeyError(name)
        return default

    def visible(self) -> dict[str, Any]:
        """Every variable this scope can read, inner names shadowing outer ones."""
        chain: list[Scope] = []
        scope: Scope | None = self
        while scope is not None:
            chain.append(scope)
            scope = scope.parent
        merged: dict[str, Any] = {}
        for each in reversed(chain):
            merged.update(each.variables)
        return merged


class Execution:
    """State shared by every branch of one execution."""

    def __init__(
        self,
        *,
        name: str,
        state_machine_name: str,
        state_machine_arn: str,
        role_arn: str,
        execution_input: Any,
        start_time: float,
        mocks: MockResponder,
        max_events: int = AWS_STANDARD_HISTORY_LIMIT,
        seed: int | None = None,
    ) -> None:
        self.now = start_time
        self.start_time = start_time
        self.events: list[RawEvent] = []
        self.history_events = self.events  # ``events`` is swapped while Distributed Map children run
        self.max_events = max_events
        self.mocks = mocks
        self.random = random.Random(seed)
        self.transitions = 0
        # Retries per history (keyed by the id of its event list: the execution's own, or the one
        # a Distributed Map's child executions record into); AWS bills each as a state transition.
        self.retries: dict[int, int] = {}
        self.map_runs: list[MapRun] = []  # the Distributed Map runs, in the order they ended
        self.keep_child_histories = False
        self.invocations: dict[str, int] = {}
        self.iteration_invocations: dict[tuple[str, tuple[int, ...]], int] = {}  # per state and Map iteration
        self.child_states_entered: set[str] = set()  # states run in Distributed Map child executions
        self.edges: set[tuple[str, str, str]] = set()  # (from state, kind, to state) for coverage
        execution_arn = state_machine_arn.replace(":stateMachine:", ":execution:") + f":{name}"
        self.execution_context = {
            "Id": execution_arn,
            "Input": execution_input,
            "Name": name,
            "RoleArn": role_arn,
            "StartTime": iso_timestamp(start_time),
            "RedriveCount": 0,
        }
        self.state_machine_context = {"Id": state_machine_arn, "Name": state_machine_name}
        arn_parts = state_machine_arn.split(":")
        self.region = arn_parts[3] if len(arn_parts) > 3 else ""
        self.timeout_at: float | None = None
        self.group: Group | None = None  # the Map/Parallel whose branch is running now, if any
        self._within_quota: Any = None  # the value last found within the payload quota
        # event id -> previousEventId, where a branch's turn starts after another branch's events
        self.previous_event_ids: dict[int, int] = {}
        # Every StateRun in the order entered, kept only when the run is inspected (``inspection``).
        self.entered_runs: list[StateRun] | None = None

    def over_quota(self, value: Any) -> bool:
        """``over_payload_limit``, remembering the last value that was within it (checked once)."""
        if value is self._within_quota:
            return False
        try:
            small = len(marshal.dumps(value, 2)) <= _SURELY_WITHIN  # the common case: see over_payload_limit
        except ValueError:
            small = False
        if not small and over_payload_limit(value):
            return True
        self._within_quota = value
        return False

    def emit(self, event_type: str, details: dict[str, Any] | None = None) -> int:
        """Append an event; return its id (1-based)."""
        events = self.events
        events.append((event_type, self.now, details))
        count = len(events)
        if count > self.max_events > 0:
            raise HistoryLimitExceeded(self.max_events)
        return count

    def count_retry(self) -> None:
        key = id(self.events)
        self.retries[key] = self.retries.get(key, 0) + 1

    def advance(self, seconds: float) -> None:
        """Move the virtual clock; past the execution's TimeoutSeconds the execution times out."""
        target = self.now + seconds
        if self.timeout_at is not None and target > self.timeout_at:
            self.now = self.timeout_at
            raise ExecutionTimedOut()
        self.now = target

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` of virtual time; inside a Map/Parallel branch the other branches run meanwhile.

        A pause of 0 still lets branches that are ready now go first (AWS's asynchronous steps).
        """
        group = self.group
        if group is None:
            if seconds > 0:
                self.advance(seconds)
            return
        if seconds <= 0 and not (group.zero_pauses and group.due):
            return  # give way only to a branch due now, and only where the order of events shows it
        group.give_way(seconds)

    def next_task_token(self) -> str:
        return f"token-{len(self.events):08d}-{self.random.getrandbits(64):016x}"


@dataclass(frozen=True)
class MapRun:
    """What the child executions of one Distributed Map run did (what their billing depends on)."""

    state_name: str
    execution_type: str  # ItemProcessor.ProcessorConfig.ExecutionType: STANDARD or EXPRESS
    processor: dict[str, Any] = field(repr=False)  # the ItemProcessor definition the children ran
    states_entered: int = 0  # over all children
    retries: int = 0  # over all children
    durations: tuple[float, ...] = ()  # virtual seconds, one per child execution that started
    events: tuple[RawEvent, ...] = field(default=(), repr=False)  # with ExecutionOptions.keep_child_histories

    @property
    def children(self) -> int:
        return len(self.durations)


class StateRun:
    """What one state's expressions are evaluated against: the data, `$$`, variables."""

    __slots__ = (
        "entered_event_id",
        "entered_time",
        "execution",
        "failures",
        "input",
        "map_item",
        "map_item_source",
        "pending_assign",
        "result",
        "retry_count",
        "scope",
        "state_name",
        "task_token",
        "with_retry_count",
    )

    def __init__(
        self, execution: Execution, scope: Scope, state_name: str, entered_event_id: int, raw_input: Any = None
    ) -> None:
        self.execution = execution
        self.input = raw_input  # the state's raw input (within the quota: an earlier output)
        self.scope = scope
        self.state_name = state_name
        self.entered_event_id = entered_event_id
        self.entered_time = execution.now
        self.retry_count = 0
        self.task_token: str | None = None
        self.map_item: tuple[int, Any] | None = None  # only while a Map evaluates ItemSelector
        self.map_item_source = STATE_DATA  # where a Map's items came from ($$.Map.Item.Source)
        self.pending_assign: dict[str, Any] | None = None  # stored when the state exits
        self.with_retry_count = False  # $$.State.RetryCount exists in Task, Parallel and Map states
        self.result: Any = NO_RESULT  # a Task's, Map's or Parallel's result before ResultSelector/Output
        self.failures: list[StatesFailure] | None = None  # failed attempts, oldest first (Retry, Catch)

    def context(self) -> dict[str, Any]:
        """The context object ``$$`` as AWS shows it to this state."""
        execution = self.execution
        context: dict[str, Any] = {
            "Execution": execution.execution_context,
            "State": {"EnteredTime": iso_timestamp(self.entered_time), "Name": self.state_name},
            "StateMachine": execution.state_machine_context,
        }
        if self.with_retry_count:
            context["State"]["RetryCount"] = self.retry_count
        if self.task_token is not None:
            context["Task"] = {"Token": self.task_token}
        map_item = self.map_item
        if map_item is not None:
            context["Map"] = {"Item": {"Index": map_item[0], "Value": map_item[1], "Source": self.map_item_source}}
        return context

    def runtime_cause(self, detail: str) -> str:
        return (
            f"An error occurred while executing the state '{self.state_name}' "
            f"(entered at the event id #{self.entered_event_id}). {detail}"
        )


# AWS's payload quota: state input/output, task results and execution input (256 KiB, UTF-8).
PAYLOAD_LIMIT_BYTES = 256 * 1024
_SURELY_WITHIN = PAYLOAD_LIMIT_BYTES // 8  # marshalled bytes (see over_payload_limit)
_encode_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def over_payload_limit(value: Any) -> bool:
    """Whether ``value`` as compact JSON is over 256 KiB; cheap for the small values most states pass."""
    if value is None or isinstance(value, (bool, int, float)):
        return False
    if isinstance(value, str) and len(value) * 6 + 2 <= PAYLOAD_LIMIT_BYTES:  # \uXXXX is the longest form
        return False
    try:
        # marshal (format 2: no back-references) is several times faster than JSON encoding, and
        # compact JSON never takes more than 6 bytes per marshalled byte (a control character
        # escaped as \u0001; ``null`` for one byte), so a small marshalled size settles it.
        if len(marshal.dumps(value, 2)) <= _SURELY_WITHIN:
            return False
    except ValueError:  # not marshallable: let the encoder decide
        pass
    text = _encode_compact(value)
    if len(text) > PAYLOAD_LIMIT_BYTES:
        return True
    if len(text) * 4 <= PAYLOAD_LIMIT_BYTES:  # UTF-8 needs at most 4 bytes a character
        return False
    return len(text.encode()) > PAYLOAD_LIMIT_BYTES


def compact_json(value: Any) -> str:
    """JSON as AWS prints it in causes and sizes: no spaces."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
