"""The definition as the rules see it: scopes (the top level, each Parallel branch, each Map
processor) and the states inside them, each with its pointer and effective query language.

Built once per definition, without recursion, so a deeply nested definition cannot overflow the
stack; every rule then works from these flat lists.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sfndeploy.sourcemap import escape_token, pointer_join

JSONPATH = "JSONPath"
JSONATA = "JSONata"
TERMINAL_TYPES = frozenset({"Succeed", "Fail"})


# Scope and State are read-only views built once per definition; they are plain (not frozen)
# slotted classes because building them is on the validator's hot path.


@dataclass(eq=False, slots=True)
class Scope:
    """A set of states that transition among themselves: the top level, a branch, a processor."""

    pointer: str  # where {StartAt, States} sits: "", "/States/P/Branches/0", "/States/M/ItemProcessor"
    body: Any
    query_language: str  # inherited by its states unless a state overrides it
    parent: State | None = None
    kind: str = "top"  # top | branch | processor
    states: dict[str, State] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def start_at(self) -> Any:
        return self.body.get("StartAt") if isinstance(self.body, dict) else None

    @property
    def states_pointer(self) -> str:
        return self.pointer + "/States"

    def describe(self) -> str:
        if self.parent is None:
            return "the top level"
        if self.kind == "branch":
            return f"a branch of Parallel state '{self.parent.name}'"
        return f"the processor of Map state '{self.parent.name}'"


@dataclass(eq=False, slots=True)
class State:
    name: str
    pointer: str  # "/States/Name" or deeper
    body: Any  # a dict when well formed; rules must not assume it
    scope: Scope
    query_language: str
    type: Any = None  # the body's Type, when the body is an object
    fields: dict[str, Any] = field(default_factory=dict)  # the body when it is an object, else {}
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

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
    by_type: dict[str, list[State]] = field(default_factory=dict)
    by_field: dict[str, list[State]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def present(self) -> frozenset[str]:
        """Field names used by some state, ``Type:<T>`` for each state type, ``JSONata`` if any."""
        if "present" not in self.cache:
            tokens = set(self.by_field) | {f"Type:{state_type}" for state_type in self.by_type}
            if self.query_language == JSONATA or "QueryLanguage" in self.by_field:
                tokens.add(JSONATA)
            self.cache["present"] = frozenset(tokens)
        found: frozenset[str] = self.cache["present"]
        return found

    def states_of_type(self, *types: str) -> Iterator[State]:
        for state_type in types:
            yield from self.by_type.get(state_type, ())

    def states_with(self, *fields: str) -> list[State]:
        """The states that have at least one of ``fields`` (a cheap index: most rules need few states)."""
        names = self.by_field.keys() & fields if len(fields) > 1 else [n for n in fields if n in self.by_field]
        if len(names) <= 1:
            return self.by_field[next(iter(names))] if names else []
        unique: dict[int, State] = {}
        for name in names:
            for state in self.by_field[name]:
                unique.setdefault(id(state), state)
        return list(unique.values())


class _Cached(Protocol):
    @property
    def cache(self) -> dict[str, Any]: ...


C = TypeVar("C", bound=_Cached)
R = TypeVar("R")


def memoized(func: Callable[[C], R]) -> Callable[[C], R]:
    """Compute ``func(state_or_scope)`` once per definition: several rules ask the same question."""
    key = f"{func.__module__}.{func.__qualname__}"

    def wrapper(owner: C) -> R:
        cache = owner.cache
        if key not in cache:
            cache[key] = func(owner)
        result: R = cache[key]
        return result

    wrapper.__doc__ = func.__doc__
    wrapper.__name__ = func.__name__
    return wrapper


def _declared_language(body: Any, inherited: str) -> str:
    declared = body.get("QueryLanguage") if isinstance(body, dict) else None
    return declared if declared in (JSONPATH, JSONATA) else inherited


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
    by_type: dict[str, list[State]] = {}
    by_field: dict[str, list[State]] = {}
    pending = deque([Scope("", definition, top_language)])
    while pending:
        scope = pending.popleft()
        scopes.append(scope)
        body_states = scope.body.get("States") if isinstance(scope.body, dict) else None
        if not isinstance(body_states, dict):
            continue
        prefix = scope.pointer + "/States/"
        for name, body in body_states.items():
            fields = body if isinstance(body, dict) else {}
            language = _declared_language(fields, scope.query_language)
            state_type = fields.get("Type")
            pointer = prefix + (escape_token(name) if "~" in name or "/" in name else name)
            state = State(name, pointer, body, scope, language, state_type, fields)
            scope.states[name] = state
            states.append(state)
            if isinstance(state_type, str):
                by_type.setdefault(state_type, []).append(state)
            for key in fields:
                by_field.setdefault(key, []).append(state)
            pending.extend(_child_scopes(state, top_language))
    return DefinitionContext(definition, workflow_type, tuple(scopes), tuple(states), top_language, by_type, by_field)


@memoized
def compact_json(context: DefinitionContext) -> str | None:
    """The definition as compact JSON text, as it is sent to AWS; None when nested too deeply for json."""
    try:
        return json.dumps(context.definition, separators=(",", ":"), ensure_ascii=False)
    except RecursionError:
        return None


def jsonata_states(context: DefinitionContext) -> list[State]:
    """The states that use JSONata (none without a QueryLanguage field somewhere)."""
    if context.query_language == JSONATA:
        return [state for state in context.states if state.is_jsonata]
    return [state for state in context.states_with("QueryLanguage") if state.is_jsonata]
