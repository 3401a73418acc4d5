"""Every {% %} expression of a JSONata state parses."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.asl.jsonata_templates import is_jsonata_template, jsonata_expression
from sfndeploy.validate.context import DefinitionContext, jsonata_states
from sfndeploy.validate.diagnostics import ERROR, WARNING
from sfndeploy.validate.quick import is_plain_jsonata
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import NESTED_STATE_KEYS, strings_in


def jsonata_problem(template: str) -> str | None:
    """Why a '{% ... %}' string does not parse, or None."""
    expression = jsonata_expression(template)
    if is_plain_jsonata(expression):
        return None
    from sfndeploy.asl.jsonata import JsonataSyntaxError, compile_jsonata  # the engine, only for an expression to parse

    try:
        compile_jsonata(expression)
    except JsonataSyntaxError as error:
        return f"{error.code}: {error.message} (position {error.position})"
    return None


@rule(
    "jsonata-syntax",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Every '{% ... %}' string of a JSONata state is a JSONata expression that parses.",
    triggers=("JSONata",),
)
def jsonata_syntax(context: DefinitionContext) -> Iterator[Finding]:
    for state in jsonata_states(context):
        for pointer, text in strings_in(state.body, state.pointer, NESTED_STATE_KEYS):
            if is_jsonata_template(text):
                problem = jsonata_problem(text)
                if problem:
                    yield Finding(pointer, f"invalid JSONata expression '{_short(text)}': {problem}")
            elif text.lstrip().startswith("{%"):
                yield Finding(
                    pointer,
                    f"'{_short(text)}' is used as a literal string: a JSONata expression is exactly '{{% ... %}}'",
                    code="JSONATA_NOT_AN_EXPRESSION",
                    severity=WARNING,
                )


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
