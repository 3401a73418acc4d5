"""EventBridge rules sfndeploy manages: what the sources want, what AWS has, and the calls between.

A rule (an ``event:`` trigger or a notification) has exactly one target, with the id
:data:`TARGET_ID`. The rule carries the ownership tags of its workflow; every write to an existing
rule is preceded by a check of those tags (in the plan, and again by apply's write guard).

* :class:`DesiredRule` / :class:`RuleTarget`: built by the trigger and notification renderers;
* :func:`read_rule` / :func:`list_rules`: ``DescribeRule``, ``ListTargetsByRule``,
  ``ListTagsForResource`` into a :class:`LiveRule`;
* :func:`rule_changes`: the plan lines, in the user's words;
* :func:`rule_calls` / :func:`rule_deletion_calls`: ``PutRule``, ``TagResource``/``UntagResource``,
  ``PutTargets``, ``RemoveTargets``, ``DeleteRule``, in an order that converges after a crash
  between any two of them (the rule first, its target after; a deletion removes the target first).

What sfndeploy last wrote is recorded on the rule as the ``sfndeploy:config-hash`` tag, a hash of
the rule's fields, its targets and its other tags (:meth:`DesiredRule.config_hash`), tagged after
every other call to the rule (``PutRule`` keeps the tags of an existing rule as they are, so the
record is always its own ``TagResource``; a new rule is created with the record
:data:`~sfndeploy.plan.recorded.PENDING` until then, and an update of more than one write starts by
recording that). Drift compares it with the rule as it is
(:mod:`sfndeploy.plan.recorded`). A rule without the tag (written by an older sfndeploy) that
matches the sources is left as it is; the tag is added with the next write to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sfndeploy.eventbridge.patterns import pattern_text
from sfndeploy.plan.desired import TAG_CONFIG_HASH
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.recorded import PENDING
from sfndeploy.plan.steps import ApiCall, Ref
from sfndeploy.plan.tagging import EVENTS, tag_calls, tag_diff, tag_lines, tag_list

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import Each

__all__ = [
    "TARGET_ID",
    "DesiredRule",
    "LiveRule",
    "LiveTarget",
    "RuleTarget",
    "list_rules",
    "read_rule",
    "records_hash",
    "rule_calls",
    "rule_changes",
    "rule_deletion_calls",
]

TARGET_ID = "sfndeploy"
DEFAULT_BUS = "default"
NOT_FOUND = ("ResourceNotFoundException",)


@dataclass(frozen=True)
class RuleTarget:
    """The rule's one target, as ``PutTargets`` takes it."""

    arn: str
    role_arn: Any = None  # str, a Ref to a role created in the same apply, or None (resource policy)
    input: str | None = None  # constant JSON text
    input_path: str | None = None
    input_paths_map: dict[str, str] | None = None  # with input_template: an input transformer
    input_template: str | None = None
    dead_letter_queue: str | None = None
    max_attempts: int | None = None
    max_event_age_seconds: int | None = None

    def as_target(self) -> dict[str, Any]:
        target: dict[str, Any] = {"Id": TARGET_ID, "Arn": self.arn}
        if self.role_arn is not None:
            target["RoleArn"] = self.role_arn
        if self.input is not None:
            target["Input"] = self.input
        if self.input_path is not None:
            target["InputPath"] = self.input_path
        if self.input_template is not None:
            target["InputTransformer"] = {
                "InputPathsMap": dict(self.input_paths_map or {}),
                "InputTemplate": self.input_template,
            }
        if self.dead_letter_queue is not None:
            target["DeadLetterConfig"] = {"Arn": self.dead_letter_queue}
        retry: dict[str, int] = {}
        if self.max_attempts is not None:
            retry["MaximumRetryAttempts"] = self.max_attempts
        if self.max_event_age_seconds is not None:
            retry["MaximumEventAgeInSeconds"] = self.max_event_age_seconds
        if retry:
            target["RetryPolicy"] = retry
        return target


