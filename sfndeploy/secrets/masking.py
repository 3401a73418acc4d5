"""Value-based masking: any text that contains a resolved secret value is printed with ``****`` instead.

The registry is process-wide on purpose: a value resolved deep in an apply may surface anywhere
later (an AWS error message, a progress line), and the CLI prints those far from the code that
resolved it. Only :class:`sfndeploy.secrets.resolver.SecretResolver` registers values.
"""

from __future__ import annotations

import json
import threading
from typing import Any

MASK = "****"
# Shorter values would mask ordinary words and numbers everywhere; they are refused as secrets.
MIN_LENGTH = 4

_lock = threading.Lock()
_values: list[str] = []  # longest first, each with its JSON-escaped form


def register(value: str) -> None:
    forms = {value, json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1]}
    with _lock:
        for form in forms:
            if len(form) >= MIN_LENGTH and form not in _values:
                _values.append(form)
        _values.sort(key=len, reverse=True)


def forget_all() -> None:
    """Tests only: start from an empty registry."""
    with _lock:
        _values.clear()


def registered() -> tuple[str, ...]:
    with _lock:
        return tuple(_values)


def mask(text: str) -> str:
    for value in registered():
        if value in text:
            text = text.replace(value, MASK)
    return text


def contains_secret(text: str) -> bool:
    return any(value in text for value in registered())


def mask_data(value: Any) -> Any:
    """A JSON-like value with every string masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {mask(str(key)): mask_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(item) for item in value]
    return value
