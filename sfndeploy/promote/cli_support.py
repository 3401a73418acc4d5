"""What the commands that deploy (``promote``, ``apply``) say about rollouts, and when they fail."""

from __future__ import annotations

import click

from sfndeploy.promote.deploy import DeployOutcome
from sfndeploy.promote.formatting import step_line
from sfndeploy.promote.rollout import RolloutError, RolloutStep


def echo_step(step: RolloutStep) -> None:
    click.echo(step_line(step))


def report_rollouts(outcome: DeployOutcome, environment: str) -> None:
    """Say what was pruned and what is left running; a rollout rolled back is an error (exit 1)."""
    for workflow, deleted in (outcome.pruned or {}).items():
        if deleted:
            click.echo(f"[{workflow}] pruned versions {', '.join(map(str, deleted))}")
    if not outcome.finished:
        for step in outcome.started:
            if step.outcome == "started":
                where = f" on Step Functions ({step.execution_arn})" if step.execution_arn else ""
                click.echo(
                    f"[{step.workflow}] rollout left running{where}; follow it with: "
                    f"sfndeploy rollout status -e {environment} {step.workflow}"
                )
    failed = [step for step in outcome.finished if step.outcome in {"rolled-back", "stopped"}]
    if failed:
        raise RolloutError(
            "rollout not completed: "
            + "; ".join(f"{step.workflow} {step.outcome.replace('-', ' ')} ({step.message})" for step in failed)
        )
