"""EventBridge event patterns checked against the grammar EventBridge accepts.

An event pattern is a JSON object shaped like the events it matches. Each field is either a
nested object (more fields) or a *match list*: a non-empty list whose items are strings, numbers,
``true``/``false``/``null``, or one-key *content filters*:

``prefix`` / ``suffix``
    a string, or ``{"equals-ignore-case": string}``;
``equals-ignore-case``
    a string;
``wildcard``
    a string where ``*`` matches any run of characters; two ``*`` in a row are refused, and a
    backslash may only escape ``*`` or another backslash;
``anything-but``
    a string, a number, a non-empty list of only strings or only numbers, or an object with one of
    ``prefix``, ``suffix`` (a string), ``equals-ignore-case``, ``wildcard`` (a string or a list of
    strings);
``numeric``
    ``["=", n]``, one comparison (``[">", n]``, ``[">=", n]``, ``["<", n]``, ``["<=", n]``) or a
    range (``[">" or ">=", low, "<" or "<=", high]`` with ``low < high``); numbers between
    -5.0e9 and 5.0e9;
``exists``
    ``true`` or ``false``;
``cidr``
    an IPv4 or IPv6 address or network (``10.0.0.0/24``).

``"$or": [{...}, {...}]`` (at least two non-empty objects) matches when any of its objects does.

The pattern's JSON text may be up to 4096 characters (the ``PutRule`` limit); the default quota
is 2048, so a longer pattern is a warning. :func:`check_event_pattern` returns every problem with
the JSON pointer of the offending key; it never raises.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterator
from typing import Any

from sfndeploy.eventbridge.problems import WARNING, Problem
from sfndeploy.sourcemap import pointer_join
from sfndeploy.suggest import closest

__all__ = [
    "CONTENT_FILTERS",
    "DEFAULT_PATTERN_QUOTA",
    "MAX_PATTERN_CHARACTERS",
    "check_event_pattern",
    "pattern_text",
]

MAX_PATTERN_CHARACTERS = 4096  # PutRule's EventPattern length limit
DEFAULT_PATTERN_QUOTA = 2048  # the account's default "event pattern size" quota (adjustable to 4096)
NUMERIC_LIMIT = 5.0e9
NUMERIC_DECIMALS = 6
OR_KEY = "$or"

_LOWER_BOUNDS = (">", ">=")
_UPPER_BOUNDS = ("<", "<=")


def pattern_text(pattern: Any) -> str:
    """The JSON text sfndeploy sends as ``EventPattern``: compact, keys in the order written."""
    return json.dumps(pattern, separators=(",", ":"), ensure_ascii=False)


def check_event_pattern(pattern: Any) -> tuple[Problem, ...]:
    """Every problem EventBridge would find in ``pattern`` (parsed JSON), in document order."""
    if not isinstance(pattern, dict):
        return (Problem("", f"an event pattern must be a JSON object of fields, not {_kind(pattern)}"),)
    problems = list(_fields(pattern, ""))
    problems.extend(_size(pattern))
    return tuple(problems)


def _size(pattern: dict[str, Any]) -> Iterator[Problem]:
    length = len(pattern_text(pattern))
    if length > MAX_PATTERN_CHARACTERS:
        yield Problem(
            "", f"the pattern is {length} characters of JSON; EventBridge takes at most {MAX_PATTERN_CHARACTERS}"
        )
    elif length > DEFAULT_PATTERN_QUOTA:
        yield Problem(
            "",
            f"the pattern is {length} characters of JSON; the default quota is {DEFAULT_PATTERN_QUOTA} "
            "(an account needs the 'Event pattern size' quota raised for it)",
            WARNING,
        )


# ---------------------------------------------------------------------------------------------
# Fields: nested objects, match lists and $or
# ---------------------------------------------------------------------------------------------


def _fields(node: dict[str, Any], pointer: str) -> Iterator[Problem]:
    if not node:
        yield Problem(pointer, "an empty object matches nothing; name at least one field")
        return
    for key, value in node.items():
        here = pointer_join(pointer, key)
        if key == OR_KEY:
            yield from _or(value, here)
        elif isinstance(value, dict):
            yield from _fields(value, here)
        elif isinstance(value, list):
            yield from _match_list(value, here)
        else:
            yield Problem(
                here,
                f"a field's value must be a list of values to match ([{_json(value)}]) or an object of fields, "
                f"not {_kind(value)}",
            )


def _or(value: Any, pointer: str) -> Iterator[Problem]:
    if not isinstance(value, list) or len(value) < 2:
        yield Problem(pointer, "'$or' takes a list of at least two objects of fields")
        return
    for index, branch in enumerate(value):
        here = pointer_join(pointer, index)
        if not isinstance(branch, dict):
            yield Problem(here, f"each '$or' branch must be an object of fields, not {_kind(branch)}")
            continue
        for key in branch:
            if key in CONTENT_FILTERS:
                yield Problem(
                    pointer_join(here, key),
                    f"'{key}' is a content filter, not a field: write it inside a field's match list "
                    f'("field": [{{"{key}": ...}}])',
                )
        fields = {key: value for key, value in branch.items() if key not in CONTENT_FILTERS}
        if fields or not branch:
            yield from _fields(fields, here)


def _match_list(values: list[Any], pointer: str) -> Iterator[Problem]:
    if not values:
        yield Problem(pointer, "an empty match list matches nothing; give at least one value")
        return
    for index, item in enumerate(values):
        here = pointer_join(pointer, index)
        if isinstance(item, dict):
            yield from _content_filter(item, here)
        elif isinstance(item, list):
            yield Problem(here, "a match list holds values and content filters, not another list")


# ---------------------------------------------------------------------------------------------
# Content filters: one key each
# ---------------------------------------------------------------------------------------------


def _content_filter(item: dict[str, Any], pointer: str) -> Iterator[Problem]:
    if len(item) != 1:
        names = ", ".join(f"'{key}'" for key in item) or "none"
        yield Problem(pointer, f"a content filter has exactly one key ({_filter_names()}); this one has {names}")
        return
    ((name, operand),) = item.items()
    here = pointer_join(pointer, name)
    check = CONTENT_FILTERS.get(name)
    if check is None:
        close = closest(name, CONTENT_FILTERS)
        hint = f"; did you mean '{close}'?" if close else f"; known filters: {_filter_names()}"
        yield Problem(here, f"unknown content filter '{name}'{hint}")
        return
    yield from check(operand, here)


def _string(name: str) -> Callable[[Any, str], Iterator[Problem]]:
    def check(operand: Any, pointer: str) -> Iterator[Problem]:
        if not isinstance(operand, str):
            yield Problem(pointer, f"'{name}' takes a string, not {_kind(operand)}")

    return check


def _affix(name: str) -> Callable[[Any, str], Iterator[Problem]]:
    """``prefix`` and ``suffix``: a string, or ``{"equals-ignore-case": string}``."""

    def check(operand: Any, pointer: str) -> Iterator[Problem]:
        if isinstance(operand, str):
            return
        if isinstance(operand, dict) and list(operand) == ["equals-ignore-case"]:
            yield from _string("equals-ignore-case")(
                operand["equals-ignore-case"], pointer_join(pointer, "equals-ignore-case")
            )
            return
        yield Problem(pointer, f"'{name}' takes a string or {{\"equals-ignore-case\": string}}, not {_kind(operand)}")

    return check


def _wildcard(operand: Any, pointer: str) -> Iterator[Problem]:
    if not isinstance(operand, str):
        yield Problem(pointer, f"'wildcard' takes a string, not {_kind(operand)}")
        return
    problem = wildcard_problem(operand)
    if problem:
        yield Problem(pointer, problem)


def wildcard_problem(text: str) -> str | None:
    """Why EventBridge refuses ``text`` as a wildcard pattern, or None."""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following not in ("*", "\\"):
                return f"in a wildcard a backslash only escapes '*' or '\\' (position {index})"
            index += 2
            continue
        if char == "*" and text[index + 1 : index + 2] == "*":
            return f"a wildcard cannot have two '*' in a row (position {index})"
        index += 1
    return None


def _exists(operand: Any, pointer: str) -> Iterator[Problem]:
    if not isinstance(operand, bool):
        yield Problem(pointer, f"'exists' takes true or false, not {_kind(operand)}")


def _cidr(operand: Any, pointer: str) -> Iterator[Problem]:
    if not isinstance(operand, str):
        yield Problem(pointer, f"'cidr' takes a string such as \"10.0.0.0/24\", not {_kind(operand)}")
        return
    try:
        ipaddress.ip_network(operand, strict=False)
    except ValueError:
        yield Problem(pointer, f"{_json(operand)} is not an IPv4 or IPv6 address or CIDR block")


def _numeric(operand: Any, pointer: str) -> Iterator[Problem]:
    if not isinstance(operand, list) or not operand:
        yield Problem(pointer, '\'numeric\' takes a list of comparisons such as [">", 0, "<=", 5]')
        return
    number_problems = list(_numbers(operand, pointer))
    yield from number_problems
    if any(problem.is_error for problem in number_problems):
        return
    problem = _comparison_problem(operand)
    if problem:
        yield Problem(pointer, problem)


def _numbers(operand: list[Any], pointer: str) -> Iterator[Problem]:
    """The operands at odd positions: numbers within EventBridge's range and precision."""
    for index in range(1, len(operand), 2):
        number = operand[index]
        here = pointer_join(pointer, index)
        if not _is_number(number):
            yield Problem(
                here, f"a numeric comparison needs a number after '{operand[index - 1]}', not {_kind(number)}"
            )
        elif not -NUMERIC_LIMIT <= number <= NUMERIC_LIMIT:
            yield Problem(here, f"numeric matching works between -5.0e9 and 5.0e9; {_json(number)} is outside")
        elif _decimals(number) > NUMERIC_DECIMALS:
            yield Problem(
                here,
                f"numeric matching keeps {NUMERIC_DECIMALS} digits after the decimal point; {_json(number)} has more",
                WARNING,
            )


