"""Permissions that come from the state machine's configuration, not its states."""

from __future__ import annotations

from typing import Any

from sfndeploy.iam.calls import Findings
from sfndeploy.iam.model import IamContext

# Log delivery is configured through account-level APIs that support no resource: AWS requires "*".
LOG_DELIVERY_ACTIONS = (
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
)
XRAY_ACTIONS = (
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
)
KMS_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")


def allow_features(context: IamContext, out: Findings) -> None:
    if context.log_group_arn:
        out.allow(LOG_DELIVERY_ACTIONS, ["*"])
    if context.tracing:
        out.allow(XRAY_ACTIONS, ["*"])
    if context.kms_key_arn:
        allow_kms_key(context, context.kms_key_arn, out)


def allow_kms_key(context: IamContext, key: str, out: Findings) -> None:
    """Decrypt/GenerateDataKey on the key, only for this state machine's data.

    ``key`` may be a key ARN, a key id, an alias name or an alias ARN. KMS authorizes key use on
    the key ARN, never the alias ARN, so an alias becomes "any key" narrowed by ``kms:ResourceAliases``.
    """
    condition: dict[str, Any] = {
        # Step Functions passes the state machine ARN as encryption context.
        "StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": context.state_machine_arn}
    }
    alias = _alias_name(key)
    if alias is not None:
        condition["ForAnyValue:StringEquals"] = {"kms:ResourceAliases": alias}
        resource = _kms_arn(context, key, "key/*")
    elif key.startswith("arn:"):
        resource = key
    else:
        resource = _kms_arn(context, key, f"key/{key}")
    out.allow(KMS_ACTIONS, [resource], condition)


def _alias_name(key: str) -> str | None:
    if key.startswith("alias/"):
        return key
    if key.startswith("arn:") and ":alias/" in key:
        return "alias/" + key.split(":alias/", 1)[1]
    return None


def _kms_arn(context: IamContext, key: str, resource: str) -> str:
    """An ARN in the key's own region and account when ``key`` is an ARN, else the context's."""
    parts = key.split(":")
    region, account = (parts[3], parts[4]) if key.startswith("arn:") and len(parts) > 4 else (None, None)
    return f"arn:{context.partition}:kms:{region or context.region}:{account or context.account_id}:{resource}"


def trust_policy(context: IamContext) -> dict[str, Any]:
    """states.amazonaws.com may assume the role only for this account's state machine (confused deputy)."""
    machine = context.state_machine_arn
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "StepFunctionsAssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": "states.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": context.account_id},
                    # The bare ARN, and versions/aliases (stateMachine:name:1, stateMachine:name:prod).
                    "ArnLike": {"aws:SourceArn": [machine, f"{machine}:*"]},
                },
            }
        ],
    }
