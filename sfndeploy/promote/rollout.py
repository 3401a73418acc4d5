"""Canary and linear rollouts on a workflow's alias, watched by CloudWatch alarms and failed executions.

Where the rollout's state lives: in the **alias description** itself, e.g.
``sfndeploy rollout status=active strategy=canary new=5 old=4 weight=10 since=1764363000
started=1764363000 cfg=<config hash>``. It survives the process (``apply --no-wait`` then
``rollout continue`` hours later, from another machine), and it changes atomically with the
routing it describes, in one ``UpdateStateMachineAlias`` call. When the rollout completes the
description goes back to ``sfndeploy config <cfg>``, the marker ``plan`` compares.

Time is injected (:class:`Clock`): tests pass a fake clock whose ``sleep`` only moves ``now``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import SfnDeployError
from sfndeploy.plan.desired import ALIAS_DESCRIPTION_PREFIX
from sfndeploy.plan.ownership import Owner
from sfndeploy.promote.policy import STRATEGIES, RolloutPolicy
from sfndeploy.promote.versions import (
    AliasInfo,
    describe_alias,
    describe_version,
    prune_versions,
    require_managed,
    version_arn,
)

STATE_PREFIX = "sfndeploy rollout "
POLL_SECONDS = 60.0  # how often health is checked while a step holds
_FIELD = re.compile(r"(\w+)=(\S+)")


class RolloutError(SfnDeployError):
    """A rollout cannot start, continue or be aborted as asked."""


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class RolloutState:
    """What is written into the alias description while a rollout runs (or after it was stopped)."""

    status: str  # active | aborted
    strategy: str
    new: int
    old: int
    weight: int  # of the new version
    since: int  # when the current step began (epoch seconds)
    started: int
    config_hash: str
    reason: str = ""
    run: str = ""  # the execution of the rollout workflow that wrote this (rollouts on Step Functions)

    def encode(self) -> str:
        text = (
            f"{STATE_PREFIX}status={self.status} strategy={self.strategy} new={self.new} old={self.old} "
            f"weight={self.weight} since={self.since} started={self.started} cfg={self.config_hash}"
        )
        if self.run:
            text += f" run={self.run}"
        if self.reason:
            text += f" reason={self.reason}"
        return text[:256]

    @property
    def active(self) -> bool:
        return self.status == "active"


def decode_state(description: str) -> RolloutState | None:
    if not description.startswith(STATE_PREFIX):
        return None
    fields = dict(_FIELD.findall(description))
    try:
        return RolloutState(
            status=fields["status"],
            strategy=fields["strategy"],
            new=int(fields["new"]),
            old=int(fields["old"]),
            weight=int(fields["weight"]),
            since=int(fields["since"]),
            started=int(fields["started"]),
            config_hash=fields["cfg"],
            reason=fields.get("reason", ""),
            run=fields.get("run", ""),
        )
    except (KeyError, ValueError):
        return None


def routing(state_machine_arn: str, weights: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """The alias routing for (version, weight) pairs, checked the way AWS checks it."""
    check_weights(weights)
    return [
        {"stateMachineVersionArn": version_arn(state_machine_arn, number), "weight": weight}
        for number, weight in weights
        if weight > 0 or len(weights) == 1
    ]


def check_weights(weights: Sequence[tuple[int, int]]) -> None:
    if not 1 <= len(weights) <= 2:
        raise RolloutError(f"an alias routes to one or two versions, not {len(weights)}")
    if len({number for number, _ in weights}) != len(weights):
        raise RolloutError("the same version is named twice in the routing")
    if any(not 0 <= weight <= 100 for _, weight in weights):
        raise RolloutError("each weight must be between 0 and 100")
    total = sum(weight for _, weight in weights)
    if total != 100:
        shown = ", ".join(f"version {n}={w}%" for n, w in weights)
        raise RolloutError(f"the weights add up to {total}, not 100 ({shown})")


# --- health --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    alarms_firing: tuple[str, ...] = ()
    failed_executions: int = 0
    alarms_watched: tuple[str, ...] = ()
    timed_out_executions: int = 0
    max_failed: int = 0  # deploy.max_failed_executions
    max_timed_out: int = 0  # deploy.max_timed_out_executions

    @property
    def too_many_failed(self) -> bool:
        return self.failed_executions > self.max_failed

    @property
    def too_many_timed_out(self) -> bool:
        return self.timed_out_executions > self.max_timed_out

    @property
    def healthy(self) -> bool:
        return not self.alarms_firing and not self.too_many_failed and not self.too_many_timed_out

    def reason(self) -> str:
        if self.alarms_firing:
            return "alarm:" + ",".join(self.alarms_firing)
        if self.too_many_failed:
            return f"failed-executions:{self.failed_executions}"
        if self.too_many_timed_out:
            return f"timed-out-executions:{self.timed_out_executions}"
        return ""

    def sentence(self) -> str:
        if self.alarms_firing:
            return f"alarm(s) in ALARM state: {', '.join(self.alarms_firing)}"
        if self.too_many_failed:
            return f"{self.failed_executions} failed execution(s) of the new version"
        if self.too_many_timed_out:
            return f"{self.timed_out_executions} timed-out execution(s) of the new version"
        watched = f"{len(self.alarms_watched)} alarm(s) OK" if self.alarms_watched else "no alarms configured"
        counted = self.failed_executions + self.timed_out_executions
        executions = "no failed executions"
        if counted:
            executions = f"{counted} failed or timed-out execution(s), within the limits,"
        return f"healthy ({watched}, {executions} of the new version)"


def _alarm_states(api: AwsApi, names: Sequence[str]) -> dict[str, str]:
    states: dict[str, str] = {}
    for start in range(0, len(names), 100):  # DescribeAlarms takes at most 100 names
        chunk = list(names[start : start + 100])
        found = api.call(
            "cloudwatch", "DescribeAlarms", target=", ".join(chunk), AlarmNames=chunk,
            AlarmTypes=["MetricAlarm", "CompositeAlarm"],
        )
        for alarm in [*found.get("MetricAlarms", []), *found.get("CompositeAlarms", [])]:
            states[str(alarm["AlarmName"])] = str(alarm.get("StateValue", ""))
    return states


def check_alarms_exist(api: AwsApi, names: Sequence[str]) -> None:
    missing = sorted(set(names) - set(_alarm_states(api, names)))
    if missing:
        raise RolloutError(
            f"alarm(s) named in deploy.alarms do not exist: {', '.join(missing)}",
            hint="create them, or fix deploy.alarms in the environment file",
        )


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, (int, float)):
        return float(value)
    return 0.0


def failed_executions(api: AwsApi, state_machine_arn: str, version: int, since: float) -> tuple[int, int]:
    """(FAILED, TIMED_OUT) executions started on ``version`` since ``since``.

    ListExecutions accepts a version ARN and then lists only the executions associated with it.
    """
    arn = version_arn(state_machine_arn, version)
    counts = []
    for status in ("FAILED", "TIMED_OUT"):
        page = api.call(
            "stepfunctions", "ListExecutions", target=arn, stateMachineArn=arn, statusFilter=status, maxResults=1000
        )
        counts.append(sum(1 for item in page.get("executions", []) if _epoch(item.get("startDate")) >= since))
    return counts[0], counts[1]


def check_health(
    api: AwsApi,
    state_machine_arn: str,
    version: int,
    policy: RolloutPolicy,
    workflow: str,
    since: float,
    *,
    express: bool = False,
) -> Health:
    alarms = policy.alarms_for(workflow)
    states = _alarm_states(api, alarms) if alarms else {}
    firing = tuple(sorted(name for name, value in states.items() if value == "ALARM"))
    # ListExecutions does not support EXPRESS state machines: their alarms are all there is to watch.
    failed, timed_out = (0, 0) if express else failed_executions(api, state_machine_arn, version, since)
    return Health(
        firing, failed, tuple(sorted(states)), timed_out, policy.max_failed_executions, policy.max_timed_out_executions
    )


# --- one workflow's rollout ------------------------------------------------------------------------


@dataclass(frozen=True)
class RolloutTarget:
    """The alias a rollout moves, and the facts that do not change while it runs.

    ``owner`` is the project, environment and workflow whose tags the state machine must carry
    before each write to its alias or versions.
    """

    workflow: str
    state_machine_arn: str
    alias_name: str
    owner: Owner
    express: bool = False

    @property
    def alias_arn(self) -> str:
        return f"{self.state_machine_arn}:{self.alias_name}"


@dataclass(frozen=True)
class RolloutStep:
    """What one look at a rollout did."""

    workflow: str
    outcome: str  # started | waiting | shifted | completed | rolled-back | aborted | stopped
    weight: int  # of the new version, after this step
    new: int
    old: int
    health: Health | None = None
    remaining_seconds: float = 0.0
    message: str = ""
    execution_arn: str = ""  # the rollout workflow's execution that drives it (rollouts on Step Functions)


def read_alias(api: AwsApi, target: RolloutTarget) -> AliasInfo:
    alias = describe_alias(api, target.alias_arn)
    if alias is None:
        raise RolloutError(f"workflow '{target.workflow}' has no alias '{target.alias_name}' deployed")
    return alias


def active_state(api: AwsApi, target: RolloutTarget) -> tuple[AliasInfo, RolloutState]:
    alias = read_alias(api, target)
    state = decode_state(alias.description)
    if state is None or not state.active:
        raise RolloutError(
            f"no rollout in progress on alias '{target.alias_name}' of '{target.workflow}' "
            f"(it routes {format_routing(alias)})"
        )
    return alias, state


def format_routing(alias: AliasInfo) -> str:
    return ", ".join(f"version {number} {weight}%" for number, weight in alias.routing) or "nowhere"


def write_alias(api: AwsApi, target: RolloutTarget, weights: Sequence[tuple[int, int]], description: str) -> None:
    """Route the alias (checked for ownership first): the one way rollouts, rollbacks and routes write."""
    table = routing(target.state_machine_arn, weights)
    require_managed(api, target.state_machine_arn, target.owner)
    api.call(
        "stepfunctions",
        "UpdateStateMachineAlias",
        target=target.alias_arn,
        stateMachineAliasArn=target.alias_arn,
        routingConfiguration=table,
        description=description,
    )


def refuse_if_in_progress(target: RolloutTarget, alias: AliasInfo) -> None:
    """One rollout at a time per alias: a split alias or an active rollout description refuses another."""
    state = decode_state(alias.description)
    if len(alias.routing) > 1 or (state is not None and state.active):
        raise RolloutError(
            f"a rollout is already in progress on alias '{target.alias_name}' of '{target.workflow}' "
            f"({format_routing(alias)})",
            hint=f"finish it first: sfndeploy rollout continue|abort -e ENV {target.workflow}",
        )


def open_rollout(
    api: AwsApi, target: RolloutTarget, new: int, policy: RolloutPolicy, config_hash: str
) -> tuple[AliasInfo, RolloutStep | None]:
    """What every rollout runner does before its first shift: the alias as it is, and the finished
    step instead when ``new`` serves already (publishing the same revision again gives it back)."""
    alias = read_alias(api, target)
    refuse_if_in_progress(target, alias)
    old = alias.serving
    if old == new:
        write_alias(api, target, [(new, 100)], ALIAS_DESCRIPTION_PREFIX + config_hash)
        return alias, RolloutStep(target.workflow, "completed", 100, new, old, message=f"version {new} serves 100%")
    if policy.alarms_for(target.workflow):
        check_alarms_exist(api, policy.alarms_for(target.workflow))
    return alias, None


def start_rollout(
    api: AwsApi,
    target: RolloutTarget,
    new: int,
    policy: RolloutPolicy,
    config_hash: str,
    clock: Clock,
) -> RolloutStep:
    """Route the first share of traffic to ``new``; the alias's current version keeps the rest."""
    alias, done = open_rollout(api, target, new, policy, config_hash)
    if done is not None:
        return done
    old = alias.serving
    weight = policy.first_weight()
    now = int(clock.now())
    if weight >= 100:
        write_alias(api, target, [(new, 100)], ALIAS_DESCRIPTION_PREFIX + config_hash)
        return RolloutStep(target.workflow, "completed", 100, new, old, message=f"version {new} serves 100%")
    state = RolloutState("active", policy.strategy, new, old, weight, now, now, config_hash)
    write_alias(api, target, [(new, weight), (old, 100 - weight)], state.encode())
    return RolloutStep(
        target.workflow, "started", weight, new, old, remaining_seconds=policy.wait_seconds(),
        message=f"version {new} takes {weight}%, version {old} {100 - weight}%",
    )


