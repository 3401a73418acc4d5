"""The spec's ``notifications:``: status changes of this workflow's executions, delivered somewhere.

Each notification is an EventBridge rule on the default bus matching Step Functions' own events::

    {"source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"],
     "detail": {"status": [...], "stateMachineArn": ["<this state machine>"]}}

with one target, exactly one of:

``sns`` / ``sqs`` / ``lambda``
    a topic, queue or function ARN. EventBridge needs the target's resource policy to let
    ``events.amazonaws.com`` publish, send or invoke. A function gets its own permission statement
    (``lambda:AddPermission``, id ``sfndeploy-<rule>``): it adds to the function's policy and
    replaces nothing. A topic's or queue's policy is usually its team's: by default sfndeploy reads
    it and the plan warns, with the statement to add, when it does not let this rule deliver;
    ``grant: true`` makes sfndeploy keep its own statement (Sid ``sfndeploy-<rule>``) in that
    policy, leaving every other statement as it is;
``bus``
    another event bus (name or ARN), through a generated role allowed ``events:PutEvents`` on
    exactly that bus;
``workflow``
    another workflow's state machine or alias ARN, through a generated role allowed
    ``states:StartExecution`` on exactly that ARN.

Generated roles trust ``events.amazonaws.com`` only for this rule (``aws:SourceAccount``,
``aws:SourceArn``), like the invoke roles of triggers; ``role.arn`` brings one's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sfndeploy.eventbridge.problems import raise_first_error
from sfndeploy.eventbridge.transformer import check_input_transformer
from sfndeploy.sourcemap import pointer_join

if TYPE_CHECKING:
    from sfndeploy.triggers.model import InputTransformer, InvokeRole, RetryPolicy
    from sfndeploy.triggers.render import TriggerContext

__all__ = [
    "STATUSES",
    "TARGET_KINDS",
    "Notification",
    "render_notifications",
    "status_change_pattern",
]

STATUSES = ("FAILED", "TIMED_OUT", "ABORTED", "SUCCEEDED", "RUNNING")
TARGET_KINDS = ("sns", "sqs", "lambda", "bus", "workflow")
ROLE_ACTIONS = {"bus": "events:PutEvents", "workflow": "states:StartExecution"}
ROLE_KINDS = tuple(ROLE_ACTIONS)  # targets EventBridge reaches through a role; the others by resource policy
POLICY_KINDS = ("sns", "sqs", "lambda")
STATUS_CHANGE = "Step Functions Execution Status Change"
NAME_LIMIT = 64

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_P = r"arn:aws[a-z-]*"
_ARNS = {
    "sns": re.compile(rf"^{_P}:sns:([a-z0-9-]+):(\d{{12}}):[A-Za-z0-9_-]{{1,256}}(\.fifo)?$"),
    "sqs": re.compile(rf"^{_P}:sqs:([a-z0-9-]+):(\d{{12}}):[A-Za-z0-9_-]{{1,80}}(\.fifo)?$"),
    "lambda": re.compile(rf"^{_P}:lambda:([a-z0-9-]+):(\d{{12}}):function:[A-Za-z0-9_-]{{1,64}}(:[A-Za-z0-9$_-]+)?$"),
    "bus": re.compile(rf"^{_P}:events:([a-z0-9-]+):(\d{{12}}):event-bus/[A-Za-z0-9/._-]{{1,256}}$"),
    "workflow": re.compile(
        rf"^{_P}:states:([a-z0-9-]+):(\d{{12}}):stateMachine:[A-Za-z0-9_-]{{1,80}}(:[A-Za-z0-9_-]{{1,80}})?$"
    ),
}
_EXAMPLES = {
    "sns": "arn:aws:sns:REGION:ACCOUNT:TOPIC",
    "sqs": "arn:aws:sqs:REGION:ACCOUNT:QUEUE",
    "lambda": "arn:aws:lambda:REGION:ACCOUNT:function:NAME",
    "bus": "a bus name or arn:aws:events:REGION:ACCOUNT:event-bus/NAME",
    "workflow": "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:ALIAS]",
}
_BUS_NAME = re.compile(r"^[A-Za-z0-9/._-]{1,256}$")


@dataclass(frozen=True)
class Notification:
    """One ``notifications:`` entry rendered for one environment."""

    name: str
    pointer: str  # JSON pointer in the rendered spec (``/notifications/failures``)
    workflow: str
    rule_name: str
    rule_arn: str
    state_machine_arn: str  # whose status changes are matched
    statuses: tuple[str, ...]
    target_kind: str  # one of TARGET_KINDS
    target_arn: str
    role: InvokeRole | None = None  # bus and workflow targets only
    input_transformer: InputTransformer | None = None
    enabled: bool = True
    description: str = ""
    dead_letter_queue: str | None = None
    retry: RetryPolicy | None = None
    grant: bool = False  # sns/sqs: keep sfndeploy's own statement in the target's policy

    kind = "notification"

    @property
    def pattern(self) -> dict[str, Any]:
        return status_change_pattern(self.state_machine_arn, self.statuses)

    @property
    def statement_id(self) -> str:
        """The Sid (topic, queue) or StatementId (function) of sfndeploy's own grant to this rule."""
        return f"sfndeploy-{self.rule_name}"[:100]

    def summary(self) -> str:
        return f"{', '.join(self.statuses)} → {self.target_kind} {self.target_arn}"


