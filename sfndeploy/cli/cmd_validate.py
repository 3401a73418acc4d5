"""``sfndeploy validate -e ENV [WORKFLOW...]`` and ``sfndeploy validate --definition FILE...``."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.errors import UsageError

if TYPE_CHECKING:  # the validator is imported when the command runs, not for --help
    from sfndeploy.validate.diagnostics import ValidationReport
    from sfndeploy.validate.remote import RemoteValidate


@click.command()
@click.option("-e", "--env", "env_name", help="Validate the project's workflows rendered for this environment.")
@click.option(
    "--definition",
    "definition_mode",
    is_flag=True,
    help="Treat the arguments as raw ASL definition files (JSON or YAML) instead of workflow names.",
)
@click.option(
    "--type",
    "workflow_type",
    type=click.Choice(["STANDARD", "EXPRESS"]),
    default="STANDARD",
    show_default=True,
    help="Workflow type of --definition files.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "junit", "sarif"]),
    default="text",
    show_default=True,
    help="Output format (SARIF 2.1.0 for code-scanning annotations).",
)
@click.option("--remote", is_flag=True, help="Also ask AWS's ValidateStateMachineDefinition (as warnings).")
@click.argument("targets", nargs=-1)
@reports_errors
def validate(
    env_name: str | None,
    definition_mode: bool,
    workflow_type: str,
    output_format: str,
    remote: bool,
    targets: tuple[str, ...],
) -> None:
    """Check workflows for everything AWS would reject, pointing at the line to fix.

    Exit status: 0 without errors (warnings allowed), 1 when any definition has an error, 2 for
    usage errors.
    """
    if definition_mode == (env_name is not None):
        raise UsageError("give either -e ENV [WORKFLOW...] or --definition FILE...")
    if definition_mode:
        if not targets:
            raise UsageError("--definition needs at least one FILE")
        reports = _files(targets, workflow_type, remote)
    else:
        assert env_name is not None
        reports = _project(env_name, targets, remote)
    _print(reports, output_format, definition_mode)
    from sfndeploy.validate.diagnostics import exit_status

    status = exit_status(reports)
    if status:
        raise SystemExit(status)


def _files(targets: tuple[str, ...], workflow_type: str, remote: bool) -> list[ValidationReport]:
    from sfndeploy.validate.sources import validate_files

    caller = _remote_caller(None) if remote else None
    return validate_files([Path(t) for t in targets], workflow_type=workflow_type, remote=caller)


def _project(env_name: str, names: tuple[str, ...], remote: bool) -> list[ValidationReport]:
    from sfndeploy import pipeline
    from sfndeploy.validate.sources import validate_rendered

    project = pipeline.load_project(app_context().project_dir)
    env = pipeline.load_environment(project, env_name)
    workflows = pipeline.render_workflows(project, env, names)
    caller = _remote_caller(env) if remote else None
    return validate_rendered(workflows, remote=caller)


def _remote_caller(env: object | None) -> RemoteValidate:
    from sfndeploy.aws.session import AwsSettings, make_api
    from sfndeploy.validate.remote import aws_validator

    region = getattr(env, "region", None)
    endpoint = getattr(env, "endpoint_url", None)
    settings = AwsSettings(region=region, endpoint_url=endpoint)
    holder: dict[str, RemoteValidate] = {}

    def call(definition: str, workflow_type: str) -> Mapping[str, Any]:
        # The API object is built on first use, so a missing region or profile is a warning too.
        if "api" not in holder:
            holder["api"] = aws_validator(make_api(settings))
        return holder["api"](definition, workflow_type)

    return call


def _print(reports: list[ValidationReport], output_format: str, definition_mode: bool) -> None:
    app = app_context()
    if output_format == "sarif":
        from sfndeploy.validate.formatters.sarif import format_sarif

        # --definition FILEs are named relative to the working directory, templates to the project.
        base = Path.cwd() if definition_mode else app.project_dir
        click.echo(format_sarif(reports, root=app.project_dir, base=base))
    elif output_format == "json":
        from sfndeploy.validate.formatters.json_format import format_json

        click.echo(format_json(reports))
    elif output_format == "junit":
        from sfndeploy.validate.formatters.junit import format_junit

        click.echo(format_junit(reports))
    else:
        from sfndeploy.validate.formatters.text import format_text

        shown = reports if app.verbosity >= 0 else [_errors_only(r) for r in reports]
        click.echo(format_text(shown, colour=sys.stdout.isatty()), color=sys.stdout.isatty())


def _errors_only(report: ValidationReport) -> ValidationReport:
    from sfndeploy.validate.diagnostics import ValidationReport

    return ValidationReport(report.errors, report.name)
