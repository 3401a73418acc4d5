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
from sfndeploy.plan.planfile import check_plan_target, load_plan
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import check_not_stale, compute_plan, environment_lock
from sfndeploy.plan.steps import ApiCall, WorkflowPlan
from sfndeploy.promote.cli_support import echo_step, report_rollouts
from sfndeploy.promote.deploy import finish, stage, start
from sfndeploy.promote.policy import policy_of
from sfndeploy.promote.rollout import SystemClock


class EchoProgress:
    """One line per step on stderr, so long applies show where each workflow is."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def step(self, workflow: WorkflowPlan, call: ApiCall, index: int, total: int) -> None:
        if not self.quiet:
            click.echo(f"[{workflow.workflow}] {index}/{total} {call.summary or call.operation}", err=True)

    def retry(self, workflow: WorkflowPlan, call: ApiCall, reason: str, delay: float) -> None:
        click.echo(f"[{workflow.workflow}] {reason}; retrying in {delay:.0f}s", err=True)


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
    """Apply a saved plan, or compute a fresh one and apply it after confirmation."""
    context = app_context()
    target = open_target(env_name, workflows, profile, region)
    api = open_api(target)
    saved = load_plan(plan_file) if plan_file is not None else None
    if saved is not None and plan_file is not None:
        check_plan_target(saved, target.desired.project, env_name, plan_file)
    elif not auto_approve and not context.interactive:
        raise UsageError("refusing to apply without confirmation: no terminal", hint="pass --auto-approve")
    lock = environment_lock(api, target.desired)
    with lock if lock is not None else contextlib.nullcontext():
        if saved is not None:
            check_not_stale(api, saved, concurrency=concurrency)
            plan = saved.plan
            if aws_validate:
                run_aws_validation(api, saved.desired, plan)
        else:
            plan = compute_plan(api, target.desired, PlanOptions(prune, allow_replace), concurrency=concurrency)
            if aws_validate:
                run_aws_validation(api, target.desired, plan)
            click.echo(DisplayExecutor(colour=context.interactive).execute(plan))
            refuse_blocked(plan)
            if plan.has_changes and not auto_approve and not click.confirm("Apply these changes?", default=False):
                raise SystemExit(1)
        if not plan.has_changes:
            click.echo("No changes.")
            return
        desired = saved.desired if saved is not None else target.desired
        policy, clock = policy_of(target.environment), SystemClock()
        staged = stage(api, desired, plan, policy)  # canary/linear: the alias moves after the lock
        result = AwsExecutor(api, progress=EchoProgress(context.verbosity < 0)).execute(staged.plan)
        started = start(api, desired, staged, result, policy, clock, echo_step)
    counts = plan.counts
    click.echo(
        f"Apply complete: {counts.create} created, {counts.update} updated, {counts.delete} deleted "
        f"({result.calls} write calls, {api.counter.total} calls in all)."
    )
    outcome = finish(api, desired, result, started, policy, clock, wait=not no_wait, on_step=echo_step)
    report_rollouts(outcome, env_name)
