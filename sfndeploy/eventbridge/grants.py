"""What a notification's target must allow so that EventBridge can deliver to it.

SNS topics, SQS queues and Lambda functions are reached through their resource policy, which
must let ``events.amazonaws.com`` publish, send or invoke for the rule. sfndeploy never rewrites a
policy it does not own; it owns exactly one statement per rule, identified as
``sfndeploy-<rule name>``:

* a function gets that statement through ``AddPermission`` (it adds, replaces nothing) and loses
  it through ``RemovePermission`` when the notification goes;
* a topic's or queue's policy is read; when the notification says ``grant: true`` sfndeploy keeps
  its own statement in it (``SetTopicAttributes`` / ``SetQueueAttributes`` with every other
  statement unchanged); otherwise the plan warns, with the statement to add, when no statement of
  the policy lets this rule deliver.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sfndeploy.plan.steps import ApiCall

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.eventbridge.notifications import Notification

__all__ = ["Grant", "GrantSteps", "LivePolicy", "allows", "grant_for", "grant_steps", "read_policy", "revoke_steps"]

EVENTS = "events.amazonaws.com"
_ACTIONS = {"sns": "sns:Publish", "sqs": "sqs:SendMessage", "lambda": "lambda:InvokeFunction"}
_WORDS = {"sns": ("topic", "publish to"), "sqs": ("queue", "send to"), "lambda": ("function", "invoke")}
_MISSING = {
    "sns": ("NotFound", "NotFoundException"),
    "sqs": ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
    "lambda": ("ResourceNotFoundException",),
}


@dataclass(frozen=True)
class Grant:
    """The permission one notification rule needs on its target."""

    kind: str  # sns | sqs | lambda
    target_arn: str
    rule_name: str
    rule_arn: str
    statement_id: str
    managed: bool  # sfndeploy writes its statement (always for a function; for a topic or queue with grant: true)

    @property
    def action(self) -> str:
        return _ACTIONS[self.kind]

    @property
    def target_words(self) -> str:
        return f"{_WORDS[self.kind][0]} {self.target_arn.rsplit(':', 1)[-1]}"

    def statement(self) -> dict[str, Any]:
        return {
            "Sid": self.statement_id,
            "Effect": "Allow",
            "Principal": {"Service": EVENTS},
            "Action": self.action,
            "Resource": self.target_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": self.rule_arn}},
        }


def grant_for(notification: Notification) -> Grant | None:
    """The grant a notification's target needs; None for a bus or workflow (reached through a role)."""
    if notification.target_kind not in _ACTIONS:
        return None
    return Grant(
        kind=notification.target_kind,
        target_arn=notification.target_arn,
        rule_name=notification.rule_name,
        rule_arn=notification.rule_arn,
        statement_id=notification.statement_id,
        managed=notification.target_kind == "lambda" or notification.grant,
    )


@dataclass(frozen=True)
class LivePolicy:
    """A target's resource policy as read: ``found`` False when the target does not exist."""

    found: bool
    policy: dict[str, Any] | None = None
    queue_url: str | None = None  # SQS only: where Get/SetQueueAttributes go
    unreadable: str | None = None  # why the policy could not be read (access denied...)

    def statement(self, sid: str) -> dict[str, Any] | None:
        for statement in _statements(self.policy):
            if statement.get("Sid") == sid:
                return statement
        return None


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def read_policy(api: AwsApi, grant: Grant) -> LivePolicy:
    """The target's resource policy (GetTopicAttributes, GetQueueUrl + GetQueueAttributes, GetPolicy)."""
    from sfndeploy.aws.errors import AwsCallError

    try:
        return _READERS[grant.kind](api, grant.target_arn)
    except AwsCallError as error:
        if error.code in _MISSING[grant.kind]:
            return LivePolicy(found=False)
        if error.code in ("AccessDenied", "AccessDeniedException", "AuthorizationError"):
            return LivePolicy(found=True, unreadable=error.message)
        raise


def _read_topic(api: AwsApi, arn: str) -> LivePolicy:
    attributes = api.call("sns", "GetTopicAttributes", target=arn, TopicArn=arn).get("Attributes", {})
    return LivePolicy(found=True, policy=_parse(attributes.get("Policy")))