def _comparison_problem(operand: list[Any]) -> str | None:
    operators = operand[0::2]
    if len(operand) % 2:
        return 'a numeric comparison is an operator followed by a number: [">", 0] or [">", 0, "<=", 5]'
    unknown = [op for op in operators if op not in ("=", *_LOWER_BOUNDS, *_UPPER_BOUNDS)]
    if unknown:
        return f"unknown numeric operator {_json(unknown[0])}; use =, >, >=, < or <="
    if len(operators) == 1:
        return None
    if len(operators) > 2 or "=" in operators:
        return "'numeric' takes one comparison, or a range: a lower bound (> or >=) then an upper bound (< or <=)"
    if operators[0] not in _LOWER_BOUNDS or operators[1] not in _UPPER_BOUNDS:
        return "a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)"
    if not operand[1] < operand[3]:
        return f"the range's lower bound {_json(operand[1])} is not below its upper bound {_json(operand[3])}"
    return None


def _anything_but(operand: Any, pointer: str) -> Iterator[Problem]:
    if isinstance(operand, str) or _is_number(operand):
        return
    if isinstance(operand, list):
        yield from _anything_but_list(operand, pointer)
        return
    if isinstance(operand, dict) and len(operand) == 1:
        ((name, inner),) = operand.items()
        check = _ANYTHING_BUT_FILTERS.get(name)
        if check is not None:
            yield from check(inner, pointer_join(pointer, name))
            return
        close = closest(name, _ANYTHING_BUT_FILTERS)
        hint = f"; did you mean '{close}'?" if close else ""
        yield Problem(
            pointer_join(pointer, name),
            f"'anything-but' takes {', '.join(repr(k) for k in _ANYTHING_BUT_FILTERS)} inside an object, "
            f"not '{name}'{hint}",
        )
        return
    yield Problem(
        pointer,
        "'anything-but' takes a string, a number, a list of only strings or only numbers, "
        f"or one of {{prefix, suffix, equals-ignore-case, wildcard}}, not {_kind(operand)}",
    )


