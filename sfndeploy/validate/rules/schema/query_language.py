"""A state cannot go back to JSONPath when the top level is JSONata."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import JSONATA, JSONPATH, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "query-language-downgrade",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="With QueryLanguage JSONata at the top level, no state may set QueryLanguage to JSONPath.",
    triggers=("QueryLanguage",),
)
def query_language_downgrade(context: DefinitionContext) -> Iterator[Finding]:
    if context.query_language != JSONATA:
        return
    for state in context.states_with("QueryLanguage"):
        if state.get("QueryLanguage") == JSONPATH:
            yield Finding(
                state.at("QueryLanguage"),
                f"state '{state.name}' sets QueryLanguage to JSONPath but the top level is JSONata; "
                "a state can only move from JSONPath to JSONata (remove it or rewrite the state in JSONata)",
            )
