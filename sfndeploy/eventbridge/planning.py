"""EventBridge rules in an environment's plan: event triggers and notifications, read once, diffed per workflow.

Per workflow the sources want one rule per ``event:`` trigger and per notification, each with its
one target; a notification to a topic, queue or function also needs its target's resource policy to
let the rule deliver (:mod:`sfndeploy.eventbridge.grants`), and one to a bus or workflow a
generated role (an invoke role, planned by the invoke-role kind).

Live state is read once per environment: every rule on the default bus and on each bus a rule is
wanted on (``ListRules``), with its tags; targets are read for the rules of this project and
environment. A rule that carries this project's and environment's ownership tags and that no
trigger or notification names any more is an orphan: kept (and reported) without ``--prune``,
deleted with it, its own permission statement taken out of its target's policy.

Ownership: an existing rule is written only when its tags name this project, environment and
workflow (the planner checks it; apply's write guard checks it again before the first write).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sfndeploy.eventbridge.grants import (
    Grant,
    GrantSteps,
    LivePolicy,
    grant_for,
    grant_steps,
    read_policy,
    revoke_steps,
)
from sfndeploy.eventbridge.rules import (
    DEFAULT_BUS,
    DesiredRule,
    LiveRule,
    RuleTarget,
    list_rules,
    records_hash,
    rule_calls,
    rule_changes,
    rule_deletion_calls,
)
from sfndeploy.plan.kinds.base import DriftItem
from sfndeploy.plan.ownership import adopting, owned_by, require_owned
from sfndeploy.plan.recorded import recorded_drift
from sfndeploy.plan.steps import ApiCall

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.eventbridge.notifications import Notification
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.live import Each
    from sfndeploy.triggers.model import EventTrigger

__all__ = [
    "DesiredRules",
    "LiveRules",
    "desired_rules",
    "orphan_rule_steps",
    "read_live_rules",
    "rule_drift",
    "rule_steps",
]

RuleKey = tuple[str, str]  # (bus, rule name)


@dataclass(frozen=True)
class DesiredRules:
    """What one workflow's event triggers and notifications deploy in EventBridge."""

    workflow: str
    rules: tuple[DesiredRule, ...]
    grants: tuple[Grant, ...] = ()  # notifications to a topic, queue or function


def desired_rules(workflow: RenderedWorkflow, project: str) -> DesiredRules:
    from sfndeploy.triggers.model import EventTrigger
    from sfndeploy.triggers.resources import ownership_tags

    env = workflow.environment
    tags = {**env.tags, **ownership_tags(project, env.name, workflow.name)}
    rules = [_trigger_rule(t, env.partition, tags) for t in workflow.triggers if isinstance(t, EventTrigger)]
    rules.extend(_notification_rule(n, env.partition, tags) for n in workflow.notifications)
    grants = [grant for grant in (grant_for(n) for n in workflow.notifications) if grant is not None]
    return DesiredRules(workflow=workflow.name, rules=tuple(rules), grants=tuple(grants))


def _trigger_rule(trigger: EventTrigger, partition: str, tags: dict[str, str]) -> DesiredRule:
    from sfndeploy.triggers.resources import role_arn

    transformer = trigger.input_transformer
    retry = trigger.retry
    return DesiredRule(
        name=trigger.rule_name,
        bus=trigger.bus,
        arn=trigger.rule_arn,
        target=RuleTarget(
            arn=trigger.target.arn,
            role_arn=role_arn(trigger.role, partition),
            input=trigger.input_text,
            input_path=trigger.input_path,
            input_paths_map=dict(transformer.paths) if transformer else None,
            input_template=transformer.template if transformer else None,
            dead_letter_queue=trigger.dead_letter_queue,
            max_attempts=retry.max_attempts if retry else None,
            max_event_age_seconds=retry.max_event_age_seconds if retry else None,
        ),
        tags=dict(tags),
        what=f"trigger {trigger.name}",
        pattern=trigger.pattern,
        schedule=trigger.schedule_expression,
        enabled=trigger.enabled,
        description=trigger.description,
    )


