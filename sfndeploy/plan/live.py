"""What exists in the account: state machines, their tags, aliases and roles.

``read_live_state`` is the real reader (through :class:`~sfndeploy.aws.AwsApi`, concurrently with
a bounded thread pool; each resource kind of :mod:`sfndeploy.plan.kinds` reads its own part);
planner tests build :class:`LiveState` values directly instead.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import NOT_FOUND_CODES, AwsCallError
from sfndeploy.model import JSON
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.ownership import is_managed

if TYPE_CHECKING:
    from sfndeploy.triggers.planning import LiveSchedules


@dataclass(frozen=True)
class LiveAlias:
    name: str
    arn: str
    routing: tuple[tuple[str, int], ...]  # (version ARN, weight)
    description: str = ""


@dataclass(frozen=True)
class LiveStateMachine:
    name: str
    arn: str
    type: str
    definition: JSON
    role_arn: str
    logging: dict[str, Any]
    tracing: bool
    encryption: dict[str, Any]
    tags: dict[str, str]
    revision: str = ""  # revisionId when AWS returns one, else the last update date
    aliases: tuple[LiveAlias, ...] = ()
    running_executions: int = 0

    @property
    def managed(self) -> bool:
        return is_managed(self.tags)

    def alias(self, name: str | None) -> LiveAlias | None:
        return next((a for a in self.aliases if a.name == name), None)


@dataclass(frozen=True)
class LiveRole:
    """A role with every fact that grants rights: trust, all inline policies, attached managed
    policies and the permissions boundary. The bulk and the one-by-one readers fill in the same."""

    name: str
    arn: str
    path: str
    trust_policy: JSON
    policies: dict[str, JSON]  # every inline policy, by name
    permissions_boundary: str | None
    tags: dict[str, str]
    managed_policies: tuple[str, ...] = ()  # ARNs of the attached managed policies, sorted

    @property
    def managed(self) -> bool:
        return is_managed(self.tags)


@dataclass(frozen=True)
class LiveState:
    """A snapshot of the account as far as one environment is concerned."""

    state_machines: dict[str, LiveStateMachine] = field(default_factory=dict)  # by state machine name
    roles: dict[str, LiveRole] = field(default_factory=dict)  # by role name
    api_calls: int = 0
    log_groups: frozenset[str] = frozenset()  # which of the desired log groups exist
    schedules: LiveSchedules | None = None  # the environment's schedule group; None when not read
    resources: dict[str, Any] = field(default_factory=dict)  # by kind name: what the kinds added since

    def fingerprint(self, state_machine_name: str, role_name: str | None, kinds: dict[str, Any] | None = None) -> str:
        """A hash of everything the plan for one workflow was computed from (``kinds``: by kind name,
        what of the other kinds' live state it depended on)."""
        machine = self.state_machines.get(state_machine_name)
        role = self.roles.get(role_name) if role_name else None
        data: dict[str, Any] = {"machine": _as_data(machine), "role": _as_data(role)}
        if kinds:
            data["kinds"] = kinds
        return sha256_of(data)


def _as_data(value: LiveStateMachine | LiveRole | None) -> Any:
    if value is None:
        return None
    data = dict(value.__dict__)
    data.pop("running_executions", None)
    if "aliases" in data:
        data["aliases"] = [a.__dict__ for a in data["aliases"]]
    return data


def tag_dict(tags: Iterable[dict[str, str]]) -> dict[str, str]:
    result = {}
    for tag in tags:
        key = tag.get("key", tag.get("Key"))
        value = tag.get("value", tag.get("Value"))
        if key is not None:
            result[str(key)] = str(value or "")
    return result


def policy_document(raw: Any) -> JSON:
    """IAM returns policy documents either parsed or URL-encoded JSON text."""
    if isinstance(raw, str):
        text = urllib.parse.unquote(raw)
        return json.loads(text)
    return raw


# ``func`` over ``items``, results in order: :meth:`LiveReader.map` (bounded concurrency) or a plain loop.
Each = Callable[[Callable[[Any], Any], list[Any]], list[Any]]


def not_found(error: AwsCallError) -> bool:
    return error.code in NOT_FOUND_CODES


class LiveReader:
    """Reads the live state of one environment with at most ``concurrency`` calls in flight.

    Each resource kind reads its own part (:mod:`sfndeploy.plan.kinds`), in their read order.
    """

    def __init__(
        self, api: AwsApi, *, concurrency: int = 16, count_running: bool = False, find_orphan_roles: bool = False
    ) -> None:
        self.api = api
        self.concurrency = max(1, concurrency)
        self.count_running = count_running
        self.find_orphan_roles = find_orphan_roles

    def read(self, desired: DesiredState) -> LiveState:
        from sfndeploy.plan.kinds import read_order  # the kinds import this module's dataclasses

        start = self.api.counter.total
        live = LiveState()
        for kind in read_order():
            live = kind.read(self, desired, live)
        return replace(live, api_calls=self.api.counter.total - start)

    def map(self, func: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        """``func`` over ``items`` with at most ``concurrency`` in flight, results in order."""
        if self.concurrency == 1 or len(items) <= 1:
            return [func(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(func, items))

    def running_executions(self, arn: str) -> int:
        page = self.api.call(
            "stepfunctions", "ListExecutions", target=arn, stateMachineArn=arn, statusFilter="RUNNING",
            maxResults=100,
        )
        return len(page.get("executions", []))


def normalise_logging(raw: dict[str, Any] | None) -> dict[str, Any]:
    raw = raw or {}
    logging: dict[str, Any] = {
        "level": raw.get("level", "OFF"),
        "includeExecutionData": bool(raw.get("includeExecutionData", False)),
    }
    if raw.get("destinations"):
        logging["destinations"] = raw["destinations"]
    return logging


def alias_from(found: dict[str, Any]) -> LiveAlias:
    routing = tuple((r["stateMachineVersionArn"], int(r["weight"])) for r in found.get("routingConfiguration", []))
    return LiveAlias(
        name=found["name"],
        arn=found["stateMachineAliasArn"],
        routing=routing,
        description=found.get("description", "") or "",
    )


def read_live_state(api: AwsApi, desired: DesiredState, *, concurrency: int = 16) -> LiveState:
    return LiveReader(api, concurrency=concurrency).read(desired)
