"""The data IAM derivation takes and gives: a context in, a trust policy, a policy and warnings out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IamContext:
    """Where the state machine lives and which optional features its role must serve."""

    partition: str
    region: str
    account_id: str
    state_machine_name: str
    state_machine_arn: str
    workflow_type: str  # STANDARD | EXPRESS
    log_group_arn: str | None = None  # CloudWatch Logs delivery when logging is on
    tracing: bool = False  # X-Ray
    kms_key_arn: str | None = None  # customer managed key for encryption at rest
    extra_statements: tuple[dict[str, Any], ...] = ()  # the spec's own statements


@dataclass(frozen=True)
class IamWarning:
    """A permission derived with less precision than wanted (a wildcard), and why."""

    state: str
    pointer: str
    message: str

    def __str__(self) -> str:
        if not self.state:  # about the whole policy, not one state
            return self.message
        return f"{self.state} ({self.pointer}): {self.message}"


@dataclass(frozen=True)
class DerivedIam:
    trust_policy: dict[str, Any]
    policy: dict[str, Any]
    warnings: tuple[IamWarning, ...]


@dataclass(frozen=True, order=True)
class Grant:
    """One permission before merging: actions allowed on resources, under an optional condition.

    ``condition`` is the canonical JSON text of the IAM ``Condition`` block ("" for none), so that
    grants hash, compare and sort as plain values.
    """

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    condition: str = ""
