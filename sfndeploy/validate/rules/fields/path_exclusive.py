"""A field and its Path form (TimeoutSeconds / TimeoutSecondsPath...) are not both given."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import get_in

PAIRS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    ((), "TimeoutSeconds", "TimeoutSecondsPath"),
    ((), "HeartbeatSeconds", "HeartbeatSecondsPath"),
    ((), "Error", "ErrorPath"),
    ((), "Cause", "CausePath"),
    ((), "MaxConcurrency", "MaxConcurrencyPath"),
    ((), "ToleratedFailureCount", "ToleratedFailureCountPath"),
    ((), "ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
    ((), "ItemSelector", "Parameters"),
    (("ItemBatcher",), "MaxItemsPerBatch", "MaxItemsPerBatchPath"),
    (("ItemBatcher",), "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
    (("ItemReader", "ReaderConfig"), "MaxItems", "MaxItemsPath"),
)


# A state needs one of these fields for any pair to apply.
INDEXED_FIELDS = tuple(dict.fromkeys(parents[0] if parents else path_form for parents, _, path_form in PAIRS))


@rule(
    "field-and-path-exclusive",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="A field and its Path form are mutually exclusive (also ItemSelector and the legacy Parameters of a Map).",
    triggers=INDEXED_FIELDS,
)
def field_and_path_exclusive(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with(*INDEXED_FIELDS):
        for parents, field, path_form in PAIRS:
            holder = get_in(state.body, parents) if parents else state.body
            if isinstance(holder, dict) and field in holder and path_form in holder:
                if field == "ItemSelector" and state.type != "Map":
                    continue
                yield Finding(
                    state.at(*parents, path_form),
                    f"state '{state.name}' has both {field} and {path_form}; give only one of them",
                )
