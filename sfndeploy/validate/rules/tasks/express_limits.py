"""EXPRESS workflows use no .sync or .waitForTaskToken integrations, activities or Distributed Maps."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import EXPRESS, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.resources import classify_resource
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.rules.schema.distributed_fields import processor_mode


@rule(
    "express-unsupported",
    code="UNSUPPORTED_IN_EXPRESS",
    severity=ERROR,
    summary="EXPRESS workflows cannot run .sync or .waitForTaskToken tasks, activities or a Distributed Map.",
    triggers=("Type:Task", "Type:Map"),
    requires=(EXPRESS,),
)
def express_unsupported(context: DefinitionContext) -> Iterator[Finding]:
    if context.workflow_type != "EXPRESS":
        return
    for state in context.states:
        if state.type == "Map" and processor_mode(state.get("ItemProcessor")) == "DISTRIBUTED":
            yield Finding(
                state.at("ItemProcessor"), f"Map state '{state.name}': a Distributed Map needs a STANDARD workflow"
            )
        resource = state.get("Resource") if state.type == "Task" else None
        kind = classify_resource(resource) if isinstance(resource, str) else None
        if kind is None:
            continue
        if kind.kind == "activity":
            yield Finding(state.at("Resource"), f"Task state '{state.name}': EXPRESS workflows cannot run activities")
        elif kind.pattern:
            yield Finding(
                state.at("Resource"),
                f"Task state '{state.name}': EXPRESS workflows do not support the {kind.pattern} pattern; "
                "use a STANDARD workflow or the request-response integration",
            )
