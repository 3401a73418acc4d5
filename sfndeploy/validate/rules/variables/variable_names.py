"""Assigned variable names are identifiers and not the reserved 'states'."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import ASSIGN_BLOCK, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.variables import RESERVED, assign_keys


@rule(
    "variable-name",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Variable names in Assign are Unicode identifiers (letter or _ first) and not 'states'.",
    triggers=("Assign", "Catch", "Choices"),
    requires=(ASSIGN_BLOCK,),
)
def variable_name(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with("Assign", "Catch", "Choices"):
        for pointer, key in assign_keys(state):
            name = key[:-2] if key.endswith(".$") and not state.is_jsonata else key
            if not name.isidentifier():
                yield Finding(
                    pointer,
                    f"'{name}' is not a valid variable name: start with a letter or _, then letters, digits or _",
                )
            elif name in RESERVED:
                yield Finding(pointer, f"'{name}' is reserved by Step Functions ($states); choose another name")
