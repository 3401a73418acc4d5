"""How a run is shown: the ``--json`` object, a readable summary, the history as text."""

from __future__ import annotations

import json
from typing import Any

from sfndeploy.executor.engine import ExecutionResult

_SHOWN_DETAILS = ("input", "output", "error", "cause", "parameters")


def summary_json(result: ExecutionResult) -> str:
    """Exactly one JSON object: ``{"status", "output", "error", "cause"}``."""
    return json.dumps(result.summary(), ensure_ascii=False)


def error_json(error: str, cause: str) -> str:
    """The ``--json`` object of a run that could not start or finish: ``status`` is ``ERROR``,
    ``error`` the kind of problem (``UsageError``, ``ExecutionSetupError``, ...), ``cause`` the message."""
    return json.dumps({"status": "ERROR", "output": None, "error": error, "cause": cause}, ensure_ascii=False)


def summary_text(result: ExecutionResult, *, history: bool = False, max_width: int = 200) -> str:
    lines = [f"Execution {result.status} after {result.transitions} transition(s), {_elapsed(result)}"]
    path = result.states_entered()
    if path:
        lines.append("Path: " + " -> ".join(path))
    if history:
        lines.append("History:")
        lines.extend("  " + line for line in history_lines(result, max_width=max_width))
    if result.succeeded:
        lines.append("Output: " + _clip(json.dumps(result.output, ensure_ascii=False), max_width * 10))
    else:
        lines.append(f"Error: {result.error}")
        if result.cause:
            lines.append(f"Cause: {result.cause}")
    return "\n".join(lines)


def history_lines(result: ExecutionResult, *, max_width: int = 200) -> list[str]:
    """One line per event: id, virtual seconds since start, type, state name and data."""
    start = result.events[0][1] if result.events else 0.0
    lines = []
    for index, (event_type, timestamp, details) in enumerate(result.events, start=1):
        text = f"{index:>5}  +{timestamp - start:9.3f}s  {event_type}"
        if details:
            if "name" in details:
                text += f"  {details['name']}"
            for key in _SHOWN_DETAILS:
                if key in details:
                    text += f"  {key}=" + _clip(_as_text(details[key]), max_width)
        lines.append(text)
    return lines


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _elapsed(result: ExecutionResult) -> str:
    if not result.events:
        return "0 s virtual time"
    seconds = result.events[-1][1] - result.events[0][1]
    return f"{seconds:g} s virtual time"
