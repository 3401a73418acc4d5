"""The EventBridge rules of a live state machine, as the spec's ``triggers:`` and ``notifications:``.

* a rule on the default bus with a target that is the state machine or one of its aliases becomes
  an ``event:`` trigger (pattern or schedule expression, input, input path or transformer, state,
  description, retry policy, dead-letter queue, and ``role.arn`` unless it is sfndeploy's own);
* a rule matching this state machine's ``Step Functions Execution Status Change`` events with a
  topic, queue, function, bus or workflow target becomes a notification.

Trigger names drop the ``<state machine>-`` prefix sfndeploy gives its rules, notification names
the ``<state machine>-notify-`` prefix; a rule named otherwise is created anew by apply under
sfndeploy's name (the import says so: the old one must then be deleted by hand). A rule that
already has sfndeploy's name is adopted like the state machine: the spec's ``adopt: true`` lets the
next apply tag it, when it carries no sfndeploy tag at all (the import reads its tags and refuses one
carrying someone else's). Rules on custom buses are not searched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.aws.api import AwsApi
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
    api: AwsApi, machine_arn: str, machine_name: str, env: Environment, values: Substitutions
) -> ImportedRules:
    triggers: dict[str, Any] = {}
    notifications: dict[str, Any] = {}
    renamed: list[str] = []
    kept: dict[str, dict[str, str]] = {}
    for rule in api.pages("events", "ListRules", "Rules", target="rules", EventBusName="default"):
        if rule.get("ManagedBy"):
            continue
        name = str(rule["Name"])
        pattern = json.loads(rule["EventPattern"]) if rule.get("EventPattern") else None
        notifies = _statuses(pattern, machine_arn)
        targets = list(api.pages("events", "ListTargetsByRule", "Targets", target=name, Rule=name))
        if notifies and len(targets) == 1:
            key = _short(name, f"{machine_name}-notify-", renamed)
            notifications[key] = _notification(rule, notifies, targets[0], machine_name, key, env, values)
        else:
            starts = [t for t in targets if _starts(str(t.get("Arn", "")), machine_arn)]
            if not (len(starts) == 1 and len(targets) == 1):
                continue
            key = _short(name, f"{machine_name}-", renamed)
            triggers[key] = _trigger(rule, pattern, starts[0], machine_name, key, env, values)
        if name not in renamed:
            kept[name] = _tags(api, str(rule["Arn"]))
    return ImportedRules(triggers, notifications, tuple(renamed), kept)


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


def _short(name: str, prefix: str, renamed: list[str]) -> str:
    if name.startswith(prefix) and len(name) > len(prefix):
        return name[len(prefix) :]
    renamed.append(name)
    return name


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
    _common(rule, target, spec, values)
    role = str(target.get("RoleArn", ""))
    name = invoke_role_name(machine_name, f"notify-{key}")
    generated = f"arn:{env.partition}:iam::{env.account_id}:role{ROLE_PATH}{name}"
    if role and role != generated and kind in ("bus", "workflow"):
        spec["role"] = {"arn": values.string(role)}
    return spec


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