def status_change_pattern(state_machine_arn: str, statuses: tuple[str, ...]) -> dict[str, Any]:
    return {
        "source": ["aws.states"],
        "detail-type": [STATUS_CHANGE],
        "detail": {"status": list(statuses), "stateMachineArn": [state_machine_arn]},
    }


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def render_notifications(
    raw: dict[str, Any], context: TriggerContext, triggers: tuple[str, ...] = ()
) -> tuple[Notification, ...]:
    """The notifications of one workflow, in the order written; a ConfigError at the template line.

    ``triggers``: the workflow's trigger names, whose rules (``<state machine>-<trigger>``) a
    notification's rule (``<state machine>-notify-<name>``) must not share a name with.
    """
    for name in raw:
        if f"notify-{name}" in triggers:
            raise context.fail(
                pointer_join("/notifications", name),
                name,
                f"the trigger 'notify-{name}' already has the rule name {context.state_machine_name}-notify-{name}; "
                "rename one of them",
            )
    return tuple(_notification(name, spec, context) for name, spec in raw.items())


def _notification(name: str, spec: dict[str, Any], context: TriggerContext) -> Notification:
    from sfndeploy.triggers.render import _dead_letter_queue, _retry, _transformer

    pointer = pointer_join("/notifications", name)
    if not _NAME.match(name):
        raise context.fail(pointer, name, "a notification name is letters, digits, '.', '-' or '_'")
    if "statuses" not in spec:
        raise context.fail(pointer, name, "name the status changes to send: statuses: [" + ", ".join(STATUSES) + "]")
    kind = _target_kind(spec, pointer, context)
    target_arn = _target_arn(kind, spec[kind], pointer_join(pointer, kind), context)
    rule_name = f"{context.state_machine_name}-notify-{name}"
    if len(rule_name) > NAME_LIMIT:
        raise context.fail(
            pointer,
            name,
            f"the rule name '{rule_name}' (state machine name + '-notify-' + notification name) is "
            f"{len(rule_name)} characters; EventBridge allows {NAME_LIMIT}",
        )
    rule_arn = f"arn:{context.partition}:events:{context.region}:{context.account_id}:rule/{rule_name}"
    _check_role_and_grant(kind, spec, pointer, context)
    _check_transformer(kind, spec, pointer, context)
    return Notification(
        name=name,
        pointer=pointer,
        workflow=context.workflow,
        rule_name=rule_name,
        rule_arn=rule_arn,
        state_machine_arn=context.state_machine_arn,
        statuses=tuple(spec["statuses"]),
        target_kind=kind,
        target_arn=target_arn,
        role=_role(kind, spec, name, rule_arn, target_arn, context),
        input_transformer=_transformer(spec.get("input_transformer")),
        enabled=spec.get("enabled", True),
        description=spec.get(
            "description", f"sfndeploy: {', '.join(spec['statuses'])} of {context.state_machine_name}"
        ),
        dead_letter_queue=_dead_letter_queue(spec, pointer, context),
        retry=_retry(spec, pointer, context),
        grant=bool(spec.get("grant", False)),
    )


