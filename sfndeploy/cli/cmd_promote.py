"""``sfndeploy promote --from A --to B [WORKFLOW...]``: deploy to B exactly the sources A runs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from sfndeploy import pipeline
from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.cmd_apply import EchoProgress
from sfndeploy.cli.cmd_plan import aws_validate_option, run_aws_validation
from sfndeploy.cli.context import app_context
from sfndeploy.errors import PlanError, UsageError
from sfndeploy.plan.desired import DesiredWorkflow
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.formatting import DisplayExecutor
from sfndeploy.plan.planfile import check_plan_target, load_plan, plan_key, save_plan
from sfndeploy.plan.saved_checks import check_saved_plan
from sfndeploy.plan.service import compute_plan, recompute_saved_plan
from sfndeploy.promote.cli_support import echo_step, report_rollouts
from sfndeploy.promote.deploy import DeployOutcome, deploy
from sfndeploy.promote.diffenv import diff_environments
from sfndeploy.promote.formatting import env_diff_lines, promotion_json, promotion_lines
from sfndeploy.promote.policy import policy_of, watching_own_alarms
from sfndeploy.promote.promotion import PromotionCheck, PromotionRefused, check_chain, check_promotion, promoted_desired
from sfndeploy.promote.rollout import SystemClock
from sfndeploy.promote.rollout_machine import with_rollout_workflow
from sfndeploy.promote.targets import load_environment, open_targets


@click.command()
@click.option("--from", "source", required=True, help="Environment whose deployed sources are promoted.")
@click.option("--to", "destination", required=True, help="Environment to deploy them to.")
@click.argument("workflows", nargs=-1)
@click.option("--check", "check_only", is_flag=True, help="Only check; exit 0 when promotion is possible, else 1.")
@click.option("--json", "as_json", is_flag=True, help="With --check: print the check as JSON.")
@click.option("--auto-approve", is_flag=True, help="Apply without asking (for pipelines).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="Save the plan only.")
@click.option("--plan", "plan_file", type=click.Path(dir_okay=False, path_type=Path), help="Apply a saved plan.")
@click.option("--no-wait", is_flag=True, help="Start a canary/linear rollout and leave it to 'sfndeploy rollout'.")
@click.option("--profile", default=None, help="AWS profile for the target (default: its environment file's).")
@click.option("--source-profile", default=None, help="AWS profile for the source (default: its environment file's).")
@aws_validate_option
@reports_errors
def promote(
    source: str,
    destination: str,
    workflows: tuple[str, ...],
    check_only: bool,
    as_json: bool,
    auto_approve: bool,
    out_file: Path | None,
    plan_file: Path | None,
    no_wait: bool,
    profile: str | None,
    source_profile: str | None,
    aws_validate: bool,
) -> None:
    """Check that the --from environment runs the local sources, then deploy them to the --to environment."""
    context = app_context()
    if source == destination:
        raise UsageError("--from and --to name the same environment")
    if out_file is not None and plan_file is not None:
        raise UsageError("--out and --plan cannot be used together")
    if as_json and not check_only:
        raise UsageError("--json goes with --check")
    load_environment(context.project_dir, source)  # a missing source environment is a clear error
    check_chain(source, load_environment(context.project_dir, destination))
    target, api = open_targets(context.project_dir, destination, workflows, profile=profile)
    source_target, source_api = open_targets(context.project_dir, source, workflows, profile=source_profile)
    check = check_promotion(context.project_dir, source_target.desired, target.desired, source_api)
    _report_check(check, as_json and check_only)
    if check_only:
        raise SystemExit(0 if check.ok else 1)
    if not check.ok:
        first = check.refused[0]
        raise PromotionRefused(f"promotion refused for {len(check.refused)} workflow(s); first: {first.problem}")
    _report_structural_differences(source, destination, workflows)
    desired = with_rollout_workflow(promoted_desired(target.desired, source), target.environment)
    verify: Callable[[], object] | None = None
    if plan_file is not None:
        saved = load_plan(plan_file, key=plan_key())
        check_plan_target(saved, desired.project, destination, plan_file)
        check_saved_plan(saved, target.environment)
        _check_same_sources(saved.desired.workflows, desired.workflows, plan_file)
        plan, desired = recompute_saved_plan(api, saved), saved.desired
        verify = functools.partial(recompute_saved_plan, api, saved)  # again once the lock is held
        if aws_validate:
            run_aws_validation(api, desired, plan)
    else:
        plan = compute_plan(api, desired)
        if aws_validate:
            run_aws_validation(api, desired, plan)
        click.echo(DisplayExecutor(colour=context.interactive).execute(plan))
        if out_file is not None:
            save_plan(out_file, plan, desired, key=plan_key())
            click.echo(f"Saved the plan to {out_file}; apply it with: sfndeploy promote --from {source} --to "
                       f"{destination} --plan {out_file}")
            return
        if not plan.has_changes:
            click.echo(f"Nothing to promote: {destination} already runs these sources.")
            return
        if not auto_approve:
            if not context.interactive:
                raise UsageError("refusing to apply without confirmation: no terminal", hint="pass --auto-approve")
            if not click.confirm(f"Promote to {destination}?", default=False):
                raise SystemExit(1)
    if not plan.has_changes:
        click.echo("No changes.")
        return
    policy = watching_own_alarms(policy_of(target.environment), target.desired)
    if policy.gradual:
        click.echo(f"Rollout in {destination}: {policy.describe()}.")
    executor = AwsExecutor(api, progress=EchoProgress(context.verbosity < 0))
    outcome = deploy(
        api, desired, plan, executor, policy, SystemClock(), wait=not no_wait, on_step=echo_step, verify=verify
    )
    _report_outcome(outcome, source, destination)


def _report_structural_differences(source: str, destination: str, workflows: Sequence[str]) -> None:
    """What ``diff-env`` would show: the differences beyond per-environment values, before the plan."""
    project = pipeline.load_project(app_context().project_dir)
    left, right = pipeline.load_environment(project, source), pipeline.load_environment(project, destination)
    diff = diff_environments(
        left,
        right,
        pipeline.render_workflows(project, left, workflows),
        pipeline.render_workflows(project, right, workflows),
    )
    click.echo("\n".join(env_diff_lines(diff)) + "\n")


def _report_check(check: PromotionCheck, as_json: bool) -> None:
    if as_json:
        click.echo(promotion_json(check))
    else:
        click.echo("\n".join(promotion_lines(check)))


def _check_same_sources(saved: Sequence[DesiredWorkflow], fresh: Sequence[DesiredWorkflow], path: Path) -> None:
    def hashes(workflows: Sequence[DesiredWorkflow]) -> dict[str, str]:
        return {w.name: w.definition_hash for w in workflows}

    if hashes(saved) != hashes(fresh):
        raise PlanError(
            f"plan file {path} was made from other sources than the ones the source environment runs",
            hint="make a new plan with 'sfndeploy promote ... --out'",
        )


def _report_outcome(outcome: DeployOutcome, source: str, destination: str) -> None:
    names = ", ".join(outcome.result.workflows) or "nothing"
    click.echo(f"Promoted {names} from {source} to {destination} ({outcome.result.calls} write calls).")
    report_rollouts(outcome, destination)
