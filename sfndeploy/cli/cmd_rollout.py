"""``sfndeploy rollout status|continue|abort|route -e ENV WORKFLOW``: a canary or linear shift in progress.

The rollout's state is kept in the alias description (see :mod:`sfndeploy.promote.rollout`); with
``deploy.rollout: stepfunctions`` an execution of the environment's rollout workflow drives it
(:mod:`sfndeploy.promote.rollout_runs`), and these commands read and steer that execution.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.errors import UsageError
from sfndeploy.promote.formatting import run_json, run_line, status_json, status_lines, step_line
from sfndeploy.promote.rollback import set_routing
from sfndeploy.promote.rollout import (
    RolloutError,
    RolloutStep,
    SystemClock,
    advance_rollout,
    finish_and_prune,
    rollout_status,
    run_rollouts,
)
from sfndeploy.promote.rollout_machine import rollout_state_machine_arn
from sfndeploy.promote.rollout_runs import (
    abort_rollout_run,
    continue_rollout_run,
    current_run,
    follow_rollout_runs,
)
from sfndeploy.promote.targets import WorkflowDeployment, open_workflow


def _open(env_name: str, workflow: str, profile: str | None) -> WorkflowDeployment:
    return open_workflow(app_context().project_dir, env_name, workflow, profile=profile)


F = TypeVar("F", bound=Callable[..., Any])


def _workflow_options(func: F) -> F:
    func = click.option("--profile", default=None, help="AWS profile (default: environment file, then AWS_PROFILE).")(
        func
    )
    func = click.argument("workflow")(func)
    return click.option("-e", "--env", "env_name", required=True, help="Environment to work on.")(func)


@click.group()
def rollout() -> None:
    """Follow, continue or abort a canary/linear rollout started by apply or promote.

    The rollout's state (versions, current weight, when the step began) is kept in the
    description of the workflow's alias, so any machine can pick it up later.
    """


@rollout.command()
@_workflow_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@reports_errors
def status(env_name: str, workflow: str, profile: str | None, as_json: bool) -> None:
    """Where the rollout stands: routing, health, time to the next shift."""
    deployment = _open(env_name, workflow, profile)
    found = rollout_status(deployment.api, deployment.rollout, deployment.policy, SystemClock())
    run = current_run(deployment.api, _machine(deployment), found.state)
    if as_json:
        click.echo(json.dumps({**status_json(found), "execution": run_json(run)}, indent=2, sort_keys=True))
        return
    click.echo("\n".join(status_lines(found)))
    if found.state is not None and found.state.active:
        click.echo(run_line(run, env_name, workflow))


@rollout.command(name="continue")
@_workflow_options
@click.option("--no-wait", is_flag=True, help="Look once: roll back, shift if the step is due, or say how long.")
@click.option("--skip-wait", is_flag=True, help="Shift now, without waiting out the current step.")
@reports_errors
def continue_(env_name: str, workflow: str, profile: str | None, no_wait: bool, skip_wait: bool) -> None:
    """Watch the rollout and shift traffic on schedule (to the end, unless --no-wait).

    When the rollout runs on Step Functions: follow the execution that drives it, or start one that
    resumes it where it stands; --skip-wait stops it and starts one at the next step.
    """
    deployment = _open(env_name, workflow, profile)
    clock = SystemClock()
    if deployment.policy.on_step_functions:
        api, target = deployment.api, deployment.rollout
        step = continue_rollout_run(api, _machine(deployment), target, deployment.policy, clock, skip_wait=skip_wait)
        click.echo(step_line(step))
        if not no_wait:
            (step,) = follow_rollout_runs(api, [(target, step)], clock, on_step=_echo)
    elif no_wait or skip_wait:
        step = advance_rollout(deployment.api, deployment.rollout, deployment.policy, clock, skip_wait=skip_wait)
        click.echo(step_line(step))
    else:
        # Every step but waiting is shown as it happens, the final one included.
        (step,) = run_rollouts(deployment.api, [deployment.rollout], deployment.policy, clock, on_step=_echo)
    _finish(deployment, step)


@rollout.command()
@_workflow_options
@reports_errors
def abort(env_name: str, workflow: str, profile: str | None) -> None:
    """Send all traffic back to the version that served before the rollout (and stop its execution)."""
    deployment = _open(env_name, workflow, profile)
    step = abort_rollout_run(deployment.api, _machine(deployment), deployment.rollout, SystemClock())
    click.echo(step_line(step))


@rollout.command()
@_workflow_options
@click.argument("routes", nargs=-1, required=True)
@reports_errors
def route(env_name: str, workflow: str, profile: str | None, routes: tuple[str, ...]) -> None:
    """Split traffic by hand: VERSION=WEIGHT [VERSION=WEIGHT], weights adding up to 100."""
    weights = [_parse_route(text) for text in routes]
    deployment = _open(env_name, workflow, profile)
    set_routing(deployment.api, deployment.rollout, weights, SystemClock())
    shown = ", ".join(f"version {number} {weight}%" for number, weight in weights)
    click.echo(f"{workflow} in {env_name}: alias {deployment.workflow.alias} routes {shown}.")


def _machine(deployment: WorkflowDeployment) -> str:
    """The environment's rollout workflow (it may drive a rollout even after the environment
    file switched to ``deploy.rollout: client``)."""
    return rollout_state_machine_arn(deployment.target.desired)


def _parse_route(text: str) -> tuple[int, int]:
    version, _, weight = text.partition("=")
    try:
        return int(version), int(weight)
    except ValueError:
        raise UsageError(f"'{text}' is not VERSION=WEIGHT (for example 5=90)") from None


def _echo(step: RolloutStep) -> None:
    click.echo(step_line(step))


def _finish(deployment: WorkflowDeployment, step: RolloutStep) -> None:
    """Prune after a completed rollout, fail after a rolled-back one (the step's line is already shown)."""
    if step.outcome in {"waiting", "shifted", "started"}:
        return
    if step.outcome == "completed":
        pruned = finish_and_prune(deployment.api, deployment.rollout, deployment.policy.keep_versions)
        if pruned:
            click.echo(f"[{step.workflow}] pruned versions {', '.join(map(str, pruned))}")
        return
    raise RolloutError(f"rollout of {step.workflow} {step.outcome.replace('-', ' ')}: {step.message}")
