"""A non-terminal state has exactly one of Next and End."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule

NEEDS_TRANSITION = ("Pass", "Task", "Wait", "Parallel", "Map")


@rule(
    "next-or-end",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Pass, Task, Wait, Parallel and Map states have either Next or End: true, not both.",
)
def next_or_end(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type(*NEEDS_TRANSITION):
        has_next, end = state.get("Next") is not None, state.get("End")
        if has_next and end is not None:
            yield Finding(state.at("End"), f"state '{state.name}' has both Next and End; keep one of them")
        elif not has_next and end is not True:
            pointer = state.at("End") if end is not None else state.pointer
            yield Finding(pointer, f"state '{state.name}' needs a Next state or \"End\": true")
