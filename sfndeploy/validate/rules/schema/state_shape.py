"""Each state matches the schema of its Type in its query language."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.schema import state_errors, state_is_valid


@rule(
    "state-shape",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Every state has a known Type and only the fields that Type allows in its query language.",
)
def state_shape(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states:
        if state_is_valid(state.body, state.type, state.query_language):
            continue
        for pointer, message in state_errors(state.body, state.pointer, state.query_language):
            yield Finding(pointer, message)
