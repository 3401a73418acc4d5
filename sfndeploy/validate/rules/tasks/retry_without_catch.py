"""Lint: retrying a call with side effects (send, publish, start...) without a Catch."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.resources import classify_resource
from sfndeploy.validate.rules.base import Finding, rule

# Actions whose repetition repeats a side effect (a message, an execution, a job).
NON_IDEMPOTENT_PREFIXES = ("send", "publish", "start", "run", "submit", "create", "putevents", "invoke")


def is_non_idempotent(resource: str) -> bool:
    kind = classify_resource(resource)
    if kind is None or kind.kind not in ("integration", "aws-sdk"):
        return False
    if kind.service in ("lambda", "http", "apigateway"):
        return False  # whether these repeat a side effect depends on the callee
    return kind.action.lower().startswith(NON_IDEMPOTENT_PREFIXES)


@rule(
    "retry-non-idempotent",
    code="RETRY_NON_IDEMPOTENT",
    severity=WARNING,
    summary="A Task retrying a non-idempotent action (send, publish, start...) also has a Catch.",
    triggers=("Type:Task",),
)
def retry_non_idempotent(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Task"):
        resource = state.get("Resource")
        if not state.get("Retry") or state.get("Catch") or not isinstance(resource, str):
            continue
        if is_non_idempotent(resource):
            yield Finding(
                state.at("Retry"),
                f"Task state '{state.name}' retries '{resource}', which may repeat its side effect, and has no Catch; "
                "make the call idempotent and add a Catch for when retries run out",
            )
