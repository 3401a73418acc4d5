"""``sfndeploy init [DIR]``."""

from __future__ import annotations

from pathlib import Path

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.config.scaffold import create_project


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", "project_name", help="Project name (default: the directory's name).")
@reports_errors
def init(directory: Path, project_name: str | None) -> None:
    """Create a new project in DIRECTORY that renders out of the box."""
    written = create_project(directory, project_name)
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next: sfndeploy --project-dir {directory} render -e dev")
