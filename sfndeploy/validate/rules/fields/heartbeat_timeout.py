"""HeartbeatSeconds is smaller than TimeoutSeconds."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule


@rule(
    "heartbeat-below-timeout",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="When both are numbers, HeartbeatSeconds is smaller than TimeoutSeconds.",
    triggers=("HeartbeatSeconds",),
)
def heartbeat_below_timeout(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with("HeartbeatSeconds"):
        heartbeat, timeout = state.get("HeartbeatSeconds"), state.get("TimeoutSeconds")
        numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (heartbeat, timeout))
        if numbers and heartbeat >= timeout:
            yield Finding(
                state.at("HeartbeatSeconds"),
                f"HeartbeatSeconds ({heartbeat}) must be smaller than TimeoutSeconds ({timeout}) "
                f"in Task state '{state.name}'",
            )
