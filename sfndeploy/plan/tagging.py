"""Tag updates for every kind: which keys change, which go, and the calls that do it, per service.

Each service spells its tagging calls its own way (``ResourceARN`` for EventBridge and CloudWatch,
``ResourceArn`` for Scheduler, ``resourceArn`` with lower-case ``key``/``value`` for Step Functions,
``TagRole``/``UntagRole`` by role name for IAM); a :class:`TagApi` names the spelling once and
:func:`tag_calls` computes the difference and the calls for any of them. Keys AWS reserves
(``aws:``) are never removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sfndeploy.plan.steps import ApiCall

__all__ = [
    "CLOUDWATCH",
    "EVENTS",
    "IAM_ROLE",
    "SCHEDULER",
    "STEP_FUNCTIONS",
    "TagApi",
    "TagDiff",
    "tag_calls",
    "tag_diff",
    "tag_lines",
    "tag_list",
]


def tag_list(tags: Mapping[str, str], key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
    """Tags as the list most AWS APIs take, in key order."""
    return [{key: k, value: v} for k, v in sorted(tags.items())]


@dataclass(frozen=True)
class TagApi:
    """How one service's tag and untag calls name the resource and spell the tags."""

    service: str
    resource_param: str  # the parameter naming the resource: "ResourceARN", "RoleName", ...
    tag_operation: str = "TagResource"
    untag_operation: str = "UntagResource"
    tags_param: str = "Tags"
    keys_param: str = "TagKeys"
    key: str = "Key"
    value: str = "Value"

    def tag(self, resource: str, tags: Mapping[str, str], target: str, what: str) -> ApiCall:
        params: dict[str, Any] = {self.resource_param: resource, self.tags_param: tag_list(tags, self.key, self.value)}
        return ApiCall(self.service, self.tag_operation, params, target, summary=f"tag {what}")

    def untag(self, resource: str, keys: list[str], target: str, what: str) -> ApiCall:
        params: dict[str, Any] = {self.resource_param: resource, self.keys_param: keys}
        return ApiCall(self.service, self.untag_operation, params, target, summary=f"untag {what}")


EVENTS = TagApi("events", "ResourceARN")
SCHEDULER = TagApi("scheduler", "ResourceArn")
CLOUDWATCH = TagApi("cloudwatch", "ResourceARN")
STEP_FUNCTIONS = TagApi(
    "stepfunctions", "resourceArn", tags_param="tags", keys_param="tagKeys", key="key", value="value"
)
IAM_ROLE = TagApi("iam", "RoleName", tag_operation="TagRole", untag_operation="UntagRole")


@dataclass(frozen=True)
class TagDiff:
    changed: dict[str, str]  # keys added or given another value, with the wanted value
    removed: tuple[str, ...]  # keys to take off, sorted

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


def tag_diff(live: Mapping[str, str], desired: Mapping[str, str], *, keep_others: bool = False) -> TagDiff:
    """What turns ``live`` into ``desired``; with ``keep_others``, keys the sources do not name stay."""
    changed = {key: value for key, value in desired.items() if live.get(key) != value}
    removed = () if keep_others else tuple(sorted(k for k in live if k not in desired and not k.startswith("aws:")))
    return TagDiff(changed, removed)


def tag_lines(
    what: str, live: Mapping[str, str], desired: Mapping[str, str], *, hidden: tuple[str, ...] = ()
) -> list[str]:
    """``~ rule X tag team: a → b`` for each key set, then ``... → (none)`` for each key removed;
    ``hidden`` keys (hashes sfndeploy records) are written but never shown."""
    diff = tag_diff(live, desired)
    lines = [
        f"~ {what} tag {key}: {live.get(key, '(none)')} → {value}"
        for key, value in sorted(diff.changed.items())
        if key not in hidden
    ]
    lines.extend(f"~ {what} tag {key}: {live[key]} → (none)" for key in diff.removed if key not in hidden)
    return lines


def tag_calls(
    api: TagApi,
    resource: str,
    live: Mapping[str, str],
    desired: Mapping[str, str],
    *,
    what: str,
    target: str | None = None,
    last: tuple[str, ...] = (),
    keep_others: bool = False,
) -> list[ApiCall]:
    """Untag, tag, then tag the ``last`` keys on their own (a hash that records that every call before
    it succeeded). ``what`` names the resource in the calls' summaries ("rule orders-placed")."""
    diff = tag_diff(live, desired, keep_others=keep_others)
    where = resource if target is None else target
    calls = []
    if diff.removed:
        calls.append(api.untag(resource, list(diff.removed), where, what))
    first = {k: v for k, v in diff.changed.items() if k not in last}
    if first:
        calls.append(api.tag(resource, first, where, what))
    recorded = {k: v for k, v in diff.changed.items() if k in last}
    if recorded:
        calls.append(api.tag(resource, recorded, where, what))
    return calls
