"""Literal timestamps (Wait Timestamp, Choice Timestamp* values) are RFC 3339."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from sfndeploy.asl.jsonata_templates import is_jsonata_template
from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import TIMESTAMP_KEY, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import COMPARISON_OPERATORS, choice_rules

# RFC 3339 date-time: an uppercase T between date and time, and Z or a numeric offset.
RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TIMESTAMP_OPERATORS = frozenset(op for op in COMPARISON_OPERATORS if op.startswith("Timestamp"))


def is_rfc3339(text: str) -> bool:
    match = RFC3339.match(text)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60  # a leap second is allowed


@rule(
    "rfc3339-timestamp",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="Timestamps written in the definition are RFC 3339 (2026-01-31T12:00:00Z).",
    triggers=("Type:Wait", "Type:Choice"),
    requires=(TIMESTAMP_KEY,),
)
def rfc3339_timestamp(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Wait", "Choice"):
        timestamp = state.get("Timestamp")
        if state.type == "Wait" and isinstance(timestamp, str) and not is_jsonata_template(timestamp):
            yield from _check(state.at("Timestamp"), timestamp)
        for current in choice_rules(state):
            if not isinstance(current.body, dict):
                continue
            for operator in current.body.keys() & TIMESTAMP_OPERATORS:
                value = current.body.get(operator)
                if isinstance(value, str):
                    yield from _check(pointer_join(current.pointer, operator), value)


def _check(pointer: str, value: str) -> Iterator[Finding]:
    if not is_rfc3339(value):
        yield Finding(pointer, f"'{value}' is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z")
