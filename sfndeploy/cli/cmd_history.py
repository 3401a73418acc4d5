"""``sfndeploy history EXECUTION_ARN -e ENV``: an execution's history as a timeline of states."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.operate.arns import parse_execution_arn, require_in_environment
from sfndeploy.operate.formatting import timeline_json, timeline_lines
from sfndeploy.operate.history import read_history, timeline
from sfndeploy.operate.targets import open_environment


@click.command()
@click.argument("execution_arn")
@click.option("-e", "--env", "env_name", required=True, help="Environment whose account holds the execution.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def history(execution_arn: str, env_name: str, as_json: bool, profile: str | None) -> None:
    """Show an execution's states in order, with durations, retries and the error where it failed."""
    ref = parse_execution_arn(execution_arn)
    operated = open_environment(app_context().project_dir, env_name, profile=profile)
    require_in_environment(ref, operated.environment)
    found = timeline(read_history(operated.api, ref.arn))
    click.echo(timeline_json(found) if as_json else "\n".join(timeline_lines(found)))
