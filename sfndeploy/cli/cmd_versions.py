"""``sfndeploy versions -e ENV WORKFLOW [--prune]``: versions, provenance and alias routing."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.errors import UsageError


@click.command()
@click.option("-e", "--env", "env_name", required=True, help="Environment to work on.")
@click.argument("workflow")
@click.option("--prune", is_flag=True, help="Delete versions beyond deploy.keep_versions (never an aliased one).")
@click.option("--keep", type=click.IntRange(min=1), default=None, help="Keep this many instead of keep_versions.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")
@reports_errors
def versions(env_name: str, workflow: str, prune: bool, keep: int | None, as_json: bool, profile: str | None) -> None:
    """List WORKFLOW's versions with their provenance and which alias routes to each."""
    from sfndeploy.promote.formatting import versions_json, versions_lines
    from sfndeploy.promote.targets import open_workflow
    from sfndeploy.promote.versions import list_aliases, list_versions, prunable, prune_versions

    deployment = open_workflow(app_context().project_dir, env_name, workflow, profile=profile)
    api, arn = deployment.api, deployment.workflow.arn
    keep = keep or deployment.policy.keep_versions
    if prune:
        if keep is None:
            raise UsageError("nothing says how many versions to keep", hint="set deploy.keep_versions or pass --keep")
        result = prune_versions(api, arn, keep, owner=deployment.rollout.owner)
        if result.unsupported:
            click.echo("The endpoint does not support DeleteStateMachineVersion; no version was deleted.", err=True)
        deleted = ", ".join(map(str, result.deleted)) or "none"
        kept = f" (kept {', '.join(map(str, result.kept_for_aliases))}: an alias routes to them)"
        click.echo(f"Pruned versions of {deployment.workflow.name}: {deleted}{kept if result.kept_for_aliases else ''}")
    found = list_versions(api, arn)
    aliases = list_aliases(api, arn)
    doomed = prunable([v.number for v in found], aliases, keep) if keep else []
    if as_json:
        click.echo(versions_json(deployment.workflow.name, found, aliases, doomed))
    else:
        click.echo("\n".join(versions_lines(deployment.workflow.name, found, aliases, doomed)))
