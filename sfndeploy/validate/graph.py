"""The transition graph of a scope: which state can follow which (Next, Default, Choices, Catch)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import TERMINAL_TYPES, Scope, State

KNOWN_TYPES = frozenset({"Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"})
NEEDS_TRANSITION = frozenset({"Pass", "Task", "Wait", "Parallel", "Map"})


def transitions(state: State) -> Iterator[tuple[str, str]]:
    """(pointer of the field, target name) for every transition written in ``state``."""
    next_name = state.get("Next")
    if isinstance(next_name, str):
        yield state.at("Next"), next_name
    default = state.get("Default")
    if state.type == "Choice" and isinstance(default, str):
        yield state.at("Default"), default
    choices = state.get("Choices")
    if state.type == "Choice" and isinstance(choices, list):
        for index, choice in enumerate(choices):
            if isinstance(choice, dict) and isinstance(choice.get("Next"), str):
                yield state.at("Choices", index, "Next"), choice["Next"]
    catchers = state.get("Catch")
    if isinstance(catchers, list):
        for index, catcher in enumerate(catchers):
            if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
                yield state.at("Catch", index, "Next"), catcher["Next"]


def targets(state: State) -> tuple[str, ...]:
    """Every state name ``state`` can transition to, existing or not (``transitions`` without pointers)."""
    return state.targets


def edges(scope: Scope) -> dict[str, tuple[str, ...]]:
    """For every state of ``scope``, the existing states it can transition to (computed once)."""
    found = scope.edges
    if found is None:
        names = scope.states
        if scope.missing_target:
            found = {name: tuple(t for t in state.targets if t in names) for name, state in names.items()}
        else:
            found = {name: state.targets for name, state in names.items()}
        scope.edges = found
    return found


def successors(state: State) -> tuple[str, ...]:
    """The existing states ``state`` can transition to."""
    return edges(state.scope)[state.name]


def is_terminal(state: State) -> bool:
    return state.type in TERMINAL_TYPES or (state.get("End") is True and state.get("Next") is None)


def _dangles(state: State) -> bool:
    """A transition is missing or points nowhere: other rules report it, so do not guess here."""
    if not isinstance(state.body, dict) or state.type not in KNOWN_TYPES:
        return True
    if state.type in NEEDS_TRANSITION and state.get("Next") is None and state.get("End") is not True:
        return True
    return state.scope.missing_target and len(successors(state)) != len(state.targets)


def _ends_or_dangles(state: State) -> bool:
    """``is_terminal(state) or _dangles(state)``, in one look at the fields."""
    state_type = state.type
    if state_type == "Succeed" or state_type == "Fail" or state_type not in KNOWN_TYPES:
        return True
    fields = state.fields
    following = fields.get("Next")
    if following is None and (fields.get("End") is True or state_type in NEEDS_TRANSITION):
        return True  # ends, or has neither Next nor End: true
    return state.scope.missing_target and len(successors(state)) != len(state.targets)


def reachable(scope: Scope) -> frozenset[str]:
    """Names of the states reachable from the scope's StartAt (computed once)."""
    found = scope.reachable
    if found is None:
        found = scope.reachable = _reachable(scope)
    return found


def _reachable(scope: Scope) -> frozenset[str]:
    start = scope.start_at
    states = scope.states
    if start is None or start not in states:
        return frozenset()
    graph = edges(scope) if scope.missing_target else None  # without missing targets, targets are edges
    seen = {start}
    stack = [start]
    while stack:
        name = stack.pop()
        for target in graph[name] if graph is not None else states[name].targets:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return frozenset(seen)


def can_finish(scope: Scope) -> frozenset[str]:
    """Names of the states from which some path reaches a terminal state (computed once).

    A state with a transition to a missing state counts as finishing: that transition is
    reported on its own, and guessing where it was meant to go would only add noise.
    """
    found = scope.finishing
    if found is None:
        found = scope.finishing = _can_finish(scope)
    return found


def _can_finish(scope: Scope) -> frozenset[str]:
    states = scope.states
    done = {name for name, state in states.items() if _ends_or_dangles(state)}
    if len(done) == len(states):
        return frozenset(done)
    graph = edges(scope) if scope.missing_target else {name: state.targets for name, state in states.items()}
    predecessors: dict[str, list[str]] = {name: [] for name in states}
    for source, followers in graph.items():
        for target in followers:
            predecessors[target].append(source)
    stack = list(done)
    while stack:
        for source in predecessors[stack.pop()]:
            if source not in done:
                done.add(source)
                stack.append(source)
    return frozenset(done)


def strongly_connected(scope: Scope, names: frozenset[str] | set[str]) -> list[list[str]]:
    """Strongly connected components of the subgraph on ``names`` (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in (name for name in scope.states if name in names):
        if root in index:
            continue
        work = [(root, iter([t for t in successors(scope.states[root]) if t in names]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter([t for t in successors(scope.states[child]) if t in names])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components
