"""The generated invoke role of a trigger: who may assume it, and the one thing it may do.

The trust policy admits only the service that runs the trigger (EventBridge Scheduler or
EventBridge), and only on behalf of this account's schedule group or rule (the confused-deputy
conditions ``aws:SourceAccount`` and ``aws:SourceArn``). The permission policy allows
``states:StartExecution`` on exactly the trigger's target: the alias ARN when the workflow has an
alias, else the state machine ARN. Notifications to another workflow reuse these documents.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sfndeploy.triggers.model import InvokeRole

_ROLE_NAME_LIMIT = 64
_SIDS = {"states:StartExecution": "StartTheTargetWorkflow", "events:PutEvents": "PutEventsOnTheTargetBus"}


def invoke_trust_policy(role: InvokeRole) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": role.principal},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": role.account_id},
                    "ArnEquals": {"aws:SourceArn": role.source_arn},
                },
            }
        ],
    }


def invoke_policy(role: InvokeRole) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": _SIDS.get(role.action, "InvokeTheTarget"),
                "Effect": "Allow",
                "Action": role.action,
                "Resource": role.target_arn,
            }
        ],
    }


def invoke_role_name(state_machine_name: str, trigger: str) -> str:
    """``<state machine>-<trigger>-invoke``, shortened with a hash when IAM's 64 characters would not hold it."""
    name = f"{state_machine_name}-{trigger}-invoke"
    if len(name) <= _ROLE_NAME_LIMIT:
        return name
    digest = hashlib.sha256(f"{state_machine_name}\0{trigger}".encode()).hexdigest()[:10]
    return f"{name[: _ROLE_NAME_LIMIT - len(digest) - 8]}-{digest}-invoke"


def invoke_role_document(role: InvokeRole) -> dict[str, Any]:
    """What ``render`` writes for one trigger's role into ``<workflow>.iam.json``."""
    if not role.generated:
        return {"RoleArn": role.arn}
    return {
        "RoleName": role.name,
        "TrustPolicy": invoke_trust_policy(role),
        "Policy": invoke_policy(role),
    }
