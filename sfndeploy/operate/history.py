"""An execution's history (GetExecutionHistory) as a timeline of the states it went through.

Each event names the event before it (``previousEventId``); an event belongs to the state whose
``...StateEntered`` event its chain leads back to. That keeps the states of Parallel branches and
Map iterations apart even when their events interleave.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sfndeploy.aws.api import AwsApi

_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_FAILED_SUFFIXES = ("Failed", "TimedOut", "StartFailed", "SubmitFailed")
_CONTAINER_SUFFIXES = ("StateStarted", "StateSucceeded", "StateFailed", "StateAborted")
_EXECUTION_ENDS = {
    "ExecutionSucceeded": "SUCCEEDED",
    "ExecutionFailed": "FAILED",
    "ExecutionTimedOut": "TIMED_OUT",
    "ExecutionAborted": "ABORTED",
}


@dataclass(frozen=True)
class Failure:
    event: str  # the event type, e.g. TaskFailed
    error: str
    cause: str


@dataclass(frozen=True)
class StateVisit:
    """One time a state was entered, with what happened until it was exited."""

    name: str
    type: str  # Task, Choice, Map, ... (from the event type)
    entered: datetime
    exited: datetime | None
    attempts: int  # tasks scheduled while in the state: 1 + retries
    failures: tuple[Failure, ...]
    came_from: str | None = None  # the state whose event led to this one (for a branch's first state: its Parallel)

    @property
    def seconds(self) -> float | None:
        return (self.exited - self.entered).total_seconds() if self.exited else None

    @property
    def retries(self) -> int:
        return max(0, self.attempts - 1)


@dataclass(frozen=True)
class Timeline:
    visits: tuple[StateVisit, ...]
    status: str  # RUNNING until an execution-ending event
    started: datetime | None
    ended: datetime | None
    error: Failure | None

    @property
    def path(self) -> list[str]:
        return [visit.name for visit in self.visits]


def read_history(api: AwsApi, execution_arn: str) -> list[dict[str, Any]]:
    """Every event, oldest first, following the pages."""
    return list(_events(api, execution_arn))


def _events(api: AwsApi, execution_arn: str) -> Iterator[dict[str, Any]]:
    yield from api.pages(
        "stepfunctions", "GetExecutionHistory", "events", target=execution_arn, executionArn=execution_arn
    )


def details_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event's ``...EventDetails`` object (each event type has its own key), or {}."""
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


@dataclass
class _Open:
    name: str
    type: str
    entered: datetime
    exited: datetime | None = None
    attempts: int = 0
    failures: list[Failure] = field(default_factory=list)
    came_from: str | None = None

    def freeze(self) -> StateVisit:
        failures = tuple(self.failures)
        return StateVisit(self.name, self.type, self.entered, self.exited, self.attempts, failures, self.came_from)


def timeline(events: list[dict[str, Any]]) -> Timeline:
    visits: list[_Open] = []
    owner: dict[int, _Open] = {}  # event id -> the visit it belongs to
    open_by_name: dict[str, list[_Open]] = {}
    status, started, ended, error = "RUNNING", None, None, None
    for event in events:
        kind: str = event["type"]
        details = details_of(event)
        visit = _container(kind, visits) or owner.get(event.get("previousEventId", 0))
        if kind.endswith("StateEntered"):
            before = visit
            visit = _Open(str(details.get("name", "?")), kind.removesuffix("StateEntered"), event["timestamp"])
            visit.came_from = before.name if before is not None else None
            visits.append(visit)
            open_by_name.setdefault(visit.name, []).append(visit)
        elif kind.endswith("StateExited"):
            pending = open_by_name.get(str(details.get("name")), [])
            visit = visit if visit in pending else (pending[-1] if pending else visit)
            if visit is not None:
                visit.exited = event["timestamp"]
                if visit in pending:
                    pending.remove(visit)
        elif kind == "ExecutionStarted":
            started = event["timestamp"]
        elif kind in _EXECUTION_ENDS:
            status, ended = _EXECUTION_ENDS[kind], event["timestamp"]
            if kind != "ExecutionSucceeded":
                error = _failure(kind, details)
        if visit is not None and kind in _SCHEDULED:
            visit.attempts += 1
        elif visit is not None and kind.endswith(_FAILED_SUFFIXES) and not kind.startswith("Execution"):
            visit.failures.append(_failure(kind, details))
        if visit is not None:
            owner[int(event["id"])] = visit
    return Timeline(tuple(v.freeze() for v in visits), status, started, ended, error)


def _container(kind: str, visits: list[_Open]) -> _Open | None:
    """For ``ParallelStateFailed``, ``MapStateSucceeded`` and the like (whose previous event is the last
    one of a branch or iteration): the latest open visit of that state type."""
    for suffix in _CONTAINER_SUFFIXES:
        if kind.endswith(suffix):
            state_type = kind.removesuffix(suffix)
            return next((v for v in reversed(visits) if v.type == state_type and v.exited is None), None)
    return None


def _failure(kind: str, details: dict[str, Any]) -> Failure:
    return Failure(kind, str(details.get("error", "")), str(details.get("cause", "")))