@dataclass(frozen=True)
class DesiredRule:
    """A rule as the sources say it should be, for one workflow in one environment."""

    name: str
    bus: str  # "default" or a custom bus name
    arn: str
    target: RuleTarget
    tags: dict[str, str]
    what: str  # how the plan names it: "trigger orders", "notification failures"
    pattern: Any = None  # parsed JSON; None when ``schedule`` is set
    schedule: str | None = None
    enabled: bool = True
    description: str = ""

    @property
    def state(self) -> str:
        return "ENABLED" if self.enabled else "DISABLED"

    def put_rule_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"Name": self.name, "State": self.state, "Description": self.description}
        if self.bus != DEFAULT_BUS:
            params["EventBusName"] = self.bus
        if self.pattern is not None:
            params["EventPattern"] = pattern_text(self.pattern)
        if self.schedule is not None:
            params["ScheduleExpression"] = self.schedule
        return params

    def summary(self) -> str:
        source = self.schedule if self.schedule is not None else "event pattern"
        return f"{source} on bus {self.bus} → {self.target.arn}"

    @property
    def config_hash(self) -> str:
        """The hash sfndeploy records on the rule once it has written all of this."""
        targets = {TARGET_ID: self.target.as_target()}
        return _content_hash(self.pattern, self.schedule, self.state, self.description, targets, self.tags)


@dataclass(frozen=True)
class LiveTarget:
    id: str
    target: dict[str, Any]  # as ListTargetsByRule returns it


@dataclass(frozen=True)
class LiveRule:
    name: str
    bus: str
    arn: str
    state: str
    description: str
    pattern: Any = None  # parsed JSON, or None
    schedule: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    targets: tuple[LiveTarget, ...] = ()
    managed_by: str | None = None  # set when an AWS service owns the rule (ManagedBy)

    def target(self, target_id: str = TARGET_ID) -> LiveTarget | None:
        return next((t for t in self.targets if t.id == target_id), None)

    @property
    def recorded_hash(self) -> str | None:
        """The hash of what sfndeploy last wrote; None on a rule an older sfndeploy wrote."""
        return self.tags.get(TAG_CONFIG_HASH)

    @property
    def content_hash(self) -> str:
        """The same hash of the rule as it is now."""
        targets = {target.id: target.target for target in self.targets}
        return _content_hash(self.pattern, self.schedule, self.state, self.description, targets, self.tags)


def _content_hash(
    pattern: Any,
    schedule: str | None,
    state: str,
    description: str,
    targets: Mapping[str, Mapping[str, Any]],
    tags: Mapping[str, str],
) -> str:
    """Compared as the plan compares them: patterns as data, targets by the fields sfndeploy writes."""
    return sha256_of(
        {
            "pattern": _normal(pattern),
            "schedule": schedule,
            "state": state,
            "description": description,
            "targets": {key: _compared(target) for key, target in targets.items()},
            "tags": _without_record(tags),
        }
    )


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def read_rule(api: AwsApi, name: str, bus: str = DEFAULT_BUS) -> LiveRule | None:
    """The rule named ``name`` on ``bus`` with its targets and tags, or None when there is none."""
    from sfndeploy.aws.errors import AwsCallError

    try:
        described = api.call("events", "DescribeRule", target=name, Name=name, EventBusName=bus)
    except AwsCallError as error:
        if error.code in NOT_FOUND:
            return None
        raise
    return _live_rule(api, described, bus)


