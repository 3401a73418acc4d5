"""State names are unique in the whole definition, non-empty and at most 80 characters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule

MAX_STATE_NAME = 80
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")


@rule(
    "duplicate-state-name",
    code="DUPLICATE_STATE_NAME",
    severity=ERROR,
    summary="No two states share a name, even in different branches or processors.",
    triggers=("Type:Parallel", "Type:Map"),  # names are unique within one scope (object keys)
)
def duplicate_state_name(context: DefinitionContext) -> Iterator[Finding]:
    first_seen: dict[str, str] = {}
    for state in context.states:
        if state.name in first_seen:
            yield Finding(
                state.pointer,
                f"state name '{state.name}' is already used at {first_seen[state.name]}; "
                "state names must be unique in the whole state machine",
            )
        else:
            first_seen[state.name] = state.pointer


@rule(
    "invalid-state-name",
    code="INVALID_STATE_NAME",
    severity=ERROR,
    summary="State names are 1 to 80 characters without control characters.",
)
def invalid_state_name(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states:
        name = state.name
        if not name:
            yield Finding(state.pointer, "a state name must not be empty")
        elif len(name) > MAX_STATE_NAME:
            yield Finding(
                state.pointer,
                f"state name '{name[:20]}...' is {len(name)} characters long; the limit is {MAX_STATE_NAME}",
            )
        elif CONTROL_CHARACTER.search(name):
            yield Finding(state.pointer, f"state name {name!r} contains a control character")
