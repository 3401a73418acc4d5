"""``sfndeploy import NAME_OR_ARN... -e ENV [-o DIR]``: bring live state machines under management."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context

if TYPE_CHECKING:  # the importer and the AWS layer are imported when the command runs, not for --help
    from sfndeploy.importer import ImportResult


@click.command(name="import")
@click.argument("machines", nargs=-1, required=True, metavar="NAME_OR_ARN...")
@click.option("-e", "--env", "env_name", required=True, help="Environment the state machines belong to.")
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the specs (default: the project's templates/).",
)
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def import_(machines: tuple[str, ...], env_name: str, out_dir: Path | None, profile: str | None) -> None:
    """Write workflow specs for live state machines; their environment values become variables.

    The import checks that each spec renders back to exactly the live definition before writing
    anything, makes read calls only (the spec of a machine sfndeploy does not manage yet says
    adopt: true, so the next apply tags it), and ends with a plan of the environment, which must
    show no changes beyond those adoptions.
    """
    from sfndeploy.aws.session import make_api
    from sfndeploy.importer import import_state_machines, settings_for

    app = app_context()
    api = make_api(settings_for(app.project_dir, env_name, profile))
    result = import_state_machines(api, app.project_dir, env_name, machines, out_dir)
    _report(result, quiet=app.verbosity < 0)


def _report(result: ImportResult, *, quiet: bool) -> None:
    from sfndeploy.importer import ImportFailed
    from sfndeploy.plan.formatting import format_text

    for workflow in result.workflows:
        if not quiet:
            click.echo(f"Imported {workflow.state_machine_name} as workflow {workflow.workflow}: {workflow.spec_path}")
            for kind, values in workflow.new_vars.items():
                for key, value in values.items():
                    click.echo(f"    new variable vars.{workflow.group}.{kind}.{key} = {value}")
            if workflow.adopted and workflow.managed:
                click.echo(
                    "    its spec says adopt: true, so the next apply tags its rules and alarms that carry no "
                    "sfndeploy tag yet"
                )
            elif workflow.adopted:
                click.echo("    not managed by sfndeploy yet: its spec says adopt: true, so the next apply tags it")
            for schedule in workflow.moved_schedules:
                click.echo(
                    f"    schedule {schedule} became a trigger; apply creates it in the project's schedule group: "
                    "delete the old one then, or the workflow starts twice"
                )
            for rule in workflow.renamed_rules:
                click.echo(
                    f"    rule {rule} was imported under sfndeploy's rule name; apply creates that one: "
                    "delete the old one then, or it fires twice"
                )
            for alarm in workflow.renamed_alarms:
                click.echo(
                    f"    alarm {alarm} was imported under sfndeploy's alarm name; apply creates that one: "
                    "delete the old one then, or it alarms twice"
                )
    if any(w.new_vars for w in result.workflows) and not quiet:
        click.echo(f"Added the new variables to {result.env_file.name}; define them in the other environments too.")
    if result.plan is None:
        click.echo("The specs were written outside the project's templates/; no plan was made.")
        return
    click.echo(format_text(result.plan))
    if result.unexpected_changes:
        raise ImportFailed(
            f"the plan of {result.environment} shows changes after the import; the specs do not yet match",
            hint="review the plan above and the written specs",
        )
