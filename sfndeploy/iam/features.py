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
        out.allow(KMS_ACTIONS, [context.kms_key_arn], kms_condition(context))


def kms_condition(context: IamContext) -> dict[str, Any]:
    """Only for this state machine's data: Step Functions passes its ARN as encryption context."""
    return {"StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": context.state_machine_arn}}


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
