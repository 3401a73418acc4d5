"""A dry run's history in the shape of AWS's ``GetExecutionHistory`` response, and log records read back.

Two sources of AWS-shaped events besides the API itself:

* :func:`aws_history`: the executor's history of a dry run, as boto3 returns a real one: a
  ``datetime`` per event, input/output/parameters as JSON text with their ``*Details`` (``truncated``),
  each ``*EventDetails`` under its own key. Replay compares a dry run with production through
  the same reader, so both sides are read alike.
* :func:`event_from_log_record`: one CloudWatch Logs record of a workflow that logs at level
  ``ALL`` (``{"id": "3", "type": ..., "details": {...}, "previous_event_id": "2",
  "event_timestamp": "1668095539607", "execution_arn": ...}``), as an event of the same shape.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sfndeploy.asl.jsonfmt import to_json

if TYPE_CHECKING:
    from sfndeploy.executor.engine import ExecutionResult

# Details fields AWS shows as JSON text, each with its ``<field>Details`` companion.
_DATA_FIELDS = ("input", "output", "parameters")
_WITH_DETAILS = {"input": "inputDetails", "output": "outputDetails"}


def aws_history(result: ExecutionResult) -> list[dict[str, Any]]:
    """The dry run's events as ``GetExecutionHistory`` lists them (oldest first)."""
    shaped = []
    for event in result.history():
        data = event.as_json()
        data["timestamp"] = datetime.fromtimestamp(event.timestamp, tz=UTC)
        for key, details in list(data.items()):
            if key.endswith("EventDetails") and isinstance(details, dict):
                data[key] = _as_text_fields(event.type, details)
        shaped.append(data)
    return shaped


def _as_text_fields(event_type: str, details: dict[str, Any]) -> dict[str, Any]:
    serialised = _already_text(event_type)
    shaped: dict[str, Any] = {}
    for key, value in details.items():
        if key in _DATA_FIELDS:
            shaped[key] = value if serialised else to_json(value)
            if key in _WITH_DETAILS:
                shaped[_WITH_DETAILS[key]] = {"truncated": False}
        else:
            shaped[key] = value
    return shaped


def _already_text(event_type: str) -> bool:
    """Task, Lambda and activity ``*Scheduled``/``*Succeeded`` events hold JSON text in the executor's
    history already (see ``sfndeploy.executor.history``); the others hold values."""
    if "StateE" in event_type or event_type.startswith(("Execution", "Map", "Parallel")):
        return False
    return event_type.endswith(("Scheduled", "Succeeded"))


def details_key(event_type: str) -> str:
    """The ``*EventDetails`` key AWS uses for an event type (``PassStateEntered`` -> ``stateEnteredEventDetails``)."""
    for suffix in ("StateEntered", "StateExited"):
        if event_type.endswith(suffix):
            return f"state{suffix[len('State'):]}EventDetails"
    return f"{event_type[0].lower()}{event_type[1:]}EventDetails"


def event_from_log_record(record: dict[str, Any]) -> dict[str, Any]:
    """A log record of a Step Functions log group as a ``GetExecutionHistory`` event."""
    event_type = str(record.get("type", ""))
    event: dict[str, Any] = {
        "id": int(record.get("id", 0)),
        "type": event_type,
        "previousEventId": int(record.get("previous_event_id", 0)),
        "timestamp": datetime.fromtimestamp(int(record.get("event_timestamp", 0)) / 1000, tz=UTC),
    }
    details = record.get("details")
    if isinstance(details, dict) and details:
        event[details_key(event_type)] = details
    return event
