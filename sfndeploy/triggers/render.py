"""The spec's ``triggers:`` (already rendered and schema-checked) into :mod:`sfndeploy.triggers.model`.

Every value AWS would refuse is a :class:`ConfigError` at the template line of the key: a bad
cron, rate or at expression, an unknown time zone, a flexible window, retry policy or date out of
range, a name too long for the service. The JSON Schema has already refused unknown keys and
wrong types.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sfndeploy.errors import ConfigError
from sfndeploy.sourcemap import SourceMap, pointer_join
from sfndeploy.triggers import expressions
from sfndeploy.triggers.iam import invoke_role_name
from sfndeploy.triggers.model import (
    EVENTS_PRINCIPAL,
    SCHEDULER_PRINCIPAL,
    EventTrigger,
    InputTransformer,
    InvokeRole,
    RetryPolicy,
    ScheduleTrigger,
    Trigger,
    TriggerTarget,
)

NAME_LIMIT = 64  # schedule, schedule group and rule names
INPUT_LIMIT = 8192  # characters of a schedule's or rule target's input
# Scheduler keeps 512 characters of description; sfndeploy ends it with " [sfndeploy <16 hex digits>]"
# (the record of what it wrote, sfndeploy.triggers.schedules), so a spec's schedule has 29 fewer.
SCHEDULE_DESCRIPTION_LIMIT = 512 - 29
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_BUS_NAME = re.compile(r"^[A-Za-z0-9/._-]{1,256}$")
_BUS_ARN = re.compile(r"^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus/([A-Za-z0-9/._-]{1,256})$")
_QUEUE_ARN = re.compile(r"^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$")
_SCHEDULE_ONLY = ("schedule", "timezone", "flexible_window", "start_date", "end_date")
_EVENT_ONLY = ("event", "input_path", "input_transformer")


@dataclass(frozen=True)
class TriggerContext:
    """What a trigger needs to know about its workflow and environment."""

    project: str
    environment: str
    partition: str
    region: str
    account_id: str
    workflow: str  # logical name
    state_machine_name: str
    state_machine_arn: str
    alias: str | None
    source_map: SourceMap

    @property
    def target(self) -> TriggerTarget:
        arn = f"{self.state_machine_arn}:{self.alias}" if self.alias else self.state_machine_arn
        return TriggerTarget(arn, self.state_machine_name, self.state_machine_arn, self.alias)

    def fail(self, pointer: str, key: str, message: str) -> ConfigError:
        return ConfigError(message, location=self.source_map.locate(pointer), key=key)


def schedule_group_name(project: str, environment: str) -> str:
    """The schedule group every schedule of a project's environment lives in."""
    return f"{project}-{environment}"


def render_triggers(raw: dict[str, Any], context: TriggerContext) -> tuple[Trigger, ...]:
    """The triggers of one workflow, in the order written."""
    return tuple(_trigger(name, spec, context) for name, spec in raw.items())


def _trigger(name: str, spec: dict[str, Any], context: TriggerContext) -> Trigger:
    pointer = pointer_join("/triggers", name)
    if not _NAME.match(name) or len(name) > NAME_LIMIT:
        raise context.fail(pointer, name, "a trigger name is 1-64 letters, digits, '.', '-' or '_'")
    kinds = [key for key in ("schedule", "event") if key in spec]
    if len(kinds) != 1:
        raise context.fail(pointer, name, "give exactly one of 'schedule' (EventBridge Scheduler) or 'event' (a rule)")
    if kinds == ["schedule"]:
        _refuse(spec, _EVENT_ONLY, pointer, context, "a schedule trigger")
        return _schedule(name, spec, pointer, context)
    _refuse(spec, _SCHEDULE_ONLY, pointer, context, "an event trigger")
    return _event(name, spec, pointer, context)


def _refuse(spec: dict[str, Any], keys: tuple[str, ...], pointer: str, context: TriggerContext, what: str) -> None:
    for key in keys:
        if key in spec:
            raise context.fail(pointer_join(pointer, key), key, f"'{key}' does not apply to {what}")


def _schedule(name: str, spec: dict[str, Any], pointer: str, context: TriggerContext) -> ScheduleTrigger:
    expression = spec["schedule"]
    _check(expressions.check_expression(expression, allow_at=True), pointer, "schedule", context)
    timezone = spec.get("timezone")
    if timezone is not None:
        _check(expressions.check_timezone(timezone), pointer, "timezone", context)
    group = schedule_group_name(context.project, context.environment)
    _check_name(group, "schedule group", "(project name + '-' + environment)", pointer, name, context)
    schedule_name = f"{context.workflow}-{name}"
    _check_name(schedule_name, "schedule", "(workflow name + '-' + trigger name)", pointer, name, context)
    group_arn = f"arn:{context.partition}:scheduler:{context.region}:{context.account_id}:schedule-group/{group}"
    start, end = _dates(spec, pointer, context)
    return ScheduleTrigger(
        name=name,
        pointer=pointer,
        workflow=context.workflow,
        schedule_name=schedule_name,
        group_name=group,
        group_arn=group_arn,
        expression=expression,
        target=context.target,
        role=_role(spec, pointer, name, SCHEDULER_PRINCIPAL, group_arn, context),
        timezone=timezone,
        flexible_window_minutes=_flexible_window(spec, pointer, context),
        start_date=start,
        end_date=end,
        enabled=spec.get("enabled", True),
        description=_schedule_description(spec, pointer, context),
        input=_input(spec, pointer, context),
        retry=_retry(spec, pointer, context),
        dead_letter_queue=_dead_letter_queue(spec, pointer, context),
    )


