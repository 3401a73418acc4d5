"""The definition as the rules see it: scopes (the top level, each Parallel branch, each Map
processor) and the states inside them, each with its pointer and effective query language.

Built once per definition, without recursion, so a deeply nested definition cannot overflow the
stack; every rule then works from these flat lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sfndeploy.sourcemap import escape_token

JSONPATH = "JSONPath"
JSONATA = "JSONata"
TERMINAL_TYPES = frozenset({"Succeed", "Fail"})


# Scope and State are read-only views built once per definition; they are plain (not frozen)
# slotted classes because building them is on the validator's hot path.


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """``sourcemap.pointer_join``, quicker for the usual tokens (names without '~' or '/', indexes)."""
    for token in tokens:
        text = token if type(token) is str else str(token)
        if "~" in text or "/" in text:
            text = escape_token(text)
        pointer = f"{pointer}/{text}"
    return pointer


@dataclass(eq=False, slots=True)
class Scope:
    """A set of states that transition among themselves: the top level, a branch, a processor."""

    pointer: str  # where {StartAt, States} sits: "", "/States/P/Branches/0", "/States/M/ItemProcessor"
    body: Any
    query_language: str  # inherited by its states unless a state overrides it
    parent: State | None = None
    kind: str = "top"  # top | branch | processor
    states: dict[str, State] = field(default_factory=dict)
    # Some state names a transition target that is not a state of this scope.
    missing_target: bool = False
    # The transition graph and what is derived from it, filled in by sfndeploy.validate.graph.
    edges: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)
    reachable: frozenset[str] | None = field(default=None, repr=False)
    finishing: frozenset[str] | None = field(default=None, repr=False)

    @property
    def start_at(self) -> str | None:
        """The StartAt name, None when missing or not a string (the schema reports that)."""
        start = self.body.get("StartAt") if isinstance(self.body, dict) else None
        return start if isinstance(start, str) else None

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
    type: str | None = None  # the body's Type, when the body is an object and its Type a string
    fields: dict[str, Any] = field(default_factory=dict)  # the body when it is an object, else {}
    targets: tuple[str, ...] = ()  # every state name it can transition to, existing or not
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def at(self, *tokens: str | int) -> str:
        return join_pointer(self.pointer, *tokens)

    @property
    def is_jsonata(self) -> bool:
        return self.query_language == JSONATA


_TYPE_TOKENS = {
    state_type: f"Type:{state_type}"
    for state_type in ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
}


class DefinitionContext:
    """The index the rules consume, built by one walk of the definition (:func:`build_context`).

    Besides the scopes and states: which states have which field or Type (``by_field``,
    ``by_type``), an upper bound of the definition's compact JSON size, and the tokens rule
    triggers match (``present``), so that rules with nothing to look at cost nothing.
    A plain slotted class for the same reason as State: it is built once per definition.
    """

    __slots__ = (
        "by_field",
        "by_type",
        "cache",
        "definition",
        "present",
        "query_language",
        "scopes",
        "size_bound",
        "states",
        "workflow_type",
    )

    def __init__(
        self,
        definition: Any,
        workflow_type: str,
        scopes: tuple[Scope, ...],
        states: tuple[State, ...],
        query_language: str,
        by_type: dict[str, list[State]] | None = None,
        by_field: dict[str, list[State]] | None = None,
        extra_tokens: frozenset[str] = frozenset(),
        size_bound: int | None = None,
    ) -> None:
        self.definition = definition
        self.workflow_type = workflow_type
        self.scopes = scopes
        self.states = states
        self.query_language = query_language
        self.by_type: dict[str, list[State]] = by_type if by_type is not None else {}
        self.by_field: dict[str, list[State]] = by_field if by_field is not None else {}
        #: Field names used by some state, ``Type:<T>`` for each state type, ``JSONata`` if any
        #: state may use JSONata, and the tokens of the value scan: what rule triggers match.
        tokens = set(self.by_field)
        tokens.update(extra_tokens)
        for state_type in self.by_type:
            tokens.add(_TYPE_TOKENS.get(state_type) or f"Type:{state_type}")
        if query_language == JSONATA or "QueryLanguage" in tokens:
            tokens.add(JSONATA)
        self.present = frozenset(tokens)
        #: At least the size of the definition as compact UTF-8 JSON; None when it holds values
        #: that are not plain JSON data (then only serialising tells).
        self.size_bound = size_bound
        self.cache: dict[Any, Any] = {}

    def states_of_type(self, *types: str) -> Sequence[State]:
        """The states of these Types, type by type."""
        by_type = self.by_type
        if len(types) == 1:
            return by_type.get(types[0], ())
        return [state for state_type in types for state in by_type.get(state_type, ())]

    def states_with(self, *fields: str) -> list[State]:
        """The states that have at least one of ``fields`` (a cheap index: most rules need few states)."""
        found = self.cache.get(fields)  # several rules ask for the same fields
        if found is None:
            found = self.cache[fields] = self._states_with(fields)
        return found

    def _states_with(self, fields: tuple[str, ...]) -> list[State]:
        by_field = self.by_field
        if len(fields) == 1:
            return by_field.get(fields[0], [])
        found = [by_field[name] for name in fields if name in by_field]
        if len(found) <= 1:
            return found[0] if found else []
        unique: dict[int, State] = {}
        for states in found:
            for state in states:
                unique.setdefault(id(state), state)
        return list(unique.values())


class _Cached(Protocol):
    @property
    def cache(self) -> dict[str, Any]: ...


C = TypeVar("C", bound=_Cached)
R = TypeVar("R")


_MISSING = object()


def memoized(func: Callable[[C], R]) -> Callable[[C], R]:
    """Compute ``func(state)`` once per definition: several rules ask the same question."""
    key = f"{func.__module__}.{func.__qualname__}"

    def wrapper(owner: C) -> R:
        cache = owner.cache
        result: Any = cache.get(key, _MISSING)
        if result is _MISSING:
            result = cache[key] = func(owner)
        found: R = result
        return found

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
    size_bound, tokens = scan_values(definition)
    if size_bound is None or size_bound > MAX_DEFINITION_BYTES:
        tokens |= {LARGE}
    if workflow_type == EXPRESS:
        tokens |= {EXPRESS}
    if not isinstance(definition, dict):
        return DefinitionContext(definition, workflow_type, (), (), top_language, None, None, tokens, size_bound)
    scopes: list[Scope] = [Scope("", definition, top_language)]
    states: list[State] = []
    by_type: dict[str, list[State]] = {}
    by_field: dict[str, list[State]] = {}
    index = 0
    while index < len(scopes):  # breadth first: the top level's states come first
        scope = scopes[index]
        index += 1
        body_states = scope.body.get("States") if isinstance(scope.body, dict) else None
        if not isinstance(body_states, dict):
            continue
        prefix = scope.pointer + "/States/"
        inherited = scope.query_language
        missing = False
        for name, body in body_states.items():
            if isinstance(body, dict):
                fields = body
                declared = body.get("QueryLanguage")
                language = declared if declared in (JSONPATH, JSONATA) else inherited
                state_type = body.get("Type")
                if not isinstance(state_type, str):
                    state_type = None
            else:
                fields, language, state_type = {}, inherited, None
            pointer = prefix + (escape_token(name) if "~" in name or "/" in name else name)
            if state_type == "Choice" or "Catch" in fields:
                targets = transition_targets(fields, state_type)
                missing = missing or any(target not in body_states for target in targets)
            else:
                following = fields.get("Next")
                if isinstance(following, str):
                    targets = (following,)
                    missing = missing or following not in body_states
                else:
                    targets = ()
            state = State(name, pointer, body, scope, language, state_type, fields, targets)
            scope.states[name] = state
            states.append(state)
            if state_type is not None:
                by_type.setdefault(state_type, []).append(state)
                if state_type == "Parallel" or state_type == "Map":
                    scopes.extend(_child_scopes(state, top_language))
            for key in fields:
                by_field.setdefault(key, []).append(state)
        if missing:
            scope.missing_target = True
            tokens |= {MISSING_TARGET}
    return DefinitionContext(
        definition, workflow_type, tuple(scopes), tuple(states), top_language, by_type, by_field, tokens, size_bound
    )


def transition_targets(fields: dict[str, Any], state_type: str | None) -> tuple[str, ...]:
    """Next, then a Choice's Default and Choices[].Next, then Catch[].Next: the names written, existing or not."""
    found = []
    following = fields.get("Next")
    if isinstance(following, str):
        found.append(following)
    if state_type == "Choice":
        default = fields.get("Default")
        if isinstance(default, str):
            found.append(default)
        choices = fields.get("Choices")
        if isinstance(choices, list):
            found.extend(c["Next"] for c in choices if isinstance(c, dict) and isinstance(c.get("Next"), str))
    catchers = fields.get("Catch")
    if isinstance(catchers, list):
        found.extend(c["Next"] for c in catchers if isinstance(c, dict) and isinstance(c.get("Next"), str))
    return tuple(found)


