"""``sfndeploy executions WORKFLOW -e ENV``: a deployed workflow's executions, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context

STATUSES = ("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")


@click.command()
@click.argument("workflow")
@click.option("-e", "--env", "env_name", required=True, help="Environment the workflow is deployed in.")
@click.option("--status", type=click.Choice(STATUSES, case_sensitive=False), default=None, help="Only these.")
@click.option("--since", default=None, help="Only those started within this long: 90s, 10m, 2h, 7d.")
@click.option("--version", "version", type=click.IntRange(min=1), default=None, help="Only those of version N.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def executions(
    workflow: str,
    env_name: str,
    status: str | None,
    since: str | None,
    version: int | None,
    limit: int,
    as_json: bool,
    profile: str | None,
) -> None:
    """List WORKFLOW's executions in the environment, newest first."""
    from sfndeploy.operate.durations import parse_since
    from sfndeploy.operate.executions import list_executions
    from sfndeploy.operate.formatting import executions_json, executions_table
    from sfndeploy.operate.targets import open_workflow

    cutoff = datetime.now(UTC) - timedelta(seconds=parse_since(since)) if since else None
    operated = open_workflow(app_context().project_dir, env_name, workflow, profile=profile)
    rows = list_executions(
        operated.api,
        operated.workflow.arn,
        status=status.upper() if status else None,
        since=cutoff,
        version=version,
        limit=limit,
    )
    click.echo(executions_json(rows) if as_json else "\n".join(executions_table(rows)))
