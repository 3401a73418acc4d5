"""``sfndeploy graph WORKFLOW -e ENV`` / ``sfndeploy graph --definition FILE``: the workflow as a picture."""

from __future__ import annotations

from pathlib import Path

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.cli.diagnostics import echo_diagnostics
from sfndeploy.errors import UsageError
from sfndeploy.graph import FORMATS, build_graph, render
from sfndeploy.graph.sources import GraphSource, format_for_path, from_file, from_workflow, require_valid
from sfndeploy.outputs import write_text_atomically


@click.command()
@click.argument("workflow", required=False)
@click.option("-e", "--env", "env_name", help="Environment to render WORKFLOW for.")
@click.option(
    "--definition",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw this ASL definition file (JSON or YAML) instead of a project workflow.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format (default: from the -o suffix, else mermaid).",
)
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@reports_errors
def graph(
    workflow: str | None, env_name: str | None, definition: Path | None, fmt: str | None, out_file: Path | None
) -> None:
    """Draw a workflow's states and transitions (Mermaid, DOT, SVG via Graphviz, or a self-contained HTML page)."""
    source = _source(workflow, env_name, definition)
    echo_diagnostics([source.report], quiet=True)
    require_valid(source)
    chosen = fmt or format_for_path(out_file)
    text = render(build_graph(source.definition, source.title), chosen)
    if out_file is not None and out_file.suffix == ".md" and chosen == "mermaid":
        text = f"```mermaid\n{text}```\n"
    if out_file is None:
        click.echo(text, nl=False)
        return
    write_text_atomically(out_file, text)
    if app_context().verbosity >= 0:
        click.echo(f"Wrote the {chosen} graph of {source.title} to {out_file}", err=True)


def _source(workflow: str | None, env_name: str | None, definition: Path | None) -> GraphSource:
    if definition is not None:
        if workflow is not None or env_name is not None:
            raise UsageError("give either --definition FILE or WORKFLOW -e ENV, not both")
        return from_file(definition)
    if workflow is None or env_name is None:
        raise UsageError("give --definition FILE, or WORKFLOW with -e ENV")
    return from_workflow(app_context().project_dir, workflow, env_name)
