"""The ``sfndeploy`` command group and its global options."""

from __future__ import annotations

from pathlib import Path

import click

from sfndeploy import __version__
from sfndeploy.cli.boundary import route_notes
from sfndeploy.cli.context import AppContext


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sfndeploy")
@click.option(
    "--project-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Root of the sfndeploy project (holds templates/ and environments/).",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.option("-v", "--verbose", "verbosity", flag_value=1, help="Say more.")
@click.option("-q", "--quiet", "verbosity", flag_value=-1, help="Say only errors and results.")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path, debug: bool, verbosity: int | None) -> None:
    """Deploy AWS Step Functions workflows as code."""
    ctx.obj = AppContext(project_dir=project_dir, debug=debug, verbosity=verbosity or 0)
    route_notes(quiet=ctx.obj.verbosity < 0)


def _register_commands() -> None:
    # Each command lives in its own module; add one line per command here.
    from sfndeploy.cli import cmd_init, cmd_render, cmd_version

    cli.add_command(cmd_version.version)
    cli.add_command(cmd_init.init)
    cli.add_command(cmd_render.render)
    from sfndeploy.cli import cmd_apply, cmd_drift, cmd_plan, cmd_unlock

    cli.add_command(cmd_plan.plan)
    cli.add_command(cmd_apply.apply)
    cli.add_command(cmd_drift.drift)
    cli.add_command(cmd_unlock.unlock)
    from sfndeploy.cli import cmd_run

    cli.add_command(cmd_run.run)
    from sfndeploy.cli import cmd_promote

    cli.add_command(cmd_promote.promote)
    from sfndeploy.cli import cmd_rollback, cmd_rollout, cmd_versions

    cli.add_command(cmd_rollout.rollout)
    cli.add_command(cmd_rollback.rollback)
    cli.add_command(cmd_versions.versions)
    from sfndeploy.cli import cmd_diff_env

    cli.add_command(cmd_diff_env.diff_env)
    from sfndeploy.cli import cmd_test

    cli.add_command(cmd_test.test)
    from sfndeploy.cli import cmd_graph

    cli.add_command(cmd_graph.graph)
    from sfndeploy.cli import cmd_import

    cli.add_command(cmd_import.import_)
    from sfndeploy.cli import cmd_validate

    cli.add_command(cmd_validate.validate)


_register_commands()


def main() -> None:
    cli(prog_name="sfndeploy")