def _read_queue(api: AwsApi, arn: str) -> LivePolicy:
    _, _, _, _, account, name = arn.split(":", 5)
    url = api.call("sqs", "GetQueueUrl", target=arn, QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
    attributes = api.call("sqs", "GetQueueAttributes", target=arn, QueueUrl=url, AttributeNames=["Policy"])
    return LivePolicy(found=True, policy=_parse(attributes.get("Attributes", {}).get("Policy")), queue_url=url)


def _read_function(api: AwsApi, arn: str) -> LivePolicy:
    from sfndeploy.aws.errors import AwsCallError

    try:
        response = api.call("lambda", "GetPolicy", target=arn, FunctionName=arn)
    except AwsCallError as error:
        if error.code != "ResourceNotFoundException":
            raise
        # no policy at all, or no function: GetFunction tells which
        api.call("lambda", "GetFunction", target=arn, FunctionName=arn)
        return LivePolicy(found=True, policy=None)
    return LivePolicy(found=True, policy=_parse(response.get("Policy")))


_READERS = {"sns": _read_topic, "sqs": _read_queue, "lambda": _read_function}


# ---------------------------------------------------------------------------------------------
# Steps: plan lines, warnings and calls
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantSteps:
    lines: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    calls: tuple[ApiCall, ...] = ()


def grant_steps(grant: Grant, live: LivePolicy) -> GrantSteps:
    """Keep sfndeploy's statement on a target it manages, or warn when an unmanaged one lets nothing through."""
    if not live.found:
        return GrantSteps(warnings=(f"{grant.target_words} does not exist: rule {grant.rule_name} delivers nothing",))
    if live.unreadable is not None:
        return GrantSteps(
            warnings=(f"the policy of {grant.target_words} could not be read ({live.unreadable}); it is not checked",)
        )
    if not grant.managed:
        if allows(live.policy, grant):
            return GrantSteps()
        return GrantSteps(warnings=(_advice(grant),))
    current = live.statement(grant.statement_id)
    if current is not None and _same(current, grant):
        return GrantSteps()
    verb = "~" if current is not None else "+"
    line = f"{verb} permission for rule {grant.rule_name} to {_WORDS[grant.kind][1]} {grant.target_words}"
    return GrantSteps(lines=(line,), calls=tuple(_write_calls(grant, live, current is not None)))


def revoke_steps(grant: Grant, live: LivePolicy) -> GrantSteps:
    """Take sfndeploy's own statement out of the target's policy (the notification left the sources)."""
    if not live.found or live.unreadable is not None or live.statement(grant.statement_id) is None:
        return GrantSteps()
    line = f"- permission for rule {grant.rule_name} to {_WORDS[grant.kind][1]} {grant.target_words}"
    if grant.kind == "lambda":
        call = ApiCall(
            "lambda",
            "RemovePermission",
            {"FunctionName": grant.target_arn, "StatementId": grant.statement_id},
            grant.target_arn,
            summary=f"remove the permission of rule {grant.rule_name} from {grant.target_words}",
            done_codes=("ResourceNotFoundException",),
        )
        return GrantSteps(lines=(line,), calls=(call,))
    remaining = [s for s in _statements(live.policy) if s.get("Sid") != grant.statement_id]
    policy = {**(live.policy or {}), "Statement": remaining}
    return GrantSteps(lines=(line,), calls=(_set_policy(grant, live, policy),))


def _write_calls(grant: Grant, live: LivePolicy, replacing: bool) -> list[ApiCall]:
    if grant.kind == "lambda":
        calls = []
        if replacing:
            calls.append(
                ApiCall(
                    "lambda",
                    "RemovePermission",
                    {"FunctionName": grant.target_arn, "StatementId": grant.statement_id},
                    grant.target_arn,
                    summary=f"remove the outdated permission of rule {grant.rule_name}",
                    done_codes=("ResourceNotFoundException",),
                )
            )
        calls.append(
            ApiCall(
                "lambda",
                "AddPermission",
                {
                    "FunctionName": grant.target_arn,
                    "StatementId": grant.statement_id,
                    "Action": grant.action,
                    "Principal": EVENTS,
                    "SourceArn": grant.rule_arn,
                },
                grant.target_arn,
                summary=f"let rule {grant.rule_name} invoke {grant.target_words}",
                done_codes=("ResourceConflictException",),
            )
        )
        return calls
    others = [s for s in _statements(live.policy) if s.get("Sid") != grant.statement_id]
    base = live.policy or {"Version": "2012-10-17"}
    return [_set_policy(grant, live, {**base, "Statement": [*others, grant.statement()]})]


def _set_policy(grant: Grant, live: LivePolicy, policy: dict[str, Any]) -> ApiCall:
    text = json.dumps(policy, separators=(",", ":"))
    if grant.kind == "sns":
        return ApiCall(
            "sns",
            "SetTopicAttributes",
            {"TopicArn": grant.target_arn, "AttributeName": "Policy", "AttributeValue": text},
            grant.target_arn,
            summary=f"put the statement {grant.statement_id} in the policy of {grant.target_words}",
        )
    return ApiCall(
        "sqs",
        "SetQueueAttributes",
        {"QueueUrl": live.queue_url, "Attributes": {"Policy": text}},
        grant.target_arn,
        summary=f"put the statement {grant.statement_id} in the policy of {grant.target_words}",
    )


def _advice(grant: Grant) -> str:
    statement = json.dumps(grant.statement(), separators=(",", ":"))
    return (
        f"the policy of {grant.target_words} does not let EventBridge {_WORDS[grant.kind][1]} it for rule "
        f"{grant.rule_name}; sfndeploy leaves that policy to its owner: add {statement}, "
        "or set 'grant: true' for sfndeploy to keep that one statement there"
    )


# ---------------------------------------------------------------------------------------------
# Does a policy let the rule through?
# ---------------------------------------------------------------------------------------------


def allows(policy: dict[str, Any] | None, grant: Grant) -> bool:
    """True when some Allow statement lets events.amazonaws.com do the action on the target for this rule."""
    return any(_statement_allows(statement, grant) for statement in _statements(policy))


def _statement_allows(statement: dict[str, Any], grant: Grant) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    if not _principal_allows(statement.get("Principal")):
        return False
    service = grant.action.split(":")[0]
    actions = _as_list(statement.get("Action"))
    if not any(a in ("*", f"{service}:*", grant.action) or a.lower() == grant.action.lower() for a in actions):
        return False
    resources = _as_list(statement.get("Resource", "*"))
    if not any(r in ("*", grant.target_arn) for r in resources):
        return False
    return _condition_allows(statement.get("Condition"), grant)


def _principal_allows(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return EVENTS in _as_list(principal.get("Service")) or "*" in _as_list(principal.get("AWS"))
    return False


def _condition_allows(condition: Any, grant: Grant) -> bool:
    """Only aws:SourceArn / aws:SourceAccount conditions are understood; others are taken as not allowing."""
    if not condition:
        return True
    for operator, tests in condition.items():
        for key, values in tests.items():
            wanted = _as_list(values)
            if key.lower() == "aws:sourcearn" and operator in ("ArnEquals", "ArnLike", "StringEquals", "StringLike"):
                if not any(_like(value, grant.rule_arn) for value in wanted):
                    return False
            elif key.lower() == "aws:sourceaccount" and operator in ("StringEquals", "StringLike"):
                account = grant.rule_arn.split(":")[4]
                if account not in wanted:
                    return False
            else:
                return False
    return True


def _like(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)


def _same(current: dict[str, Any], grant: Grant) -> bool:
    if grant.kind == "lambda":
        return _statement_allows(current, grant)
    return bool(_normal(current) == _normal(grant.statement()))


def _normal(statement: dict[str, Any]) -> Any:
    normal = dict(statement)
    for key in ("Action", "Resource"):
        if isinstance(normal.get(key), list) and len(normal[key]) == 1:
            normal[key] = normal[key][0]
    return json.loads(json.dumps(normal, sort_keys=True))


def _statements(policy: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not policy:
        return []
    statements = policy.get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _parse(text: Any) -> dict[str, Any] | None:
    if not text:
        return None
    parsed = json.loads(text) if isinstance(text, str) else text
    return parsed if isinstance(parsed, dict) else None
