"""``sfndeploy cost WORKFLOW -e ENV``: the monthly cost as Standard and as Express, from the test cases."""

from __future__ import annotations

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context


@click.command()
@click.argument("workflow")
@click.option("-e", "--env", "env_name", required=True, help="Environment whose region prices apply.")
@click.option(
    "--executions-per-month",
    "executions",
    type=click.IntRange(min=1),
    default=1_000_000,
    show_default=True,
    help="How many executions a month to price.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@reports_errors
def cost(workflow: str, env_name: str, executions: int, as_json: bool) -> None:
    """Estimate WORKFLOW's monthly cost as Standard and as Express from its dry-run test cases.

    Runs the cases in templates/<workflow>.tests.yaml (saved replays included) locally, counts what
    each execution bills and prices it with the environment region's prices shipped with
    sfndeploy; no AWS call is made. Exit status: 0, 1 on error (an unknown region, no test cases).
    """
    from sfndeploy.cost.formatting import cost_json, cost_text
    from sfndeploy.cost.service import estimate_workflow_cost

    estimate = estimate_workflow_cost(app_context().project_dir, env_name, workflow, executions)
    click.echo(cost_json(estimate) if as_json else cost_text(estimate))
