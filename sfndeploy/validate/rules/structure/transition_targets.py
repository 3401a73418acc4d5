"""Next, Default, Choices[].Next and Catch[].Next name a state of the same scope.

A Parallel branch or Map processor cannot jump out to the enclosing states, and the outside
cannot jump into them.
"""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.suggest import closest
from sfndeploy.validate.context import MISSING_TARGET, DefinitionContext, Scope, State
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.graph import successors, transitions
from sfndeploy.validate.rules.base import Finding, rule


def missing_target_message(field: str, target: str, scope: Scope, context: DefinitionContext) -> str:
    elsewhere = next((s for s in context.states if s.name == target and s.scope is not scope), None)
    if elsewhere is not None:
        return (
            f"{field} '{target}' is a state of {elsewhere.scope.describe()}, not of {scope.describe()}; "
            "transitions cannot cross into or out of a Parallel branch or Map processor"
        )
    message = f"{field} '{target}' does not name a state in {scope.describe()}"
    close = closest(target, scope.states)
    return message + (f" (did you mean '{close}'?)" if close else "")


@rule(
    "transition-target",
    code="MISSING_TRANSITION_TARGET",
    severity=ERROR,
    summary="Every Next, Default, Choices[].Next and Catch[].Next names a state of the same scope.",
    triggers=(MISSING_TARGET,),
)
def transition_target(context: DefinitionContext) -> Iterator[Finding]:
    for scope in context.scopes:
        if not scope.missing_target:
            continue  # every target of every state exists
        for state in scope.states.values():
            yield from _missing_targets(state, context)


def _missing_targets(state: State, context: DefinitionContext) -> Iterator[Finding]:
    if len(successors(state)) != len(state.targets):
        for pointer, target in transitions(state):
            if target not in state.scope.states:
                field = pointer.rsplit("/", 1)[-1]
                yield Finding(pointer, missing_target_message(field, target, state.scope, context))
