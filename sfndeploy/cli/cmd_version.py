"""``sfndeploy version``: the same as ``--version``, for scripts that prefer a command."""

from __future__ import annotations

import click

from sfndeploy import __version__


@click.command()
def version() -> None:
    """Print sfndeploy's version."""
    click.echo(f"sfndeploy {__version__}")
