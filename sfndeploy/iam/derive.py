"""derive_iam: a rendered ASL definition in, the execution role's trust policy and policy out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sfndeploy.errors import IamDerivationError, SourceLocation
from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.discovery import StateSite, is_distributed_map, parse_service_resource, states_of
from sfndeploy.iam.distributed_map import allow_child_executions, allow_s3_transfer
from sfndeploy.iam.features import allow_features, trust_policy
from sfndeploy.iam.model import DerivedIam, IamContext, IamWarning
from sfndeploy.iam.policy import build_policy, statement_allows, statements_allow_service
from sfndeploy.iam.services import handler_for
from sfndeploy.iam.services.common import resolve
from sfndeploy.iam.services.sdk import iam_actions

Locate = Callable[[str], SourceLocation]

# IAM's quota on the inline policies of one role, counted without whitespace.
INLINE_POLICY_QUOTA = 10_240


def derive_iam(definition: Any, context: IamContext, *, locate: Locate | None = None) -> DerivedIam:
    """The least-privilege role for ``definition``; raises IamDerivationError on an uncovered gap."""
    deriver = _Deriver(context, locate)
    for site in states_of(definition):
        deriver.visit(site)
    allow_features(context, deriver.out)
    policy = build_policy(deriver.out.grants, context.extra_statements)
    warnings = [*deriver.out.warnings, *_size_warnings(policy)]
    return DerivedIam(trust_policy(context), policy, tuple(warnings))


def _size_warnings(policy: dict[str, Any]) -> list[IamWarning]:
    size = len(json.dumps(policy, separators=(",", ":")))
    if size <= INLINE_POLICY_QUOTA:
        return []
    message = f"the policy is {size} characters; IAM allows {INLINE_POLICY_QUOTA} for a role's inline policies"
    return [IamWarning("", "", message)]


class _Deriver:
    def __init__(self, context: IamContext, locate: Locate | None) -> None:
        self.context = context
        self.locate = locate
        self.out = Findings()

    def visit(self, site: StateSite) -> None:
        if site.state.get("Type") == "Task":
            self._task(site)
        elif is_distributed_map(site.state):
            self._distributed_map(site)

    def _task(self, site: StateSite) -> None:
        resource = site.state.get("Resource")
        if not isinstance(resource, str):
            self._unknown(site, site.pointer, repr(resource), None)
            return
        call = self._call(site, site.pointer, resource, site.state)
        if "Credentials" in site.state:
            self._assumed_role(call, site.state["Credentials"])
            return
        self._dispatch(site, call)

    def _call(self, site: StateSite, pointer: str, resource: str, holder: dict[str, Any]) -> TaskCall:
        """The call a state (or a Map's ItemReader/ResultWriter: ``holder``) makes with its parameters."""
        parsed = parse_service_resource(resource)
        service, api, pattern = (parsed.service, parsed.api, parsed.pattern) if parsed else ("", "", "")
        key = "Arguments" if "Arguments" in holder else "Parameters"
        params = holder.get(key, {})
        return TaskCall(site.name, pointer, resource, service, api, pattern, params, self.context, key)

    def _dispatch(self, site: StateSite, call: TaskCall) -> None:
        if _is_lambda_function_arn(call.resource):
            self.out.allow(["lambda:InvokeFunction"], arns.lambda_function_arns(call, call.resource))
            return
        if call.service == "activity" and call.resource.split(":")[2] == "states":
            return  # activity workers poll with their own credentials: the role needs nothing
        handler = handler_for(call) if call.service else None
        if handler is None:
            self._unknown(site, call.pointer, call.resource, call)
            return
        handler(call, self.out)

    def _assumed_role(self, call: TaskCall, credentials: Any) -> None:
        """Cross-account tasks run as another role: this one only needs to assume it."""

        def role_arns(text: str) -> list[str]:
            # An unknown role may be in any account: cross-account use is the point of Credentials.
            return [f"arn:{self.context.partition}:iam::*:role/*" if text == "*" else arns.iam_role_arn(call, text)]

        roles = resolve(replace(call, params=credentials), self.out, ("RoleArn",), role_arns)
        self.out.allow(["sts:AssumeRole"], roles)
        self.out.warn(call, f"{call.resource} runs as {roles[0]}; grant its permissions on that role")

    def _distributed_map(self, site: StateSite) -> None:
        label = site.state.get("Label")
        allow_child_executions(self.context, self.out, label if isinstance(label, str) else None)
        for key in ("ItemReader", "ResultWriter"):
            config = site.state.get(key)
            if isinstance(config, dict) and isinstance(config.get("Resource"), str):
                call = self._call(site, f"{site.pointer}/{key}", config["Resource"], config)
                if not allow_s3_transfer(call, config, key, self.out):
                    self._unknown(site, call.pointer, call.resource, call)

    def _unknown(self, site: StateSite, pointer: str, resource: str, call: TaskCall | None) -> None:
        """An integration sfndeploy cannot derive: fine only if the spec's own statements cover it."""
        needed = _needed_actions(resource, call)
        extras = self.context.extra_statements
        if needed and all(any(statement_allows(e, a) for e in extras) for a in needed):
            return
        service = _service_prefix(resource, call)
        if not needed and service and statements_allow_service(extras, service):
            return
        what = ", ".join(needed) if needed else (f"{service}:..." if service else "its actions")
        raise IamDerivationError(
            f"state '{site.name}' calls {resource}, an integration sfndeploy cannot derive IAM permissions for",
            location=self.locate(f"{pointer}/Resource") if self.locate else None,
            hint=f"add a statement allowing {what} to the workflow spec's role.statements",
        )


def _is_lambda_function_arn(resource: str) -> bool:
    parts = resource.split(":")
    return len(parts) >= 7 and parts[0] == "arn" and parts[2] == "lambda" and parts[5] == "function"


def _needed_actions(resource: str, call: TaskCall | None) -> tuple[str, ...]:
    if call is None or not call.service or not call.api:
        return ()
    if call.service == "aws-sdk":
        service, _, api = call.api.partition(":")
        return iam_actions(service, api) if api else ()
    return iam_actions(call.service, call.api)


def _service_prefix(resource: str, call: TaskCall | None) -> str:
    if call is not None and call.service:
        return call.service
    parts = resource.split(":")
    return parts[2] if len(parts) > 2 and parts[0] == "arn" else ""
