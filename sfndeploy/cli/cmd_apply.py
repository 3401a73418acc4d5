"""``sfndeploy apply -e ENV [PLANFILE]``: make the live state match the sources."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.cmd_plan import aws_validate_option, open_api, open_target, run_aws_validation, target_options
from sfndeploy.cli.context import app_context
from sfndeploy.errors import UsageError
from sfndeploy.plan.executor import AwsExecutor, refuse_blocked
from sfndeploy.plan.formatting import DisplayExecutor
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import compute_plan, environment_lock, load_saved_target, recompute_saved_plan
from sfndeploy.plan.steps import ApiCall, WorkflowPlan
from sfndeploy.promote.cli_support import echo_step, report_rollouts
from sfndeploy.promote.deploy import finish, stage, start
from sfndeploy.promote.policy import policy_of, watching_own_alarms
from sfndeploy.promote.rollout import SystemClock
from sfndeploy.secrets.masking import mask


class EchoProgress:
    """One line per step on stderr, so long applies show where each workflow is."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def step(self, workflow: WorkflowPlan, call: ApiCall, index: int, total: int) -> None:
        if not self.quiet:
            click.echo(mask(f"[{workflow.workflow}] {index}/{total} {call.summary or call.operation}"), err=True)

    def retry(self, workflow: WorkflowPlan, call: ApiCall, reason: str, delay: float) -> None:
        click.echo(mask(f"[{workflow.workflow}] {reason}; retrying in {delay:.0f}s"), err=True)


@click.command()
@target_options
@click.argument("plan_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--auto-approve", is_flag=True, help="Apply without asking (for pipelines).")
@click.option("--prune", is_flag=True, help="Also delete managed workflows that left the sources.")
@click.option("--allow-replace", is_flag=True, help="Allow replacing state machines whose type changed.")
@click.option("--no-wait", is_flag=True, help="Canary/linear: start the rollout, leave it to 'sfndeploy rollout'.")
@aws_validate_option
@reports_errors
def apply(
    env_name: str,
    workflows: tuple[str, ...],
    profile: str | None,
    region: str | None,
    concurrency: int,
    plan_file: Path | None,
    auto_approve: bool,
    prune: bool,
    allow_replace: bool,
    aws_validate: bool,
    no_wait: bool,
) -> None:
    """Apply a saved plan, or compute a fresh one and apply it after confirmation.

    A saved plan is computed again from the desired state it carries and applied only if the
    result is the plan that was reviewed; the calls in the file are never run. With
    SFNDEPLOY_PLAN_KEY set, the file must carry a valid signature made with that key.
    """
    context = app_context()
    if plan_file is not None:
        target, saved = load_saved_target(context.project_dir, env_name, plan_file, profile=profile, region=region)
    else:
        if not auto_approve and not context.interactive:
            raise UsageError("refusing to apply without confirmation: no terminal", hint="pass --auto-approve")
        target, saved = open_target(env_name, workflows, profile, region), None
    api = open_api(target)
    desired = target.desired
    lock = environment_lock(api, desired)
    with lock if lock is not None else contextlib.nullcontext():
        if saved is not None:
            plan = recompute_saved_plan(api, saved, concurrency=concurrency)
            if aws_validate:
                run_aws_validation(api, desired, plan)
            click.echo(DisplayExecutor(colour=context.interactive).execute(plan))
        else:
            plan = compute_plan(api, desired, PlanOptions(prune, allow_replace), concurrency=concurrency)
            if aws_validate:
                run_aws_validation(api, desired, plan)
            click.echo(DisplayExecutor(colour=context.interactive).execute(plan))
            refuse_blocked(plan)
            if plan.has_changes and not auto_approve and not click.confirm("Apply these changes?", default=False):
                raise SystemExit(1)
        if not plan.has_changes:
            click.echo("No changes.")
            return
        policy, clock = watching_own_alarms(policy_of(target.environment), target.desired), SystemClock()
        staged = stage(api, desired, plan, policy)  # canary/linear: the alias moves after the lock
        fence = lock.fence if lock is not None else None
        result = AwsExecutor(api, progress=EchoProgress(context.verbosity < 0)).execute(staged.plan, guard=fence)
        if fence is not None and staged.shifted:
            fence()
        started = start(api, desired, staged, result, policy, clock, echo_step)
    counts = plan.counts
    click.echo(
        f"Apply complete: {counts.create} created, {counts.update} updated, {counts.delete} deleted "
        f"({result.calls} write calls, {api.counter.total} calls in all)."
    )
    outcome = finish(api, desired, result, started, policy, clock, wait=not no_wait, on_step=echo_step)
    report_rollouts(outcome, env_name)
