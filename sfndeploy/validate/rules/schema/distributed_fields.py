"""Warn about Distributed Map fields on an inline Map: they only act in DISTRIBUTED mode.

AWS accepts them on an inline Map (recorded executions show ToleratedFailureCount there), so
this is a warning, not an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.rules.base import Finding, rule

DISTRIBUTED_ONLY = (
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "Label",
)


def processor_mode(processor: object) -> str:
    if isinstance(processor, dict):
        config = processor.get("ProcessorConfig")
        if isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED":
            return "DISTRIBUTED"
    return "INLINE"


@rule(
    "distributed-map-fields",
    code="DISTRIBUTED_FIELD_IN_INLINE_MAP",
    severity=WARNING,
    summary="ItemReader, ItemBatcher, ResultWriter, ToleratedFailure* and Label only act in DISTRIBUTED mode.",
    triggers=("Type:Map",),
)
def distributed_map_fields(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Map"):
        processor = state.get("ItemProcessor", state.get("Iterator"))
        if processor_mode(processor) == "DISTRIBUTED":
            continue
        for field in DISTRIBUTED_ONLY:
            if state.get(field) is not None:
                yield Finding(
                    state.at(field),
                    f"'{field}' of Map state '{state.name}' only acts in a Distributed Map; "
                    "set ItemProcessor.ProcessorConfig.Mode to DISTRIBUTED or remove it",
                )
