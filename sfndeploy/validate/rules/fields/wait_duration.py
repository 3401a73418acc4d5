"""A Wait state has exactly one of Seconds, SecondsPath, Timestamp and TimestampPath."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule

DURATION_FIELDS = ("Seconds", "SecondsPath", "Timestamp", "TimestampPath")


@rule(
    "wait-duration",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="A Wait state has exactly one of Seconds, SecondsPath, Timestamp, TimestampPath.",
    triggers=("Type:Wait",),
)
def wait_duration(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Wait"):
        given = [field for field in DURATION_FIELDS if field in state.body]
        if not given:
            yield Finding(state.pointer, f"Wait state '{state.name}' needs one of {', '.join(DURATION_FIELDS)}")
        elif len(given) > 1:
            yield Finding(
                state.at(given[1]),
                f"Wait state '{state.name}' has {' and '.join(given)}; give exactly one duration",
            )