def abort_rollout(api: AwsApi, target: RolloutTarget, clock: Clock, reason: str = "manual") -> RolloutStep:
    """Send all traffic back to the version that served before the rollout."""
    _, state = active_state(api, target)
    return roll_back(api, target, state, clock, reason, None)


def roll_back(
    api: AwsApi, target: RolloutTarget, state: RolloutState, clock: Clock, reason: str, health: Health | None
) -> RolloutStep:
    stopped = replace(state, status="aborted", weight=0, since=int(clock.now()), reason=reason.replace(" ", "_"))
    write_alias(api, target, [(state.old, 100)], stopped.encode())
    outcome = "aborted" if reason == "manual" else "rolled-back"
    why = health.sentence() if health is not None else "aborted by hand"
    return RolloutStep(
        target.workflow, outcome, 0, state.new, state.old, health,
        message=f"version {state.old} serves 100% again ({why})",
    )


def advance_rollout(
    api: AwsApi,
    target: RolloutTarget,
    policy: RolloutPolicy,
    clock: Clock,
    *,
    skip_wait: bool = False,
) -> RolloutStep:
    """Look once: roll back when unhealthy, shift when the step has held long enough, else wait."""
    _, state = active_state(api, target)
    policy = as_started(policy, state)
    health = check_health(
        api, target.state_machine_arn, state.new, policy, target.workflow, state.started, express=target.express
    )
    if not health.healthy:
        return roll_back(api, target, state, clock, health.reason(), health)
    now = clock.now()
    remaining = state.since + policy.wait_seconds() - now
    if remaining > 0 and not skip_wait:
        return RolloutStep(
            target.workflow, "waiting", state.weight, state.new, state.old, health, remaining,
            message=f"version {state.new} at {state.weight}%; next shift in {remaining / 60:.1f} min",
        )
    weight = policy.next_weight(state.weight)
    if weight >= 100:
        write_alias(api, target, [(state.new, 100)], ALIAS_DESCRIPTION_PREFIX + state.config_hash)
        return RolloutStep(
            target.workflow, "completed", 100, state.new, state.old, health,
            message=f"version {state.new} serves 100%",
        )
    moved = replace(state, weight=weight, since=int(now))
    write_alias(api, target, [(state.new, weight), (state.old, 100 - weight)], moved.encode())
    return RolloutStep(
        target.workflow, "shifted", weight, state.new, state.old, health, policy.wait_seconds(),
        message=f"version {state.new} takes {weight}%, version {state.old} {100 - weight}%",
    )


