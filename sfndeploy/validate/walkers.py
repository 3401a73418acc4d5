"""Where the values of a state sit: its path fields, payload templates, Choice rules, strings.

Rules share these so that each knows every place a path, a template or an expression can be
written. All walks are iterative: a deeply nested template cannot overflow the stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from sfndeploy.sourcemap import escape_token
from sfndeploy.validate.context import ASSIGN_BLOCK, JSONATA, DefinitionContext, State, join_pointer, memoized

# Fields of a JSONPath state holding a path; True when it must be a reference path.
STATE_PATH_FIELDS: dict[str, bool] = {
    "InputPath": False,
    "OutputPath": False,
    "ResultPath": True,
    "ItemsPath": True,
    "TimeoutSecondsPath": True,
    "HeartbeatSecondsPath": True,
    "SecondsPath": True,
    "TimestampPath": True,
    "MaxConcurrencyPath": True,
    "ToleratedFailureCountPath": True,
    "ToleratedFailurePercentagePath": True,
}
# ErrorPath and CausePath take a path or an intrinsic function.
PATH_OR_INTRINSIC_FIELDS = ("ErrorPath", "CausePath")
NESTED_PATH_FIELDS: tuple[tuple[str, ...], ...] = (
    ("ItemBatcher", "MaxItemsPerBatchPath"),
    ("ItemBatcher", "MaxInputBytesPerBatchPath"),
    ("ItemReader", "ReaderConfig", "MaxItemsPath"),
)
# Where JSONPath payload templates (with "key.$" fields) are written, relative to the state.
TEMPLATE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("Parameters",),
    ("ResultSelector",),
    ("ItemSelector",),
    ("ItemReader", "Parameters"),
    ("ResultWriter", "Parameters"),
    ("ItemBatcher", "BatchInput"),
    ("Credentials",),
    ("Assign",),
)
DIRECT_TEMPLATE_FIELDS = frozenset(keys[0] for keys in TEMPLATE_FIELDS)
# A state has a payload template only if it has one of these fields.
TEMPLATE_HOLDERS = tuple(dict.fromkeys([keys[0] for keys in TEMPLATE_FIELDS] + ["Catch", "Choices"]))
PATH_ROOTS = frozenset(
    [*STATE_PATH_FIELDS, *PATH_OR_INTRINSIC_FIELDS, *(keys[0] for keys in NESTED_PATH_FIELDS), "Catch"]
)
# A JSONPath state has a path to check only if it has one of these fields.
PATH_HOLDERS = tuple(
    dict.fromkeys(
        [*STATE_PATH_FIELDS, *PATH_OR_INTRINSIC_FIELDS, "ItemBatcher", "ItemReader", "Choices", *TEMPLATE_HOLDERS]
    )
)
# Nested states live under these keys; walks over a state's own fields skip them.
NESTED_STATE_KEYS = frozenset({"Branches", "ItemProcessor", "Iterator"})

COMPARISON_OPERATORS = (
    "StringEquals",
    "StringLessThan",
    "StringGreaterThan",
    "StringLessThanEquals",
    "StringGreaterThanEquals",
    "StringMatches",
    "NumericEquals",
    "NumericLessThan",
    "NumericGreaterThan",
    "NumericLessThanEquals",
    "NumericGreaterThanEquals",
    "BooleanEquals",
    "TimestampEquals",
    "TimestampLessThan",
    "TimestampGreaterThan",
    "TimestampLessThanEquals",
    "TimestampGreaterThanEquals",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
)
PATH_OPERATORS = tuple(f"{op}Path" for op in COMPARISON_OPERATORS if not op.startswith(("Is", "StringMatches")))
BOOLEAN_OPERATORS = ("And", "Or", "Not")
NESTING_OPERATORS = frozenset(BOOLEAN_OPERATORS)


class PathField(NamedTuple):
    pointer: str
    name: str
    value: Any
    reference: bool = False
    intrinsic_allowed: bool = False


def get_in(body: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


@memoized
def path_fields(state: State) -> tuple[PathField, ...]:
    """The path-valued fields of a JSONPath state (Choice rules excluded)."""
    if state.query_language == JSONATA or state.fields.keys().isdisjoint(PATH_ROOTS):
        return ()
    return tuple(_path_fields(state))


def _path_fields(state: State) -> Iterator[PathField]:
    for name, reference in STATE_PATH_FIELDS.items():
        if name in state.body:
            yield PathField(state.at(name), name, state.body[name], reference)
    for name in PATH_OR_INTRINSIC_FIELDS:
        if name in state.body:
            yield PathField(state.at(name), name, state.body[name], intrinsic_allowed=True)
    for keys in NESTED_PATH_FIELDS:
        value = get_in(state.body, keys) if keys[0] in state.fields else None
        if value is not None:
            yield PathField(state.at(*keys), keys[-1], value, True)
    catchers = state.get("Catch")
    if isinstance(catchers, list):
        for index, catcher in enumerate(catchers):
            if isinstance(catcher, dict) and "ResultPath" in catcher:
                yield PathField(state.at("Catch", index, "ResultPath"), "ResultPath", catcher["ResultPath"], True)


@memoized
def payload_templates(state: State) -> tuple[tuple[str, Any], ...]:
    """(pointer, template) for every payload template of a JSONPath state, Assign blocks included."""
    if state.query_language == JSONATA or state.fields.keys().isdisjoint(TEMPLATE_HOLDERS):
        return ()
    return tuple(_payload_templates(state))


@memoized
def payload_entries(state: State) -> tuple[tuple[str, dict[str, Any], str, Any], ...]:
    """(pointer, containing object, key, value) of every key in every payload template of ``state``."""
    templates = payload_templates(state)
    if not templates:
        return ()
    return tuple(entry for pointer, template in templates for entry in template_entries(template, pointer))


def _payload_templates(state: State) -> Iterator[tuple[str, Any]]:
    body = state.fields
    for keys in TEMPLATE_FIELDS:
        value = body.get(keys[0])
        if value is not None and len(keys) > 1:
            value = get_in(value, keys[1:])
        if value is not None:
            yield state.at(*keys), value
    for list_key in ("Catch", "Choices"):
        items = state.get(list_key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict) and "Assign" in item:
                    yield state.at(list_key, index, "Assign"), item["Assign"]


def _child(pointer: str, key: str) -> str:
    return f"{pointer}/{escape_token(key) if '~' in key or '/' in key else key}"


def template_entries(template: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any], str, Any]]:
    """(pointer, containing object, key, value) for every key of every object in ``template``."""
    stack = [(template, pointer)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                child = _child(where, key)
                yield child, node, key, value
                stack.append((value, child))
        elif isinstance(node, list):
            stack.extend((value, join_pointer(where, index)) for index, value in enumerate(node))


def strings_in(value: Any, pointer: str, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """(pointer, string) for every string in ``value``; top-level keys in ``skip`` are not entered."""
    stack = [(value, pointer, True)]
    while stack:
        node, where, top = stack.pop()
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, dict):
            for key, child in node.items():
                if not (top and key in skip):
                    stack.append((child, join_pointer(where, key), False))
        elif isinstance(node, list):
            stack.extend((child, join_pointer(where, i), False) for i, child in enumerate(node))


class ChoiceRule(NamedTuple):
    pointer: str
    body: Any
    top_level: bool  # a rule of Choices[] (has Next) rather than one inside And/Or/Not


@memoized
def choice_rules(state: State) -> tuple[ChoiceRule, ...]:
    """Every Choice rule of a Choice state, nested And/Or/Not rules included."""
    if state.type != "Choice":
        return ()
    return tuple(_choice_rules(state))


def _choice_rules(state: State) -> Iterator[ChoiceRule]:
    choices = state.get("Choices") if state.type == "Choice" else None
    if not isinstance(choices, list):
        return
    prefix = state.pointer + "/Choices/"
    for index, rule in enumerate(choices):
        current = ChoiceRule(f"{prefix}{index}", rule, True)
        yield current
        if isinstance(rule, dict) and not NESTING_OPERATORS.isdisjoint(rule):
            yield from _nested_rules(current)


def _nested_rules(top: ChoiceRule) -> Iterator[ChoiceRule]:
    """The rules inside And/Or/Not of ``top``, depth first, without recursion."""
    stack = [top]
    while stack:
        current = stack.pop()
        if current is not top:
            yield current
        if not isinstance(current.body, dict):
            continue
        for operator in ("And", "Or"):
            nested = current.body.get(operator)
            if isinstance(nested, list):
                stack.extend(
                    ChoiceRule(join_pointer(current.pointer, operator, i), rule, False)
                    for i, rule in reversed(list(enumerate(nested)))
                )
        if "Not" in current.body:
            stack.append(ChoiceRule(join_pointer(current.pointer, "Not"), current.body["Not"], False))


Entry = tuple[str, dict[str, Any], str, Any]  # (pointer, containing object, key, value)


class PathIndex(NamedTuple):
    """Every place the JSONPath states of a definition write a path, a Choice rule or a payload
    template entry, in state order: the path rules read these flat lists instead of each walking
    every state."""

    fields: tuple[PathField, ...]
    choices: tuple[ChoiceRule, ...]
    dollar_entries: tuple[Entry, ...]  # payload entries whose key ends in ".$"
    plain_entries: tuple[Entry, ...]  # the other payload entries


_PATH_INDEX = "walkers.path_index"


def path_index(context: DefinitionContext) -> PathIndex:
    """The :class:`PathIndex` of ``context``, built once."""
    found: PathIndex | None = context.cache.get(_PATH_INDEX)
    if found is None:
        found = context.cache[_PATH_INDEX] = _path_index(context)
    return found


def _path_index(context: DefinitionContext) -> PathIndex:
    fields: list[PathField] = []
    choices: list[ChoiceRule] = []
    dollar: list[Entry] = []
    plain: list[Entry] = []
    # Without any "Assign" key, Catch and Choices hold no template: only the direct fields can.
    template_keys = TEMPLATE_HOLDERS if ASSIGN_BLOCK in context.present else DIRECT_TEMPLATE_FIELDS
    for state in context.states_with(*PATH_HOLDERS):
        keys = state.fields.keys()
        if state.query_language == JSONATA or not keys:
            continue  # JSONata, or not an object
        if not keys.isdisjoint(PATH_ROOTS):
            fields.extend(path_fields(state))
        if state.type == "Choice":
            choices.extend(choice_rules(state))
        if not keys.isdisjoint(template_keys):
            for entry in payload_entries(state):
                (dollar if entry[2].endswith(".$") else plain).append(entry)
    return PathIndex(tuple(fields), tuple(choices), tuple(dollar), tuple(plain))
