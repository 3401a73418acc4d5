"""StartAt names a state of its own scope."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.rules.structure.transition_targets import missing_target_message


@rule(
    "start-at-target",
    code="MISSING_TRANSITION_TARGET",
    severity=ERROR,
    summary="StartAt of the definition, of each Parallel branch and of each Map processor names a state in it.",
)
def start_at_target(context: DefinitionContext) -> Iterator[Finding]:
    for scope in context.scopes:
        start = scope.start_at
        if isinstance(start, str) and isinstance(scope.body.get("States"), dict) and start not in scope.states:
            yield Finding(
                pointer_join(scope.pointer, "StartAt"), missing_target_message("StartAt", start, scope, context)
            )
