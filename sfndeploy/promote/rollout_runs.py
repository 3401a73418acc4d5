"""Rollouts that run on Step Functions: start, follow, resume, skip ahead and abort executions of the
environment's rollout workflow (:mod:`sfndeploy.promote.workflow_asl`).

The CLI only starts an execution and watches it; the execution shifts the alias, checks health and
rolls back by itself, so a cancelled pipeline leaves a rollout that finishes or rolls back.

* **One rollout per alias.** ``apply`` and ``promote`` refuse to start a rollout on an alias that
  is mid-rollout (:func:`sfndeploy.promote.deploy.refuse_overlapping_rollouts`). Should two starts
  still race, each execution writes only while the alias description is the one it wrote last, so
  the first write wins and the other execution stops without touching the alias.
* **continue**: follows the execution named in the alias description (``run=``) to its end. When
  none runs (it was stopped, or the rollout was started by the client-side runner), a new execution
  resumes from the current weight and the current step's remaining bake. ``--skip-wait`` stops the
  running execution and starts one at the next step. Between the stop and the start nothing drives
  the rollout; were the CLI to die there, ``rollout status`` says so and ``rollout continue``
  resumes it.
* **abort**: puts 100% back on the old version first, then stops the execution (which would stop
  by itself at its next look at the alias), then reads the alias once more and writes it again in
  case the execution's last write landed in between.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.plan.desired import ALIAS_DESCRIPTION_PREFIX
from sfndeploy.promote.policy import RolloutPolicy
from sfndeploy.promote.rollout import (
    STATE_PREFIX,
    Clock,
    RolloutState,
    RolloutStep,
    RolloutTarget,
    StepListener,
    active_state,
    as_started,
    decode_state,
    open_rollout,
    read_alias,
    roll_back,
)
from sfndeploy.promote.versions import is_not_found, require_managed, version_arn
from sfndeploy.promote.workflow_asl import ALIAS_CHANGED, ROLLED_BACK, RolloutRequest, rollout_input

FOLLOW_POLL_SECONDS = 15.0  # how often the CLI looks at a running rollout it follows


@dataclass(frozen=True)
class RolloutRun:
    """One execution of the rollout workflow, as DescribeExecution reports it."""

    arn: str
    status: str  # RUNNING | SUCCEEDED | FAILED | TIMED_OUT | ABORTED, or MISSING
    error: str = ""
    cause: str = ""

    @property
    def name(self) -> str:
        return self.arn.rsplit(":", 1)[-1]

    @property
    def running(self) -> bool:
        return self.status == "RUNNING"


def execution_arn(rollout_machine_arn: str, name: str) -> str:
    head, _, machine = rollout_machine_arn.rpartition(":stateMachine:")
    return f"{head}:execution:{machine}:{name}"


def execution_name(workflow: str, new: int, now: float) -> str:
    """Unique per start (to the millisecond) and short enough for the alias description (at most 67
    characters: Step Functions allows 80, the description 256 in all)."""
    return f"{workflow[:44]}-v{new}-{int(now * 1000)}"


def describe_run(api: AwsApi, arn: str) -> RolloutRun:
    try:
        found = api.call("stepfunctions", "DescribeExecution", target=arn, executionArn=arn)
    except AwsCallError as error:
        if is_not_found(error) or error.code == "ExecutionDoesNotExist":
            return RolloutRun(arn, "MISSING")
        raise
    return RolloutRun(arn, str(found.get("status", "")), str(found.get("error") or ""), str(found.get("cause") or ""))


def _fixed_part(status: str, state: RolloutState) -> str:
    return (
        f"{STATE_PREFIX}status={status} strategy={state.strategy} new={state.new} old={state.old} "
        f"started={state.started} cfg={state.config_hash}"
    )


def _request(
    target: RolloutTarget,
    state: RolloutState,
    policy: RolloutPolicy,
    steps: Sequence[tuple[int, float]],
    expected: str,
) -> RolloutRequest:
    return RolloutRequest(
        alias_arn=target.alias_arn,
        old_version_arn=version_arn(target.state_machine_arn, state.old),
        new_version_arn=version_arn(target.state_machine_arn, state.new),
        steps=steps,
        alarms=policy.alarms_for(target.workflow),
        max_failed_executions=policy.max_failed_executions,
        max_timed_out_executions=policy.max_timed_out_executions,
        watch_executions=not target.express,
        poll_seconds=policy.poll_seconds,
        started_at=state.started,
        expected_description=expected,
        active_description=_fixed_part("active", state),
        aborted_description=_fixed_part("aborted", state),
        final_description=ALIAS_DESCRIPTION_PREFIX + state.config_hash,
    )


def _start_execution(
    api: AwsApi, rollout_machine_arn: str, target: RolloutTarget, request: RolloutRequest, new: int, clock: Clock
) -> str:
    require_managed(api, target.state_machine_arn, target.owner)  # the alias is this workflow's to move
    name = execution_name(target.workflow, new, clock.now())
    found = api.call(
        "stepfunctions",
        "StartExecution",
        target=rollout_machine_arn,
        stateMachineArn=rollout_machine_arn,
        name=name,
        input=json.dumps(rollout_input(request), sort_keys=True),
    )
    return str(found["executionArn"])


def start_rollout_run(
    api: AwsApi,
    rollout_machine_arn: str,
    target: RolloutTarget,
    new: int,
    policy: RolloutPolicy,
    config_hash: str,
    clock: Clock,
) -> RolloutStep:
    """Start the rollout workflow moving ``target``'s alias to version ``new``; it shifts the first share."""
    alias, done = open_rollout(api, target, new, policy, config_hash)
    if done is not None:
        return done
    old = alias.serving
    now = int(clock.now())
    planned = RolloutState("active", policy.strategy, new, old, 0, now, now, config_hash)
    request = _request(target, planned, policy, policy.steps(), alias.description)
    arn = _start_execution(api, rollout_machine_arn, target, request, new, clock)
    weight = policy.first_weight()
    return RolloutStep(
        target.workflow, "started", weight, new, old, remaining_seconds=policy.wait_seconds(),
        message=f"execution {arn.rsplit(':', 1)[-1]} shifts {weight}% to version {new}, then {policy.describe()}",
        execution_arn=arn,
    )


