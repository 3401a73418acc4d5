"""Warn about loops that no path leaves (they run until the execution times out)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.graph import can_finish, reachable, strongly_connected, successors
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "endless-loop",
    code="ENDLESS_LOOP",
    severity=WARNING,
    summary="A loop of states with no transition leading out of it never ends.",
)
def endless_loop(context: DefinitionContext) -> Iterator[Finding]:
    for scope in context.scopes:
        finishing = can_finish(scope)
        if not finishing & reachable(scope):
            continue  # missing-end-state already reports the scope
        trapped = reachable(scope) - finishing
        if not trapped:
            continue
        for component in strongly_connected(scope, trapped):
            first = scope.states[component[-1]]
            if len(component) == 1 and first.name not in successors(first):
                continue
            names = ", ".join(f"'{name}'" for name in reversed(component))
            yield Finding(
                first.pointer,
                f"states {names} loop with no way out; add a Choice that leaves the loop, or an End",
            )
