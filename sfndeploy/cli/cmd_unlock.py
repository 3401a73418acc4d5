"""``sfndeploy unlock -e ENV``: remove a stale deployment lock."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.cmd_plan import open_api, open_target
from sfndeploy.errors import ConfigError


@click.command()
@click.option("-e", "--env", "env_name", required=True, help="Environment whose lock to remove.")
@click.option("--profile", default=None, help="AWS profile.")
@click.option("--region", default=None, help="AWS region.")
@reports_errors
def unlock(env_name: str, profile: str | None, region: str | None) -> None:
    """Remove the environment's deployment lock, whoever holds it (use only for a stale lock)."""
    from sfndeploy.plan.service import environment_lock

    target = open_target(env_name, (), profile, region)
    lock = environment_lock(open_api(target), target.desired)
    if lock is None:
        raise ConfigError(f"environment '{env_name}' has no lock table", key="lock.table")
    removed = lock.force_release()
    if removed is None:
        click.echo(f"No lock held on {lock.lock_id}.")
    else:
        click.echo(f"Removed lock {lock.lock_id}, {removed.describe()}.")
