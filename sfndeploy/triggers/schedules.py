"""EventBridge Scheduler schedules sfndeploy manages: what the sources want, what AWS has, the calls between.

Schedules live in one schedule group per project and environment (``<project>-<environment>``),
which carries sfndeploy's ownership tags. Scheduler cannot tag a schedule, so a schedule's
ownership is its group's: sfndeploy writes a schedule only inside a group whose tags name the
project and environment, and every schedule in that group is sfndeploy's (prune removes those the
sources no longer name).

* :class:`DesiredGroup`, :class:`DesiredSchedule`: built from :class:`~sfndeploy.triggers.model.ScheduleTrigger`;
* :func:`read_group`, :func:`read_schedule`, :func:`list_schedules`: ``GetScheduleGroup``,
  ``ListTagsForResource``, ``GetSchedule``, ``ListSchedules``;
* :func:`group_changes`, :func:`schedule_changes`: the plan lines, in the user's words;
* :func:`group_calls`, :func:`schedule_calls`, :func:`schedule_deletion_calls`,
  :func:`group_deletion_calls`: each call is whole (``UpdateSchedule`` replaces every field), so a
  crash between any two leaves a state the next plan completes.

What sfndeploy last wrote to a schedule is recorded in the schedule itself, since it cannot be
tagged: its description ends with ``[sfndeploy <hash>]``, the first 16 hex digits of a hash of every
field sfndeploy writes (:meth:`DesiredSchedule.config_hash`, the user's description included). The
record is written by the same ``CreateSchedule`` or ``UpdateSchedule`` call as the fields, so no
crash can separate them, and it costs no call and no shared write however many schedules a group
holds (tags on the shared group would be one read-modify-write per schedule, at most 50 of them).
The record is stripped wherever a description is read (plan lines, drift, import): the user sees
what they wrote. A schedule an older sfndeploy wrote has none and is compared with the sources;
it gets one with its next write. A spec's description of a schedule is therefore at most
:data:`~sfndeploy.triggers.render.SCHEDULE_DESCRIPTION_LIMIT` characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.steps import ApiCall
from sfndeploy.plan.tagging import SCHEDULER, tag_calls, tag_lines, tag_list
from sfndeploy.triggers.model import ScheduleTrigger

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import Each

NOT_FOUND = ("ResourceNotFoundException",)
ALREADY_THERE = ("ConflictException",)
DEFAULT_TIMEZONE = "UTC"
DEFAULT_RETRY = (185, 86400)  # Scheduler's own default: 185 attempts within 24 hours
GROUP_WORKFLOW = "*"  # a group serves every workflow of its environment: its workflow tag names none
_RECORD = re.compile(r"(?:^| )\[sfndeploy ([0-9a-f]{16})\]\Z")


def with_record(description: str, config_hash: str) -> str:
    """The description Scheduler keeps: the user's, then the record of what sfndeploy wrote."""
    record = f"[sfndeploy {config_hash}]"
    return f"{description} {record}" if description else record


def split_record(text: str) -> tuple[str, str | None]:
    """(the user's description, the recorded hash or None) of a description Scheduler returns."""
    found = _RECORD.search(text)
    return (text, None) if found is None else (text[: found.start()], found.group(1))


def user_description(text: str) -> str:
    return split_record(text)[0]


# ---------------------------------------------------------------------------------------------
# The group
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DesiredGroup:
    name: str
    arn: str
    tags: dict[str, str]


@dataclass(frozen=True)
class LiveGroup:
    name: str
    arn: str
    state: str
    tags: Mapping[str, str] = field(default_factory=dict)


def desired_group(trigger: ScheduleTrigger, tags: Mapping[str, str]) -> DesiredGroup:
    return DesiredGroup(trigger.group_name, trigger.group_arn, dict(tags))


def read_group(api: AwsApi, name: str) -> LiveGroup | None:
    from sfndeploy.aws.errors import AwsCallError

    try:
        found = api.call("scheduler", "GetScheduleGroup", target=f"schedule group {name}", Name=name)
    except AwsCallError as error:
        if error.code in NOT_FOUND:
            return None
        raise
    arn = str(found["Arn"])
    tags = api.call("scheduler", "ListTagsForResource", target=arn, ResourceArn=arn).get("Tags", [])
    return LiveGroup(name, arn, str(found.get("State", "ACTIVE")), {t["Key"]: t["Value"] for t in tags})


def group_changes(desired: DesiredGroup, live: LiveGroup | None) -> list[str]:
    if live is None:
        return [f"+ schedule group {desired.name}"]
    return tag_lines(f"schedule group {desired.name}", live.tags, desired.tags)