def _schedule_description(spec: dict[str, Any], pointer: str, context: TriggerContext) -> str:
    description = str(spec.get("description", ""))
    if len(description) > SCHEDULE_DESCRIPTION_LIMIT:
        message = (
            f"a schedule's description is at most {SCHEDULE_DESCRIPTION_LIMIT} characters (this one has "
            f"{len(description)}): Scheduler keeps 512, and sfndeploy ends it with a hash of what it wrote"
        )
        raise context.fail(pointer_join(pointer, "description"), "description", message)
    return description


def _event(name: str, spec: dict[str, Any], pointer: str, context: TriggerContext) -> EventTrigger:
    event = spec["event"]
    event_pointer = pointer_join(pointer, "event")
    bus = _bus_name(event.get("bus", "default"), event_pointer, context)
    pattern: Any = None
    has_pattern, has_schedule = "pattern" in event, "schedule" in event
    if has_pattern == has_schedule:
        raise context.fail(event_pointer, "event", "give exactly one of 'pattern' or 'schedule'")
    if has_schedule:
        _check(expressions.check_expression(event["schedule"], allow_at=False), event_pointer, "schedule", context)
        if bus != "default":
            raise context.fail(
                pointer_join(event_pointer, "schedule"), "schedule", "a rule runs on a schedule only on the default bus"
            )
    else:
        pattern = _parsed_pattern(event["pattern"], pointer_join(event_pointer, "pattern"), context)
        _check_pattern(pattern, pointer_join(event_pointer, "pattern"), context)
    rule_name = f"{context.state_machine_name}-{name}"
    _check_name(rule_name, "rule", "(state machine name + '-' + trigger name)", pointer, name, context)
    rule_path = rule_name if bus == "default" else f"{bus}/{rule_name}"
    rule_arn = f"arn:{context.partition}:events:{context.region}:{context.account_id}:rule/{rule_path}"
    inputs = [key for key in ("input", "input_path", "input_transformer") if key in spec]
    if len(inputs) > 1:
        raise context.fail(pointer_join(pointer, inputs[1]), inputs[1], "give at most one of " + ", ".join(inputs))
    _check_event_input(spec, pointer, context)
    return EventTrigger(
        name=name,
        pointer=pointer,
        workflow=context.workflow,
        rule_name=rule_name,
        bus=bus,
        rule_arn=rule_arn,
        target=context.target,
        role=_role(spec, pointer, name, EVENTS_PRINCIPAL, rule_arn, context),
        pattern=pattern if has_pattern else None,
        schedule_expression=event.get("schedule"),
        enabled=spec.get("enabled", True),
        description=spec.get("description", ""),
        input=_input(spec, pointer, context),
        input_path=spec.get("input_path"),
        input_transformer=_transformer(spec.get("input_transformer")),
        retry=_retry(spec, pointer, context),
        dead_letter_queue=_dead_letter_queue(spec, pointer, context),
    )


def _parsed_pattern(pattern: Any, pointer: str, context: TriggerContext) -> Any:
    """A pattern written as a JSON string (as the API and CloudFormation carry it) is the object it holds."""
    if not isinstance(pattern, str):
        return pattern
    try:
        return json.loads(pattern)
    except json.JSONDecodeError as error:
        raise context.fail(pointer, "pattern", f"an event pattern given as a string must be JSON: {error}") from None


def _check_pattern(pattern: Any, pointer: str, context: TriggerContext) -> None:
    """The pattern is a non-empty object that EventBridge's pattern grammar accepts."""
    if not pattern:
        raise context.fail(pointer, "pattern", "an event pattern needs at least one field to match")
    from sfndeploy.eventbridge.patterns import check_event_pattern
    from sfndeploy.eventbridge.problems import raise_first_error, rebased

    raise_first_error(rebased(check_event_pattern(pattern), pointer), context.fail)


def _check_event_input(spec: dict[str, Any], pointer: str, context: TriggerContext) -> None:
    """An input path EventBridge can read; an input transformer whose template makes JSON for the workflow."""
    from sfndeploy.eventbridge.problems import raise_first_error
    from sfndeploy.eventbridge.transformer import check_input_path, check_input_transformer

    if "input_path" in spec:
        raise_first_error(check_input_path(spec["input_path"], pointer_join(pointer, "input_path")), context.fail)
    raw = spec.get("input_transformer")
    if raw is not None:
        here = pointer_join(pointer, "input_transformer")
        raise_first_error(check_input_transformer(raw.get("paths", {}), raw["template"], here), context.fail)


