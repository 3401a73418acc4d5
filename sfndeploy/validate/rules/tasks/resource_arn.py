"""Task Resource ARNs are well formed and name a known kind of integration."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR, WARNING
from sfndeploy.validate.resources import OPTIMIZED_SERVICES, classify_resource, pattern_problem, unusual_lambda_arn
from sfndeploy.validate.rules.base import Finding, rule

EXAMPLES = (
    "arn:aws:states:::lambda:invoke, arn:aws:states:::aws-sdk:s3:getObject, "
    "arn:aws:lambda:<region>:<account>:function:<name>, arn:aws:states:<region>:<account>:activity:<name>"
)


@rule(
    "resource-arn",
    code="INVALID_RESOURCE",
    severity=ERROR,
    summary="A Task Resource is an integration, AWS SDK, Lambda function or activity ARN.",
    triggers=("Type:Task",),
)
def resource_arn(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_of_type("Task"):
        resource = state.get("Resource")
        if not isinstance(resource, str):
            continue  # the schema reports a missing or non-string Resource
        kind = classify_resource(resource)
        if kind is None and (unusual := unusual_lambda_arn(resource)) is not None:
            yield Finding(
                state.at("Resource"),
                f"'{resource}': {unusual}; no such function can exist, so the call will fail at run time",
                code="UNUSUAL_LAMBDA_ARN",
                severity=WARNING,
            )
        elif kind is None:
            yield Finding(state.at("Resource"), f"'{resource}' is not a valid Task resource ARN (e.g. {EXAMPLES})")
        elif (problem := pattern_problem(kind)) is not None:
            yield Finding(state.at("Resource"), f"'{resource}': {problem}")
        elif kind.kind == "integration" and kind.service not in OPTIMIZED_SERVICES:
            yield Finding(
                state.at("Resource"),
                f"'{kind.service}' is not a service sfndeploy knows an optimized integration for; "
                f"check the name, or call it as arn:aws:states:::aws-sdk:{kind.service}:<Action>",
                code="UNKNOWN_INTEGRATION",
                severity=WARNING,
            )
