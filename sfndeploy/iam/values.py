"""Reading a task's parameters: a literal, or a dynamic value reduced to the tightest wildcard.

A JSONPath state makes a value dynamic with a ``Key.$`` field (a path, a context path, a variable
or an intrinsic function); a JSONata state with a ``{% ... %}`` string. ``States.Format`` with a
literal template keeps its literal parts: ``States.Format('{}-handler', $.env)`` -> ``*-handler``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_FORMAT_CALL = re.compile(r"^\s*States\.Format\(\s*'((?:[^'\\]|\\.)*)'")
_INTRINSIC_ESCAPE = re.compile(r"\\(.)")
_WILDCARDS = re.compile(r"\*+")


@dataclass(frozen=True)
class Value:
    """A parameter as IAM derivation sees it.

    ``text`` is the literal value, or for a dynamic value the pattern it must match (``*`` marks
    the unknown parts; ``"*"`` when nothing is known). ``present`` is False when the key is absent.
    """

    text: str
    dynamic: bool = False
    present: bool = True

    @property
    def static(self) -> str | None:
        return None if self.dynamic or not self.present else self.text


ABSENT = Value("", present=False)
UNKNOWN = Value("*", dynamic=True)


def is_jsonata(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith("{%") and value.strip().endswith("%}")


def pattern_of_path_expression(expression: Any) -> str:
    """The wildcard a ``Key.$`` expression can produce: literal parts of a Format, else ``*``."""
    if not isinstance(expression, str):
        return "*"
    match = _FORMAT_CALL.match(expression)
    if match is None:
        return "*"
    template = _INTRINSIC_ESCAPE.sub(r"\1", match.group(1))
    return _WILDCARDS.sub("*", template.replace("{}", "*"))


def lookup(params: Any, *path: str) -> Value:
    """The value at ``path`` inside a Parameters/Arguments object."""
    current: Any = params
    for index, key in enumerate(path):
        if not isinstance(current, dict):
            return UNKNOWN if _dynamic_container(current) else ABSENT
        if key in current:
            current = current[key]
            continue
        if f"{key}.$" in current:
            if index < len(path) - 1:
                return UNKNOWN
            return Value(pattern_of_path_expression(current[f"{key}.$"]), dynamic=True)
        return ABSENT
    return _leaf(current)


def _dynamic_container(value: Any) -> bool:
    return is_jsonata(value)


def _leaf(value: Any) -> Value:
    if is_jsonata(value):
        return UNKNOWN
    if isinstance(value, str):
        return Value(value)
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return Value(str(value)) if isinstance(value, bool) else ABSENT
    return Value(str(value))


def list_items(params: Any, key: str) -> list[Any] | None:
    """The items of a list parameter, or None when the list itself is dynamic."""
    if not isinstance(params, dict):
        return None
    if f"{key}.$" in params:
        return None
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return None
