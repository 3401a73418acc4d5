"""``--since`` values: ``90s``, ``10m``, ``2h``, ``7d``."""

from __future__ import annotations

import re

from sfndeploy.errors import UsageError

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^(\d+)([smhd])$")


def parse_since(text: str) -> float:
    """Seconds back from now."""
    match = _DURATION.match(text.strip())
    if match is None:
        raise UsageError(f"--since '{text}' is not a duration", hint="use a number and a unit: 90s, 10m, 2h or 7d")
    return int(match[1]) * _SECONDS[match[2]]
