"""Every JSONPath of a JSONPath state parses; ResultPath and the *Path numbers are reference paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sfndeploy.asl.intrinsics import is_intrinsic
from sfndeploy.asl.jsonpath import JsonPathSyntaxError, compile_path
from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.quick import plain_path_root
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import PATH_HOLDERS, PATH_OPERATORS, ChoiceRule, Entry, PathField, path_index

PATH_KEYS = frozenset(("Variable", *PATH_OPERATORS))


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
    index = path_index(context)
    yield from _state_paths(index.fields)
    yield from _choice_paths(index.choices)
    yield from _template_paths(index.dollar_entries)


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


def _choice_paths(choices: tuple[ChoiceRule, ...]) -> Iterator[Finding]:
    for current in choices:
        if not isinstance(current.body, dict):
            continue
        for key in [key for key in current.body if key in PATH_KEYS]:
            if isinstance(current.body[key], str):
                problem = path_problem(current.body[key])
                if problem:
                    yield Finding(pointer_join(current.pointer, key), f"{key}: {problem}")


def _template_paths(entries: tuple[Entry, ...]) -> Iterator[Finding]:
    for where, _, key, value in entries:
        if isinstance(value, str) and not is_intrinsic(value):
            problem = path_problem(value)
            if problem:
                yield Finding(where, f"'{key}' takes a path or an intrinsic function: {problem}")
