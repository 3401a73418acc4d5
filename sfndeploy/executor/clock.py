"""The virtual clock: waits, retries and timeouts advance it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime

# A fixed default start makes runs reproducible; callers may pass the real time instead.
DEFAULT_START = datetime(2024, 1, 1, tzinfo=UTC).timestamp()


def iso_timestamp(seconds: float) -> str:
    """``2024-01-01T00:00:00.000Z``: the form of ``$$.Execution.StartTime`` and ``EnteredTime``."""
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> float | None:
    """Seconds since the epoch of an RFC 3339 timestamp with a time zone, or None when it is not one."""
    if not isinstance(text, str) or "T" not in text:
        return None
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.timestamp()
