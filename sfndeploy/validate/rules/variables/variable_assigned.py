"""Variables are assigned before they are read, where the transition graph shows it.

A variable is visible in the scope that assigns it and in the branches and processors nested
below; a state sees the assignments of the states that can run before it. A reference found in
a JSONata expression is a heuristic (the name may be bound inside the expression), so it is a
warning; a JSONPath reference is exact.
"""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import VARIABLE_READ, DefinitionContext, Scope, State
from sfndeploy.validate.diagnostics import ERROR, WARNING
from sfndeploy.validate.graph import successors
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.variables import assigned_names, references


class _Visibility:
    """Which variables can be assigned before a state runs; computed lazily and cached."""

    def __init__(self) -> None:
        self._before: dict[int, set[str]] = {}
        self._anywhere: dict[int, set[str]] = {}
        self._predecessors: dict[int, dict[str, set[str]]] = {}

    def anywhere(self, scope: Scope) -> set[str]:
        """Assigned anywhere in ``scope`` or the scopes enclosing it."""
        key = id(scope)
        if key not in self._anywhere:
            names = set().union(*(assigned_names(s) for s in scope.states.values()))
            if scope.parent is not None:
                names |= self.anywhere(scope.parent.scope)
            self._anywhere[key] = names
        return self._anywhere[key]

    def before(self, state: State) -> set[str]:
        """Assigned by some state that can run before ``state`` (here or in enclosing scopes)."""
        key = id(state)
        if key not in self._before:
            names: set[str] = set()
            for name in self._runs_before(state):
                names |= assigned_names(state.scope.states[name])
            if state.scope.parent is not None:
                names |= self.before(state.scope.parent)
            self._before[key] = names
        return self._before[key]

    def _runs_before(self, state: State) -> set[str]:
        incoming = self._incoming(state.scope)
        seen: set[str] = set()
        stack = list(incoming.get(state.name, ()))
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(incoming.get(name, ()))
        return seen

    def _incoming(self, scope: Scope) -> dict[str, set[str]]:
        key = id(scope)
        if key not in self._predecessors:
            incoming: dict[str, set[str]] = {}
            for source in scope.states.values():
                for target in successors(source):
                    incoming.setdefault(target, set()).add(source.name)
            self._predecessors[key] = incoming
        return self._predecessors[key]


@rule(
    "variable-assigned",
    code="VARIABLE_NOT_ASSIGNED",
    severity=ERROR,
    summary="Every variable read ($name) is assigned in a visible scope, by a state that can run before.",
    triggers=(VARIABLE_READ,),  # no string with "$name" anywhere: nothing reads a variable
)
def variable_assigned(context: DefinitionContext) -> Iterator[Finding]:
    visibility = _Visibility()
    for state in context.states:
        for reference in references(state):
            name = reference.name
            if name not in visibility.anywhere(state.scope):
                yield Finding(
                    reference.pointer,
                    f"variable '${name}' is never assigned where state '{state.name}' can see it; "
                    "assign it with Assign in this scope or an enclosing one",
                    severity=ERROR if reference.exact else WARNING,
                )
            elif name not in visibility.before(state):
                yield Finding(
                    reference.pointer,
                    f"variable '${name}' is only assigned by states that cannot run before '{state.name}'",
                    code="VARIABLE_ASSIGNED_LATER",
                    severity=WARNING,
                )
