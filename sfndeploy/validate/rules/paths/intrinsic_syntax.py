"""Every intrinsic function call parses, names a known function and has a valid number of arguments."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.asl.intrinsics import IntrinsicSyntaxError, compile_intrinsic, is_intrinsic
from sfndeploy.validate.context import INTRINSIC_LIKE, DefinitionContext, State
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import PATH_OR_INTRINSIC_FIELDS, TEMPLATE_HOLDERS, path_fields, payload_entries


def intrinsic_problem(text: str) -> str | None:
    try:
        compile_intrinsic(text)
    except IntrinsicSyntaxError as error:
        return f"{error.problem} (position {error.position})"
    return None


def _candidates(state: State) -> Iterator[tuple[str, str, str]]:
    """(pointer, field, text) of every value that is meant as an intrinsic call."""
    fields, entries = path_fields(state), payload_entries(state)
    if not fields and not entries:
        return
    for field in fields:
        if field.intrinsic_allowed and isinstance(field.value, str) and field.value.lstrip().startswith("States."):
            yield field.pointer, field.name, field.value
    for where, _, key, value in entries:
        if key.endswith(".$") and isinstance(value, str) and value.lstrip().startswith("States."):
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
    for state in context.states_with(*TEMPLATE_HOLDERS, *PATH_OR_INTRINSIC_FIELDS):
        if state.is_jsonata or not isinstance(state.body, dict):
            continue
        for pointer, field, text in _candidates(state):
            problem = (
                intrinsic_problem(text)
                if is_intrinsic(text)
                else "an intrinsic function call looks like States.Name(arguments)"
            )
            if problem:
                yield Finding(pointer, f"'{field}': invalid intrinsic function '{text}': {problem}")
