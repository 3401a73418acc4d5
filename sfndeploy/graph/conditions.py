"""Choice rules as short readable conditions, for edge labels: ``$.total > 100 and $.vip == true``."""

from __future__ import annotations

import json
from typing import Any

MAX_LABEL = 60

_OPERATORS = {
    "Equals": "==",
    "LessThan": "<",
    "GreaterThan": ">",
    "LessThanEquals": "<=",
    "GreaterThanEquals": ">=",
}
_KINDS = ("String", "Numeric", "Boolean", "Timestamp")
_TYPE_TESTS = {
    "IsPresent": "present",
    "IsNull": "null",
    "IsString": "a string",
    "IsNumeric": "a number",
    "IsBoolean": "a boolean",
    "IsTimestamp": "a timestamp",
}


def condition_text(rule: Any) -> str:
    """The rule as one line, cut to :data:`MAX_LABEL` characters."""
    return clip(_describe(rule))


def clip(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(rule: Any) -> str:
    if not isinstance(rule, dict):
        return "?"
    if isinstance(rule.get("Condition"), str):
        return _jsonata(rule["Condition"])
    if isinstance(rule.get("And"), list):
        return " and ".join(_grouped(r) for r in rule["And"])
    if isinstance(rule.get("Or"), list):
        return " or ".join(_grouped(r) for r in rule["Or"])
    if "Not" in rule:
        return f"not {_grouped(rule['Not'])}"
    return _comparison(rule)


def _grouped(rule: Any) -> str:
    text = _describe(rule)
    compound = isinstance(rule, dict) and any(key in rule for key in ("And", "Or"))
    return f"({text})" if compound else text


def _jsonata(expression: str) -> str:
    text = expression.strip()
    if text.startswith("{%") and text.endswith("%}"):
        text = text[2:-2].strip()
    return text


def _comparison(rule: dict[str, Any]) -> str:
    variable = str(rule.get("Variable", "?"))
    for key, value in rule.items():
        if key in _TYPE_TESTS:
            verb = "is" if value is True else "is not"
            return f"{variable} {verb} {_TYPE_TESTS[key]}"
        if key == "StringMatches":
            return f"{variable} matches {json.dumps(value)}"
        found = _operator(key)
        if found is not None:
            operator, is_path = found
            operand = str(value) if is_path else json.dumps(value, ensure_ascii=False)
            return f"{variable} {operator} {operand}"
    return variable


def _operator(key: str) -> tuple[str, bool] | None:
    is_path = key.endswith("Path")
    base = key[:-4] if is_path else key
    for kind in _KINDS:
        if base.startswith(kind) and base[len(kind) :] in _OPERATORS:
            return _OPERATORS[base[len(kind) :]], is_path
    return None
