"""Reading a live state machine: definition, type, role, logging, tracing, encryption, tags, aliases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import NOT_FOUND_CODES, AwsCallError
from sfndeploy.errors import SfnDeployError
from sfndeploy.model import Environment
from sfndeploy.plan.live import normalise_logging, tag_dict


class ImportFailed(SfnDeployError):
    """A state machine cannot be imported: missing, foreign, or not expressible as a spec."""


@dataclass(frozen=True)
class LiveAliasInfo:
    name: str
    description: str
    weights: tuple[int, ...]


@dataclass(frozen=True)
class LiveMachine:
    name: str
    arn: str
    type: str
    definition: Any
    role_arn: str
    logging: dict[str, Any]
    tracing: bool
    encryption: dict[str, Any]
    tags: dict[str, str]
    description: str = ""
    aliases: tuple[LiveAliasInfo, ...] = ()


def machine_arn(env: Environment, name: str) -> str:
    return f"arn:{env.partition}:states:{env.region}:{env.account_id}:stateMachine:{name}"


def read_machine(api: AwsApi, env: Environment, name_or_arn: str) -> LiveMachine:
    """The live state machine named (or with the ARN) ``name_or_arn``; its env-prefixed name also works."""
    candidates = [name_or_arn] if name_or_arn.startswith("arn:") else [machine_arn(env, name_or_arn)]
    if not name_or_arn.startswith("arn:") and env.naming.apply(name_or_arn) != name_or_arn:
        candidates.append(machine_arn(env, env.naming.apply(name_or_arn)))
    for arn in candidates:
        described = _describe(api, arn)
        if described is not None:
            return _machine(api, described)
    raise ImportFailed(
        f"state machine '{name_or_arn}' does not exist in account {env.account_id}, region {env.region}",
        key=name_or_arn,
        hint=f"check the name and the environment ({env.name})",
    )


def _describe(api: AwsApi, arn: str) -> dict[str, Any] | None:
    try:
        return api.call("stepfunctions", "DescribeStateMachine", target=arn, stateMachineArn=arn)
    except AwsCallError as error:
        if error.code in NOT_FOUND_CODES or error.code in {"InvalidArn", "ValidationException"}:
            return None
        raise


def _machine(api: AwsApi, described: dict[str, Any]) -> LiveMachine:
    arn = described["stateMachineArn"]
    tags = api.call("stepfunctions", "ListTagsForResource", target=arn, resourceArn=arn).get("tags", [])
    try:
        definition = json.loads(described["definition"])
    except (ValueError, TypeError) as error:
        raise ImportFailed(f"the live definition of {described['name']} is not JSON: {error}") from error
    tracing = described.get("tracingConfiguration") or {}
    return LiveMachine(
        name=described["name"],
        arn=arn,
        type=described.get("type", "STANDARD"),
        definition=definition,
        role_arn=described.get("roleArn", ""),
        logging=normalise_logging(described.get("loggingConfiguration")),
        tracing=bool(tracing.get("enabled", False)),
        encryption=dict(described.get("encryptionConfiguration") or {"type": "AWS_OWNED_KEY"}),
        tags=tag_dict(tags),
        description=str(described.get("description") or ""),
        aliases=_aliases(api, arn),
    )


def _aliases(api: AwsApi, arn: str) -> tuple[LiveAliasInfo, ...]:
    listed = api.pages(
        "stepfunctions", "ListStateMachineAliases", "stateMachineAliases", target=arn, stateMachineArn=arn
    )
    found = []
    for item in listed:
        alias_arn = item["stateMachineAliasArn"]
        alias = api.call("stepfunctions", "DescribeStateMachineAlias", target=alias_arn, stateMachineAliasArn=alias_arn)
        weights = tuple(int(r["weight"]) for r in alias.get("routingConfiguration", []))
        found.append(LiveAliasInfo(alias["name"], alias.get("description", "") or "", weights))
    return tuple(found)


def role_boundary(api: AwsApi, role_arn: str) -> str | None:
    """The permissions boundary of a role sfndeploy generated, if it has one."""
    name = role_arn.rsplit("/", 1)[-1]
    try:
        role = api.call("iam", "GetRole", target=f"role {name}", RoleName=name)["Role"]
    except AwsCallError as error:
        if error.code in NOT_FOUND_CODES:
            return None
        raise
    boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return str(boundary) if boundary else None


def role_policy(api: AwsApi, role_arn: str) -> dict[str, Any] | None:
    """The inline policy sfndeploy writes on the roles it generates, if the role has it."""
    from sfndeploy.plan.desired import INLINE_POLICY_NAME
    from sfndeploy.plan.live import policy_document

    name = role_arn.rsplit("/", 1)[-1]
    try:
        found = api.call("iam", "GetRolePolicy", target=f"role {name}", RoleName=name, PolicyName=INLINE_POLICY_NAME)
    except AwsCallError as error:
        if error.code in NOT_FOUND_CODES:
            return None
        raise
    document = policy_document(found["PolicyDocument"])
    return document if isinstance(document, dict) else None
