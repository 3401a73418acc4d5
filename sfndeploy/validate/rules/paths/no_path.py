"""Warn when a field that takes a literal holds something that looks like a path (AWS: NO_PATH)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import PATH_LIKE, DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.rules.paths.looks_like_path import looks_like_path
from sfndeploy.validate.walkers import COMPARISON_OPERATORS, choice_rules

LITERAL_FIELDS = ("Error", "Cause")
STRING_OPERATORS = frozenset(op for op in COMPARISON_OPERATORS if op.startswith(("String", "Timestamp")))


@rule(
    "no-path",
    code="NO_PATH",
    severity=WARNING,
    summary="A literal field (Error, Cause, StringEquals...) holds a path; the Path form of the field was meant.",
    triggers=("Type:Fail", "Type:Choice"),
    requires=(PATH_LIKE,),
)
def no_path(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Fail", "Choice"):
        if state.is_jsonata:
            continue
        for field in LITERAL_FIELDS:
            if state.type == "Fail" and looks_like_path(state.get(field)):
                yield Finding(state.at(field), _message(field, state.get(field)))
        for current in choice_rules(state):
            if not isinstance(current.body, dict):
                continue
            for operator in current.body.keys() & STRING_OPERATORS:
                if looks_like_path(current.body.get(operator)):
                    yield Finding(pointer_join(current.pointer, operator), _message(operator, current.body[operator]))


def _message(field: str, value: str) -> str:
    return f"{field} holds '{value}', which looks like a path but is used literally; use {field}Path to evaluate it"