def current_run(api: AwsApi, rollout_machine_arn: str, state: RolloutState | None) -> RolloutRun | None:
    """The execution named in the alias description, if the description names one."""
    if state is None or not state.run:
        return None
    return describe_run(api, execution_arn(rollout_machine_arn, state.run))


def _remaining_steps(
    policy: RolloutPolicy, state: RolloutState, clock: Clock, *, skip_wait: bool
) -> tuple[tuple[int, float], ...]:
    later = tuple(step for step in policy.steps() if step[0] > state.weight)
    if skip_wait:
        return later
    held = max(0.0, state.since + policy.wait_seconds() - clock.now())
    return ((state.weight, held), *later)


def continue_rollout_run(
    api: AwsApi,
    rollout_machine_arn: str,
    target: RolloutTarget,
    policy: RolloutPolicy,
    clock: Clock,
    *,
    skip_wait: bool = False,
) -> RolloutStep:
    """Hand the rollout to a running execution: the one already driving it, or a new one."""
    _, state = active_state(api, target)
    policy = as_started(policy, state)
    run = current_run(api, rollout_machine_arn, state)
    if run is not None and run.running and not skip_wait:
        return _step(target, state, "started", f"execution {run.name} drives it", run.arn)
    if run is not None and run.running:
        api.call("stepfunctions", "StopExecution", target=run.arn, executionArn=run.arn,
                 error="sfndeploy.SkipWait", cause="sfndeploy rollout continue --skip-wait")
    alias, state = active_state(api, target)  # as the stopped execution left it
    steps = _remaining_steps(policy, state, clock, skip_wait=skip_wait)
    arn = _start_execution(api, rollout_machine_arn, target, _request(target, state, policy, steps, alias.description),
                           state.new, clock)
    verb = "shifts now" if skip_wait else "resumes it"
    return _step(target, state, "started", f"execution {arn.rsplit(':', 1)[-1]} {verb}", arn)


def _step(target: RolloutTarget, state: RolloutState, outcome: str, message: str, arn: str = "") -> RolloutStep:
    return RolloutStep(target.workflow, outcome, state.weight, state.new, state.old, message=message, execution_arn=arn)


