"""What an integration handler receives, and the sink it writes grants and warnings into."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.iam.model import Grant, IamContext, IamWarning
from sfndeploy.iam.values import Value, lookup

EVENTS_RULE_ACTIONS = ("events:PutTargets", "events:PutRule", "events:DescribeRule")


@dataclass(frozen=True)
class TaskCall:
    """One call a state makes: a Task's resource, or a Map's item reader or result writer.

    ``service`` and ``api`` come from ``arn:aws:states:::<service>:<api>[.<pattern>]``;
    ``pattern`` is "" (request-response), "sync", "sync:2" or "waitForTaskToken".
    """

    state: str
    pointer: str  # JSON pointer of the state (or of the Map's ItemReader / ResultWriter)
    resource: str
    service: str
    api: str
    pattern: str
    params: Any  # Parameters (JSONPath) or Arguments (JSONata), {} when absent
    context: IamContext
    params_key: str = "Parameters"  # which of the two the state uses, for pointers

    @property
    def resource_pointer(self) -> str:
        return f"{self.pointer}/Resource"

    @property
    def waits_for_job(self) -> bool:
        return self.pattern.startswith("sync")

    def param(self, *path: str) -> Value:
        return lookup(self.params, *path)

    def param_pointer(self, *path: str) -> str:
        """The pointer of the deepest key of ``path`` present (``Key`` or ``Key.$``), else the Resource's."""
        pointer, current = f"{self.pointer}/{self.params_key}", self.params
        found = False
        for key in path:
            if not isinstance(current, dict):
                break
            name = key if key in current else f"{key}.$" if f"{key}.$" in current else None
            if name is None:
                break
            pointer, current, found = f"{pointer}/{name}", current[name], True
        return pointer if found else self.resource_pointer

    def arn(self, service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
        ctx = self.context
        region = ctx.region if region is None else region
        account = ctx.account_id if account is None else account
        return f"arn:{ctx.partition}:{service}:{region}:{account}:{resource}"

    def events_rule(self, rule_name: str) -> str:
        return self.arn("events", f"rule/{rule_name}")


def condition_text(condition: dict[str, Any] | None) -> str:
    return json.dumps(condition, sort_keys=True, separators=(",", ":")) if condition else ""


@dataclass
class Findings:
    """Grants and warnings collected while walking a definition (mutable only during derivation)."""

    grants: list[Grant] = field(default_factory=list)
    warnings: list[IamWarning] = field(default_factory=list)

    def allow(
        self,
        actions: Iterable[str],
        resources: Iterable[str],
        condition: dict[str, Any] | None = None,
    ) -> None:
        self.grants.append(Grant(tuple(actions), tuple(resources), condition_text(condition)))

    def warn(self, call: TaskCall, message: str, *, at: tuple[str, ...] = ()) -> None:
        """A warning about ``call``, at the line of parameter ``at`` when given (else of its Resource)."""
        pointer = call.param_pointer(*at) if at else call.resource_pointer
        warning = IamWarning(call.state, pointer, message)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def warn_dynamic(
        self, call: TaskCall, key: str, value: Value, resources: Iterable[str], *, at: tuple[str, ...] = ()
    ) -> None:
        scoped = ", ".join(resources)
        shape = "" if value.text == "*" else f" (matching {value.text!r})"
        self.warn(call, f"{key} is dynamic{shape}; permission scoped to {scoped}", at=at)
