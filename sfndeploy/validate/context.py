"""The definition as the rules see it: scopes (the top level, each Parallel branch, each Map
processor) and the states inside them, each with its pointer and effective query language.

Built once per definition, without recursion, so a deeply nested definition cannot overflow the
stack; every rule then works from these flat lists.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.sourcemap import pointer_join

JSONPATH = "JSONPath"
JSONATA = "JSONata"
TERMINAL_TYPES = frozenset({"Succeed", "Fail"})


@dataclass(frozen=True, eq=False)
class Scope:
    """A set of states that transition among themselves: the top level, a branch, a processor."""

    pointer: str  # where {StartAt, States} sits: "", "/States/P/Branches/0", "/States/M/ItemProcessor"
    body: Any
    query_language: str  # inherited by its states unless a state overrides it
    parent: State | None = None
    kind: str = "top"  # top | branch | processor
    states: dict[str, State] = field(default_factory=dict)

    @property
    def start_at(self) -> Any:
        return self.body.get("StartAt") if isinstance(self.body, dict) else None

    @property
    def states_pointer(self) -> str:
        return pointer_join(self.pointer, "States")

    def describe(self) -> str:
        if self.parent is None:
            return "the top level"
        if self.kind == "branch":
            return f"a branch of Parallel state '{self.parent.name}'"
        return f"the processor of Map state '{self.parent.name}'"


@dataclass(frozen=True, eq=False)
class State:
    name: str
    pointer: str  # "/States/Name" or deeper
    body: Any  # a dict when well formed; rules must not assume it
    scope: Scope
    query_language: str

    @property
    def type(self) -> Any:
        return self.body.get("Type") if isinstance(self.body, dict) else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.body.get(key, default) if isinstance(self.body, dict) else default

    def at(self, *tokens: str | int) -> str:
        return pointer_join(self.pointer, *tokens)

    @property
    def is_jsonata(self) -> bool:
        return self.query_language == JSONATA


@dataclass(frozen=True, eq=False)
class DefinitionContext:
    definition: Any
    workflow_type: str
    scopes: tuple[Scope, ...]
    states: tuple[State, ...]
    query_language: str

    def states_of_type(self, *types: str) -> Iterator[State]:
        return (state for state in self.states if state.type in types)


def _declared_language(body: Any, inherited: str) -> str:
    if isinstance(body, dict) and body.get("QueryLanguage") in (JSONPATH, JSONATA):
        return str(body["QueryLanguage"])
    return inherited


def _child_scopes(state: State, language: str) -> Iterator[Scope]:
    """The branches of a Parallel and the processor of a Map.

    A state without its own QueryLanguage uses the top level's, also inside a branch or processor.
    """
    if state.type == "Parallel":
        branches = state.get("Branches")
        if isinstance(branches, list):
            for index, branch in enumerate(branches):
                yield Scope(state.at("Branches", index), branch, language, state, "branch")
    elif state.type == "Map":
        for key in ("ItemProcessor", "Iterator"):
            processor = state.get(key)
            if processor is not None:
                yield Scope(state.at(key), processor, language, state, "processor")


def build_context(definition: Any, workflow_type: str = "STANDARD") -> DefinitionContext:
    top_language = _declared_language(definition, JSONPATH)
    if not isinstance(definition, dict):
        return DefinitionContext(definition, workflow_type, (), (), top_language)
    scopes: list[Scope] = []
    states: list[State] = []
    pending = deque([Scope("", definition, top_language)])
    while pending:
        scope = pending.popleft()
        scopes.append(scope)
        body_states = scope.body.get("States") if isinstance(scope.body, dict) else None
        if not isinstance(body_states, dict):
            continue
        for name, body in body_states.items():
            language = _declared_language(body, scope.query_language)
            state = State(name, pointer_join(scope.states_pointer, name), body, scope, language)
            scope.states[name] = state
            states.append(state)
            pending.extend(_child_scopes(state, top_language))
    return DefinitionContext(definition, workflow_type, tuple(scopes), tuple(states), top_language)
