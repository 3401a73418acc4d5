"""``sfndeploy replay EXECUTION_ARN -e ENV``: a production execution as a dry-run test case."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.argument("execution_arn")
@click.option("-e", "--env", "env_name", required=True, help="Environment whose workflow ran the execution.")
@click.option(
    "--save", "save_as", default=None, metavar="CASE_NAME", help="Append the case to the workflow's tests file."
)
@click.option(
    "--redact",
    "redact_paths",
    multiple=True,
    metavar="PATH",
    help="Also replace this JSONPath-like field ($.a.b, $..key, $.list[*].key) with ****; repeatable.",
)
@click.option("--partial", is_flag=True, help="Replay the events so far of an execution that has not ended.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def replay(
    execution_arn: str,
    env_name: str,
    save_as: str | None,
    redact_paths: tuple[str, ...],
    partial: bool,
    as_json: bool,
    profile: str | None,
) -> None:
    """Turn an execution into a dry-run test case and show where today's definition diverges from it.

    Exit status: 0 today's definition does what production did, 1 it diverges (the case is still
    printed or saved) or the execution cannot be replayed (nothing written), 2 usage.
    """
    from sfndeploy.operate.arns import parse_execution_arn
    from sfndeploy.operate.replay import ReplayOptions, replay_execution
    from sfndeploy.operate.replay_format import report_json, report_lines
    from sfndeploy.operate.replay_redact import parse_redact_path
    from sfndeploy.operate.targets import open_environment

    ref = parse_execution_arn(execution_arn)
    options = ReplayOptions(save_as, tuple(parse_redact_path(path) for path in redact_paths), partial)
    project_dir = app_context().project_dir
    operated = open_environment(project_dir, env_name, profile=profile)
    report = replay_execution(operated, project_dir, ref, options)
    click.echo(report_json(report) if as_json else "\n".join(report_lines(report)))
    raise SystemExit(0 if report.matches else 1)