def list_rules(
    api: AwsApi,
    bus: str = DEFAULT_BUS,
    prefix: str = "",
    keep: Callable[[str, Mapping[str, str]], bool] | None = None,
    each: Each | None = None,
) -> list[LiveRule]:
    """The rules on ``bus`` whose name starts with ``prefix``; with ``keep``, only those it keeps
    given their name and tags (the targets of the others are not read). A bus that does not exist has none.
    ``each`` runs the per-rule reads (tags, then targets), e.g. with bounded concurrency.
    """
    from sfndeploy.aws.errors import AwsCallError

    params: dict[str, Any] = {"EventBusName": bus, "Limit": 100}
    if prefix:
        params["NamePrefix"] = prefix
    try:
        listed = list(api.pages("events", "ListRules", "Rules", target=bus, **params))
    except AwsCallError as error:
        if error.code in NOT_FOUND:
            return []
        raise
    run = each or (lambda func, items: [func(item) for item in items])
    listed = [described for described in listed if not described.get("ManagedBy")]  # AWS services' own rules
    tagged = zip(listed, run(lambda described: _tags(api, str(described["Arn"])), listed), strict=True)
    kept = [(d, tags) for d, tags in tagged if keep is None or keep(str(d["Name"]), tags)]
    return run(lambda found: _live_rule(api, found[0], bus, found[1]), kept)


def _tags(api: AwsApi, arn: str) -> dict[str, str]:
    tags = api.call("events", "ListTagsForResource", target=arn, ResourceARN=arn).get("Tags", [])
    return {tag["Key"]: tag["Value"] for tag in tags}


def _live_rule(api: AwsApi, described: dict[str, Any], bus: str, tags: dict[str, str] | None = None) -> LiveRule:
    name = str(described["Name"])
    arn = str(described["Arn"])
    targets = api.pages("events", "ListTargetsByRule", "Targets", target=name, Rule=name, EventBusName=bus)
    pattern_json = described.get("EventPattern")
    return LiveRule(
        name=name,
        bus=str(described.get("EventBusName") or bus),
        arn=arn,
        state=str(described.get("State", "ENABLED")),
        description=str(described.get("Description") or ""),
        pattern=json.loads(pattern_json) if pattern_json else None,
        schedule=described.get("ScheduleExpression") or None,
        tags=tags if tags is not None else _tags(api, arn),
        targets=tuple(LiveTarget(str(t["Id"]), dict(t)) for t in targets),
        managed_by=described.get("ManagedBy"),
    )


# ---------------------------------------------------------------------------------------------
# Differences, in the user's words
# ---------------------------------------------------------------------------------------------


def rule_changes(desired: DesiredRule, live: LiveRule | None) -> list[str]:
    """The plan lines for one rule: ``+ rule ...`` when it is new, one ``~`` line per changed field."""
    if live is None:
        return [f"+ rule {desired.name} ({desired.what}: {desired.summary()})"]
    lines = _rule_field_lines(desired, live)
    lines.extend(_target_lines(desired, live))
    lines.extend(_tag_lines(desired, live))
    if not lines and live.recorded_hash not in (None, desired.config_hash):
        lines.append(f"~ rule {desired.name}: record what sfndeploy wrote (its recorded hash is out of date)")
    return lines


def _rule_field_lines(desired: DesiredRule, live: LiveRule) -> list[str]:
    lines = []
    prefix = f"~ rule {desired.name}"
    if _normal(live.pattern) != _normal(desired.pattern):
        statuses = _statuses_change(live.pattern, desired.pattern) if desired.what.startswith("notification") else None
        if statuses is not None:
            lines.append(f"{prefix} statuses: {statuses}")
        else:
            lines.append(f"{prefix} event pattern: {_short(live.pattern)} → {_short(desired.pattern)}")
    if live.schedule != desired.schedule:
        lines.append(f"{prefix} schedule: {live.schedule or '(none)'} → {desired.schedule or '(none)'}")
    if live.state != desired.state:
        lines.append(f"{prefix}: {live.state.lower()} → {desired.state.lower()}")
    if live.description != desired.description:
        lines.append(f"{prefix} description: {json.dumps(live.description)} → {json.dumps(desired.description)}")
    return lines


_TARGET_FIELDS = (
    ("Arn", "target"),
    ("RoleArn", "role"),
    ("Input", "input"),
    ("InputPath", "input path"),
    ("InputTransformer", "input transformer"),
    ("DeadLetterConfig", "dead-letter queue"),
    ("RetryPolicy", "retry policy"),
)


