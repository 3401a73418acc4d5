"""``sfndeploy diff-env A B``: structural differences between two environments' rendered workflows."""

from __future__ import annotations

import click

from sfndeploy import pipeline
from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.promote.diffenv import diff_environments
from sfndeploy.promote.formatting import env_diff_json, env_diff_lines


@click.command(name="diff-env")
@click.argument("left")
@click.argument("right")
@click.option("-w", "--workflow", "workflows", multiple=True, help="Only these workflows (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are structural differences.")
@reports_errors
def diff_env(left: str, right: str, workflows: tuple[str, ...], as_json: bool, exit_code: bool) -> None:
    """Show what differs between LEFT's and RIGHT's workflows beyond per-environment values."""
    project = pipeline.load_project(app_context().project_dir)
    left_env = pipeline.load_environment(project, left)
    right_env = pipeline.load_environment(project, right)
    diff = diff_environments(
        left_env,
        right_env,
        pipeline.render_workflows(project, left_env, workflows),
        pipeline.render_workflows(project, right_env, workflows),
    )
    click.echo(env_diff_json(diff) if as_json else "\n".join(env_diff_lines(diff)))
    if exit_code and diff.structural:
        raise SystemExit(1)
