"""The ``sfndeploy`` command group and its global options.

Commands are loaded lazily (:class:`~sfndeploy.cli.lazy.LazyGroup`): a command's module is imported
only when that command runs or shows its help. Add a command with one line in :data:`COMMANDS`: its
name, ``"module:attribute"`` and the first paragraph of its docstring (a test keeps them equal).
"""

from __future__ import annotations

from pathlib import Path

import click

from sfndeploy import __version__
from sfndeploy.cli.boundary import route_notes
from sfndeploy.cli.context import AppContext
from sfndeploy.cli.lazy import LazyCommand, LazyGroup

COMMANDS: dict[str, LazyCommand] = {
    name: LazyCommand(f"sfndeploy.cli.{target}", short_help)
    for name, target, short_help in (
        ("version", "cmd_version:version", "Print sfndeploy's version."),
        ("init", "cmd_init:init", "Create a new project in DIRECTORY that renders out of the box."),
        (
            "render",
            "cmd_render:render",
            "Render workflows to <name>.asl.json and <name>.iam.json, after validating them.",
        ),
        (
            "validate",
            "cmd_validate:validate",
            "Check workflows for everything AWS would reject, pointing at the line to fix.",
        ),
        ("run", "cmd_run:run", "Run a workflow locally: mocked tasks, virtual time, no AWS account."),
        (
            "test",
            "cmd_test:test",
            "Run the test cases in templates/<workflow>.tests.yaml with mocked tasks; report coverage.",
        ),
        (
            "graph",
            "cmd_graph:graph",
            "Draw a workflow's states and transitions (Mermaid, DOT, SVG via Graphviz, or a self-contained HTML page).",
        ),
        ("plan", "cmd_plan:plan", "Show what apply would change in the environment's AWS account."),
        ("apply", "cmd_apply:apply", "Apply a saved plan, or compute a fresh one and apply it after confirmation."),
        ("drift", "cmd_drift:drift", "Report live changes made outside sfndeploy."),
        (
            "unlock",
            "cmd_unlock:unlock",
            "Remove the environment's deployment lock, whoever holds it (use only for a stale lock).",
        ),
        (
            "promote",
            "cmd_promote:promote",
            "Check that the --from environment runs the local sources, then deploy them to the --to environment.",
        ),
        (
            "rollout",
            "cmd_rollout:rollout",
            "Follow, continue or abort a canary/linear rollout started by apply or promote.",
        ),
        (
            "rollback",
            "cmd_rollback:rollback",
            "Point WORKFLOW's alias back at the previous version (or --to-version), 100% at once.",
        ),
        (
            "versions",
            "cmd_versions:versions",
            "List WORKFLOW's versions with their provenance and which alias routes to each.",
        ),
        (
            "diff-env",
            "cmd_diff_env:diff_env",
            "Show what differs between LEFT's and RIGHT's workflows beyond per-environment values.",
        ),
        (
            "import",
            "cmd_import:import_",
            "Write workflow specs for live state machines; their environment values become variables.",
        ),
        (
            "start",
            "cmd_start:start",
            "Start an execution of WORKFLOW in the environment; print its ARN (and its result with --wait).",
        ),
        ("executions", "cmd_executions:executions", "List WORKFLOW's executions in the environment, newest first."),
        (
            "history",
            "cmd_history:history",
            "Show an execution's states in order, with durations, retries and the error where it failed.",
        ),
        (
            "stop",
            "cmd_stop:stop",
            "Stop a running execution of one of this project's state machines in the environment.",
        ),
        (
            "redrive",
            "cmd_redrive:redrive",
            "Redrive a failed, timed-out or aborted Standard execution of one of this project's state machines.",
        ),
        ("logs", "cmd_logs:logs", "Print the events of WORKFLOW's log group, oldest first."),
        (
            "cost",
            "cmd_cost:cost",
            "Estimate WORKFLOW's monthly cost as Standard and as Express from its dry-run test cases.",
        ),
        (
            "replay",
            "cmd_replay:replay",
            "Turn an execution into a dry-run test case and show where today's definition diverges from it.",
        ),
    )
}


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    cli(prog_name="sfndeploy")
