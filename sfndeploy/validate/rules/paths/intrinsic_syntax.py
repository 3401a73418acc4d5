"""Every intrinsic function call parses, names a known function and has a valid number of arguments."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.asl.intrinsics import IntrinsicSyntaxError, compile_intrinsic, is_intrinsic
from sfndeploy.validate.context import INTRINSIC_LIKE, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import PATH_OR_INTRINSIC_FIELDS, TEMPLATE_HOLDERS, path_index


def intrinsic_problem(text: str) -> str | None:
    try:
        compile_intrinsic(text)
    except IntrinsicSyntaxError as error:
        return f"{error.problem} (position {error.position})"
    return None


def _candidates(context: DefinitionContext) -> Iterator[tuple[str, str, str]]:
    """(pointer, field, text) of every value that is meant as an intrinsic call."""
    index = path_index(context)
    for field in index.fields:
        if field.intrinsic_allowed and isinstance(field.value, str) and field.value.lstrip().startswith("States."):
            yield field.pointer, field.name, field.value
    for where, _, key, value in index.dollar_entries:
        if isinstance(value, str) and value.lstrip().startswith("States."):
            yield where, key, value


@rule(
    "intrinsic-syntax",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Intrinsic function calls (States.Format(...)...) parse, with known names and arities.",
    triggers=(*TEMPLATE_HOLDERS, *PATH_OR_INTRINSIC_FIELDS),
    requires=(INTRINSIC_LIKE,),
)
def intrinsic_syntax(context: DefinitionContext) -> Iterator[Finding]:
    for pointer, field, text in _candidates(context):
        problem = (
            intrinsic_problem(text)
            if is_intrinsic(text)
            else "an intrinsic function call looks like States.Name(arguments)"
        )
        if problem:
            yield Finding(pointer, f"'{field}': invalid intrinsic function '{text}': {problem}")