def abort_rollout_run(api: AwsApi, rollout_machine_arn: str, target: RolloutTarget, clock: Clock) -> RolloutStep:
    """100% back on the old version, then stop the execution that drove the rollout."""
    _, state = active_state(api, target)
    step = roll_back(api, target, state, clock, "manual", None)
    run = current_run(api, rollout_machine_arn, state)
    if run is not None and run.running:
        try:
            api.call("stepfunctions", "StopExecution", target=run.arn, executionArn=run.arn,
                     error="sfndeploy.Aborted", cause="sfndeploy rollout abort")
        except AwsCallError as error:
            if not (is_not_found(error) or error.code == "ExecutionDoesNotExist"):
                raise
    after = read_alias(api, target)
    if after.routing != ((state.old, 100),):  # the execution's last write landed after ours
        roll_back(api, target, state, clock, "manual", None)
    return replace(step, execution_arn=run.arn if run is not None else "")


# --- following ---------------------------------------------------------------------------------------


def _reason_sentence(reason: str) -> str:
    kind, _, detail = reason.partition(":")
    if kind == "alarm":
        return f"alarm(s) in ALARM state: {detail.replace(',', ', ')}"
    if kind == "failed-executions":
        return f"{detail} failed execution(s) of the new version"
    if kind == "timed-out-executions":
        return f"{detail} timed-out execution(s) of the new version"
    if kind.endswith("-failed"):
        return f"the {kind.removesuffix('-failed').replace('-', ' ')} kept failing ({detail})"
    return reason


def final_step(target: RolloutTarget, new: int, old: int, run: RolloutRun) -> RolloutStep:
    """What an execution that ended means for the rollout."""
    if run.status == "SUCCEEDED":
        return RolloutStep(target.workflow, "completed", 100, new, old, message=f"version {new} serves 100%",
                           execution_arn=run.arn)
    if run.error == ROLLED_BACK:
        return RolloutStep(target.workflow, "rolled-back", 0, new, old, execution_arn=run.arn,
                           message=f"version {old} serves 100% again ({_reason_sentence(run.cause)})")
    if run.error == ALIAS_CHANGED:
        why = "the alias was moved by someone else; the rollout left it as it is"
    elif run.status == "ABORTED":
        why = f"execution {run.name} was stopped"
    elif run.status == "MISSING":
        why = f"execution {run.name} does not exist"
    else:
        why = f"execution {run.name} ended {run.status}: {run.error} {run.cause}".rstrip()
    return RolloutStep(target.workflow, "stopped", 0, new, old, message=why, execution_arn=run.arn)


@dataclass
class _Followed:
    target: RolloutTarget
    first: RolloutStep
    seen: str = ""  # the alias description last reported


def follow_rollout_runs(
    api: AwsApi,
    started: Sequence[tuple[RolloutTarget, RolloutStep]],
    clock: Clock,
    *,
    on_step: StepListener | None = None,
    poll_seconds: float = FOLLOW_POLL_SECONDS,
) -> list[RolloutStep]:
    """Watch each execution until it ends, reporting every shift it makes; the final step of each."""
    pending = [_Followed(target, step) for target, step in started]
    final: dict[str, RolloutStep] = {}
    while pending:
        for item in list(pending):
            run = describe_run(api, item.first.execution_arn)
            _report_shift(api, item, on_step)
            if run.running:
                continue
            step = final_step(item.target, item.first.new, item.first.old, run)
            if on_step is not None:
                on_step(step)
            final[item.target.workflow] = step
            pending.remove(item)
        if pending:
            clock.sleep(poll_seconds)
    return [final[target.workflow] for target, _ in started]


def _report_shift(api: AwsApi, item: _Followed, on_step: StepListener | None) -> None:
    alias = read_alias(api, item.target)
    state = decode_state(alias.description)
    if alias.description == item.seen or state is None or not state.active or state.new != item.first.new:
        return
    item.seen = alias.description
    if on_step is not None:
        others = ", ".join(f"version {n} {w}%" for n, w in alias.routing if n != state.new)
        on_step(RolloutStep(item.target.workflow, "shifted", state.weight, state.new, state.old,
                            message=f"version {state.new} takes {state.weight}%" + (f", {others}" if others else ""),
                            execution_arn=item.first.execution_arn))
