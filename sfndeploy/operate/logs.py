"""Reading a workflow's CloudWatch Logs log group (FilterLogEvents), once or following it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.operate.errors import OperateError
from sfndeploy.plan.desired import DesiredWorkflow


@dataclass(frozen=True)
class LogEvent:
    timestamp_ms: int
    stream: str
    message: str
    event_id: str


def log_group_of(workflow: DesiredWorkflow) -> str:
    """The log group name the workflow's logging configuration sends to."""
    destinations = [] if workflow.logging.get("level", "OFF") == "OFF" else workflow.logging.get("destinations", [])
    for destination in destinations:
        group_arn = str(destination.get("cloudWatchLogsLogGroup", {}).get("logGroupArn", ""))
        # arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*
        _, found, rest = group_arn.partition(":log-group:")
        if found:
            return rest.removesuffix(":*")
    raise OperateError(
        f"workflow '{workflow.name}' logs nowhere (logging level {workflow.logging.get('level', 'OFF')})",
        hint="set logging.level (and a log group) in the workflow spec or the environment defaults, then apply",
    )


def read_logs(api: AwsApi, group: str, start_ms: int) -> list[LogEvent]:
    """Every event from ``start_ms`` on, oldest first, following the pages."""
    rows = api.pages("logs", "FilterLogEvents", "events", target=group, logGroupName=group, startTime=start_ms)
    return [_event(row) for row in rows]


def _event(row: dict[str, Any]) -> LogEvent:
    return LogEvent(
        timestamp_ms=int(row.get("timestamp", 0)),
        stream=str(row.get("logStreamName", "")),
        message=str(row.get("message", "")).rstrip("\n"),
        event_id=str(row.get("eventId", "")),
    )


def follow_logs(
    api: AwsApi,
    group: str,
    start_ms: int,
    *,
    sleep: Callable[[float], None],
    interval: float = 2.0,
    polls: int | None = None,
) -> Iterator[LogEvent]:
    """Events as they arrive; each event once. ``polls`` bounds the reads (None: until interrupted)."""
    seen: set[str] = set()  # the events of the newest millisecond read: the next read starts there again
    since = start_ms
    done = 0
    while polls is None or done < polls:
        if done:
            sleep(interval)
        done += 1
        fresh = [event for event in read_logs(api, group, since) if event.event_id not in seen]
        if not fresh:
            continue
        yield from fresh
        newest = max(event.timestamp_ms for event in fresh)
        seen = {e.event_id for e in fresh if e.timestamp_ms == newest} | (seen if newest == since else set())
        since = newest