def _target_kind(spec: dict[str, Any], pointer: str, context: TriggerContext) -> str:
    kinds = [kind for kind in TARGET_KINDS if kind in spec]
    if len(kinds) != 1:
        raise context.fail(pointer, pointer.rsplit("/", 1)[-1], "give exactly one target: " + ", ".join(TARGET_KINDS))
    return kinds[0]


def _target_arn(kind: str, value: str, pointer: str, context: TriggerContext) -> str:
    if kind == "bus" and _BUS_NAME.match(value) and not value.startswith("arn:"):
        if value == "default":
            raise context.fail(pointer, kind, "the rule itself is on the default bus; send to another bus")
        value = f"arn:{context.partition}:events:{context.region}:{context.account_id}:event-bus/{value}"
    match = _ARNS[kind].match(value)
    if match is None:
        raise context.fail(pointer, kind, f"'{value}' is not {_EXAMPLES[kind]}")
    region = match.group(1)
    if kind != "bus" and region != context.region:
        raise context.fail(
            pointer,
            kind,
            f"EventBridge delivers to a {kind} target in the rule's region ({context.region}), not {region}",
        )
    if kind == "workflow" and match.group(2) != context.account_id:
        # Step Functions is not among the targets EventBridge delivers to in another account (EventBridge
        # User Guide, "Sending events to an AWS service in another account"): send to that account's bus.
        raise context.fail(
            pointer,
            kind,
            f"EventBridge starts a workflow only in the rule's account ({context.account_id}), not "
            f"{match.group(2)}; send to a bus of that account instead",
        )
    if kind == "workflow" and value.split(":")[6] == context.state_machine_name:
        raise context.fail(pointer, kind, "a workflow cannot be notified of its own status changes by starting itself")
    return value


def _check_role_and_grant(kind: str, spec: dict[str, Any], pointer: str, context: TriggerContext) -> None:
    if "role" in spec and kind not in ROLE_KINDS:
        raise context.fail(
            pointer_join(pointer, "role"),
            "role",
            f"a {kind} target takes no role: EventBridge reaches it by its resource policy",
        )
    if "grant" in spec and kind not in ("sns", "sqs"):
        raise context.fail(
            pointer_join(pointer, "grant"),
            "grant",
            "'grant' is for sns and sqs targets (a function always gets its own permission; a bus or workflow a role)",
        )


def _check_transformer(kind: str, spec: dict[str, Any], pointer: str, context: TriggerContext) -> None:
    raw = spec.get("input_transformer")
    if raw is None:
        return
    here = pointer_join(pointer, "input_transformer")
    json_required = kind not in ("sns", "sqs")
    problems = check_input_transformer(raw.get("paths", {}), raw.get("template"), here, json_required=json_required)
    raise_first_error(problems, context.fail)


def _role(
    kind: str, spec: dict[str, Any], name: str, rule_arn: str, target_arn: str, context: TriggerContext
) -> InvokeRole | None:
    if kind not in ROLE_KINDS:
        return None
    from sfndeploy.triggers.iam import invoke_role_name
    from sfndeploy.triggers.model import EVENTS_PRINCIPAL, InvokeRole

    action = ROLE_ACTIONS[kind]
    brought = spec.get("role", {}).get("arn")
    if brought is not None:
        from sfndeploy.triggers.render import check_brought_role

        check_brought_role(brought, pointer_join("/notifications", name), name, EVENTS_PRINCIPAL, context)
        return InvokeRole(EVENTS_PRINCIPAL, rule_arn, context.account_id, target_arn, arn=brought, action=action)
    role_name = invoke_role_name(context.state_machine_name, f"notify-{name}")
    return InvokeRole(EVENTS_PRINCIPAL, rule_arn, context.account_id, target_arn, name=role_name, action=action)
