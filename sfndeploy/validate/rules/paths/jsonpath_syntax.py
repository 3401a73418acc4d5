"""Every JSONPath of a JSONPath state parses; ResultPath and the *Path numbers are reference paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sfndeploy.asl.intrinsics import is_intrinsic
from sfndeploy.asl.jsonpath import JsonPathSyntaxError, compile_path
from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import DefinitionContext, State
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.quick import plain_path_root
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import (
    PATH_OPERATORS,
    PATH_OR_INTRINSIC_FIELDS,
    STATE_PATH_FIELDS,
    TEMPLATE_HOLDERS,
    PathField,
    choice_rules,
    path_fields,
    payload_entries,
)

PATH_KEYS = frozenset(("Variable", *PATH_OPERATORS))
# A JSONPath state has a path to check only if it has one of these fields.
PATH_HOLDERS = (
    *STATE_PATH_FIELDS,
    *PATH_OR_INTRINSIC_FIELDS,
    "ItemBatcher",
    "ItemReader",
    "Choices",
    *TEMPLATE_HOLDERS,
)


def path_problem(text: Any, *, reference: bool = False) -> str | None:
    """Why ``text`` is not a usable path, or None when it is."""
    if not isinstance(text, str):
        return "must be a path string"
    if not text.startswith("$"):
        return f"'{text}' is not a path: a path starts with '$' ('$.field', '$$.Context', '$variable')"
    if plain_path_root(text) is not None:
        return None  # a plain reference path: valid, no need to parse it
    try:
        compiled = compile_path(text)
    except JsonPathSyntaxError as error:
        return f"{error.problem} at position {error.position} in '{text}'"
    if reference and not compiled.reference:
        return f"'{text}' must be a reference path (only .name and [index] steps, no wildcards, filters or functions)"
    return None


def _into_input(path: str) -> bool:
    return path.strip() == "$" or path.startswith(("$.", "$["))


@rule(
    "jsonpath-syntax",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Paths (InputPath, ResultPath, *Path fields, Choice Variables, 'key.$' values) parse as JSONPath.",
    triggers=PATH_HOLDERS,
)
def jsonpath_syntax(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with(*PATH_HOLDERS):
        if state.is_jsonata or not isinstance(state.body, dict):
            continue
        # Most states have only some of these: skip the empty ones without starting a walk.
        fields = path_fields(state)
        if fields:
            yield from _state_paths(fields)
        if state.type == "Choice":
            yield from _choice_paths(state)
        entries = payload_entries(state)
        if entries:
            yield from _template_paths(entries)


def _state_paths(fields: tuple[PathField, ...]) -> Iterator[Finding]:
    for field in fields:
        if field.value is None and field.name in ("InputPath", "OutputPath", "ResultPath"):
            continue  # null is allowed: discard input / output / result
        if field.intrinsic_allowed and is_intrinsic(field.value):
            continue  # intrinsic-syntax checks those
        problem = path_problem(field.value, reference=field.reference)
        if problem is None and field.name == "ResultPath" and not _into_input(str(field.value)):
            problem = (
                f"'{field.value}' must be a path into the state input ($ or $.field), not the context or a variable"
            )
        if problem:
            yield Finding(
                field.pointer, f"{field.name} {problem}" if problem.startswith("must") else f"{field.name}: {problem}"
            )


def _choice_paths(state: State) -> Iterator[Finding]:
    for current in choice_rules(state):
        if not isinstance(current.body, dict):
            continue
        for key in [key for key in current.body if key in PATH_KEYS]:
            if isinstance(current.body[key], str):
                problem = path_problem(current.body[key])
                if problem:
                    yield Finding(pointer_join(current.pointer, key), f"{key}: {problem}")


def _template_paths(entries: tuple[tuple[str, dict[str, Any], str, Any], ...]) -> Iterator[Finding]:
    for where, _, key, value in entries:
        if key.endswith(".$") and isinstance(value, str) and not is_intrinsic(value):
            problem = path_problem(value)
            if problem:
                yield Finding(where, f"'{key}' takes a path or an intrinsic function: {problem}")
