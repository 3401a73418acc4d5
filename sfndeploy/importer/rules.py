"""The EventBridge rules of a live state machine, as the spec's ``triggers:`` and ``notifications:``.

* a rule on the default bus with a target that is the state machine or one of its aliases becomes
  an ``event:`` trigger (pattern or schedule expression, input, input path or transformer, state,
  description, retry policy, dead-letter queue, and ``role.arn`` unless it is sfndeploy's own);
* a rule matching this state machine's ``Step Functions Execution Status Change`` events with a
  topic, queue, function, bus or workflow target becomes a notification; a topic's or queue's
  policy is read (GetTopicAttributes, GetQueueUrl + GetQueueAttributes) and holding sfndeploy's own
  statement for the rule means the spec said ``grant: true``.

Trigger names drop the ``<state machine>-`` prefix sfndeploy gives its rules, notification names
the ``<state machine>-notify-`` prefix; a rule named otherwise is created anew by apply under
sfndeploy's name (the import says so: the old one must then be deleted by hand). A rule that
already has sfndeploy's name is adopted like the state machine: the spec's ``adopt: true`` lets the
next apply tag it, when it carries no sfndeploy tag at all (the import reads its tags and refuses one
carrying someone else's).

Every rule on the default bus is read (a notification's rule is found by its pattern, and
Step Functions sends its status changes to the default bus only). On each custom bus of the account
and region (one paginated ListEventBuses), the rules that start the machine are asked for by target
(ListRuleNamesByTarget, once per bus for the machine's ARN and once per alias ARN) and become
triggers with ``bus:``; a rule there that targets one of the machine's versions is not found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.eventbridge.buses import DEFAULT_BUS, event_bus_names, rule_names_by_target
from sfndeploy.eventbridge.grants import Grant, read_policy
from sfndeploy.eventbridge.notifications import STATUS_CHANGE, STATUSES
from sfndeploy.importer.values import Substitutions
from sfndeploy.model import Environment
from sfndeploy.plan.desired import ROLE_PATH
from sfndeploy.plan.live import tag_dict
from sfndeploy.triggers.iam import invoke_role_name

DEFAULT_RETRY = (185, 86400)  # EventBridge's retry policy when a target names none
_KINDS = {"sns": "sns", "sqs": "sqs", "lambda": "lambda", "events": "bus", "states": "workflow"}


@dataclass(frozen=True)
class ImportedRules:
    triggers: dict[str, Any]
    notifications: dict[str, Any]
    renamed: tuple[str, ...] = ()  # rules apply creates anew under sfndeploy's name
    kept: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> tags of those keeping their name


def rules_of(
    api: AwsApi,
    machine_arn: str,
    machine_name: str,
    env: Environment,
    values: Substitutions,
    aliases: Sequence[str] = (),
) -> ImportedRules:
    """The rules of the default bus and the rules of every custom bus that target the machine or
    one of its ``aliases`` (their names)."""
    found = _Found()
    for rule in api.pages("events", "ListRules", "Rules", target="rules", EventBusName=DEFAULT_BUS):
        _take(api, found, rule, DEFAULT_BUS, machine_arn, machine_name, env, values)
    arns = [machine_arn, *(f"{machine_arn}:{alias}" for alias in aliases)]
    for bus in event_bus_names(api)[1:]:
        names = sorted({name for arn in arns for name in rule_names_by_target(api, bus, arn)})
        for name in names:
            rule = api.call("events", "DescribeRule", target=f"rule {bus}/{name}", Name=name, EventBusName=bus)
            _take(api, found, rule, bus, machine_arn, machine_name, env, values)
    return ImportedRules(found.triggers, found.notifications, tuple(found.renamed), found.kept)


@dataclass
class _Found:
    triggers: dict[str, Any] = field(default_factory=dict)
    notifications: dict[str, Any] = field(default_factory=dict)
    renamed: list[str] = field(default_factory=list)
    kept: dict[str, dict[str, str]] = field(default_factory=dict)


def _take(
    api: AwsApi,
    found: _Found,
    rule: dict[str, Any],
    bus: str,
    machine_arn: str,
    machine_name: str,
    env: Environment,
    values: Substitutions,
) -> None:
    """Adds ``rule`` (on ``bus``) to ``found`` when it starts the machine or notifies of its status."""
    if rule.get("ManagedBy"):
        return
    name = str(rule["Name"])
    shown = name if bus == DEFAULT_BUS else f"{bus}/{name}"
    pattern = json.loads(rule["EventPattern"]) if rule.get("EventPattern") else None
    notifies = _statuses(pattern, machine_arn) if bus == DEFAULT_BUS else []
    targets = list(api.pages("events", "ListTargetsByRule", "Targets", target=shown, Rule=name, EventBusName=bus))
    if notifies and len(targets) == 1:
        key = _short(name, f"{machine_name}-notify-", shown, found.renamed)
        found.notifications[key] = _notification(api, rule, notifies, targets[0], machine_name, key, env, values)
    else:
        starts = [t for t in targets if _starts(str(t.get("Arn", "")), machine_arn)]
        if not (len(starts) == 1 and len(targets) == 1):
            return
        key = _short(name, f"{machine_name}-", shown, found.renamed)
        if key in found.triggers:  # the same name on another bus: a trigger name is one rule name
            key = _unique(f"{key}-{bus}", found.triggers)
            if shown not in found.renamed:
                found.renamed.append(shown)
        spec = _trigger(rule, pattern, starts[0], machine_name, key, env, values)
        if bus != DEFAULT_BUS:
            spec["event"] = {"bus": values.string(bus), **spec["event"]}
        found.triggers[key] = spec
    if shown not in found.renamed:
        found.kept[shown] = _tags(api, str(rule["Arn"]))


def _tags(api: AwsApi, arn: str) -> dict[str, str]:
    return tag_dict(api.call("events", "ListTagsForResource", target=arn, ResourceARN=arn).get("Tags", []))


def _starts(arn: str, machine_arn: str) -> bool:
    return arn == machine_arn or arn.startswith(machine_arn + ":")


def _statuses(pattern: Any, machine_arn: str) -> list[str]:
    """The statuses a Step Functions status-change pattern of this state machine matches, else []."""
    if not isinstance(pattern, dict) or pattern.get("source") != ["aws.states"]:
        return []
    if pattern.get("detail-type") != [STATUS_CHANGE]:
        return []
    detail = pattern.get("detail")
    if not isinstance(detail, dict) or detail.get("stateMachineArn") != [machine_arn]:
        return []
    statuses = detail.get("status", list(STATUSES))
    if not isinstance(statuses, list) or not all(s in STATUSES for s in statuses):
        return []
    return list(statuses)


def _short(name: str, prefix: str, shown: str, renamed: list[str]) -> str:
    if name.startswith(prefix) and len(name) > len(prefix):
        return name[len(prefix) :]
    renamed.append(shown)
    return name


def _unique(key: str, taken: dict[str, Any]) -> str:
    """``key`` made a trigger name (letters, digits, '.', '-', '_') that no other trigger has."""
    base = re.sub(r"[^A-Za-z0-9_.-]", "-", key)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _trigger(
    rule: dict[str, Any],
    pattern: Any,
    target: dict[str, Any],
    machine_name: str,
    key: str,
    env: Environment,
    values: Substitutions,
) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if rule.get("Description"):
        spec["description"] = rule["Description"]
    spec["event"] = {"pattern": values.definition(pattern)} if pattern is not None else {}
    if rule.get("ScheduleExpression"):
        spec["event"]["schedule"] = rule["ScheduleExpression"]
    _common(rule, target, spec, values)
    if target.get("Input"):
        spec["input"] = values.definition(_json(target["Input"]))
    if target.get("InputPath"):
        spec["input_path"] = target["InputPath"]
    role = str(target.get("RoleArn", ""))
    generated = f"arn:{env.partition}:iam::{env.account_id}:role{ROLE_PATH}{invoke_role_name(machine_name, key)}"
    if role and role != generated:
        spec["role"] = {"arn": values.string(role)}
    return spec


def _notification(
    api: AwsApi,
    rule: dict[str, Any],
    statuses: list[str],
    target: dict[str, Any],
    machine_name: str,
    key: str,
    env: Environment,
    values: Substitutions,
) -> dict[str, Any]:
    arn = str(target.get("Arn", ""))
    kind = _KINDS.get(arn.split(":")[2] if arn.count(":") >= 5 else "", "sns")
    spec: dict[str, Any] = {"statuses": statuses, kind: values.string(arn)}
    if rule.get("Description") and rule["Description"] != f"sfndeploy: {', '.join(statuses)} of {machine_name}":
        spec["description"] = rule["Description"]
    if kind in ("sns", "sqs") and _carries_own_statement(api, kind, arn, rule):
        spec["grant"] = True
    _common(rule, target, spec, values)
    role = str(target.get("RoleArn", ""))
    name = invoke_role_name(machine_name, f"notify-{key}")
    generated = f"arn:{env.partition}:iam::{env.account_id}:role{ROLE_PATH}{name}"
    if role and role != generated and kind in ("bus", "workflow"):
        spec["role"] = {"arn": values.string(role)}
    return spec


def _carries_own_statement(api: AwsApi, kind: str, target_arn: str, rule: dict[str, Any]) -> bool:
    """The topic's or queue's policy holds sfndeploy's statement for this rule: the spec said ``grant: true``."""
    name = str(rule["Name"])
    grant = Grant(kind, target_arn, name, str(rule.get("Arn", "")), f"sfndeploy-{name}"[:100], managed=False)
    return read_policy(api, grant).statement(grant.statement_id) is not None


def _common(rule: dict[str, Any], target: dict[str, Any], spec: dict[str, Any], values: Substitutions) -> None:
    if rule.get("State") == "DISABLED":
        spec["enabled"] = False
    transformer = target.get("InputTransformer")
    if transformer:
        spec["input_transformer"] = {
            "paths": dict(transformer.get("InputPathsMap") or {}),
            "template": transformer["InputTemplate"],
        }
    retry = target.get("RetryPolicy") or {}
    attempts = retry.get("MaximumRetryAttempts", DEFAULT_RETRY[0])
    age = retry.get("MaximumEventAgeInSeconds", DEFAULT_RETRY[1])
    if (attempts, age) != DEFAULT_RETRY:
        spec["retry"] = {"max_attempts": attempts, "max_event_age": age}
    dead_letter = (target.get("DeadLetterConfig") or {}).get("Arn")
    if dead_letter:
        spec["dead_letter_queue"] = values.string(dead_letter)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