# Tokens of the value scan, for rule triggers: what some value of the definition looks like.
VARIABLE_READ = "$variable"  # a string may read a workflow variable ("$name")
PATH_LIKE = "$text"  # a string with "$" or "States.", or a key ending in ".$"
DOLLAR_KEY = "key.$"  # a key ending in ".$"
INTRINSIC_LIKE = "States."  # a string with "States." in it
ASSIGN_BLOCK = "Assign"  # an object with an "Assign" key
TIMESTAMP_KEY = "Timestamp*"  # a key with "Timestamp" in it
# Tokens of the context itself.
MISSING_TARGET = "missing-target"  # some transition names no state of its scope
LARGE = "large"  # the size bound is over the limit, or unknown
EXPRESS = "EXPRESS"  # the workflow type
MAX_DEFINITION_BYTES = 1024 * 1024

_MAY_READ_VARIABLE = re.compile(r"\$[A-Za-z_]")
# Compact JSON of a string is at most 6 bytes per character (a \u00XX escape) plus its quotes.
_STRING_FACTOR = 6
_FLOAT_BYTES = 25  # the longest repr of a float ("-2.2250738585072014e-308"), Infinity, NaN


def scan_values(definition: Any) -> tuple[int | None, frozenset[str]]:
    """One walk over every value: (an upper bound of the compact JSON size, the value tokens).

    The bound lets the size rule skip serialising definitions far below the limit; it is None when
    a value is not plain JSON data. The walk only gathers the strings and objects; they are then
    measured and searched all at once. Iterative, so a deeply nested definition is no problem.
    """
    size = 0
    plain = True
    strings: list[str] = []
    objects: list[dict[Any, Any]] = []
    stack = [definition]
    pop, push, extend = stack.pop, stack.append, stack.extend
    add_string, add_object = strings.append, objects.append
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            add_string(value)
        elif kind is dict:
            add_object(value)
            extend(value.values())
        elif kind is list:
            size += 2 + len(value)  # brackets and at most one comma per item
            extend(value)
        elif value is None or kind is bool:
            size += 5
        elif kind is int:
            size += value.bit_length() // 3 + 2  # decimal digits are at most bits/3 + 1, and a sign
        elif kind is float:
            size += _FLOAT_BYTES
        elif isinstance(value, str | dict | list | int | float):
            push(_plain_copy(value))  # subclasses of plain types: walk their plain equivalent
        else:
            plain = False
    text = "\x00".join(strings)
    tokens: set[str] = set()
    if "$" in text:
        tokens.add(PATH_LIKE)
        if _MAY_READ_VARIABLE.search(text):
            tokens.add(VARIABLE_READ)
    if "States." in text:
        tokens.update((INTRINSIC_LIKE, PATH_LIKE))
    size += _STRING_FACTOR * len(text) + 2 * len(strings)  # characters (and separators) and quotes
    try:
        keys = "\x00".join(["\x00".join(value) for value in objects]) + "\x00"
    except TypeError:  # a key that is not text (a number...): json.dumps would change it
        plain = False
        tokens.update((DOLLAR_KEY, PATH_LIKE, TIMESTAMP_KEY, ASSIGN_BLOCK))  # unknown: assume so
    else:
        # per object its braces; per key its characters, quotes, a colon and at most one comma
        size += 2 * len(objects) + (_STRING_FACTOR + 4) * len(keys)
        if ".$\x00" in keys:
            tokens.update((DOLLAR_KEY, PATH_LIKE))
        if "Timestamp" in keys:
            tokens.add(TIMESTAMP_KEY)
        if "\x00Assign\x00" in "\x00" + keys:
            tokens.add(ASSIGN_BLOCK)
    return (size if plain else None), frozenset(tokens)


def _plain_copy(value: Any) -> Any:
    if isinstance(value, bool):
        return bool(value)
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return dict(value) if isinstance(value, dict) else list(value)


def compact_json(definition: Any) -> str | None:
    """The definition as compact JSON text, as it is sent to AWS; None when nested too deeply for json."""
    try:
        return json.dumps(definition, separators=(",", ":"), ensure_ascii=False)
    except RecursionError:
        return None


def jsonata_states(context: DefinitionContext) -> list[State]:
    """The states that use JSONata (none without a QueryLanguage field somewhere)."""
    if context.query_language == JSONATA:
        return [state for state in context.states if state.is_jsonata]
    return [state for state in context.states_with("QueryLanguage") if state.is_jsonata]
