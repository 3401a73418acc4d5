"""What starts a workflow, rendered for one environment: the spec's ``triggers:`` as frozen dataclasses.

Two kinds of trigger, one per AWS service:

- :class:`ScheduleTrigger`: an EventBridge Scheduler schedule (``cron``/``rate``/``at``) in the
  schedule group of the project and environment;
- :class:`EventTrigger`: an EventBridge rule on a bus, matching an event pattern or running on a
  schedule expression, with the workflow as its target.

Both start the workflow through :class:`TriggerTarget` (the alias ARN when the workflow has an
alias, so rollouts cover triggered executions; else the state machine ARN) with an
:class:`InvokeRole`: either one sfndeploy generates with ``states:StartExecution`` on exactly the
target, or the team's own (``role.arn``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON = Any

SCHEDULER_PRINCIPAL = "scheduler.amazonaws.com"
EVENTS_PRINCIPAL = "events.amazonaws.com"


@dataclass(frozen=True)
class TriggerTarget:
    """The ARN a trigger starts executions of, and what it names."""

    arn: str  # the alias ARN (``...:stateMachine:NAME:ALIAS``) or the state machine ARN
    state_machine_name: str
    state_machine_arn: str
    alias: str | None = None

    def describe(self) -> str:
        return f"alias {self.alias}" if self.alias else f"state machine {self.state_machine_name}"


@dataclass(frozen=True)
class InvokeRole:
    """The role the service assumes to start the execution.

    ``arn`` set: the team's own role, used as it is. Otherwise sfndeploy generates ``name`` with
    :func:`sfndeploy.triggers.iam.invoke_trust_policy` and :func:`~sfndeploy.triggers.iam.invoke_policy`.
    """

    principal: str  # scheduler.amazonaws.com | events.amazonaws.com
    source_arn: str  # the schedule group or rule ARN the trust policy's aws:SourceArn names
    account_id: str
    target_arn: str  # what ``action`` is allowed on
    name: str | None = None
    arn: str | None = None
    action: str = "states:StartExecution"  # events:PutEvents for a notification sent to another bus

    @property
    def generated(self) -> bool:
        return self.arn is None


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int | None = None  # 0-185
    max_event_age_seconds: int | None = None  # 60-86400


@dataclass(frozen=True)
class InputTransformer:
    """EventBridge's input transformer: JSON paths into the event, and the template they fill."""

    paths: dict[str, str] = field(default_factory=dict)
    template: str = ""


@dataclass(frozen=True)
class ScheduleTrigger:
    """An EventBridge Scheduler schedule that starts the workflow."""

    name: str  # the trigger's name in the spec
    pointer: str  # JSON pointer of the trigger in the rendered spec (``/triggers/nightly``)
    workflow: str  # the workflow's logical name
    schedule_name: str  # the schedule's name inside its group
    group_name: str  # the schedule group of the project and environment
    group_arn: str
    expression: str  # cron(...), rate(...) or at(...)
    target: TriggerTarget
    role: InvokeRole
    timezone: str | None = None  # IANA name; None: UTC
    flexible_window_minutes: int | None = None  # None: OFF
    start_date: str | None = None  # ISO 8601 with offset, as written
    end_date: str | None = None
    enabled: bool = True
    description: str = ""
    input: JSON = None  # the execution input; None: Scheduler's default (no input)
    retry: RetryPolicy | None = None
    dead_letter_queue: str | None = None  # an SQS queue ARN

    kind = "schedule"

    @property
    def input_text(self) -> str | None:
        return input_text(self.input)

    def summary(self) -> str:
        """``cron(0 2 * * ? *) Europe/Berlin``: what a plan line shows in brackets."""
        return f"{self.expression} {self.timezone}" if self.timezone else self.expression


@dataclass(frozen=True)
class EventTrigger:
    """An EventBridge rule (on ``bus``) whose target starts the workflow."""

    name: str
    pointer: str
    workflow: str
    rule_name: str
    bus: str  # the bus name: default, or a custom bus
    rule_arn: str
    target: TriggerTarget
    role: InvokeRole
    pattern: JSON = None  # the event pattern, as data; None when ``schedule_expression`` is set
    schedule_expression: str | None = None
    enabled: bool = True
    description: str = ""
    input: JSON = None  # constant input; at most one of input, input_path, input_transformer
    input_path: str | None = None
    input_transformer: InputTransformer | None = None
    retry: RetryPolicy | None = None
    dead_letter_queue: str | None = None

    kind = "event"

    @property
    def input_text(self) -> str | None:
        return input_text(self.input)

    def summary(self) -> str:
        if self.schedule_expression is not None:
            return f"{self.schedule_expression} on {self.bus}"
        return f"pattern on {self.bus}"


Trigger = ScheduleTrigger | EventTrigger


def input_text(value: JSON) -> str | None:
    """The input as the JSON text AWS stores (compact, keys in the order written)."""
    if value is None:
        return None
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
