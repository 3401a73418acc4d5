"""Does an event match an EventBridge event pattern, and if not, which field fails and why.

:func:`match_event` follows EventBridge's documented matching rules (the "Event patterns",
"Content filtering", "Arrays" and "Null values and empty strings" pages of the user guide, and the
Event Ruler library EventBridge matches with):

* every field the pattern names must match (AND); a field's match list matches when any of its
  items does (OR); fields the pattern does not name are ignored;
* a nested pattern object descends into the event's object of the same name;
* ``"$or": [{...}, {...}]`` matches when any of its objects matches the event at that level;
* exact values match by JSON type and value: strings character by character, ``true``/``false``,
  ``null`` (which is not ``""``), and numbers by their JSON text (``300`` is not ``300.0``);
* ``prefix``, ``suffix`` (each also with ``{"equals-ignore-case": ...}``), ``equals-ignore-case``
  and ``wildcard`` (``*`` is any run of characters, ``\\*`` a star, ``\\\\`` a backslash) match
  string values only;
* ``numeric`` matches JSON numbers only, compared as numbers;
* ``cidr`` matches a string holding an IPv4 or IPv6 address inside the block;
* ``exists: true`` matches a field that has a value (``null`` is a value); ``exists: false``
  matches a field that has none. Exists matching works on leaf values only, so a field whose value
  is an object, or an empty array, does not exist for it (the user guide's ``c-count`` example);
* ``anything-but`` (a value, a list of strings or of numbers, or ``prefix``, ``suffix``,
  ``equals-ignore-case`` or ``wildcard`` with a string or a list of strings) matches a value that
  the excluded part does not; it needs a value, so it never matches an absent field (the idiom
  ``[{"anything-but": [...]}, {"exists": false}]`` exists for that);
* when the event's value is an array, the field matches if any element does; objects inside an
  array are matched one element at a time, so two fields of one pattern object must match in the
  same element (``{"employees": {"first": ["Anna"], "last": ["Jones"]}}`` does not match Anna
  Smith and Peter Jones).

Choices where the documentation says nothing:

* ``anything-but`` with ``prefix``, ``suffix``, ``equals-ignore-case`` or ``wildcard`` matches a
  value that is not a string (such a value cannot start, end or look like the excluded text), as
  Event Ruler does; ``anything-but`` with strings matches a number and the other way round;
* ignoring case compares ``str.lower()`` of both sides;
* sfndeploy reads events from YAML or JSON into Python values, so a number's JSON text is the one
  Python writes: ``3.0e2`` and ``300.0`` are both ``300.0`` here.

The pattern is expected to have passed :func:`sfndeploy.eventbridge.patterns.check_event_pattern`;
an item this module does not understand never matches.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sfndeploy.wildcards import wildcard_regex

__all__ = ["Mismatch", "match_event"]

OR_KEY = "$or"
_ABSENT: Any = object()  # the event has no value here
_VALUE_LIMIT = 60  # characters of an event value quoted in a message


@dataclass(frozen=True)
class Mismatch:
    """The first field of the pattern the event fails, and why, in the pattern's terms.

    ``path`` is the field in dot notation (``detail.status``, ``detail.items[1].sku``); the
    event's top level is ``(event)``.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def match_event(pattern: dict[str, Any], event: Any) -> Mismatch | None:
    """None when EventBridge would deliver ``event`` to a rule with ``pattern``; else what fails first."""
    return _object(pattern, event, "")


# ---------------------------------------------------------------------------------------------
# Objects, arrays and $or
# ---------------------------------------------------------------------------------------------