def _notification_rule(notification: Notification, partition: str, tags: dict[str, str]) -> DesiredRule:
    from sfndeploy.triggers.resources import role_arn

    transformer = notification.input_transformer
    retry = notification.retry
    return DesiredRule(
        name=notification.rule_name,
        bus=DEFAULT_BUS,
        arn=notification.rule_arn,
        target=RuleTarget(
            arn=notification.target_arn,
            role_arn=role_arn(notification.role, partition) if notification.role else None,
            input_paths_map=dict(transformer.paths) if transformer else None,
            input_template=transformer.template if transformer else None,
            dead_letter_queue=notification.dead_letter_queue,
            max_attempts=retry.max_attempts if retry else None,
            max_event_age_seconds=retry.max_event_age_seconds if retry else None,
        ),
        tags=dict(tags),
        what=f"notification {notification.name}",
        pattern=notification.pattern,
        enabled=notification.enabled,
        description=notification.description,
    )


# ---------------------------------------------------------------------------------------------
# Live state
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveRules:
    """Rules found on the buses read, by (bus, name), and the resource policies of notification targets."""

    rules: Mapping[RuleKey, LiveRule] = field(default_factory=dict)
    policies: Mapping[str, LivePolicy] = field(default_factory=dict)  # by statement id
    # a wanted rule whose live target is another one than the sources': sfndeploy's grant on the
    # target it leaves, and that target's policy (the grant is taken back when the target changes)
    left_grants: Mapping[RuleKey, tuple[Grant, LivePolicy]] = field(default_factory=dict)


def read_live_rules(
    api: AwsApi,
    desired: Sequence[DesiredRules],
    project: str,
    environment: str,
    *,
    prefix: str = "",
    each: Each | None = None,
    more_buses: Sequence[str] = (),
) -> LiveRules:
    """Every rule wanted, and every rule of this project and environment on the buses read: the
    default bus, those a wanted rule is on, and ``more_buses`` (every bus, for ``--prune``).

    ``prefix``: the environment's name prefix, which every rule it names starts with (a rule's name
    starts with its state machine's): the listing asks only for those, unless a wanted rule does
    not start with it. ``each`` runs the per-rule and per-target reads (bounded concurrency).
    A target's policy is read once however many notifications deliver to it.
    """
    buses = sorted({DEFAULT_BUS, *more_buses} | {rule.bus for wf in desired for rule in wf.rules})
    wanted = {(rule.bus, rule.name) for wf in desired for rule in wf.rules}
    if any(not name.startswith(prefix) for _, name in wanted):
        prefix = ""
    found: dict[RuleKey, LiveRule] = {}
    for bus in buses:

        def keep(name: str, tags: Mapping[str, str], bus: str = bus) -> bool:
            return (bus, name) in wanted or owned_by(tags, project, environment)

        found.update(((bus, rule.name), rule) for rule in list_rules(api, bus, prefix, keep=keep, each=each))
    grants = [grant for wf in desired for grant in wf.grants]
    targets_wanted = {(rule.bus, rule.name): rule.target.arn for wf in desired for rule in wf.rules}
    left: dict[RuleKey, Grant] = {}
    for key, rule in sorted(found.items()):
        grant = _orphan_grant(rule)
        if grant is None:
            continue
        if key not in wanted:
            grants.append(grant)
        elif grant.target_arn != targets_wanted[key]:
            left[key] = grant
    targets = sorted({(grant.kind, grant.target_arn): grant for grant in [*grants, *left.values()]}.items())
    run = each or (lambda func, items: [func(item) for item in items])
    read = dict(zip((key for key, _ in targets), run(lambda item: read_policy(api, item[1]), targets), strict=True))
    policies: dict[str, LivePolicy] = {}
    for grant in grants:
        policies.setdefault(grant.statement_id, read[grant.kind, grant.target_arn])
    left_grants = {key: (grant, read[grant.kind, grant.target_arn]) for key, grant in left.items()}
    return LiveRules(found, policies, left_grants)


def _orphan_grant(rule: LiveRule) -> Grant | None:
    """The grant sfndeploy would have made for a rule's target, to take it back when the rule goes."""
    from sfndeploy.eventbridge.rules import TARGET_ID

    target = rule.target(TARGET_ID)
    if target is None:
        return None
    arn = str(target.target.get("Arn", ""))
    kind = arn.split(":")[2] if arn.count(":") >= 5 else ""
    if kind not in ("sns", "sqs", "lambda"):
        return None
    return Grant(kind, arn, rule.name, rule.arn, f"sfndeploy-{rule.name}"[:100], managed=True)


# ---------------------------------------------------------------------------------------------
# Plan steps
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSteps:
    lines: tuple[str, ...] = ()
    calls: tuple[ApiCall, ...] = ()
    warnings: tuple[str, ...] = ()
    adopts: tuple[str, ...] = ()  # ARNs of the untagged rules these steps adopt


