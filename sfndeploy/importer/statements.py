"""The statements a generated role has beyond what sfndeploy derives: the spec's ``role.statements``."""

from __future__ import annotations

import re
from typing import Any

from sfndeploy.errors import IamDerivationError
from sfndeploy.iam import IamContext, derive_iam
from sfndeploy.importer.live import LiveMachine
from sfndeploy.model import Environment

_GENERATED_SID = re.compile(r"^Extra\d+$")  # the Sid sfndeploy gives a spec statement written without one


def extra_statements(machine: LiveMachine, env: Environment, policy: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Live statements the derivation does not produce, in order, Sids sfndeploy made up removed."""
    live = policy.get("Statement", []) if policy else []
    live = [live] if isinstance(live, dict) else live
    derived = _derived_statements(machine, env)
    extras = []
    for statement in live:
        if not isinstance(statement, dict) or statement in derived:
            continue
        if _GENERATED_SID.match(str(statement.get("Sid", ""))):
            statement = {k: v for k, v in statement.items() if k != "Sid"}
        extras.append(statement)
    return extras


def _derived_statements(machine: LiveMachine, env: Environment) -> list[Any]:
    context = IamContext(
        partition=env.partition,
        region=env.region,
        account_id=env.account_id,
        state_machine_name=machine.name,
        state_machine_arn=machine.arn,
        workflow_type=machine.type,
        log_group_arn=_log_group_arn(machine),
        tracing=machine.tracing,
        kms_key_arn=machine.encryption.get("kmsKeyId") if machine.encryption.get("type") != "AWS_OWNED_KEY" else None,
    )
    try:
        statements = derive_iam(machine.definition, context).policy.get("Statement", [])
    except IamDerivationError:  # an integration only the spec's own statements cover: keep them all
        return []
    return list(statements)


def _log_group_arn(machine: LiveMachine) -> str | None:
    if machine.logging.get("level", "OFF") == "OFF":
        return None
    destinations = machine.logging.get("destinations") or []
    if not destinations:
        return None
    arn = (destinations[0].get("cloudWatchLogsLogGroup") or {}).get("logGroupArn")
    return str(arn) if arn else None
