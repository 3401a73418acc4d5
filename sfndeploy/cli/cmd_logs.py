"""``sfndeploy logs WORKFLOW -e ENV``: the events of the workflow's CloudWatch Logs log group."""

from __future__ import annotations

import time

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.argument("workflow")
@click.option("-e", "--env", "env_name", required=True, help="Environment the workflow is deployed in.")
@click.option("--since", default="10m", show_default=True, help="Start this long ago: 90s, 10m, 2h, 7d.")
@click.option("--follow", is_flag=True, help="Keep printing new events until interrupted (Ctrl-C: exit status 130).")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def logs(workflow: str, env_name: str, since: str, follow: bool, profile: str | None) -> None:
    """Print the events of WORKFLOW's log group, oldest first."""
    from sfndeploy.operate.durations import parse_since
    from sfndeploy.operate.formatting import log_line
    from sfndeploy.operate.logs import follow_logs, log_group_of, read_logs
    from sfndeploy.operate.targets import open_workflow

    start_ms = int((time.time() - parse_since(since)) * 1000)
    operated = open_workflow(app_context().project_dir, env_name, workflow, profile=profile)
    group = log_group_of(operated.workflow)
    if not follow:
        for event in read_logs(operated.api, group, start_ms):
            click.echo(log_line(event))
        return
    try:
        for event in follow_logs(operated.api, group, start_ms, sleep=time.sleep):
            click.echo(log_line(event))
    except KeyboardInterrupt:  # the way to stop following: one line and the shell's status for SIGINT
        click.echo(f"stopped following {group}", err=True)
        raise SystemExit(130) from None
