"""Reading a task's parameters: a literal, or a dynamic value reduced to the tightest wildcard.

A JSONPath state makes a value dynamic with a ``Key.$`` field (a path, a context path, a variable
or an intrinsic function); a JSONata state with a ``{% ... %}`` string. ``States.Format`` with a
literal template keeps its literal parts: ``States.Format('{}-handler', $.env)`` -> ``*-handler``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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
    """The wildcard a ``Key.$`` expression can produce: the literal parts of a Format, else ``*``.

    ``States.Format('{}{}.csv', 'daily/', $.day)`` -> ``daily/*.csv``: literal string arguments are
    substituted, every other argument (a path, a variable, a nested function) becomes ``*``.
    """
    if not isinstance(expression, str) or not expression.strip().startswith("States.Format("):
        return "*"
    arguments = _split_arguments(expression.strip()[len("States.Format(") :])
    if not arguments or _string_literal(arguments[0]) is None:
        return "*"
    pieces = str(_string_literal(arguments[0])).split("{}")
    fills = [_string_literal(argument) for argument in arguments[1:]]
    text = pieces[0]
    for index, piece in enumerate(pieces[1:]):
        fill = fills[index] if index < len(fills) else None
        text += ("*" if fill is None else fill) + piece
    return _WILDCARDS.sub("*", text)


def _split_arguments(text: str) -> list[str]:
    """Top-level comma-separated arguments of an intrinsic call (``text`` starts after its "(")."""
    arguments: list[str] = []
    current, depth, quoted, escaped = "", 0, False, False
    for char in text:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            current, escaped = current + char, True
        elif char == "'":
            current, quoted = current + char, not quoted
        elif quoted:
            current += char
        elif char == "(":
            current, depth = current + char, depth + 1
        elif char == ")" and depth == 0:
            arguments.append(current.strip())
            return arguments
        elif char == ")":
            current, depth = current + char, depth - 1
        elif char == "," and depth == 0:
            arguments.append(current.strip())
            current = ""
        else:
            current += char
    return []  # unbalanced: not an expression worth reading


def _string_literal(argument: str) -> str | None:
    if len(argument) >= 2 and argument[0] == argument[-1] == "'":
        return _INTRINSIC_ESCAPE.sub(r"\1", argument[1:-1])
    return None


def lookup(params: Any, *path: str) -> Value:
    """The value at ``path`` inside a Parameters/Arguments object."""
    current: Any = params
    for index, key in enumerate(path):
        if not isinstance(current, dict):
            return UNKNOWN if is_jsonata(current) else ABSENT
        if key in current:
            current = current[key]
        elif f"{key}.$" in current:
            is_leaf = index == len(path) - 1
            return Value(pattern_of_path_expression(current[f"{key}.$"]), dynamic=True) if is_leaf else UNKNOWN
        else:
            return ABSENT
    return _leaf(current)


def _leaf(value: Any) -> Value:
    if is_jsonata(value):
        return UNKNOWN
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return Value(str(value))
    return ABSENT  # null, booleans, objects and lists name no resource
