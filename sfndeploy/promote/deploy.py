"""Apply a plan with the environment's rollout strategy instead of repointing aliases at once.

The planner ends each updated workflow with ``UpdateStateMachineAlias`` pointing the alias at the
newly published version (100%). For a canary or linear environment that one call is taken out of
the plan; once the rest ran, the rollout starts from the version the alias served until then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import PlanError
from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
from sfndeploy.plan.executor import ApplyResult, AwsExecutor
from sfndeploy.plan.ownership import TAG_ENVIRONMENT, TAG_PROJECT, TAG_WORKFLOW, Owner
from sfndeploy.plan.service import execute_locked
from sfndeploy.plan.steps import ApiCall, Plan, Ref, WorkflowPlan
from sfndeploy.promote.policy import RolloutPolicy
from sfndeploy.promote.rollout import (
    Clock,
    RolloutStep,
    RolloutTarget,
    StepListener,
    check_alarms_exist,
    decode_state,
    finish_and_prune,
    run_rollouts,
    start_rollout,
)
from sfndeploy.promote.rollout_machine import is_rollout_workflow, rollout_state_machine_arn
from sfndeploy.promote.rollout_runs import follow_rollout_runs, start_rollout_run
from sfndeploy.promote.versions import describe_alias, version_number


@dataclass(frozen=True)
class DeployOutcome:
    result: ApplyResult
    started: tuple[RolloutStep, ...] = ()
    finished: tuple[RolloutStep, ...] = ()
    pruned: dict[str, tuple[int, ...]] | None = None


def _is_alias_shift(call: ApiCall, workflow: str) -> bool:
    if call.operation != "UpdateStateMachineAlias":
        return False
    routes = call.params.get("routingConfiguration") or []
    return any(route.get("stateMachineVersionArn") == Ref(f"{workflow}.version_arn") for route in routes)


def rollout_target(workflow: DesiredWorkflow) -> RolloutTarget:
    owner = Owner(workflow.tags[TAG_PROJECT], workflow.tags[TAG_ENVIRONMENT], workflow.tags[TAG_WORKFLOW])
    return RolloutTarget(workflow.name, workflow.arn, str(workflow.alias), owner, express=workflow.type == "EXPRESS")


def split_alias_shifts(plan: Plan) -> tuple[Plan, tuple[str, ...]]:
    """The plan without its alias repointing calls, and the workflows they belonged to."""
    shifted: list[str] = []
    workflows: list[WorkflowPlan] = []
    for workflow in plan.workflows:
        kept = tuple(call for call in workflow.calls if not _is_alias_shift(call, workflow.workflow))
        if len(kept) != len(workflow.calls):
            shifted.append(workflow.workflow)
        workflows.append(replace(workflow, calls=kept))
    return replace(plan, workflows=tuple(workflows)), tuple(shifted)


def refuse_overlapping_rollouts(api: AwsApi, desired: DesiredState, names: Sequence[str]) -> None:
    busy = []
    for name in names:
        wf = desired.workflow(name)
        alias = describe_alias(api, str(wf.alias_arn))
        state = decode_state(alias.description) if alias is not None else None
        if alias is not None and (len(alias.routing) > 1 or (state is not None and state.active)):
            busy.append(name)
    if busy:
        raise PlanError(
            f"a rollout is in progress for: {', '.join(busy)}",
            hint=f"finish it first with 'sfndeploy rollout continue|abort -e {desired.environment} WORKFLOW'",
        )


@dataclass(frozen=True)
class StagedPlan:
    """A plan made ready for a rollout: ``plan`` is what the executor runs, ``shifted`` what rolls out after."""

    plan: Plan
    shifted: tuple[str, ...] = ()


def stage(api: AwsApi, desired: DesiredState, plan: Plan, policy: RolloutPolicy) -> StagedPlan:
    """Take the alias shifts out of ``plan`` when the policy is gradual; check what must hold first.

    Refuses, before anything is written, when a rollout already runs on one of those aliases or an
    alarm the rollout would watch does not exist.
    """
    trimmed, shifted = split_alias_shifts(plan)
    if not policy.gradual or not shifted:
        return StagedPlan(plan)
    if policy.on_step_functions and not any(is_rollout_workflow(desired, wf) for wf in desired.workflows):
        raise PlanError(
            "this plan does not deploy the environment's rollout workflow, which its canary/linear rollouts "
            "now run on",
            hint="make a new plan, or set deploy.rollout: client in the environment file",
        )
    refuse_overlapping_rollouts(api, desired, shifted)
    alarms = sorted({name for workflow in shifted for name in policy.alarms_for(workflow)})
    if alarms:
        check_alarms_exist(api, alarms)
    return StagedPlan(trimmed, shifted)


def start(
    api: AwsApi,
    desired: DesiredState,
    staged: StagedPlan,
    result: ApplyResult,
    policy: RolloutPolicy,
    clock: Clock,
    on_step: StepListener | None = None,
) -> tuple[RolloutStep, ...]:
    """After the staged plan ran: route the first share of each shifted alias to the new version."""
    started: list[RolloutStep] = []
    for name in staged.shifted:
        wf = desired.workflow(name)
        new_arn = result.outputs.get(f"{name}.version_arn")
        if not new_arn:
            raise PlanError(f"apply published no version of '{name}', so there is nothing to roll out")
        target, new = rollout_target(wf), version_number(str(new_arn))
        if policy.on_step_functions:
            machine = rollout_state_machine_arn(desired)
            step = start_rollout_run(api, machine, target, new, policy, wf.config_hash, clock)
        else:
            step = start_rollout(api, target, new, policy, wf.config_hash, clock)
        started.append(step)
        if on_step is not None:
            on_step(step)
    return tuple(started)


def finish(
    api: AwsApi,
    desired: DesiredState,
    result: ApplyResult,
    started: Sequence[RolloutStep],
    policy: RolloutPolicy,
    clock: Clock,
    *,
    wait: bool = True,
    on_step: StepListener | None = None,
) -> DeployOutcome:
    """Drive the started rollouts to their end (unless ``wait`` is off), then prune old versions."""
    if not started:
        return DeployOutcome(result, pruned=prune_after(api, desired, result.workflows, policy.keep_versions))
    running = [(rollout_target(desired.workflow(step.workflow)), step) for step in started if step.outcome == "started"]
    if not wait:
        return DeployOutcome(result, tuple(started))
    finished: list[RolloutStep] = []
    if running and policy.on_step_functions:
        finished = follow_rollout_runs(api, running, clock, on_step=on_step)
    elif running:
        finished = run_rollouts(api, [target for target, _ in running], policy, clock, on_step=on_step)
    done = [step for step in started if step.outcome == "completed"] + finished
    completed = [step.workflow for step in done if step.outcome == "completed"]
    pruned = prune_after(api, desired, completed, policy.keep_versions)
    return DeployOutcome(result, tuple(started), tuple(finished), pruned)


def deploy(
    api: AwsApi,
    desired: DesiredState,
    plan: Plan,
    executor: AwsExecutor,
    policy: RolloutPolicy,
    clock: Clock,
    *,
    wait: bool = True,
    on_step: StepListener | None = None,
    verify: Callable[[], object] | None = None,
) -> DeployOutcome:
    """Apply ``plan`` under the environment's lock (``verify`` runs once it is held); with a gradual
    policy, start (and unless ``wait`` is off, finish) the rollouts. The lock is released before any
    bake wait."""
    staged = stage(api, desired, plan, policy)
    result = execute_locked(api, desired, staged.plan, executor, verify=verify)
    started = start(api, desired, staged, result, policy, clock, on_step)
    return finish(api, desired, result, started, policy, clock, wait=wait, on_step=on_step)


def prune_after(
    api: AwsApi, desired: DesiredState, names: Sequence[str], keep: int | None
) -> dict[str, tuple[int, ...]]:
    """Prune the versions of the workflows just deployed (those with an alias) down to ``keep``."""
    if keep is None:
        return {}
    wanted = {wf.name: wf for wf in desired.workflows if wf.alias}
    return {name: finish_and_prune(api, rollout_target(wanted[name]), keep) for name in names if name in wanted}
