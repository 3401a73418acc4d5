"""Every state is reachable from StartAt through Next, Default, Choices and Catch."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.graph import reachable
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "unreachable-state",
    code="UNREACHABLE_STATE",
    severity=ERROR,
    summary="Every state can be reached from its scope's StartAt through the transition graph.",
)
def unreachable_state(context: DefinitionContext) -> Iterator[Finding]:
    for scope in context.scopes:
        if scope.start_at not in scope.states:
            continue  # start-at-target reports that; everything would be unreachable
        seen = reachable(scope)
        if len(seen) == len(scope.states):
            continue
        for name, state in scope.states.items():
            if name not in seen:
                yield Finding(
                    state.pointer,
                    f"state '{name}' cannot be reached from StartAt '{scope.start_at}' in {scope.describe()}; "
                    "add a transition to it or remove it",
                )