def _check(problem: str | None, pointer: str, key: str, context: TriggerContext) -> None:
    if problem is not None:
        raise context.fail(pointer_join(pointer, key), key, problem)


def _check_name(name: str, kind: str, made_of: str, pointer: str, trigger: str, context: TriggerContext) -> None:
    if len(name) > NAME_LIMIT:
        raise context.fail(
            pointer,
            trigger,
            f"the {kind} name '{name}' {made_of} is {len(name)} characters; AWS allows {NAME_LIMIT}",
        )
    if not _NAME.match(name):
        raise context.fail(pointer, trigger, f"the {kind} name '{name}' may hold only letters, digits, '.', '-', '_'")


def _bus_name(bus: str, pointer: str, context: TriggerContext) -> str:
    match = _BUS_ARN.match(bus)
    if match is not None:
        return match.group(1)
    if not _BUS_NAME.match(bus):
        raise context.fail(pointer_join(pointer, "bus"), "bus", f"'{bus}' is neither an event bus name nor its ARN")
    return bus


def _dates(spec: dict[str, Any], pointer: str, context: TriggerContext) -> tuple[str | None, str | None]:
    moments = {}
    for key in ("start_date", "end_date"):
        if key in spec:
            parsed = expressions.parse_date(spec[key])
            if isinstance(parsed, str):
                raise context.fail(pointer_join(pointer, key), key, parsed)
            moments[key] = parsed
    if len(moments) == 2 and moments["end_date"] <= moments["start_date"]:
        raise context.fail(pointer_join(pointer, "end_date"), "end_date", "the end date must come after the start date")
    return spec.get("start_date"), spec.get("end_date")


def _flexible_window(spec: dict[str, Any], pointer: str, context: TriggerContext) -> int | None:
    window = spec.get("flexible_window", "off")
    if window == "off":
        return None
    if isinstance(window, int) and 1 <= window <= 1440:
        return window
    raise context.fail(
        pointer_join(pointer, "flexible_window"),
        "flexible_window",
        f"{window!r} is neither 'off' nor a number of minutes from 1 to 1440",
    )


def _input(spec: dict[str, Any], pointer: str, context: TriggerContext) -> Any:
    if "input" not in spec:
        return None
    from sfndeploy.triggers.model import input_text

    text = input_text(spec["input"]) or ""
    if len(text) > INPUT_LIMIT:
        message = f"the input is {len(text)} characters as JSON; AWS allows {INPUT_LIMIT}"
        raise context.fail(pointer_join(pointer, "input"), "input", message)
    return spec["input"]


def _retry(spec: dict[str, Any], pointer: str, context: TriggerContext) -> RetryPolicy | None:
    retry = spec.get("retry")
    if retry is None:
        return None
    limits = {"max_attempts": (0, 185), "max_event_age": (60, 86400)}
    for key, (low, high) in limits.items():
        value = retry.get(key)
        if value is not None and not low <= value <= high:
            raise context.fail(
                pointer_join(pointer, "retry", key), key, f"{value} is out of range; AWS allows {low} to {high}"
            )
    return RetryPolicy(retry.get("max_attempts"), retry.get("max_event_age"))


def _dead_letter_queue(spec: dict[str, Any], pointer: str, context: TriggerContext) -> str | None:
    queue = spec.get("dead_letter_queue")
    if queue is not None and not _QUEUE_ARN.match(queue):
        raise context.fail(
            pointer_join(pointer, "dead_letter_queue"), "dead_letter_queue", f"'{queue}' is not an SQS queue ARN"
        )
    return queue


def _transformer(raw: dict[str, Any] | None) -> InputTransformer | None:
    if raw is None:
        return None
    return InputTransformer(paths=dict(raw.get("paths", {})), template=raw["template"])


def _role(
    spec: dict[str, Any], pointer: str, trigger: str, principal: str, source_arn: str, context: TriggerContext
) -> InvokeRole:
    target = context.target.arn
    brought = spec.get("role", {}).get("arn")
    if brought is not None:
        check_brought_role(brought, pointer, trigger, principal, context)
        return InvokeRole(principal, source_arn, context.account_id, target, arn=brought)
    return InvokeRole(
        principal, source_arn, context.account_id, target, name=invoke_role_name(context.state_machine_name, trigger)
    )


def check_brought_role(arn: str, pointer: str, name: str, principal: str, context: TriggerContext) -> None:
    """A ``role.arn`` that is no role ARN of the environment's partition (and, for a rule, account) is refused here."""
    from sfndeploy.triggers.role_reach import role_arn_problem

    problem = role_arn_problem(arn, partition=context.partition, account_id=context.account_id, principal=principal)
    if problem is not None:
        section = pointer.split("/")[1]
        raise context.fail(pointer_join(pointer, "role", "arn"), f"{section}.{name}.role.arn", problem)
