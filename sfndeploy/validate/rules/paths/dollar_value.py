"""The value of a 'key.$' field is a string (a path or an intrinsic function)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sfndeploy.validate.context import DOLLAR_KEY, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import TEMPLATE_HOLDERS, path_index


@rule(
    "dollar-field-value",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="A 'key.$' field holds a string: a path or an intrinsic function call.",
    triggers=TEMPLATE_HOLDERS,
    requires=(DOLLAR_KEY,),
)
def dollar_field_value(context: DefinitionContext) -> Iterator[Finding]:
    for where, _, key, value in path_index(context).dollar_entries:
        if not isinstance(value, str):
            shown = json.dumps(value)[:40]
            yield Finding(
                where,
                f"'{key}' must be a path or intrinsic function string, not {shown}; drop the '.$' for a static value",
            )
