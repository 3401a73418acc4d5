"""The EventBridge Scheduler schedules that start a live state machine, as the spec's ``triggers:``.

Every schedule in the account whose target is the state machine or one of its aliases becomes a
trigger (named after the schedule, without the ``<workflow>-`` prefix sfndeploy gives its own).
Nothing in AWS changes: the next ``apply`` puts the trigger in the project's schedule group, where a
schedule already there under the same name is updated in place; one in another group stays where
it is until it is deleted by hand (the import says so).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.importer.values import Substitutions
from sfndeploy.model import Environment
from sfndeploy.plan.desired import ROLE_PATH
from sfndeploy.triggers.iam import invoke_role_name
from sfndeploy.triggers.render import schedule_group_name
from sfndeploy.triggers.schedules import DEFAULT_RETRY, DEFAULT_TIMEZONE, user_description


def schedules_of(api: AwsApi, machine_arn: str) -> list[dict[str, Any]]:
    """``GetSchedule`` of every schedule whose target is ``machine_arn`` or one of its aliases, by name."""
    listed = api.pages("scheduler", "ListSchedules", "Schedules", target="schedules")
    found = []
    for item in listed:
        target = str((item.get("Target") or {}).get("Arn", ""))
        if target == machine_arn or target.startswith(machine_arn + ":"):
            group, name = str(item.get("GroupName") or "default"), str(item["Name"])
            where = f"schedule {group}/{name}"
            found.append(api.call("scheduler", "GetSchedule", target=where, Name=name, GroupName=group))
    return sorted(found, key=lambda schedule: (str(schedule["Name"]), str(schedule.get("GroupName"))))


def foreign_groups(schedules: list[dict[str, Any]], project: str, env: Environment) -> list[str]:
    """``group/name`` of the imported schedules that live outside the project's group (apply creates them anew)."""
    own = schedule_group_name(project, env.name)
    return [f"{s.get('GroupName')}/{s['Name']}" for s in schedules if s.get("GroupName") != own]


def triggers_spec(
    schedules: list[dict[str, Any]], workflow: str, state_machine_name: str, env: Environment, values: Substitutions
) -> dict[str, Any]:
    triggers: dict[str, Any] = {}
    for schedule in schedules:
        name = str(schedule["Name"])
        trigger = name[len(workflow) + 1 :] if name.startswith(f"{workflow}-") else name
        if trigger in triggers:
            trigger = f"{trigger}-{schedule.get('GroupName')}"
        triggers[trigger] = _trigger(schedule, trigger, state_machine_name, env, values)
    return triggers


def _trigger(
    schedule: dict[str, Any], trigger: str, state_machine_name: str, env: Environment, values: Substitutions
) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if user_description(str(schedule.get("Description") or "")):
        spec["description"] = user_description(str(schedule["Description"]))
    spec["schedule"] = schedule["ScheduleExpression"]
    timezone = schedule.get("ScheduleExpressionTimezone") or DEFAULT_TIMEZONE
    if timezone != DEFAULT_TIMEZONE:
        spec["timezone"] = timezone
    window = schedule.get("FlexibleTimeWindow") or {}
    if window.get("Mode") == "FLEXIBLE":
        spec["flexible_window"] = window.get("MaximumWindowInMinutes")
    for key, field in (("start_date", "StartDate"), ("end_date", "EndDate")):
        if schedule.get(field) is not None:
            spec[key] = _utc(schedule[field])
    if schedule.get("State") == "DISABLED":
        spec["enabled"] = False
    target = schedule.get("Target") or {}
    if target.get("Input"):
        spec["input"] = values.definition(_input(target["Input"]))
    retry = target.get("RetryPolicy") or {}
    attempts = retry.get("MaximumRetryAttempts", DEFAULT_RETRY[0])
    age = retry.get("MaximumEventAgeInSeconds", DEFAULT_RETRY[1])
    if (attempts, age) != DEFAULT_RETRY:
        spec["retry"] = {"max_attempts": attempts, "max_event_age": age}
    dead_letter = (target.get("DeadLetterConfig") or {}).get("Arn")
    if dead_letter:
        spec["dead_letter_queue"] = values.string(dead_letter)
    role = str(target.get("RoleArn", ""))
    own_role = invoke_role_name(state_machine_name, trigger)
    generated = f"arn:{env.partition}:iam::{env.account_id}:role{ROLE_PATH}{own_role}"
    if role and role != generated:
        spec["role"] = {"arn": values.string(role)}
    return spec


def _utc(value: Any) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _input(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
