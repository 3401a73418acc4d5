"""``sfndeploy render -e ENV [-o DIR] [WORKFLOW...]``."""

from __future__ import annotations

from pathlib import Path

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.cli.diagnostics import echo_diagnostics
from sfndeploy.render.artifacts import write_all
from sfndeploy.render.build import build, failure, summary_line


@click.command()
@click.option("-e", "--env", "env_name", required=True, help="Environment to render for.")
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (default: out/ENV under the project).",
)
@click.argument("workflows", nargs=-1)
@reports_errors
def render(env_name: str, out_dir: Path | None, workflows: tuple[str, ...]) -> None:
    """Render workflows to <name>.asl.json and <name>.iam.json, after validating them."""
    app = app_context()
    result = build(app.project_dir, env_name, workflows)
    echo_diagnostics([r.report for r in result.reports], quiet=app.verbosity < 0, colour=app.interactive)
    if result.failed:
        raise failure(result)
    target = out_dir if out_dir is not None else app.project_dir / "out" / env_name
    write_all(target, result.files)
    for workflow in result.workflows:
        if app.verbosity >= 0:
            click.echo(summary_line(workflow))
        if app.verbosity > 0:
            sources = ", ".join(str(p.relative_to(app.project_dir.resolve())) for p in workflow.source_files)
            click.echo(f"    sources: {sources}")
            click.echo(f"    sources hash: {workflow.sources_hash[:12]}")
        for warning in workflow.iam.warnings if workflow.iam else ():
            location = workflow.source_map.locate(workflow.definition_pointer + warning.pointer)
            click.echo(f"{location}: warning: IAM: {warning.message}", err=True)
    if app.verbosity >= 0:
        click.echo(f"Rendered {len(result.workflows)} workflow(s) for {env_name} into {target}")
