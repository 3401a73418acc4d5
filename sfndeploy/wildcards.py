"""The ``*`` wildcard both the States Language (``StringMatches``) and EventBridge (``wildcard``) use.

``*`` matches any run of characters (newlines too), ``\\*`` is a literal star and ``\\\\`` a literal
backslash; every other character stands for itself. The whole string must match.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def wildcard_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression a wildcard pattern stands for (use ``fullmatch``)."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "*" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL)
