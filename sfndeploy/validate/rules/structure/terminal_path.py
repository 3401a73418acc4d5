"""Some path from StartAt reaches a terminal state (Succeed, Fail or End: true)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.graph import can_finish, reachable
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "missing-end-state",
    code="MISSING_END_STATE",
    severity=ERROR,
    summary="Each scope has a terminal state that some path from StartAt reaches.",
)
def missing_end_state(context: DefinitionContext) -> Iterator[Finding]:
    for scope in context.scopes:
        if not scope.states:
            continue
        start = scope.start_at
        if start not in scope.states:
            continue
        if not reachable(scope) & can_finish(scope):
            yield Finding(
                scope.states_pointer,
                f"no path from StartAt '{start}' in {scope.describe()} reaches a terminal state; "
                'end a state with "End": true or a Succeed or Fail state',
            )