def rule_steps(
    desired: DesiredRules, live: LiveRules, project: str, environment: str, *, adopt: bool = False
) -> RuleSteps:
    """One workflow's rules, their targets and the grants on the targets, in the order they must run.

    With ``adopt`` (the spec's ``adopt: true``), an existing rule of a wanted name that carries no
    sfndeploy tag is adopted: its tagging comes before every other call to it.
    """
    lines: list[str] = []
    calls: list[ApiCall] = []
    warnings: list[str] = []
    adopts: list[str] = []
    for rule in desired.rules:
        current = live.rules.get((rule.bus, rule.name))
        rule_lines, rule_call_list = rule_changes(rule, current), rule_calls(rule, current)
        if current is not None and adopting(current.tags, adopt):
            others = [line for line in rule_lines if "tag sfndeploy:" not in line]
            rule_lines = [f"~ adopt rule {rule.name} (adds sfndeploy's ownership tags)", *others]
            # the record of what was written stays last (records_hash): it is written once the rest is
            rule_call_list = sorted(
                rule_call_list, key=lambda call: call.operation not in _TAGGING or records_hash(call)
            )
            adopts.append(current.arn)
        elif current is not None:
            require_owned(current.tags, "EventBridge rule", rule.name, project, environment, desired.workflow)
        lines.extend(rule_lines)
        calls.extend(rule_call_list)
    for grant in desired.grants:
        steps = grant_steps(grant, live.policies.get(grant.statement_id, LivePolicy(found=False)))
        lines.extend(steps.lines)
        calls.extend(steps.calls)
        warnings.extend(steps.warnings)
    for rule in desired.rules:  # after PutTargets pointed the rule elsewhere
        if (rule.bus, rule.name) in live.left_grants:
            revoked = revoke_steps(*live.left_grants[rule.bus, rule.name])
            lines.extend(revoked.lines)
            calls.extend(revoked.calls)
    return RuleSteps(tuple(lines), tuple(calls), tuple(warnings), tuple(adopts))


_TAGGING = ("UntagResource", "TagResource")


def orphan_rule_steps(
    desired: Sequence[DesiredRules], live: LiveRules, *, prune: bool
) -> tuple[list[str], list[ApiCall], list[str]]:
    """(plan lines, calls, kept) for rules that left the sources: deleted with ``prune``, else reported."""
    wanted = {(rule.bus, rule.name) for each in desired for rule in each.rules}
    orphans = [rule for key, rule in sorted(live.rules.items()) if key not in wanted]
    if not prune:
        return [], [], [f"rule {_qualified(rule)}" for rule in orphans]
    lines: list[str] = []
    calls: list[ApiCall] = []
    for rule in orphans:
        lines.append(f"- rule {_qualified(rule)} (no trigger or notification names it)")
        calls.extend(rule_deletion_calls(rule))
        grant = _orphan_grant(rule)
        if grant is not None:
            steps: GrantSteps = revoke_steps(grant, live.policies.get(grant.statement_id, LivePolicy(found=False)))
            lines.extend(steps.lines)
            calls.extend(steps.calls)
    return lines, calls, []


def rule_drift(desired: DesiredRules, live: LiveRules) -> list[DriftItem]:
    """Each rule deleted, changed outside sfndeploy, or whose sources changed since the last apply
    (told apart by its recorded hash, :mod:`sfndeploy.plan.recorded`), and each missing permission."""
    found: list[DriftItem] = []
    workflow = desired.workflow
    for rule in desired.rules:
        current = live.rules.get((rule.bus, rule.name))
        resource = f"rule {rule.name}"
        if current is None:
            found.append(DriftItem(workflow, resource, "deleted outside sfndeploy (or never applied)"))
            continue
        found.extend(
            recorded_drift(
                workflow,
                resource,
                recorded=current.recorded_hash,
                live=current.content_hash,
                wanted=rule.config_hash,
                details=tuple(rule_changes(rule, current)),
            )
        )
    for grant in desired.grants:
        if not grant.managed:
            continue
        policy = live.policies.get(grant.statement_id, LivePolicy(found=False))
        steps = grant_steps(grant, policy)
        if steps.lines:
            resource = f"permission of rule {grant.rule_name}"
            found.append(DriftItem(workflow, resource, "missing or changed outside sfndeploy", steps.lines))
    return found


def _qualified(rule: LiveRule) -> str:
    return rule.name if rule.bus == DEFAULT_BUS else f"{rule.bus}/{rule.name}"