def _target_lines(desired: DesiredRule, live: LiveRule) -> list[str]:
    lines = [
        f"- target {target.id} of rule {desired.name} (added outside sfndeploy)"
        for target in live.targets
        if target.id != TARGET_ID
    ]
    current = live.target()
    if current is None:
        lines.append(f"+ target of rule {desired.name} → {desired.target.arn}")
        return lines
    wanted = desired.target.as_target()
    for key, words in _TARGET_FIELDS:
        old, new = _target_value(current.target, key), _target_value(wanted, key)
        if isinstance(new, Ref):
            if old is None:
                lines.append(f"~ rule {desired.name} {words}: (none) → (known after apply)")
        elif old != new:
            lines.append(f"~ rule {desired.name} {words}: {_in_words(key, old)} → {_in_words(key, new)}")
    return lines


def _in_words(key: str, value: Any) -> str:
    """A target field as the spec says it: the queue's ARN, ``3 attempts within 3600 s``, paths and template."""
    if not isinstance(value, dict):
        return _short(value)
    if key == "DeadLetterConfig":
        return str(value.get("Arn") or "(none)")
    if key == "RetryPolicy":
        return f"{value.get('MaximumRetryAttempts')} attempts within {value.get('MaximumEventAgeInSeconds')} s"
    if key == "InputTransformer":
        paths = ", ".join(f"{name} = {path}" for name, path in sorted((value.get("InputPathsMap") or {}).items()))
        return f"paths {paths or '(none)'}; template {value.get('InputTemplate')}"
    return _short(value)


def _tag_lines(desired: DesiredRule, live: LiveRule) -> list[str]:
    return tag_lines(f"rule {desired.name}", _without_record(live.tags), desired.tags)


# ---------------------------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------------------------


def rule_calls(desired: DesiredRule, live: LiveRule | None) -> list[ApiCall]:
    """Rule, tags, the target, then the record of it all: a crash after any call leaves a state the
    next plan completes (an old record on a rule that matches the sources is written again)."""
    what = f"rule {desired.name}"
    if live is None:
        params = desired.put_rule_params() | {"Tags": tag_list(desired.tags | {TAG_CONFIG_HASH: PENDING})}
        return [
            ApiCall("events", "PutRule", params, desired.arn, summary=f"create {what}"),
            _put_target(desired),
            EVENTS.tag(desired.arn, {TAG_CONFIG_HASH: desired.config_hash}, desired.arn, what),
        ]
    writes = []
    if _rule_fields_differ(desired, live):
        writes.append(ApiCall("events", "PutRule", desired.put_rule_params(), desired.arn, summary=f"update {what}"))
    targets = []
    extra = [target.id for target in live.targets if target.id != TARGET_ID]
    if extra:
        targets.append(_remove_targets(desired.name, desired.bus, extra, desired.arn))
    current = live.target()
    if current is None or _target_differs(desired.target.as_target(), current.target):
        targets.append(_put_target(desired))
    tags = _without_record(live.tags)
    recorded = live.recorded_hash
    unchanged = not (writes or targets or tag_diff(tags, desired.tags))
    if recorded == desired.config_hash or (recorded is None and unchanged):
        return [*writes, *tag_calls(EVENTS, live.arn, tags, desired.tags, what=what), *targets]
    record = {TAG_CONFIG_HASH: desired.config_hash}
    if not (writes or targets):  # only tags change: the record goes with them, in one TagResource
        return tag_calls(EVENTS, live.arn, tags, {**desired.tags, **record}, what=what)
    tagging = tag_calls(EVENTS, live.arn, tags, desired.tags, what=what)
    calls = [*writes, *tagging, *targets, EVENTS.tag(live.arn, record, live.arn, what)]
    if len(calls) > 2:  # a crash between two of the writes must not read as an edit outside sfndeploy
        calls.insert(0, EVENTS.tag(live.arn, {TAG_CONFIG_HASH: PENDING}, live.arn, what))
    return calls


