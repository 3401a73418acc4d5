"""``sfndeploy stop EXECUTION_ARN -e ENV``: stop a running execution of one of the project's workflows."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.argument("execution_arn")
@click.option("-e", "--env", "env_name", required=True, help="Environment whose workflow ran the execution.")
@click.option("--error", default=None, help="Error code to record.")
@click.option("--cause", default=None, help="Cause to record.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def stop(execution_arn: str, env_name: str, error: str | None, cause: str | None, profile: str | None) -> None:
    """Stop a running execution of one of this project's state machines in the environment."""
    from sfndeploy.operate.arns import parse_execution_arn, require_in_environment
    from sfndeploy.operate.executions import stop_execution
    from sfndeploy.operate.targets import open_environment

    ref = parse_execution_arn(execution_arn)
    operated = open_environment(app_context().project_dir, env_name, profile=profile)
    require_in_environment(ref, operated.environment)
    result = stop_execution(operated, ref, error=error, cause=cause)
    click.echo(f"Stopped {ref.arn} ({result.status}).")
