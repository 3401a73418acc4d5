"""A Map state has exactly one of ItemProcessor and the older Iterator."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "map-processor",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="A Map state has an ItemProcessor (or the legacy Iterator), not both.",
    triggers=("Type:Map",),
)
def map_processor(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Map"):
        has_processor, has_iterator = state.get("ItemProcessor") is not None, state.get("Iterator") is not None
        if has_processor and has_iterator:
            yield Finding(
                state.at("Iterator"),
                f"Map state '{state.name}' has both ItemProcessor and Iterator; keep only ItemProcessor",
            )
        elif not has_processor and not has_iterator:
            yield Finding(state.pointer, f"Map state '{state.name}' needs an ItemProcessor with StartAt and States")
