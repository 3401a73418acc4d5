"""An execution history (AWS's ``GetExecutionHistory`` events) read as what replay needs.

Each state visit knows the Map iterations it ran in (the item indices, outermost first), its input
and output, the state that came after it, and the Task calls made during it, in order, with what
each returned or the error it failed with. Events are tied together through ``previousEventId``,
which follows each Parallel branch and Map iteration, so interleaved branches stay apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sfndeploy.operate.history import details_of

UNSET: Any = object()

_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_SUCCEEDED = ("TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded")
_CALL_FAILED = (
    "TaskFailed",
    "TaskTimedOut",
    "TaskStartFailed",
    "TaskSubmitFailed",
    "LambdaFunctionFailed",
    "LambdaFunctionTimedOut",
    "LambdaFunctionStartFailed",
    "LambdaFunctionScheduleFailed",
    "ActivityFailed",
    "ActivityTimedOut",
    "ActivityScheduleFailed",
)
_CONTAINER_ENDS = ("StateSucceeded", "StateFailed", "StateAborted")
_MAP_RUN = ("MapRunStarted", "MapRunSucceeded", "MapRunFailed", "MapRunAborted")
_EXECUTION_ENDS = {
    "ExecutionSucceeded": "SUCCEEDED",
    "ExecutionFailed": "FAILED",
    "ExecutionTimedOut": "TIMED_OUT",
    "ExecutionAborted": "ABORTED",
}


@dataclass
class TaskCall:
    """One call of a Task's integration: what it was asked, and what it answered."""

    state: str
    iteration: tuple[int, ...]
    kind: str  # "lambda-function" (a function ARN as Resource), "service" or "activity"
    request: Any
    scheduled: datetime
    result: Any = UNSET
    error: str | None = None
    cause: str | None = None
    timed_out: bool = False
    ended: datetime | None = None

    @property
    def answered(self) -> bool:
        return self.result is not UNSET or self.error is not None

    @property
    def seconds(self) -> float:
        return (self.ended - self.scheduled).total_seconds() if self.ended else 0.0


@dataclass
class Visit:
    """One time a state was entered."""

    state: str
    type: str  # Task, Pass, Map, ...
    iteration: tuple[int, ...]
    occurrence: int  # how many earlier visits of this state in the same Map iteration
    entered_id: int
    input: Any
    output: Any = UNSET
    exited_id: int | None = None
    next: str | None = None  # the state entered right after this one exited (same branch)
    calls: list[TaskCall] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[int, ...], int]:
        return (self.state, self.iteration, self.occurrence)

    @property
    def where(self) -> str:
        inside = f" (Map iteration {'/'.join(map(str, self.iteration))})" if self.iteration else ""
        again = f", visit {self.occurrence + 1}" if self.occurrence else ""
        return f"{self.state}{inside}{again}"


@dataclass
class Recording:
    """An execution as its history tells it."""

    input: Any
    status: str  # SUCCEEDED, FAILED, TIMED_OUT, ABORTED, or RUNNING without an ending event
    output: Any = UNSET
    error: str | None = None
    cause: str | None = None
    visits: list[Visit] = field(default_factory=list)
    calls: list[TaskCall] = field(default_factory=list)
    distributed_maps: list[str] = field(default_factory=list)  # Map states that ran a Map Run
    truncated: list[str] = field(default_factory=list)  # event descriptions whose data was cut off
    missing_data: bool = False  # input/output absent (logs without execution data)
    started: datetime | None = None
    redriven: bool = False  # redriven after a failure: the history holds more than one run
    role_arn: str | None = None

    @property
    def finished(self) -> bool:
        """Whether the execution ran to an end a dry run can reach (not running, not stopped)."""
        return self.status in ("SUCCEEDED", "FAILED", "TIMED_OUT")

    def path(self, top_level: frozenset[str]) -> list[str]:
        """The top-level states entered, in order (``top_level``: the definition's top-level state names)."""
        return [visit.state for visit in self.visits if not visit.iteration and visit.state in top_level]

    def states(self) -> list[str]:
        """Every state entered, in history order."""
        return [visit.state for visit in self.visits]

    @property
    def concurrent(self) -> bool:
        """Whether any Parallel or Map ran branches (whose events may interleave in any order)."""
        return any(visit.type in ("Parallel", "Map") for visit in self.visits)


