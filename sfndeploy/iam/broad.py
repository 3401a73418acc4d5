"""Broad grants: statements that give far more than one workflow needs.

``broad_grants(policy)`` reads a policy document (derived, written in a spec, or loaded from a
saved plan) and returns one finding per Allow statement that

- allows every action (``*``), every action of a service (``iam:*``), or uses ``NotAction``;
- allows a sensitive action (``SENSITIVE_ACTIONS``) on every resource (``*``, or an ARN whose
  resource part is only wildcards, such as ``arn:aws:s3:::*`` or ``arn:aws:iam::*:role/*``), unless
  a condition narrows the resources (``RESOURCE_NARROWING_KEYS``);
- allows ``iam:PassRole`` without an ``iam:PassedToService`` condition.

It is a pure function over data: validation calls it on a spec's ``role.statements``, ``plan`` on
every generated role's policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfndeploy.iam.policy import wildcard_matches

BROAD_GRANT = "BROAD_GRANT"

# Actions that read secrets, decrypt data, write or destroy data, or change who may do what.
SENSITIVE_ACTIONS = (
    "iam:*",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
    "kms:ScheduleKeyDeletion",
    "kms:PutKeyPolicy",
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:DeleteSecret",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:PutParameter",
    "ssm:SendCommand",
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutLifecycleConfiguration",
    "s3:CreateBucket",
    "dynamodb:DeleteTable",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:BatchWriteItem",
    "lambda:AddPermission",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "lambda:DeleteFunction",
    "states:CreateStateMachine",
    "states:UpdateStateMachine",
    "states:DeleteStateMachine",
    "ec2:RunInstances",
    "ec2:AuthorizeSecurityGroupIngress",
    "organizations:*",
    "glue:Delete*",
    "glue:BatchDelete*",
)
# Condition keys that limit which resources a statement reaches, beyond its Resource element.
RESOURCE_NARROWING_KEYS = (
    "aws:ResourceTag/",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "kms:ResourceAliases",
    "kms:EncryptionContext:",
    "s3:prefix",
    "iam:ResourceTag/",
)


@dataclass(frozen=True)
class BroadGrant:
    """One Allow statement that grants too much, and every reason why."""

    index: int  # position in the policy's Statement list
    sid: str
    reasons: tuple[str, ...]
    code: str = BROAD_GRANT

    @property
    def message(self) -> str:
        name = f"statement {self.sid}" if self.sid else f"statement {self.index + 1}"
        return f"{name} {'; '.join(self.reasons)}"


def broad_grants(policy: Any) -> tuple[BroadGrant, ...]:
    """Every broad Allow statement of ``policy`` (a policy document, or its Statement list)."""
    statements = policy.get("Statement", []) if isinstance(policy, dict) else policy
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return ()
    found = []
    for index, statement in enumerate(statements):
        reasons = statement_reasons(statement) if isinstance(statement, dict) else ()
        if reasons:
            found.append(BroadGrant(index, str(statement.get("Sid", "")), reasons))
    return tuple(found)


def statement_reasons(statement: dict[str, Any]) -> tuple[str, ...]:
    """Why one statement is broad (empty when it is not, or when it denies)."""
    if statement.get("Effect", "Allow") != "Allow":
        return ()
    actions = _strings(statement.get("Action"))
    reasons = []
    if "NotAction" in statement:
        reasons.append("allows every action except those in NotAction")
    # Actions reported as "every action" are not repeated as sensitive or as passing roles.
    specific = [a for a in actions if a != "*" and not a.endswith(":*")]
    if "*" in actions:
        reasons.append("allows every action ('*')")
    services = [a for a in actions if a.endswith(":*")]
    if services:
        reasons.append(f"allows every action of a service ({_quoted(services)})")
    if "NotResource" in statement or any(_is_unscoped(r) for r in _strings(statement.get("Resource"))):
        sensitive = [a for a in specific if _is_sensitive(a)]
        if sensitive and not _narrows_resources(statement.get("Condition")):
            reasons.append(f"allows sensitive {_quoted(sensitive)} on every resource")
    passes_roles = [a for a in specific if wildcard_matches(a, "iam:PassRole", ignore_case=True)]
    if passes_roles and not _has_condition_key(statement.get("Condition"), "iam:PassedToService"):
        reasons.append("allows iam:PassRole without an iam:PassedToService condition")
    return tuple(reasons)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _quoted(actions: list[str]) -> str:
    return ", ".join(f"'{action}'" for action in actions)


def _is_sensitive(action: str) -> bool:
    """Whether ``action`` (a pattern itself) may match a sensitive action, or one matches it."""
    return any(
        wildcard_matches(action, sensitive, ignore_case=True) or wildcard_matches(sensitive, action, ignore_case=True)
        for sensitive in SENSITIVE_ACTIONS
    )


def _is_unscoped(resource: str) -> bool:
    """``*``, or an ARN naming no resource: only wildcards after its resource type."""
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return False
    name = parts[5]
    cut = min((i for i in (name.find("/"), name.find(":")) if i >= 0), default=-1)
    # S3 ARNs have no resource type (the bucket comes first); others start with one: role/, table/, secret:
    if parts[2] != "s3" and cut > 0 and "*" not in name[:cut]:
        name = name[cut + 1 :]
    return all(char in "*?/:" for char in name)


def _condition_keys(condition: Any) -> list[str]:
    if not isinstance(condition, dict):
        return []
    return [key for block in condition.values() if isinstance(block, dict) for key in block]


def _has_condition_key(condition: Any, key: str) -> bool:
    return any(found.lower() == key.lower() for found in _condition_keys(condition))


def _narrows_resources(condition: Any) -> bool:
    return any(
        found.lower().startswith(prefix.lower())
        for found in _condition_keys(condition)
        for prefix in RESOURCE_NARROWING_KEYS
    )
