"""The execution history: AWS's event types, numbered from 1, on the virtual clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sfndeploy.asl.jsonfmt import to_json
from sfndeploy.executor.clock import iso_timestamp


@dataclass(frozen=True)
class HistoryEvent:
    """One event of ``GetExecutionHistory``: ``details`` holds the ``*EventDetails`` structure."""

    id: int
    type: str
    timestamp: float  # seconds since the epoch, virtual
    previous_event_id: int
    details: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "timestamp": iso_timestamp(self.timestamp),
            "previousEventId": self.previous_event_id,
        }
        key = _details_key(self.type)
        if self.details and key in _AWS_DETAIL_KEYS:
            data[key] = self.details
        return data


# The ``*EventDetails`` members of AWS's HistoryEvent: other events (MapStateFailed,
# ParallelStateStarted, *StateAborted, MapRunSucceeded, ...) carry no details there.
_AWS_DETAIL_KEYS = frozenset(
    f"{name}EventDetails"
    for name in (
        *(f"activity{kind}" for kind in ("Failed", "ScheduleFailed", "Scheduled", "Started", "Succeeded", "TimedOut")),
        *(
            f"task{kind}"
            for kind in (
                "Failed",
                "Scheduled",
                "StartFailed",
                "SubmitFailed",
                "Submitted",
                "Started",
                "Succeeded",
                "TimedOut",
            )
        ),
        *(f"execution{kind}" for kind in ("Failed", "Started", "Succeeded", "Aborted", "TimedOut", "Redriven")),
        "mapStateStarted",
        *(f"mapIteration{kind}" for kind in ("Started", "Succeeded", "Failed", "Aborted")),
        *(
            f"lambdaFunction{kind}"
            for kind in ("Failed", "ScheduleFailed", "Scheduled", "StartFailed", "Succeeded", "TimedOut")
        ),
        "stateEntered",
        "stateExited",
        "mapRunStarted",
        "mapRunFailed",
        "mapRunRedriven",
        "evaluationFailed",
    )
)


def _details_key(event_type: str) -> str:
    """The ``*EventDetails`` key AWS uses for an event type.

    ``PassStateEntered`` -> ``stateEnteredEventDetails``, ``MapIterationFailed`` ->
    ``mapIterationFailedEventDetails``, ``TaskFailed`` -> ``taskFailedEventDetails``.
    """
    for suffix in ("StateEntered", "StateExited"):
        if event_type.endswith(suffix):
            return f"state{suffix[len('State') :]}EventDetails"
    return f"{event_type[0].lower()}{event_type[1:]}EventDetails"


# Raw events are kept as tuples while running (cheap); HistoryEvent objects are built on demand.
RawEvent = tuple[str, float, "dict[str, Any] | None"]


# Fields AWS shows as JSON text; while running they hold the value (serialised only on demand).
_JSON_TEXT_FIELDS = {"Scheduled": ("parameters", "input"), "Succeeded": ("output",)}


def build_history(raw: list[RawEvent], previous: Mapping[int, int] | None = None) -> tuple[HistoryEvent, ...]:
    """Events with ids from 1; ``previous`` maps an event id to its ``previousEventId`` where that is
    not the event just before it (the first event of a branch's turn points at that branch's last)."""
    previous = previous or {}
    return tuple(
        HistoryEvent(
            index, event_type, timestamp, previous.get(index, index - 1), _as_aws_details(event_type, details)
        )
        for index, (event_type, timestamp, details) in enumerate(raw, start=1)
    )


def _as_aws_details(event_type: str, details: dict[str, Any] | None) -> dict[str, Any] | None:
    if not details or "StateE" in event_type or event_type.startswith(("Execution", "Map", "Parallel")):
        return details
    for suffix, keys in _JSON_TEXT_FIELDS.items():
        if event_type.endswith(suffix):
            return {key: to_json(value) if key in keys else value for key, value in details.items()}
    return details