def records_hash(call: ApiCall) -> bool:
    """The call that records what sfndeploy wrote: it must stay the last call to its rule."""
    tags = call.params.get("Tags") if call.operation == "TagResource" else None
    return isinstance(tags, list) and [tag.get("Key") for tag in tags] == [TAG_CONFIG_HASH]


def rule_deletion_calls(live: LiveRule) -> list[ApiCall]:
    """Targets first (EventBridge refuses to delete a rule that has any), then the rule."""
    calls = []
    if live.targets:
        calls.append(_remove_targets(live.name, live.bus, [t.id for t in live.targets], live.arn))
    params: dict[str, Any] = {"Name": live.name}
    if live.bus != DEFAULT_BUS:
        params["EventBusName"] = live.bus
    calls.append(
        ApiCall("events", "DeleteRule", params, live.arn, summary=f"delete rule {live.name}", done_codes=NOT_FOUND)
    )
    return calls


def _put_target(desired: DesiredRule) -> ApiCall:
    params: dict[str, Any] = {"Rule": desired.name, "Targets": [desired.target.as_target()]}
    if desired.bus != DEFAULT_BUS:
        params["EventBusName"] = desired.bus
    return ApiCall("events", "PutTargets", params, desired.arn, summary=f"point rule {desired.name} at its target")


def _remove_targets(rule: str, bus: str, ids: list[str], arn: str) -> ApiCall:
    params: dict[str, Any] = {"Rule": rule, "Ids": ids}
    if bus != DEFAULT_BUS:
        params["EventBusName"] = bus
    return ApiCall(
        "events",
        "RemoveTargets",
        params,
        arn,
        summary=f"remove target{'s' * (len(ids) > 1)} {', '.join(ids)} of rule {rule}",
        done_codes=NOT_FOUND,
    )


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _rule_fields_differ(desired: DesiredRule, live: LiveRule) -> bool:
    return (
        _normal(live.pattern) != _normal(desired.pattern)
        or live.schedule != desired.schedule
        or live.state != desired.state
        or live.description != desired.description
    )


def _target_differs(wanted: dict[str, Any], current: dict[str, Any]) -> bool:
    for key, _ in _TARGET_FIELDS:
        new = _target_value(wanted, key)
        if isinstance(new, Ref):
            continue  # a role created in this same apply: the role's own step decides
        if _target_value(current, key) != new:
            return True
    return False


def _target_value(target: Mapping[str, Any], key: str) -> Any:
    value = target.get(key)
    if key == "InputTransformer" and isinstance(value, dict):
        return {"InputPathsMap": dict(value.get("InputPathsMap") or {}), "InputTemplate": value.get("InputTemplate")}
    if key in ("DeadLetterConfig", "RetryPolicy") and not value:
        return None
    if key == "Input" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _compared(target: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _target_value(target, key) for key, _ in _TARGET_FIELDS}


def _without_record(tags: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in tags.items() if key != TAG_CONFIG_HASH and not key.startswith("aws:")}


def _statuses_change(old: Any, new: Any) -> str | None:
    """``FAILED → FAILED, TIMED_OUT`` when two notification patterns differ only in their statuses."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return None
    old_detail, new_detail = old.get("detail"), new.get("detail")
    if not (isinstance(old_detail, dict) and isinstance(new_detail, dict)):
        return None
    same_else = {**old, "detail": {**old_detail, "status": None}} == {**new, "detail": {**new_detail, "status": None}}
    if not same_else:
        return None
    before, after = (", ".join(map(str, detail.get("status") or [])) for detail in (old_detail, new_detail))
    return f"{before} → {after}"


def _normal(pattern: Any) -> Any:
    """Patterns compare as data: key order and formatting never show as a change."""
    return json.loads(json.dumps(pattern, sort_keys=True)) if pattern is not None else None


def _short(value: Any, limit: int = 80) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