def _object(pattern: dict[str, Any], value: Any, path: str) -> Mismatch | None:
    """A pattern object against the event's value at ``path`` (an array: any element)."""
    if isinstance(value, list):
        return _any_element(pattern, value, path)
    for key, expected in pattern.items():
        if key == OR_KEY and _is_or(expected):
            mismatch = _or(expected, value, path)
        elif isinstance(expected, dict):
            mismatch = _object(expected, _child(value, key), _join(path, key))
        elif isinstance(expected, list):
            mismatch = _field(expected, _child(value, key), _join(path, key))
        else:
            mismatch = Mismatch(_join(path, key), f"the pattern's {_text(expected)} is not a match list")
        if mismatch is not None:
            return mismatch
    return None


def _any_element(pattern: dict[str, Any], elements: list[Any], path: str) -> Mismatch | None:
    if not elements:
        return _object(pattern, _ABSENT, path)
    mismatches = []
    for index, element in enumerate(elements):
        mismatch = _object(pattern, element, f"{path}[{index}]")
        if mismatch is None:
            return None
        mismatches.append(mismatch)
    if len(mismatches) == 1:
        return mismatches[0]
    return Mismatch(path or "(event)", f"none of its {len(elements)} elements matches; the first: {mismatches[0]}")


def _is_or(value: Any) -> bool:
    return isinstance(value, list) and len(value) >= 2 and all(isinstance(branch, dict) for branch in value)


def _or(branches: list[dict[str, Any]], value: Any, path: str) -> Mismatch | None:
    mismatches = []
    for branch in branches:
        mismatch = _object(branch, value, path)
        if mismatch is None:
            return None
        mismatches.append(str(mismatch))
    return Mismatch(path or "(event)", f"no '$or' branch matches ({'; '.join(mismatches)})")


def _child(value: Any, key: str) -> Any:
    return value.get(key, _ABSENT) if isinstance(value, dict) else _ABSENT


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# ---------------------------------------------------------------------------------------------
# A field's match list
# ---------------------------------------------------------------------------------------------


def _field(match_list: list[Any], value: Any, path: str) -> Mismatch | None:
    leaves = list(_leaves(value))
    for item in match_list:
        if _item_matches(item, leaves):
            return None
    return Mismatch(path, _why(match_list, value, leaves))


def _leaves(value: Any) -> Iterator[Any]:
    """The field's leaf values: itself, or the scalars of an array (nested arrays flattened)."""
    if value is _ABSENT or isinstance(value, dict):
        return
    if isinstance(value, list):
        for element in value:
            yield from _leaves(element)
        return
    yield value


def _item_matches(item: Any, leaves: list[Any]) -> bool:
    if not isinstance(item, dict):
        return any(_equal(item, leaf) for leaf in leaves)
    if len(item) != 1:
        return False
    ((name, operand),) = item.items()
    if name == "exists":
        return operand is (len(leaves) > 0)
    test = _FILTERS.get(name)
    if test is None:
        return False
    return any(test(operand, leaf) for leaf in leaves)


