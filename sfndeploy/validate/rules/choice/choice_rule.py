"""Each Choice rule has exactly one comparison (or And/Or/Not), a Variable, and Next at the top."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.asl.jsonata_templates import is_jsonata_template
from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import DefinitionContext, State
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import (
    BOOLEAN_OPERATORS,
    COMPARISON_OPERATORS,
    PATH_OPERATORS,
    ChoiceRule,
    choice_rules,
)

OPERATORS = frozenset(COMPARISON_OPERATORS) | frozenset(PATH_OPERATORS) | frozenset(BOOLEAN_OPERATORS)
JSONATA_FIELDS = frozenset({"Condition", "Next", "Comment", "Assign", "Output"})
ALLOWED_NESTED = OPERATORS | {"Variable", "Comment"}
ALLOWED_TOP = ALLOWED_NESTED | {"Next", "Assign"}


@rule(
    "choice-rule",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="A Choice rule has one comparison operator (or And/Or/Not), its Variable, and Next only at the top.",
    triggers=("Type:Choice",),
)
def choice_rule(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Choice"):
        for current in choice_rules(state):
            if not isinstance(current.body, dict):
                yield Finding(current.pointer, "a Choice rule must be an object")
            elif state.is_jsonata:
                yield from _jsonata_rule(state, current)
            else:
                yield from _jsonpath_rule(current)


def _jsonata_rule(state: State, current: ChoiceRule) -> Iterator[Finding]:
    for key in current.body:
        if key not in JSONATA_FIELDS:
            hint = " (JSONata Choice rules use Condition)" if key in OPERATORS or key == "Variable" else ""
            yield Finding(
                pointer_join(current.pointer, key), f"field '{key}' is not allowed in a JSONata Choice rule{hint}"
            )
    condition = current.body.get("Condition")
    if "Condition" not in current.body:
        yield Finding(current.pointer, f"a Choice rule of JSONata state '{state.name}' needs a Condition")
    elif not isinstance(condition, bool) and not is_jsonata_template(condition):
        yield Finding(
            pointer_join(current.pointer, "Condition"),
            "Condition must be a JSONata expression '{% ... %}' (or true/false)",
        )
    if "Next" not in current.body:
        yield Finding(current.pointer, "a Choice rule needs Next")


def _jsonpath_rule(current: ChoiceRule) -> Iterator[Finding]:
    body = current.body
    operators = [key for key in body if key in OPERATORS]
    allowed = ALLOWED_TOP if current.top_level else ALLOWED_NESTED
    for key in body:
        if key not in allowed:
            why = "only a top-level Choice rule has Next and Assign" if key in ("Next", "Assign") else "unknown field"
            yield Finding(pointer_join(current.pointer, key), f"field '{key}' is not allowed here ({why})")
    if current.top_level and "Next" not in body:
        yield Finding(current.pointer, "a Choice rule needs Next")
    if not operators:
        yield Finding(current.pointer, "a Choice rule needs one comparison operator (e.g. StringEquals) or And/Or/Not")
        return
    if len(operators) > 1:
        yield Finding(
            pointer_join(current.pointer, operators[1]),
            f"a Choice rule has exactly one operator, this one has {', '.join(operators)}; combine them with And",
        )
        return
    operator = operators[0]
    if operator in BOOLEAN_OPERATORS:
        yield from _boolean_operator(current, operator)
    elif "Variable" not in body:
        yield Finding(current.pointer, f"the {operator} rule needs a Variable (the path to compare)")
    elif "Variable" in body and not isinstance(body["Variable"], str):
        yield Finding(pointer_join(current.pointer, "Variable"), 'Variable must be a path string such as "$.status"')


def _boolean_operator(current: ChoiceRule, operator: str) -> Iterator[Finding]:
    value = current.body[operator]
    where = pointer_join(current.pointer, operator)
    if "Variable" in current.body:
        yield Finding(pointer_join(current.pointer, "Variable"), f"a rule with {operator} has no Variable of its own")
    if operator == "Not" and not isinstance(value, dict):
        yield Finding(where, "Not must hold one Choice rule (an object)")
    elif operator != "Not" and (not isinstance(value, list) or not value):
        yield Finding(where, f"{operator} must hold a non-empty array of Choice rules")
