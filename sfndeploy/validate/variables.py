"""Where workflow variables are assigned and referenced, for the variable rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from sfndeploy.asl.intrinsics import IntrinsicSyntaxError, compile_intrinsic, is_intrinsic
from sfndeploy.asl.jsonata_templates import is_jsonata_template, jsonata_expression
from sfndeploy.asl.jsonpath import JsonPathSyntaxError, compile_path
from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import State
from sfndeploy.validate.quick import plain_path_root
from sfndeploy.validate.walkers import (
    NESTED_STATE_KEYS,
    PATH_OPERATORS,
    choice_rules,
    path_fields,
    payload_entries,
    strings_in,
)

# Functions of JSONata 2.0 and those Step Functions adds: "$name" of these is not a variable.
JSONATA_FUNCTIONS = frozenset(
    """sum count max min average string substring substringBefore substringAfter lowercase uppercase
    length trim pad contains split join match replace eval base64encode base64decode encodeUrlComponent
    encodeUrl decodeUrlComponent decodeUrl number abs floor ceil round power sqrt random formatNumber
    formatBase formatInteger parseInteger boolean not exists append sort reverse shuffle distinct zip
    keys lookup spread merge sift each error assert type map filter single reduce now millis fromMillis
    toMillis partition range hash uuid parse""".split()  # noqa: SIM905
)
RESERVED = frozenset({"states"})
_PATH_KEYS = frozenset(("Variable", *PATH_OPERATORS))  # the keys of a Choice rule holding a path
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_BOUND = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*:=")
_PARAMETERS = re.compile(r"function\s*\(([^)]*)\)")


class Reference(NamedTuple):
    pointer: str
    name: str
    exact: bool  # False when found by scanning a JSONata expression (may be a local binding)


def assigned_names(state: State) -> set[str]:
    """Variable names assigned by ``state`` (its Assign, its Catchers' and Choice rules' Assign)."""
    names: set[str] = set()
    for block in _assign_blocks(state):
        names.update(key[:-2] if key.endswith(".$") else key for key in block)
    return names


def _assign_blocks(state: State) -> Iterator[dict[str, object]]:
    if isinstance(state.get("Assign"), dict):
        yield state.body["Assign"]
    for list_key in ("Catch", "Choices"):
        items = state.get(list_key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("Assign"), dict):
                    yield item["Assign"]


def assign_keys(state: State) -> Iterator[tuple[str, str]]:
    """(pointer, key) of every key of every Assign block of ``state``."""
    blocks = [("Assign",)] if isinstance(state.get("Assign"), dict) else []
    for list_key in ("Catch", "Choices"):
        items = state.get(list_key)
        if isinstance(items, list):
            blocks.extend(
                (list_key, index, "Assign")  # type: ignore[misc]
                for index, item in enumerate(items)
                if isinstance(item, dict) and isinstance(item.get("Assign"), dict)
            )
    for tokens in blocks:
        block = state.body
        for token in tokens:
            block = block[token]
        for key in block:
            yield state.at(*tokens, key), key


def references(state: State) -> Iterator[Reference]:
    """Every variable ``state`` reads."""
    if state.is_jsonata:
        yield from _jsonata_references(state)
    else:
        yield from _jsonpath_references(state)


def _path_variable(text: object) -> list[str]:
    """Variable names read by a path or intrinsic string, [] when none or unparsable."""
    if not isinstance(text, str):
        return []
    try:
        if is_intrinsic(text):
            return [p.variable for p in compile_intrinsic(text).paths if p.variable]
        if text.startswith("$"):
            root = plain_path_root(text)
            if root is not None:  # a plain path: its root says whether it reads a variable
                return [root[1:]] if root not in ("$", "$$") else []
            variable = compile_path(text).variable
            return [variable] if variable else []
    except (JsonPathSyntaxError, IntrinsicSyntaxError):
        return []
    return []


def _jsonpath_references(state: State) -> Iterator[Reference]:
    for field in path_fields(state):
        for name in _path_variable(field.value):
            yield Reference(field.pointer, name, True)
    for current in choice_rules(state):
        if isinstance(current.body, dict):
            for key in [key for key in current.body if key in _PATH_KEYS]:
                for name in _path_variable(current.body[key]):
                    yield Reference(pointer_join(current.pointer, key), name, True)
    for where, _, key, value in payload_entries(state):
        if key.endswith(".$"):
            for name in _path_variable(value):
                yield Reference(where, name, True)


def _jsonata_references(state: State) -> Iterator[Reference]:
    for pointer, text in strings_in(state.body, state.pointer, NESTED_STATE_KEYS):
        if is_jsonata_template(text):
            for name in jsonata_variables(jsonata_expression(text)):
                yield Reference(pointer, name, False)


def jsonata_variables(expression: str) -> set[str]:
    """Names of the workflow variables an expression seems to read (heuristic, no evaluation)."""
    code = _STRING_LITERAL.sub('""', expression)
    local = set(_BOUND.findall(code))
    for parameters in _PARAMETERS.findall(code):
        local.update(_VARIABLE.findall(parameters))
    found = set()
    for match in _VARIABLE.finditer(code):
        name = match.group(1)
        if name in local or name in RESERVED or name in JSONATA_FUNCTIONS:
            continue
        found.add(name)
    return found
