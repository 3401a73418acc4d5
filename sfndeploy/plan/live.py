"""What exists in the account: state machines, their tags, aliases and roles.

``read_live_state`` is the real reader (through :class:`~sfndeploy.aws.AwsApi`, concurrently with
a bounded thread pool); planner tests build :class:`LiveState` values directly instead.
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
from sfndeploy.plan.desired import ROLE_PATH, DesiredState

if TYPE_CHECKING:
    from sfndeploy.triggers.planning import LiveSchedules
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.ownership import is_managed, owned_by

BULK_ROLE_THRESHOLD = 4  # from this many roles on, one paginated IAM listing beats per-role reads


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

    def fingerprint(self, state_machine_name: str, role_name: str | None) -> str:
        """A hash of everything the plan for one workflow was computed from."""
        machine = self.state_machines.get(state_machine_name)
        role = self.roles.get(role_name) if role_name else None
        return sha256_of({"machine": _as_data(machine), "role": _as_data(role)})


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


def _not_found(error: AwsCallError) -> bool:
    return error.code in NOT_FOUND_CODES


class LiveReader:
    """Reads the live state of one environment with at most ``concurrency`` calls in flight."""

    def __init__(
        self, api: AwsApi, *, concurrency: int = 16, count_running: bool = False, find_orphan_roles: bool = False
    ) -> None:
        self.api = api
        self.concurrency = max(1, concurrency)
        self.count_running = count_running
        self.find_orphan_roles = find_orphan_roles

    def read(self, desired: DesiredState) -> LiveState:
        start = self.api.counter.total
        listed = self._list_state_machines()
        wanted = {w.state_machine_name: w for w in desired.workflows}
        candidates = [
            name for name in listed if name in wanted or (not desired.partial and _matches_naming(name, desired))
        ]
        aliases = {w.state_machine_name: w.alias for w in desired.workflows}
        machines = self._map(
            lambda name: self._read_machine(listed[name], aliases.get(name), None if name in wanted else desired),
            candidates,
        )
        owned = {m.name: m for m in machines if m is not None and _belongs(m, desired, wanted)}
        role_names = self._role_names(desired, owned.values())
        roles = self._read_roles(role_names, desired)
        wanted_groups = sorted({w.log_group_name for w in desired.workflows if w.log_group_name})
        exists = self._map(self._log_group_exists, wanted_groups)
        groups = frozenset(g for g, found in zip(wanted_groups, exists, strict=True) if found)
        schedules = self._schedules(desired)
        return LiveState(
            state_machines=owned,
            roles=roles,
            api_calls=self.api.counter.total - start,
            log_groups=groups,
            schedules=schedules,
        )

    def _schedules(self, desired: DesiredState) -> LiveSchedules | None:
        """The schedule group, when a trigger wants it or a prune may find schedules left behind in it."""
        wanted = any(each.group is not None for each in desired.triggers)
        pruning = self.find_orphan_roles and not desired.partial
        if not desired.schedule_group or not (wanted or pruning):
            return None
        from sfndeploy.triggers.planning import read_live_schedules

        return read_live_schedules(self.api, desired.schedule_group)

    def _log_group_exists(self, name: str) -> bool:
        found = self.api.call("logs", "DescribeLogGroups", target=f"log group {name}", logGroupNamePrefix=name, limit=5)
        return any(group.get("logGroupName") == name for group in found.get("logGroups", []))

    def _map(self, func: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        if self.concurrency == 1 or len(items) <= 1:
            return [func(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(func, items))

    def _list_state_machines(self) -> dict[str, str]:
        items = self.api.pages("stepfunctions", "ListStateMachines", "stateMachines", maxResults=1000)
        return {item["name"]: item["stateMachineArn"] for item in items}

    def _read_machine(self, arn: str, alias_name: str | None, owner: DesiredState | None) -> LiveStateMachine | None:
        """Tags first: a machine that is not wanted is described only if this environment owns it."""
        try:
            tags = tag_dict(self.api.call("stepfunctions", "ListTagsForResource", target=arn, resourceArn=arn)["tags"])
            if owner is not None and not _owned_by(tags, owner):
                return None
            described = self.api.call("stepfunctions", "DescribeStateMachine", target=arn, stateMachineArn=arn)
        except AwsCallError as error:
            if _not_found(error):
                return None
            raise
        if described.get("status") == "DELETING":  # gone as far as planning goes; a create waits for it
            return None
        machine = _machine_from(described, tags)
        if not machine.managed:
            return machine
        if alias_name is not None:
            found = self._read_alias(f"{arn}:{alias_name}")
            aliases: tuple[LiveAlias, ...] = (found,) if found else ()
        else:
            aliases = self._list_aliases(arn)
        running = self.running_executions(arn) if self.count_running else 0
        return replace(machine, aliases=aliases, running_executions=running)

    def _read_alias(self, alias_arn: str) -> LiveAlias | None:
        try:
            found = self.api.call(
                "stepfunctions", "DescribeStateMachineAlias", target=alias_arn, stateMachineAliasArn=alias_arn
            )
        except AwsCallError as error:
            if _not_found(error):
                return None
            raise
        return _alias_from(found)

    def _list_aliases(self, arn: str) -> tuple[LiveAlias, ...]:
        listed = self.api.pages(
            "stepfunctions", "ListStateMachineAliases", "stateMachineAliases", target=arn, stateMachineArn=arn
        )
        found = [self._read_alias(item["stateMachineAliasArn"]) for item in listed]
        return tuple(a for a in found if a is not None)

    def running_executions(self, arn: str) -> int:
        page = self.api.call(
            "stepfunctions", "ListExecutions", target=arn, stateMachineArn=arn, statusFilter="RUNNING",
            maxResults=100,
        )
        return len(page.get("executions", []))

    def _role_names(self, desired: DesiredState, machines: Iterable[LiveStateMachine]) -> set[str]:
        names = {w.role.name for w in desired.workflows if w.role is not None}
        names.update(role.name for each in desired.triggers for role in each.roles)
        names.update(_role_name_of(m.role_arn) for m in machines if ROLE_PATH in m.role_arn)
        return names

    def _read_roles(self, names: set[str], desired: DesiredState) -> dict[str, LiveRole]:
        """Per role, or from one account-wide listing when there are many or orphans are wanted.

        Only the listing can find a role an interrupted apply created without its state machine.
        """
        if not names and not self.find_orphan_roles:
            return {}
        if len(names) >= BULK_ROLE_THRESHOLD or self.find_orphan_roles:
            try:
                return self._read_roles_in_bulk(names, desired)
            except AwsCallError as error:
                if error.code not in {"AccessDenied", "AccessDeniedException"}:
                    raise
        roles = self._map(self._read_role, sorted(names))
        return {role.name: role for role in roles if role is not None}

    def _read_roles_in_bulk(self, names: set[str], desired: DesiredState) -> dict[str, LiveRole]:
        details = self.api.pages(
            "iam", "GetAccountAuthorizationDetails", "RoleDetailList", Filter=["Role"], MaxItems=1000
        )
        roles = {}
        for item in details:
            if item["RoleName"] in names or (self.find_orphan_roles and _owned_role(item, desired)):
                inline = item.get("RolePolicyList", [])
                policies = {p["PolicyName"]: policy_document(p["PolicyDocument"]) for p in inline}
                attached = [p["PolicyArn"] for p in item.get("AttachedManagedPolicies", [])]
                roles[item["RoleName"]] = _role_from(item, policies, attached)
        return roles

    def _read_role(self, name: str) -> LiveRole | None:
        """GetRole, then every inline policy and every attached managed policy: what the bulk listing holds."""
        try:
            role = self.api.call("iam", "GetRole", target=f"role {name}", RoleName=name)["Role"]
            names = self.api.pages("iam", "ListRolePolicies", "PolicyNames", target=f"role {name}", RoleName=name)
            policies = {policy: self._inline_policy(name, policy) for policy in names}
            attached = list(
                self.api.pages(
                    "iam", "ListAttachedRolePolicies", "AttachedPolicies", target=f"role {name}", RoleName=name
                )
            )
        except AwsCallError as error:
            if _not_found(error):
                return None
            raise
        found = {policy: document for policy, document in policies.items() if document is not None}
        return _role_from(role, found, [p["PolicyArn"] for p in attached])

    def _inline_policy(self, role: str, policy: str) -> JSON | None:
        try:
            found = self.api.call("iam", "GetRolePolicy", target=f"role {role}", RoleName=role, PolicyName=policy)
        except AwsCallError as error:
            if _not_found(error):  # deleted between the listing and this read
                return None
            raise
        return policy_document(found["PolicyDocument"])


def _matches_naming(name: str, desired: DesiredState) -> bool:
    if not desired.naming_prefix and not desired.naming_suffix:
        return True
    return name.startswith(desired.naming_prefix) and name.endswith(desired.naming_suffix)


def _belongs(machine: LiveStateMachine, desired: DesiredState, wanted: dict[str, Any]) -> bool:
    return machine.name in wanted or _owned_by(machine.tags, desired)


def _owned_by(tags: dict[str, str], desired: DesiredState) -> bool:
    return owned_by(tags, desired.project, desired.environment)


def _owned_role(item: dict[str, Any], desired: DesiredState) -> bool:
    return item.get("Path") == ROLE_PATH and _owned_by(tag_dict(item.get("Tags", [])), desired)


def _role_name_of(role_arn: str) -> str:
    return role_arn.rsplit("/", 1)[-1]


def _machine_from(described: dict[str, Any], tags: dict[str, str]) -> LiveStateMachine:
    tracing = described.get("tracingConfiguration") or {}
    revision = described.get("revisionId") or str(described.get("updateDate") or described.get("creationDate"))
    return LiveStateMachine(
        name=described["name"],
        arn=described["stateMachineArn"],
        type=described.get("type", "STANDARD"),
        definition=json.loads(described["definition"]),
        role_arn=described.get("roleArn", ""),
        logging=normalise_logging(described.get("loggingConfiguration")),
        tracing=bool(tracing.get("enabled", False)),
        encryption=dict(described.get("encryptionConfiguration") or {"type": "AWS_OWNED_KEY"}),
        tags=tags,
        revision=revision,
    )


def normalise_logging(raw: dict[str, Any] | None) -> dict[str, Any]:
    raw = raw or {}
    logging: dict[str, Any] = {
        "level": raw.get("level", "OFF"),
        "includeExecutionData": bool(raw.get("includeExecutionData", False)),
    }
    if raw.get("destinations"):
        logging["destinations"] = raw["destinations"]
    return logging


def _alias_from(found: dict[str, Any]) -> LiveAlias:
    routing = tuple((r["stateMachineVersionArn"], int(r["weight"])) for r in found.get("routingConfiguration", []))
    return LiveAlias(
        name=found["name"],
        arn=found["stateMachineAliasArn"],
        routing=routing,
        description=found.get("description", "") or "",
    )


def _role_from(role: dict[str, Any], policies: dict[str, JSON], attached: Iterable[str]) -> LiveRole:
    boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return LiveRole(
        name=role["RoleName"],
        arn=role["Arn"],
        path=role.get("Path", "/"),
        trust_policy=policy_document(role.get("AssumeRolePolicyDocument")),
        policies=policies,
        permissions_boundary=boundary,
        tags=tag_dict(role.get("Tags", [])),
        managed_policies=tuple(sorted(set(attached))),
    )


def read_live_state(api: AwsApi, desired: DesiredState, *, concurrency: int = 16) -> LiveState:
    return LiveReader(api, concurrency=concurrency).read(desired)
