"""``sfndeploy history EXECUTION_ARN -e ENV``: an execution's history as a timeline of states."""

from __future__ import annotations

from pathlib import Path

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.argument("execution_arn")
@click.option("-e", "--env", "env_name", required=True, help="Environment whose account holds the execution.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw the path on the definition's graph (.html, .svg, .dot, else Mermaid).",
)
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def history(execution_arn: str, env_name: str, as_json: bool, graph_path: Path | None, profile: str | None) -> None:
    """Show an execution's states in order, with durations, retries and the error where it failed."""
    from sfndeploy.operate.arns import parse_execution_arn, require_in_environment
    from sfndeploy.operate.formatting import timeline_json, timeline_lines
    from sfndeploy.operate.history import read_history, timeline
    from sfndeploy.operate.targets import open_environment

    ref = parse_execution_arn(execution_arn)
    operated = open_environment(app_context().project_dir, env_name, profile=profile)
    require_in_environment(ref, operated.environment)
    found = timeline(read_history(operated.api, ref.arn))
    if graph_path is not None:
        from sfndeploy.graph.overlay import write_overlay_graph
        from sfndeploy.operate.graphing import definition_run, overlay_of

        definition, machine = definition_run(operated.api, ref.arn)
        write_overlay_graph(graph_path, definition, overlay_of(found, definition), f"{machine}: {ref.name}")
    click.echo(timeline_json(found) if as_json else "\n".join(timeline_lines(found)))