def _anything_but_list(operand: list[Any], pointer: str) -> Iterator[Problem]:
    if not operand:
        yield Problem(pointer, "'anything-but' needs at least one value in its list")
        return
    all_strings = all(isinstance(item, str) for item in operand)
    all_numbers = all(_is_number(item) for item in operand)
    if not (all_strings or all_numbers):
        yield Problem(pointer, "an 'anything-but' list holds only strings or only numbers")


def _strings(name: str) -> Callable[[Any, str], Iterator[Problem]]:
    """A string or a non-empty list of strings (``anything-but``'s ``equals-ignore-case``, ``wildcard``)."""

    def check(operand: Any, pointer: str) -> Iterator[Problem]:
        items = operand if isinstance(operand, list) else [operand]
        if not items or not all(isinstance(item, str) for item in items):
            yield Problem(pointer, f"'{name}' inside 'anything-but' takes a string or a list of strings")
            return
        if name == "wildcard":
            for index, item in enumerate(items):
                problem = wildcard_problem(item)
                if problem:
                    yield Problem(pointer_join(pointer, index) if isinstance(operand, list) else pointer, problem)

    return check


CONTENT_FILTERS: dict[str, Callable[[Any, str], Iterator[Problem]]] = {
    "prefix": _affix("prefix"),
    "suffix": _affix("suffix"),
    "equals-ignore-case": _string("equals-ignore-case"),
    "wildcard": _wildcard,
    "anything-but": _anything_but,
    "numeric": _numeric,
    "exists": _exists,
    "cidr": _cidr,
}

_ANYTHING_BUT_FILTERS: dict[str, Callable[[Any, str], Iterator[Problem]]] = {
    "prefix": _string("prefix"),
    "suffix": _string("suffix"),
    "equals-ignore-case": _strings("equals-ignore-case"),
    "wildcard": _strings("wildcard"),
}


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


def _filter_names() -> str:
    return ", ".join(CONTENT_FILTERS)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimals(number: float | int) -> int:
    if isinstance(number, int):
        return 0
    text = repr(number)
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, digits - int(exponent))
    return len(text.split(".")[1]) if "." in text else 0


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {_json(value)}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {_json(value)}"
    return f"the number {_json(value)}"