def read_recording(events: list[dict[str, Any]]) -> Recording:
    """Read events (oldest first, as ``GetExecutionHistory`` returns them) into a :class:`Recording`."""
    reader = _Reader()
    for event in events:
        reader.read(event)
    return reader.recording


class _Reader:
    def __init__(self) -> None:
        self.recording = Recording(input=UNSET, status="RUNNING")
        self.owner: dict[int, Visit | None] = {}  # event id -> the visit it belongs to
        self.path: dict[int, tuple[int, ...]] = {}  # event id -> the Map iteration it ran in
        self.open_calls: dict[int, TaskCall] = {}  # id of the visit's entered event -> its unanswered call
        self.exits: dict[int, Visit] = {}  # exited event id -> visit
        self.occurrences: dict[tuple[str, tuple[int, ...]], int] = {}

    def read(self, event: dict[str, Any]) -> None:
        kind = str(event.get("type", ""))
        event_id = int(event.get("id", 0))
        previous = int(event.get("previousEventId", 0) or 0)
        details = details_of(event)
        self._note_truncation(kind, event_id, details)
        owner = self.owner.get(previous)
        path = self.path.get(previous, ())
        if kind.endswith("StateEntered"):
            owner = self._enter(kind, event_id, previous, path, details)
        elif kind.endswith("StateExited"):
            owner = self._exit(event_id, details, path) or owner
            path = owner.iteration if owner is not None else path
        elif kind.startswith("MapIteration"):
            path = self._iteration_path(details, path)
        elif kind.endswith(_CONTAINER_ENDS) and not kind.startswith("Execution"):
            owner = self._container(kind.removesuffix(kind[kind.index("State") :]), path) or owner
            path = owner.iteration if owner is not None else path
        elif kind in _SCHEDULED and owner is not None:
            self._schedule(kind, owner, details, event)
        elif kind in _SUCCEEDED or kind in _CALL_FAILED:
            self._answer(kind, owner, details, event)
        elif kind == "ExecutionStarted":
            self.recording.input = _data(details, "input", self.recording)
            self.recording.started = event.get("timestamp")
            self.recording.role_arn = details.get("roleArn")
        elif kind in _EXECUTION_ENDS:
            self._end(kind, details)
        elif kind == "ExecutionRedriven":
            self.recording.redriven = True
        elif kind in _MAP_RUN and owner is not None and owner.state not in self.recording.distributed_maps:
            self.recording.distributed_maps.append(owner.state)
        self.owner[event_id] = owner
        self.path[event_id] = path

    def _note_truncation(self, kind: str, event_id: int, details: dict[str, Any]) -> None:
        for key in ("inputDetails", "outputDetails"):
            if isinstance(details.get(key), dict) and details[key].get("truncated") is True:
                self.recording.truncated.append(f"#{event_id} {kind}")

    def _enter(
        self, kind: str, event_id: int, previous: int, path: tuple[int, ...], details: dict[str, Any]
    ) -> Visit:
        name = str(details.get("name", ""))
        count = self.occurrences.get((name, path), 0)
        self.occurrences[(name, path)] = count + 1
        visit = Visit(
            state=name,
            type=kind.removesuffix("StateEntered"),
            iteration=path,
            occurrence=count,
            entered_id=event_id,
            input=_data(details, "input", self.recording),
        )
        before = self.exits.get(previous)
        if before is not None:
            before.next = name
        self.recording.visits.append(visit)
        return visit

    def _exit(self, event_id: int, details: dict[str, Any], path: tuple[int, ...]) -> Visit | None:
        name = str(details.get("name", ""))
        open_visits = [v for v in self.recording.visits if v.state == name and v.exited_id is None]
        visit = _innermost(open_visits, path)
        if visit is None:
            return None
        visit.exited_id = event_id
        visit.output = _data(details, "output", self.recording)
        self.exits[event_id] = visit
        return visit

    def _container(self, state_type: str, path: tuple[int, ...]) -> Visit | None:
        """The Parallel or Map visit a ``...StateSucceeded`` (whose previous event is the last of a
        branch or iteration) closes: the innermost open one of that type around ``path``."""
        open_visits = [v for v in self.recording.visits if v.type == state_type and v.exited_id is None]
        return _innermost(open_visits, path)

    def _iteration_path(self, details: dict[str, Any], path: tuple[int, ...]) -> tuple[int, ...]:
        """``MapIterationStarted`` (and its ends) name the Map and the index: the Map's own path plus it."""
        name = str(details.get("name", ""))
        maps = [v for v in self.recording.visits if v.state == name and v.type == "Map" and v.exited_id is None]
        owner = _innermost(maps, path)
        outer = owner.iteration if owner is not None else ()
        return (*outer, int(details.get("index", 0)))

    def _schedule(self, kind: str, owner: Visit, details: dict[str, Any], event: dict[str, Any]) -> None:
        call_kind = {"LambdaFunctionScheduled": "lambda-function", "ActivityScheduled": "activity"}.get(kind, "service")
        field_name = "parameters" if kind == "TaskScheduled" else "input"
        call = TaskCall(
            state=owner.state,
            iteration=owner.iteration,
            kind=call_kind,
            request=_data(details, field_name, self.recording),
            scheduled=event["timestamp"],
        )
        owner.calls.append(call)
        self.recording.calls.append(call)
        self.open_calls[owner.entered_id] = call

    def _answer(self, kind: str, owner: Visit | None, details: dict[str, Any], event: dict[str, Any]) -> None:
        call = self.open_calls.pop(owner.entered_id, None) if owner is not None else None
        if call is None and owner is not None and kind.endswith("ScheduleFailed"):
            # AWS could not schedule it (no ...Scheduled event): the call failed before it was made
            kind_of_call = "lambda-function" if kind.startswith("Lambda") else "activity"
            call = TaskCall(owner.state, owner.iteration, kind_of_call, UNSET, event["timestamp"])
            owner.calls.append(call)
            self.recording.calls.append(call)
        if call is None:
            return
        call.ended = event["timestamp"]
        if kind in _SUCCEEDED:
            call.result = _data(details, "output", self.recording)
            return
        call.error = str(details.get("error", ""))
        call.cause = str(details["cause"]) if "cause" in details else None
        call.timed_out = kind.endswith("TimedOut")

    def _end(self, kind: str, details: dict[str, Any]) -> None:
        recording = self.recording
        recording.status = _EXECUTION_ENDS[kind]
        if kind == "ExecutionSucceeded":
            recording.output = _data(details, "output", recording)
        else:
            recording.error = str(details["error"]) if "error" in details else None
            recording.cause = str(details["cause"]) if "cause" in details else None


def _innermost(visits: list[Visit], path: tuple[int, ...]) -> Visit | None:
    """Of ``visits``, the one in the innermost Map iteration that ``path`` lies in (latest on a tie)."""
    around = [v for v in visits if path[: len(v.iteration)] == v.iteration]
    if not around:
        return visits[-1] if visits else None
    return max(around, key=lambda v: (len(v.iteration), v.entered_id))


def _data(details: dict[str, Any], key: str, recording: Recording) -> Any:
    """A JSON text field of the details, decoded; a missing one marks the recording as lacking data."""
    if key not in details:
        recording.missing_data = True
        return UNSET
    text = details[key]
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text  # not JSON (a canned history): kept as the text it is