def as_started(policy: RolloutPolicy, state: RolloutState) -> RolloutPolicy:
    """A rollout keeps the strategy it started with, even if the environment file changed since."""
    if state.strategy in STRATEGIES and state.strategy != policy.strategy:
        return replace(policy, strategy=state.strategy)
    return policy


StepListener = Callable[[RolloutStep], None]


def run_rollouts(
    api: AwsApi,
    targets: Sequence[RolloutTarget],
    policy: RolloutPolicy,
    clock: Clock,
    *,
    on_step: StepListener | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> list[RolloutStep]:
    """Drive every rollout to completion or rollback, sleeping between looks; the final step of each."""
    pending = list(targets)
    final: dict[str, RolloutStep] = {}
    while pending:
        waits = []
        for target in list(pending):
            step = advance_rollout(api, target, policy, clock)
            if on_step is not None and step.outcome != "waiting":
                on_step(step)
            if step.outcome in {"completed", "rolled-back"}:
                final[target.workflow] = step
                pending.remove(target)
            else:
                waits.append(step.remaining_seconds)
        if pending:
            clock.sleep(max(1.0, min([poll_seconds, *waits])))
    return [final[target.workflow] for target in targets]


@dataclass(frozen=True)
class RolloutStatus:
    workflow: str
    alias: AliasInfo
    state: RolloutState | None
    health: Health | None
    remaining_seconds: float
    new_provenance: str = ""


def rollout_status(api: AwsApi, target: RolloutTarget, policy: RolloutPolicy, clock: Clock) -> RolloutStatus:
    alias = read_alias(api, target)
    state = decode_state(alias.description)
    if state is None or not state.active:
        return RolloutStatus(target.workflow, alias, state, None, 0.0)
    policy = as_started(policy, state)
    health = check_health(
        api, target.state_machine_arn, state.new, policy, target.workflow, state.started, express=target.express
    )
    remaining = max(0.0, state.since + policy.wait_seconds() - clock.now())
    version = describe_version(api, target.state_machine_arn, state.new)
    provenance = version.provenance.short() if version is not None else ""
    return RolloutStatus(target.workflow, alias, state, health, remaining, provenance)


def finish_and_prune(api: AwsApi, target: RolloutTarget, keep: int | None) -> tuple[int, ...]:
    """After a completed rollout: delete versions beyond ``keep`` (never an aliased one)."""
    if keep is None:
        return ()
    return prune_versions(api, target.state_machine_arn, keep, owner=target.owner).deleted
