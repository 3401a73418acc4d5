"""Lint: a Task without TimeoutSeconds waits up to the execution's limit (a year for STANDARD)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "task-timeout",
    code="TASK_NO_TIMEOUT",
    severity=WARNING,
    summary="Every Task sets TimeoutSeconds (or TimeoutSecondsPath).",
    triggers=("Type:Task",),
)
def task_timeout(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Task"):
        if state.get("TimeoutSeconds") is None and state.get("TimeoutSecondsPath") is None:
            yield Finding(
                state.pointer,
                f"Task state '{state.name}' has no TimeoutSeconds; a stuck call would wait until the execution "
                "times out. Set TimeoutSeconds",
            )