def _equal(expected: Any, actual: Any) -> bool:
    """Exact match: the same JSON type and value; numbers by their JSON text (300 is not 300.0)."""
    if _is_number(expected) or _is_number(actual):
        return _is_number(expected) and _is_number(actual) and _number_text(expected) == _number_text(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    return type(expected) is type(actual) and expected == actual


# ---------------------------------------------------------------------------------------------
# Content filters: each takes the filter's operand and one leaf value
# ---------------------------------------------------------------------------------------------


def _prefix(operand: Any, leaf: Any) -> bool:
    if not isinstance(leaf, str):
        return False
    if isinstance(operand, dict):
        text = operand.get("equals-ignore-case")
        return isinstance(text, str) and leaf.lower().startswith(text.lower())
    return isinstance(operand, str) and leaf.startswith(operand)


def _suffix(operand: Any, leaf: Any) -> bool:
    if not isinstance(leaf, str):
        return False
    if isinstance(operand, dict):
        text = operand.get("equals-ignore-case")
        return isinstance(text, str) and leaf.lower().endswith(text.lower())
    return isinstance(operand, str) and leaf.endswith(operand)


def _equals_ignore_case(operand: Any, leaf: Any) -> bool:
    return isinstance(leaf, str) and isinstance(operand, str) and leaf.lower() == operand.lower()


def _wildcard(operand: Any, leaf: Any) -> bool:
    return isinstance(leaf, str) and isinstance(operand, str) and wildcard_regex(operand).fullmatch(leaf) is not None


def _numeric(operand: Any, leaf: Any) -> bool:
    if not _is_number(leaf) or not isinstance(operand, list) or len(operand) % 2:
        return False
    for index in range(0, len(operand), 2):
        compare = _COMPARISONS.get(operand[index])
        bound = operand[index + 1]
        if compare is None or not _is_number(bound) or not compare(float(leaf), float(bound)):
            return False
    return True


_COMPARISONS: dict[Any, Callable[[float, float], bool]] = {
    "=": lambda value, bound: value == bound,
    "<": lambda value, bound: value < bound,
    "<=": lambda value, bound: value <= bound,
    ">": lambda value, bound: value > bound,
    ">=": lambda value, bound: value >= bound,
}


def _cidr(operand: Any, leaf: Any) -> bool:
    if not isinstance(leaf, str) or not isinstance(operand, str):
        return False
    try:
        network = ipaddress.ip_network(operand, strict=False)
        address = ipaddress.ip_address(leaf)
    except ValueError:
        return False
    return address.version == network.version and address in network


def _anything_but(operand: Any, leaf: Any) -> bool:
    if isinstance(operand, dict):
        if len(operand) != 1:
            return False
        ((name, excluded),) = operand.items()
        test = _EXCLUDABLE.get(name)
        if test is None:
            return False
        items = excluded if isinstance(excluded, list) else [excluded]
        return not any(test(item, leaf) for item in items)
    items = operand if isinstance(operand, list) else [operand]
    return not any(_equal(item, leaf) for item in items)


_EXCLUDABLE: dict[str, Callable[[Any, Any], bool]] = {
    "prefix": _prefix,
    "suffix": _suffix,
    "equals-ignore-case": _equals_ignore_case,
    "wildcard": _wildcard,
}

_FILTERS: dict[str, Callable[[Any, Any], bool]] = {
    **_EXCLUDABLE,
    "numeric": _numeric,
    "cidr": _cidr,
    "anything-but": _anything_but,
}


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


def _why(match_list: list[Any], value: Any, leaves: list[Any]) -> str:
    wanted = _wanted(match_list)
    if value is _ABSENT:
        return f"the event has no such field ({wanted})"
    if isinstance(value, dict):
        return f"is an object, and the pattern compares values ({wanted})"
    if not leaves:
        return f"is an empty array, which has no values to match ({wanted})"
    if _only_exists(match_list):
        return f"is {_text(value)}, and the pattern wants the field absent"
    if isinstance(value, list):
        return f"no element of {_text(value)} matches ({wanted})"
    return f"{_text(value)} {_verb(match_list)} {_json(match_list)}"


def _wanted(match_list: list[Any]) -> str:
    if _only_exists(match_list, True):
        return "the pattern wants it to exist"
    if _only_exists(match_list):
        return "the pattern wants it absent"
    return f"the pattern wants {'one of' if _all_exact(match_list) else 'a value matching'} {_json(match_list)}"


def _verb(match_list: list[Any]) -> str:
    return "is not one of" if _all_exact(match_list) else "matches none of"


def _all_exact(match_list: list[Any]) -> bool:
    return not any(isinstance(item, dict) for item in match_list)


def _only_exists(match_list: list[Any], wanted: bool | None = None) -> bool:
    return all(
        isinstance(item, dict) and "exists" in item and (wanted is None or item["exists"] is wanted)
        for item in match_list
    )


def _text(value: Any) -> str:
    text = _json(value)
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 3] + "..."


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_text(value: int | float) -> str:
    return json.dumps(value)
