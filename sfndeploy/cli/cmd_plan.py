"""``sfndeploy plan -e ENV``: what apply would change, Terraform-style or as JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.errors import UsageError
from sfndeploy.plan.formatting import PLAN_FORMATS

if TYPE_CHECKING:  # the planner, the project loader and the AWS client are imported when a command runs
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.desired import DesiredState
    from sfndeploy.plan.live import LiveState
    from sfndeploy.plan.service import Target
    from sfndeploy.plan.steps import Plan

F = TypeVar("F", bound=Callable[..., Any])


def target_options(func: F) -> F:
    """-e/--env, --workflow, --profile, --region, --concurrency: shared by plan, apply and drift."""
    options = [
        click.option("-e", "--env", "env_name", required=True, help="Environment to work on."),
        click.option("-w", "--workflow", "workflows", multiple=True, help="Only these workflows (repeatable)."),
        click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE)."),
        click.option("--region", default=None, help="AWS region (default: the environment file's)."),
        click.option(
            "--concurrency", default=16, show_default=True, type=click.IntRange(1, 64), help="Parallel read calls."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def open_target(env_name: str, workflows: tuple[str, ...], profile: str | None, region: str | None) -> Target:
    """The environment's desired state, with its rollout workflow when rollouts run on Step Functions."""
    from dataclasses import replace

    from sfndeploy.plan.service import load_target
    from sfndeploy.promote.rollout_machine import with_rollout_workflow

    target = load_target(app_context().project_dir, env_name, workflows, profile=profile, region=region)
    return replace(target, desired=with_rollout_workflow(target.desired, target.environment))


def open_api(target: Target) -> AwsApi:
    from sfndeploy.aws.session import make_api

    return make_api(target.settings)


aws_validate_option = click.option(
    "--aws-validate", is_flag=True, help="Also ask Step Functions to validate each changed definition."
)


def _chosen_format(output_format: str | None, as_json: bool) -> str:
    if as_json and output_format not in (None, "json"):
        raise UsageError(f"--json and --format {output_format} contradict each other; give one of them")
    return "json" if as_json else output_format or "text"


def run_aws_validation(api: AwsApi, desired: DesiredState, plan: Plan) -> None:
    from sfndeploy.plan.service import validate_changes_with_aws

    if not validate_changes_with_aws(api, desired, plan):
        click.echo("note: this endpoint has no ValidateStateMachineDefinition; AWS-side check skipped", err=True)


@click.command()
@target_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(PLAN_FORMATS),
    default=None,
    help="Output format: text (default), json, or markdown for a pull-request comment.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--summary-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_STEP_SUMMARY",
    show_envvar=True,
    help="Also append the plan as Markdown to this file (a CI job summary).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan for apply (signed when SFNDEPLOY_PLAN_KEY is set).",
)
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 without changes, 1 on error, 2 with changes.")
@click.option("--prune", is_flag=True, help="Also delete managed workflows that left the sources.")
@click.option("--allow-replace", is_flag=True, help="Allow replacing state machines whose type changed.")
@aws_validate_option
@reports_errors
def plan(
    env_name: str,
    workflows: tuple[str, ...],
    profile: str | None,
    region: str | None,
    concurrency: int,
    output_format: str | None,
    as_json: bool,
    summary_file: Path | None,
    out_file: Path | None,
    detailed_exitcode: bool,
    prune: bool,
    allow_replace: bool,
    aws_validate: bool,
) -> None:
    """Show what apply would change in the environment's AWS account."""
    from sfndeploy.outputs import append_text
    from sfndeploy.plan.formatting import DisplayExecutor, with_cost_lines
    from sfndeploy.plan.markdown import format_markdown
    from sfndeploy.plan.planfile import plan_key, save_plan
    from sfndeploy.plan.planner import PlanOptions
    from sfndeploy.plan.service import plan_with_live

    output_format = _chosen_format(output_format, as_json)
    target = open_target(env_name, workflows, profile, region)
    api = open_api(target)
    options = PlanOptions(prune, allow_replace)
    result, live = plan_with_live(api, target.desired, options, concurrency=concurrency)
    if aws_validate:
        run_aws_validation(api, target.desired, result)
    shown = with_cost_lines(result, _cost_lines(env_name, target, result, live))
    click.echo(DisplayExecutor(output_format=output_format, colour=app_context().interactive).execute(shown))
    if out_file is not None:
        save_plan(out_file, result, target.desired, options, key=plan_key())
        if output_format == "text":
            click.echo(f"Saved the plan to {out_file}; apply it with: sfndeploy apply -e {env_name} {out_file}")
    if summary_file is not None:
        append_text(summary_file, format_markdown(shown) + "\n")
    if detailed_exitcode and result.has_changes:
        raise SystemExit(2)


def _cost_lines(env_name: str, target: Target, plan: Plan, live: LiveState) -> dict[str, str]:
    """The cost line of each updated workflow whose definition changes (see sfndeploy.cost.plan_change)."""
    from sfndeploy.cost.plan_change import cost_changes

    updated = {w.workflow for w in plan.workflows if w.action == "update"}
    desired = [w for w in target.desired.workflows if w.name in updated and w.state_machine_name in live.state_machines]
    live_definitions = {w.name: live.state_machines[w.state_machine_name].definition for w in desired}
    return cost_changes(app_context().project_dir, env_name, {w.name: w.definition for w in desired}, live_definitions)