def group_calls(desired: DesiredGroup, live: LiveGroup | None) -> list[ApiCall]:
    if live is None:
        return [
            ApiCall(
                "scheduler",
                "CreateScheduleGroup",
                {"Name": desired.name, "Tags": tag_list(desired.tags)},
                desired.arn,
                summary=f"create schedule group {desired.name}",
                done_codes=ALREADY_THERE,
            )
        ]
    return tag_calls(SCHEDULER, live.arn, live.tags, desired.tags, what=f"schedule group {desired.name}")


def group_deletion_calls(live: LiveGroup) -> list[ApiCall]:
    """Deleting a group deletes the schedules in it: prune calls this only for a group no trigger names."""
    return [
        ApiCall(
            "scheduler",
            "DeleteScheduleGroup",
            {"Name": live.name},
            live.arn,
            summary=f"delete schedule group {live.name}",
            done_codes=NOT_FOUND,
        )
    ]


# ---------------------------------------------------------------------------------------------
# The schedule
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DesiredSchedule:
    """A schedule as the sources say it should be; every field is sent, so an update is whole."""

    name: str
    group: str
    trigger: str  # the trigger's name in the spec
    expression: str
    timezone: str
    target_arn: str
    target_words: str  # "alias live" or "state machine orders-dev"
    role_arn: str
    flexible_window: int | None = None
    start_date: str | None = None
    end_date: str | None = None
    enabled: bool = True
    description: str = ""
    input: str | None = None
    max_attempts: int = DEFAULT_RETRY[0]
    max_event_age: int = DEFAULT_RETRY[1]
    dead_letter_queue: str | None = None

    @property
    def state(self) -> str:
        return "ENABLED" if self.enabled else "DISABLED"

    @property
    def config_hash(self) -> str:
        """The hash recorded in the description of the schedule sfndeploy writes."""
        return fields_hash(desired_fields(self))

    def params(self) -> dict[str, Any]:
        """``CreateSchedule`` / ``UpdateSchedule`` parameters."""
        window: dict[str, Any] = {"Mode": "OFF"}
        if self.flexible_window is not None:
            window = {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": self.flexible_window}
        target: dict[str, Any] = {
            "Arn": self.target_arn,
            "RoleArn": self.role_arn,
            "RetryPolicy": {"MaximumRetryAttempts": self.max_attempts, "MaximumEventAgeInSeconds": self.max_event_age},
        }
        if self.input is not None:
            target["Input"] = self.input
        if self.dead_letter_queue is not None:
            target["DeadLetterConfig"] = {"Arn": self.dead_letter_queue}
        params: dict[str, Any] = {
            "Name": self.name,
            "GroupName": self.group,
            "ScheduleExpression": self.expression,
            "ScheduleExpressionTimezone": self.timezone,
            "FlexibleTimeWindow": window,
            "State": self.state,
            "Description": with_record(self.description, self.config_hash),
            "Target": target,
        }
        if self.start_date is not None:
            params["StartDate"] = self.start_date
        if self.end_date is not None:
            params["EndDate"] = self.end_date
        return params

    def summary(self) -> str:
        when = self.expression if self.timezone == DEFAULT_TIMEZONE else f"{self.expression} {self.timezone}"
        return f"({when}) → {self.target_words}"


def desired_schedule(trigger: ScheduleTrigger, role_arn: str) -> DesiredSchedule:
    retry = trigger.retry
    return DesiredSchedule(
        name=trigger.schedule_name,
        group=trigger.group_name,
        trigger=trigger.name,
        expression=trigger.expression,
        timezone=trigger.timezone or DEFAULT_TIMEZONE,
        target_arn=trigger.target.arn,
        target_words=trigger.target.describe(),
        role_arn=role_arn,
        flexible_window=trigger.flexible_window_minutes,
        start_date=trigger.start_date,
        end_date=trigger.end_date,
        enabled=trigger.enabled,
        description=trigger.description,
        input=trigger.input_text,
        max_attempts=DEFAULT_RETRY[0] if retry is None or retry.max_attempts is None else retry.max_attempts,
        max_event_age=(
            DEFAULT_RETRY[1] if retry is None or retry.max_event_age_seconds is None else retry.max_event_age_seconds
        ),
        dead_letter_queue=trigger.dead_letter_queue,
    )


@dataclass(frozen=True)
class LiveSchedule:
    """``GetSchedule``'s answer, normalised to the fields sfndeploy writes."""

    name: str
    group: str
    arn: str
    fields: Mapping[str, Any]  # the same keys as :func:`desired_fields`; the description without the record
    recorded_hash: str | None = None  # from the description; None on a schedule an older sfndeploy wrote

    @property
    def content_hash(self) -> str:
        return fields_hash(self.fields)


def read_schedule(api: AwsApi, group: str, name: str) -> LiveSchedule | None:
    from sfndeploy.aws.errors import AwsCallError

    try:
        found = api.call("scheduler", "GetSchedule", target=f"schedule {group}/{name}", Name=name, GroupName=group)
    except AwsCallError as error:
        if error.code in NOT_FOUND:
            return None
        raise
    return _live(found)


def list_schedules(api: AwsApi, group: str, each: Each | None = None) -> list[LiveSchedule]:
    """Every schedule in ``group``, read whole (``each`` runs the GetSchedule calls, e.g. concurrently)."""
    where = f"schedule group {group}"
    listed = api.pages("scheduler", "ListSchedules", "Schedules", target=where, GroupName=group, MaxResults=100)
    names = [str(item["Name"]) for item in listed]
    run = each or (lambda func, items: [func(item) for item in items])
    found = run(lambda name: read_schedule(api, group, name), names)
    return [schedule for schedule in found if schedule is not None]


def _live(found: Mapping[str, Any]) -> LiveSchedule:
    target = found.get("Target") or {}
    window = found.get("FlexibleTimeWindow") or {}
    retry = target.get("RetryPolicy") or {}
    dead_letter = target.get("DeadLetterConfig") or {}
    description, recorded = split_record(str(found.get("Description") or ""))
    fields = {
        "expression": found.get("ScheduleExpression"),
        "timezone": found.get("ScheduleExpressionTimezone") or DEFAULT_TIMEZONE,
        "flexible window": window.get("MaximumWindowInMinutes") if window.get("Mode") == "FLEXIBLE" else None,
        "start date": _moment(found.get("StartDate")),
        "end date": _moment(found.get("EndDate")),
        "state": found.get("State") or "ENABLED",
        "description": description,
        "target": target.get("Arn"),
        "role": target.get("RoleArn"),
        "input": _json(target.get("Input")),
        "retry policy": (
            retry.get("MaximumRetryAttempts", DEFAULT_RETRY[0]),
            retry.get("MaximumEventAgeInSeconds", DEFAULT_RETRY[1]),
        ),
        "dead-letter queue": dead_letter.get("Arn"),
    }
    return LiveSchedule(str(found["Name"]), str(found["GroupName"]), str(found["Arn"]), fields, recorded)


def fields_hash(fields: Mapping[str, Any]) -> str:
    return sha256_of(dict(fields))[:16]


def desired_fields(desired: DesiredSchedule) -> dict[str, Any]:
    return {
        "expression": desired.expression,
        "timezone": desired.timezone,
        "flexible window": desired.flexible_window,
        "start date": _moment(desired.start_date),
        "end date": _moment(desired.end_date),
        "state": desired.state,
        "description": desired.description,
        "target": desired.target_arn,
        "role": desired.role_arn,
        "input": _json(desired.input),
        "retry policy": (desired.max_attempts, desired.max_event_age),
        "dead-letter queue": desired.dead_letter_queue,
    }


def schedule_changes(desired: DesiredSchedule, live: LiveSchedule | None) -> list[str]:
    """``+ schedule nightly (cron(0 2 * * ? *) Europe/Berlin) → alias live``, or one ``~`` line per changed field."""
    if live is None:
        return [f"+ schedule {desired.trigger} {desired.summary()}"]
    wanted = desired_fields(desired)
    lines = [
        f"~ schedule {desired.trigger} {key}: {_words(key, live.fields.get(key))} → {_words(key, value)}"
        for key, value in wanted.items()
        if live.fields.get(key) != value
    ]
    if not lines and live.recorded_hash not in (None, desired.config_hash):
        lines.append(f"~ schedule {desired.trigger}: record what sfndeploy wrote (its recorded hash is out of date)")
    return lines


def schedule_calls(desired: DesiredSchedule, live: LiveSchedule | None) -> list[ApiCall]:
    where = f"{desired.group}/{desired.name}"
    if live is None:
        return [
            ApiCall(
                "scheduler",
                "CreateSchedule",
                desired.params(),
                where,
                summary=f"create schedule {desired.name}",
                done_codes=ALREADY_THERE,
            )
        ]
    if not schedule_changes(desired, live):
        return []
    return [ApiCall("scheduler", "UpdateSchedule", desired.params(), where, summary=f"update schedule {desired.name}")]


def schedule_deletion_calls(live: LiveSchedule) -> list[ApiCall]:
    return [
        ApiCall(
            "scheduler",
            "DeleteSchedule",
            {"Name": live.name, "GroupName": live.group},
            f"{live.group}/{live.name}",
            summary=f"delete schedule {live.name}",
            done_codes=NOT_FOUND,
        )
    ]


def _moment(value: Any) -> float | None:
    """Dates compare as instants: AWS answers a datetime, the sources hold ISO 8601 text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value)).timestamp()


def _json(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _words(key: str, value: Any) -> str:
    if value is None:
        return "off" if key == "flexible window" else "(none)"
    if key == "flexible window":
        return f"{value} minutes"
    if key in ("start date", "end date"):
        return datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if key == "retry policy":
        return f"{value[0]} attempts within {value[1]} s"
    if key == "state":
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value) if key == "description" else value
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."
