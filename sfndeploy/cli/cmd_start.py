"""``sfndeploy start WORKFLOW -e ENV``: start an execution of a deployed workflow (its alias when it has one)."""

from __future__ import annotations

import json
import time

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.errors import UsageError


@click.command()
@click.argument("workflow")
@click.option("-e", "--env", "env_name", required=True, help="Environment the workflow is deployed in.")
@click.option("--input", "input_text", help="Execution input: JSON text, or @FILE.")
@click.option("--name", default=None, help="Execution name (default: one AWS generates).")
@click.option("--wait", is_flag=True, help="Wait for the execution to end; exit as 'run' does.")
@click.option("--sync", is_flag=True, help="Express workflows: run with StartSyncExecution and print the result.")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, help="With --wait: give up after SECONDS.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def start(
    workflow: str,
    env_name: str,
    input_text: str | None,
    name: str | None,
    wait: bool,
    sync: bool,
    timeout: float | None,
    as_json: bool,
    profile: str | None,
) -> None:
    """Start an execution of WORKFLOW in the environment; print its ARN (and its result with --wait).

    Exit status: 0 started (with --wait/--sync: succeeded), 1 failed, timed out or aborted,
    2 bad input or usage.
    """
    from sfndeploy.executor.dryrun import parse_input
    from sfndeploy.operate.executions import start_execution, start_sync_execution, wait_for
    from sfndeploy.operate.formatting import result_json, result_lines
    from sfndeploy.operate.targets import open_workflow

    execution_input = parse_input(input_text)  # bad input stops here, before anything is started
    operated = open_workflow(app_context().project_dir, env_name, workflow, profile=profile)
    if sync:
        if not operated.express:
            raise UsageError(f"--sync needs an Express workflow; '{workflow}' is {operated.workflow.type}")
        result = start_sync_execution(operated.api, operated.start_arn, execution_input, name)
    else:
        arn = start_execution(operated.api, operated.start_arn, execution_input, name)
        if not wait:
            click.echo(json.dumps({"executionArn": arn}) if as_json else arn)
            return
        click.echo(f"started {arn}", err=True)
        result = wait_for(operated.api, arn, sleep=time.sleep, clock=time.monotonic, timeout=timeout)
    click.echo(result_json(result) if as_json else "\n".join(result_lines(result)))
    raise SystemExit(0 if result.succeeded else 1)
