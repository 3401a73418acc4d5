"""The value of each comparison operator has the operator's type."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import COMPARISON_OPERATORS, PATH_OPERATORS, choice_rules


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool)


def expected_type(operator: str) -> tuple[str, Any]:
    """(words, test) for the value of ``operator``."""
    if operator.endswith("Path") or operator.startswith(("String", "Timestamp")):
        return "a string", _is_string
    if operator.startswith("Numeric"):
        return "a number", _is_number
    return "true or false", _is_boolean


EXPECTED = {operator: expected_type(operator) for operator in (*COMPARISON_OPERATORS, *PATH_OPERATORS)}
OPERATORS = frozenset(EXPECTED)


@rule(
    "choice-value-type",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="String/Timestamp values are strings, Numeric numbers, Boolean and Is* booleans, *Path paths.",
    triggers=("Type:Choice",),
)
def choice_value_type(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Choice"):
        if state.is_jsonata:
            continue
        for current in choice_rules(state):
            if not isinstance(current.body, dict):
                continue
            for operator in current.body.keys() & OPERATORS:
                words, test = EXPECTED[operator]
                value = current.body[operator]
                if not test(value):
                    yield Finding(
                        pointer_join(current.pointer, operator),
                        f"{operator} compares with {words}, not {json.dumps(value)}",
                    )
