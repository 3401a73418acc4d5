"""Text and JSON for the operate commands (the logic lives in the other modules)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sfndeploy.operate.executions import ExecutionResult, ExecutionSummary
from sfndeploy.operate.history import Failure, StateVisit, Timeline
from sfndeploy.operate.logs import LogEvent


def _time(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else ""


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}s"


def result_json(result: ExecutionResult) -> str:
    output: Any = result.output
    if isinstance(output, str):
        with contextlib.suppress(ValueError):
            output = json.loads(output)
    return json.dumps(
        {
            "executionArn": result.arn,
            "status": result.status,
            "startDate": _time(result.start),
            "stopDate": _time(result.stop) or None,
            "output": output,
            "error": result.error,
            "cause": result.cause,
        },
        indent=2,
    )


def result_lines(result: ExecutionResult) -> list[str]:
    took = f" in {_seconds(result.seconds)}" if result.seconds is not None else ""
    lines = [f"{result.status}{took}: {result.arn}"]
    if result.output is not None:
        lines.append(f"output: {result.output}")
    if result.error or result.cause:
        lines.append(f"error: {result.error or ''}: {result.cause or ''}".rstrip(": "))
    return lines


def executions_json(rows: Sequence[ExecutionSummary]) -> str:
    return json.dumps(
        [
            {
                "executionArn": row.arn,
                "name": row.name,
                "status": row.status,
                "startDate": _time(row.start),
                "stopDate": _time(row.stop) or None,
                "version": row.version,
            }
            for row in rows
        ],
        indent=2,
    )


def executions_table(rows: Sequence[ExecutionSummary]) -> list[str]:
    if not rows:
        return ["No executions."]
    table = [("STATUS", "STARTED", "STOPPED", "VERSION", "NAME")]
    table += [
        (row.status, _time(row.start), _time(row.stop), "" if row.version is None else str(row.version), row.name)
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in table) for i in range(len(table[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip() for cells in table]


def _failure_text(failure: Failure) -> str:
    return f"{failure.error}: {failure.cause}" if failure.cause else failure.error


def timeline_lines(found: Timeline) -> list[str]:
    ended = f", ended {_time(found.ended)}" if found.ended else ""
    lines = [f"{found.status}  started {_time(found.started)}{ended}"]
    origin = found.started
    for visit in found.visits:
        lines.append(_visit_line(visit, origin))
        lines += [f"      {failure.event}: {_failure_text(failure)}" for failure in visit.failures]
    if found.error is not None:
        lines.append(f"{found.error.event}: {_failure_text(found.error)}")
    return lines


def _visit_line(visit: StateVisit, origin: datetime | None) -> str:
    offset = f"+{(visit.entered - origin).total_seconds():.3f}s" if origin else ""
    took = _seconds(visit.seconds) if visit.exited else "(not exited)"
    retries = f"  {visit.retries} retr{'y' if visit.retries == 1 else 'ies'}" if visit.retries else ""
    return f"  {offset:>10}  {visit.name} ({visit.type})  {took}{retries}"


def timeline_json(found: Timeline) -> str:
    def failure(item: Failure | None) -> dict[str, str] | None:
        return None if item is None else {"event": item.event, "error": item.error, "cause": item.cause}

    return json.dumps(
        {
            "status": found.status,
            "startDate": _time(found.started),
            "stopDate": _time(found.ended) or None,
            "error": failure(found.error),
            "states": [
                {
                    "name": visit.name,
                    "type": visit.type,
                    "entered": _time(visit.entered),
                    "exited": _time(visit.exited) or None,
                    "seconds": visit.seconds,
                    "attempts": visit.attempts,
                    "retries": visit.retries,
                    "failures": [failure(item) for item in visit.failures],
                }
                for visit in found.visits
            ],
        },
        indent=2,
    )


def log_line(event: LogEvent) -> str:
    when = datetime.fromtimestamp(event.timestamp_ms / 1000, tz=UTC).isoformat(timespec="milliseconds")
    return f"{when}  {event.message}"
