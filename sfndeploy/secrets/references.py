"""Secret placeholders in data: making, finding, filling in, and turning live values back into them.

A placeholder is ``<secret:NAME>``: plain text in YAML and JSON alike, unique per secret, and the
same in every run, so a rendered definition and its hash never depend on a secret's value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

NAME_PATTERN = r"[A-Za-z_][A-Za-z0-9_.-]{0,63}"
PLACEHOLDER = re.compile(f"<secret:({NAME_PATTERN})>")
MARK = "<secret:"


def placeholder(name: str) -> str:
    return f"<secret:{name}>"


def names_in_text(text: str) -> list[str]:
    return PLACEHOLDER.findall(text) if MARK in text else []


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def names_in(value: Any) -> set[str]:
    """The secrets a JSON-like value refers to."""
    found: set[str] = set()
    for text in strings(value):
        found.update(names_in_text(text))
    return found


def fill_text(text: str, values: Callable[[str], str], *, json_text: bool = False) -> str:
    """``text`` with each placeholder replaced by its value (JSON-escaped when ``text`` is JSON)."""

    def value(match: re.Match[str]) -> str:
        raw = values(match.group(1))
        return json.dumps(raw, ensure_ascii=False)[1:-1] if json_text else raw

    return PLACEHOLDER.sub(value, text) if MARK in text else text


def conceal(desired: Any, live: Any, values: Mapping[str, str]) -> Any:
    """``live`` with every string that equals its desired counterpart, secrets filled in, replaced
    by that desired string (placeholders again). Strings that differ stay as they are: a value
    that is not the current secret is never guessed at."""
    if isinstance(desired, dict) and isinstance(live, dict):
        return {key: conceal(desired[key], item, values) if key in desired else item for key, item in live.items()}
    if isinstance(desired, list) and isinstance(live, list):
        return [conceal(desired[i], item, values) if i < len(desired) else item for i, item in enumerate(live)]
    if isinstance(desired, str) and isinstance(live, str) and MARK in desired:
        names = names_in_text(desired)
        if all(name in values for name in names) and fill_text(desired, values.__getitem__) == live:
            return desired
    return live
