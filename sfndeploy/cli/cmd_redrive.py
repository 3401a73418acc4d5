"""``sfndeploy redrive EXECUTION_ARN -e ENV``: restart a failed execution from where it stopped."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.argument("execution_arn")
@click.option("-e", "--env", "env_name", required=True, help="Environment whose workflow ran the execution.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def redrive(execution_arn: str, env_name: str, profile: str | None) -> None:
    """Redrive a failed, timed-out or aborted Standard execution of one of this project's state machines."""
    from sfndeploy.operate.arns import parse_execution_arn, require_in_environment
    from sfndeploy.operate.executions import redrive_execution
    from sfndeploy.operate.targets import open_environment

    ref = parse_execution_arn(execution_arn)
    operated = open_environment(app_context().project_dir, env_name, profile=profile)
    require_in_environment(ref, operated.environment)
    redrive_execution(operated, ref)
    click.echo(f"Redriven {ref.arn}.")
