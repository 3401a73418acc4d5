"""The top level of the definition matches the States Language schema."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.schema import top_level_errors


@rule(
    "definition-shape",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="The definition is an object with StartAt, States and only known top-level fields.",
)
def definition_shape(context: DefinitionContext) -> Iterator[Finding]:
    if not isinstance(context.definition, dict):
        yield Finding("", "the definition must be a JSON object with StartAt and States")
        return
    for pointer, message in top_level_errors(context.definition):
        yield Finding(pointer, message)
