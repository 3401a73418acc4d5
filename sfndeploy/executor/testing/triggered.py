"""The input a trigger starts a workflow with, for a test case that says ``trigger: NAME``.

A schedule sends its rendered ``input`` with EventBridge Scheduler's context attributes filled in
(``<aws.scheduler.scheduled-time>`` is the dry run's start time). An event rule sends its constant
``input``, or the case's sample ``event`` through the rule's input path or input transformer, or
the whole event.
"""

from __future__ import annotations

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
    return _event_input(case, trigger)


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


def _event_input(case: WorkflowTestCase, trigger: EventTrigger) -> Any:
    if trigger.input is not None:
        return trigger.input
    if case.event is UNSET:
        raise _fail(case, f"trigger '{trigger.name}' passes its event on: give the case a sample 'event'", "trigger")
    from sfndeploy.eventbridge.transformer import InputTransformError, apply_input_path, apply_input_transformer

    try:
        if trigger.input_path is not None:
            return apply_input_path(case.event, trigger.input_path)
        if trigger.input_transformer is not None:
            transformer = trigger.input_transformer
            return apply_input_transformer(
                transformer.paths,
                transformer.template,
                case.event,
                rule_name=trigger.rule_name,
                rule_arn=trigger.rule_arn,
            ).value
    except InputTransformError as problem:
        raise _fail(case, f"trigger '{trigger.name}': {problem.message}", "event") from None
    return case.event


def _fail(case: WorkflowTestCase, message: str, key: str) -> ExecutionSetupError:
    return ExecutionSetupError(f"test case '{case.name}': {message}", location=case.location, key=key)
