"""``sfndeploy rollback -e ENV WORKFLOW [--to-version N]``: serve an earlier version again, now."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.option("-e", "--env", "env_name", required=True, help="Environment to work on.")
@click.argument("workflow")
@click.option("--to-version", type=click.IntRange(min=1), default=None, help="Version to serve (default: previous).")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def rollback(env_name: str, workflow: str, to_version: int | None, profile: str | None) -> None:
    """Point WORKFLOW's alias back at the previous version (or --to-version), 100% at once."""
    from sfndeploy.promote.rollback import rollback as roll_back
    from sfndeploy.promote.rollout import SystemClock
    from sfndeploy.promote.targets import open_workflow

    deployment = open_workflow(app_context().project_dir, env_name, workflow, profile=profile)
    result = roll_back(deployment.api, deployment.rollout, SystemClock(), to_version)
    before = ", ".join(f"version {number} {weight}%" for number, weight in result.previous)
    click.echo(
        f"Rolled back {result.workflow} in {env_name}: alias {result.alias} now serves version {result.serving} "
        f"(was {before})."
    )
