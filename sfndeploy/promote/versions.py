"""Versions and aliases of one state machine, with their provenance; pruning old versions.

Versions are listed with ``ListStateMachineVersions`` (what AWS offers). Local emulators that do not
implement it (moto answers HTTP 500) get the same answer by describing ``<arn>:1``, ``<arn>:2``...
until the first that does not exist: there, versions are never deleted, so there are no gaps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import NOT_FOUND_CODES, AwsCallError
from sfndeploy.errors import SfnDeployError
from sfndeploy.plan.live import tag_dict
from sfndeploy.plan.ownership import Owner, require_owned
from sfndeploy.promote.concurrency import DEFAULT_CONCURRENCY, parallel_map
from sfndeploy.promote.provenance import Provenance, parse_description

# What an endpoint answers for an operation it does not implement (AWS itself never does).
UNIMPLEMENTED_CODES = frozenset({"500", "501", "NotImplemented", "UnknownOperationException", "InvalidAction"})
_PROBE_LIMIT = 1000  # Step Functions keeps at most 1000 versions per state machine


@dataclass(frozen=True)
class VersionInfo:
    number: int
    arn: str
    created: str
    description: str
    provenance: Provenance


@dataclass(frozen=True)
class AliasInfo:
    name: str
    arn: str
    routing: tuple[tuple[int, int], ...]  # (version number, weight)
    description: str = ""

    @property
    def serving(self) -> int:
        """The version taking the most traffic (the old one while a canary bakes)."""
        return max(self.routing, key=lambda route: (route[1], -route[0]))[0]

    def weight_of(self, version: int) -> int:
        return next((weight for number, weight in self.routing if number == version), 0)


def version_number(version_arn: str) -> int:
    return int(version_arn.rsplit(":", 1)[-1])


def version_arn(state_machine_arn: str, number: int) -> str:
    return f"{state_machine_arn}:{number}"


def is_unimplemented(error: AwsCallError) -> bool:
    return error.code in UNIMPLEMENTED_CODES


def is_not_found(error: AwsCallError) -> bool:
    return error.code in NOT_FOUND_CODES or error.code == "StateMachineDoesNotExist"


def require_managed(api: AwsApi, state_machine_arn: str, owner: Owner) -> None:
    """Read the state machine's tags now and refuse unless ``owner`` owns it: asked before every write."""
    found = api.call("stepfunctions", "ListTagsForResource", target=state_machine_arn, resourceArn=state_machine_arn)
    name = state_machine_arn.rsplit(":", 1)[-1]
    require_owned(tag_dict(found.get("tags", [])), "state machine", name, owner.project, owner.environment,
                  owner.workflow)


def _created(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value or "")


def describe_version(api: AwsApi, state_machine_arn: str, number: int) -> VersionInfo | None:
    arn = version_arn(state_machine_arn, number)
    try:
        found = api.call("stepfunctions", "DescribeStateMachine", target=arn, stateMachineArn=arn)
    except AwsCallError as error:
        if is_not_found(error):
            return None
        raise
    description = str(found.get("description") or "")
    return VersionInfo(number, arn, _created(found.get("creationDate")), description, parse_description(description))


def list_version_numbers(api: AwsApi, state_machine_arn: str) -> list[int]:
    """Every existing version number, newest first."""
    if api.lacks("ListStateMachineVersions"):
        return _probe_version_numbers(api, state_machine_arn)
    try:
        listed = list(
            api.pages(
                "stepfunctions",
                "ListStateMachineVersions",
                "stateMachineVersions",
                target=state_machine_arn,
                stateMachineArn=state_machine_arn,
                maxResults=1000,
            )
        )
    except AwsCallError as error:
        if not is_unimplemented(error):
            raise
        api.note_unsupported("ListStateMachineVersions", "versions are found by describing each version number")
        return _probe_version_numbers(api, state_machine_arn)
    return sorted((version_number(item["stateMachineVersionArn"]) for item in listed), reverse=True)


