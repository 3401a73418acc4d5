"""The input a trigger starts a workflow with, for a test case that says ``trigger: NAME``.

A schedule sends its rendered ``input`` with EventBridge Scheduler's context attributes filled in
(``<aws.scheduler.scheduled-time>`` is the dry run's start time). An event rule sends its constant
``input``, or its event through the rule's input path or input transformer, or the whole event.
A rule with an event pattern gets its event from the case (``event:``), which must match the
pattern: a sample EventBridge would never deliver is refused, naming the first field that fails.
A rule on a schedule expression gets EventBridge's Scheduled Event (``source: aws.events``,
``detail-type: Scheduled Event``, the rule's ARN in ``resources``, the dry run's start time).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.testing.cases import UNSET, WorkflowTestCase
from sfndeploy.model import RenderedWorkflow
from sfndeploy.triggers.model import EventTrigger, ScheduleTrigger, Trigger


def case_input(case: WorkflowTestCase, workflow: RenderedWorkflow, *, start_time: float, execution_name: str) -> Any:
    """The execution input of ``case``: its own ``input``, or what its trigger would send."""
    if case.trigger is None:
        return case.input
    trigger = _find(case, workflow)
    if isinstance(trigger, ScheduleTrigger):
        if case.event is not UNSET:
            raise _fail(case, f"trigger '{trigger.name}' is a schedule; 'event' is for event triggers", "event")
        return schedule_input(trigger, start_time=start_time, execution_name=execution_name)
    return _event_input(case, trigger, _event(case, trigger, start_time=start_time))


def _find(case: WorkflowTestCase, workflow: RenderedWorkflow) -> Trigger:
    for trigger in workflow.triggers:
        if trigger.name == case.trigger:
            return trigger
    known = ", ".join(t.name for t in workflow.triggers)
    where = f"in environment '{workflow.environment.name}'"
    listed = f"; its triggers: {known}" if known else f"; it has no triggers {where}"
    raise _fail(case, f"workflow '{workflow.name}' has no trigger '{case.trigger}' {where}{listed}", "trigger")


def schedule_input(trigger: ScheduleTrigger, *, start_time: float, execution_name: str) -> Any:
    """The schedule's input with the context attributes EventBridge Scheduler replaces."""
    attributes = {
        "<aws.scheduler.schedule-arn>": trigger.group_arn.replace(":schedule-group/", ":schedule/", 1)
        + f"/{trigger.schedule_name}",
        "<aws.scheduler.scheduled-time>": datetime.fromtimestamp(start_time, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "<aws.scheduler.execution-id>": execution_name,
        "<aws.scheduler.attempt-number>": "1",
    }
    return _replace(trigger.input if trigger.input is not None else {}, attributes)


def _replace(value: Any, attributes: dict[str, str]) -> Any:
    if isinstance(value, str):
        for keyword, text in attributes.items():
            value = value.replace(keyword, text)
        return value
    if isinstance(value, dict):
        return {key: _replace(item, attributes) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace(item, attributes) for item in value]
    return value


def _event(case: WorkflowTestCase, trigger: EventTrigger, *, start_time: float) -> Any:
    """The event the rule matched: the Scheduled Event of a scheduled rule, else the case's sample."""
    if trigger.schedule_expression is not None:
        if case.event is not UNSET:
            raise _fail(
                case,
                f"trigger '{trigger.name}' runs on a schedule and EventBridge sends its own Scheduled Event; "
                "'event' is for rules with an event pattern",
                "event",
            )
        return scheduled_event(trigger, start_time=start_time)
    if case.event is UNSET:
        if trigger.input is not None:
            return UNSET
        raise _fail(case, f"trigger '{trigger.name}' passes its event on: give the case a sample 'event'", "trigger")
    if isinstance(trigger.pattern, dict):
        from sfndeploy.eventbridge.matching import match_event

        mismatch = match_event(trigger.pattern, case.event)
        if mismatch is not None:
            raise _fail(case, f"trigger '{trigger.name}' would never receive this sample event: {mismatch}", "event")
    return case.event


def scheduled_event(trigger: EventTrigger, *, start_time: float) -> dict[str, Any]:
    """What EventBridge sends the targets of a scheduled rule when it runs at ``start_time``."""
    region, account = trigger.rule_arn.split(":")[3:5]
    time = datetime.fromtimestamp(start_time, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "version": "0",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{trigger.rule_arn}@{time}")),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": time,
        "region": region,
        "resources": [trigger.rule_arn],
        "detail": {},
    }


def _event_input(case: WorkflowTestCase, trigger: EventTrigger, event: Any) -> Any:
    if trigger.input is not None:
        return trigger.input
    from sfndeploy.eventbridge.transformer import InputTransformError, apply_input_path, apply_input_transformer

    try:
        if trigger.input_path is not None:
            return apply_input_path(event, trigger.input_path)
        if trigger.input_transformer is not None:
            transformer = trigger.input_transformer
            return apply_input_transformer(
                transformer.paths,
                transformer.template,
                event,
                rule_name=trigger.rule_name,
                rule_arn=trigger.rule_arn,
            ).value
    except InputTransformError as problem:
        raise _fail(case, f"trigger '{trigger.name}': {problem.message}", "event") from None
    return event


def _fail(case: WorkflowTestCase, message: str, key: str) -> ExecutionSetupError:
    return ExecutionSetupError(f"test case '{case.name}': {message}", location=case.location, key=key)
