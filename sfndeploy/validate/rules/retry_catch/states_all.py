"""States.ALL stands alone in its ErrorEquals and only in the last Retrier or Catcher."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule

ALL = "States.ALL"


@rule(
    "states-all-last",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="States.ALL appears alone in ErrorEquals and only in the last Retrier/Catcher.",
    triggers=("Retry", "Catch"),
)
def states_all_last(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with("Retry", "Catch"):
        for field in ("Retry", "Catch"):
            entries = state.get(field)
            if not isinstance(entries, list):
                continue
            for index, entry in enumerate(entries):
                errors = entry.get("ErrorEquals") if isinstance(entry, dict) else None
                if not isinstance(errors, list) or ALL not in errors:
                    continue
                where = state.at(field, index, "ErrorEquals")
                if len(errors) > 1:
                    yield Finding(where, f"{ALL} must be the only error name in its ErrorEquals")
                if index != len(entries) - 1:
                    kind = "Retrier" if field == "Retry" else "Catcher"
                    yield Finding(where, f"the {kind} with {ALL} must be the last one in {field}; move it to the end")