def _probe_version_numbers(api: AwsApi, state_machine_arn: str) -> list[int]:
    numbers = []
    for number in range(1, _PROBE_LIMIT + 1):
        if describe_version(api, state_machine_arn, number) is None:
            break
        numbers.append(number)
    return sorted(numbers, reverse=True)


def list_versions(api: AwsApi, state_machine_arn: str, *, concurrency: int = DEFAULT_CONCURRENCY) -> list[VersionInfo]:
    """Every version with its description and provenance, newest first."""
    numbers = list_version_numbers(api, state_machine_arn)
    found = parallel_map(lambda n: describe_version(api, state_machine_arn, n), numbers, concurrency)
    return [version for version in found if version is not None]


def alias_from_response(found: dict[str, Any]) -> AliasInfo:
    routing = tuple(
        (version_number(route["stateMachineVersionArn"]), int(route["weight"]))
        for route in found.get("routingConfiguration", [])
    )
    return AliasInfo(
        name=str(found["name"]),
        arn=str(found["stateMachineAliasArn"]),
        routing=routing,
        description=str(found.get("description") or ""),
    )


def describe_alias(api: AwsApi, alias_arn: str) -> AliasInfo | None:
    try:
        found = api.call("stepfunctions", "DescribeStateMachineAlias", target=alias_arn, stateMachineAliasArn=alias_arn)
    except AwsCallError as error:
        if is_not_found(error):
            return None
        raise
    return alias_from_response(found)


def list_aliases(api: AwsApi, state_machine_arn: str) -> list[AliasInfo]:
    listed = api.pages(
        "stepfunctions",
        "ListStateMachineAliases",
        "stateMachineAliases",
        target=state_machine_arn,
        stateMachineArn=state_machine_arn,
    )
    found = (describe_alias(api, item["stateMachineAliasArn"]) for item in listed)
    return sorted((alias for alias in found if alias is not None), key=lambda alias: alias.name)


def referenced_versions(aliases: Iterable[AliasInfo]) -> set[int]:
    return {number for alias in aliases for number, _ in alias.routing}


def prunable(numbers: Sequence[int], aliases: Iterable[AliasInfo], keep: int) -> list[int]:
    """Versions beyond the newest ``keep``, never one an alias routes to; oldest first."""
    if keep < 1:
        raise SfnDeployError(f"keep_versions must be at least 1, not {keep}")
    protected = referenced_versions(aliases)
    newest_first = sorted(numbers, reverse=True)
    return sorted(number for number in newest_first[keep:] if number not in protected)


@dataclass(frozen=True)
class PruneResult:
    deleted: tuple[int, ...]
    kept_for_aliases: tuple[int, ...]
    unsupported: bool = False  # the endpoint cannot delete versions (a local emulator)


def prune_versions(
    api: AwsApi, state_machine_arn: str, keep: int, *, owner: Owner, dry_run: bool = False
) -> PruneResult:
    """Delete the versions beyond ``keep``; aliases are read just before, so none is deleted in use.

    Each deletion is preceded by a look at the state machine's tags: only ``owner``'s are touched.
    """
    numbers = list_version_numbers(api, state_machine_arn)
    aliases = list_aliases(api, state_machine_arn)
    doomed = prunable(numbers, aliases, keep)
    protected = tuple(sorted(n for n in sorted(numbers, reverse=True)[keep:] if n in referenced_versions(aliases)))
    if dry_run:
        return PruneResult(tuple(doomed), protected)
    deleted: list[int] = []
    for number in doomed:
        arn = version_arn(state_machine_arn, number)
        require_managed(api, state_machine_arn, owner)
        try:
            api.call("stepfunctions", "DeleteStateMachineVersion", target=arn, stateMachineVersionArn=arn)
        except AwsCallError as error:
            if is_unimplemented(error):
                return PruneResult(tuple(deleted), protected, unsupported=True)
            if error.code == "ConflictException":  # an alias took it up since we looked, or a publish runs
                continue
            raise
        deleted.append(number)
    return PruneResult(tuple(deleted), protected)
