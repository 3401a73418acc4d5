"""``sfndeploy run``: one dry run of a definition file or a project workflow, with mocked tasks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.cli.diagnostics import echo_diagnostics
from sfndeploy.errors import ExecutionSetupError, SfnDeployError, UsageError
from sfndeploy.executor import ExecutionOptions, ExecutionResult, MockResponder, StateMachine
from sfndeploy.executor.dryrun import (
    load_definition,
    mock_responder,
    options_for_workflow,
    parse_input,
    validate,
)
from sfndeploy.executor.report import error_json, summary_json, summary_text
from sfndeploy.executor.runtime import AWS_STANDARD_HISTORY_LIMIT


class _RunCommand(click.Command):
    """``run``: a command line click refuses still gets its one JSON object under ``--json``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        wants_json = "--json" in args
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            if wants_json:
                click.echo(error_json("UsageError", error.format_message()))
            raise


@click.command(cls=_RunCommand)
@click.argument("workflow", required=False)
@click.option("-e", "--env", "env_name", help="Environment to render WORKFLOW for.")
@click.option(
    "--definition",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Run this ASL definition file (JSON or YAML) instead of a project workflow.",
)
@click.option(
    "--type",
    "workflow_type",
    type=click.Choice(["STANDARD", "EXPRESS"]),
    help="With --definition: run it as a STANDARD (default) or EXPRESS workflow.",
)
@click.option(
    "--name",
    help="Machine name for $$.StateMachine.Name and the mock config (default: file name up to its first dot).",
)
@click.option("--input", "input_text", help="Execution input: JSON text, or @FILE.")
@click.option(
    "--mock-config", type=click.Path(dir_okay=False, path_type=Path), help="Step Functions Local mock config."
)
@click.option("--test-case", help="Test case of the mock config to use.")
@click.option("--echo-tasks", is_flag=True, help="Tasks without a mock return their input instead of failing.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print exactly one JSON object: status, output, error, cause (also on errors).",
)
@click.option("--history", is_flag=True, help="Show every event with each state's input and output.")
@click.option(
    "--max-events",
    type=click.IntRange(min=0),
    default=AWS_STANDARD_HISTORY_LIMIT,
    show_default=True,
    help="History size at which the execution fails, as in AWS; 0 lifts the limit.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random source (Retry jitter).")
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw the run's path on the workflow's graph (.html, .svg, .dot, else Mermaid).",
)
@reports_errors
def run(
    workflow: str | None,
    env_name: str | None,
    definition: Path | None,
    workflow_type: str | None,
    name: str | None,
    input_text: str | None,
    mock_config: Path | None,
    test_case: str | None,
    echo_tasks: bool,
    as_json: bool,
    history: bool,
    max_events: int,
    seed: int,
    graph_file: Path | None,
) -> None:
    """Run a workflow locally: mocked tasks, virtual time, no AWS account.

    Exit status: 0 the execution succeeded, 1 it did not, 2 bad input or usage.
    """
    shown = False
    try:
        execution_input = parse_input(input_text)
        mocks = _MockSource(mock_config, test_case, echo_tasks)
        if definition is not None:
            if workflow is not None or env_name is not None:
                raise UsageError("give either --definition FILE or WORKFLOW -e ENV, not both")
            result = _run_definition_file(
                definition, workflow_type or "STANDARD", name, execution_input, mocks, max_events, seed
            )
        else:
            if workflow is None or env_name is None:
                raise UsageError("give --definition FILE, or WORKFLOW with -e ENV")
            if workflow_type is not None:
                raise UsageError("--type goes with --definition; a project workflow's type is the 'type' of its spec")
            result = _run_workflow(workflow, env_name, name, execution_input, mocks, max_events, seed)
        if graph_file is not None:
            _draw(graph_file, result, definition, workflow, env_name)
        _show(result, as_json=as_json, history=history)
        shown = True
        _finish(result)
    except SfnDeployError as error:
        error.exit_code = 2  # whatever stops a dry run is bad input or usage (see the docstring)
        if as_json and not shown:
            click.echo(error_json(type(error).__name__, error.one_line()))
        raise


@dataclass(frozen=True)
class _MockSource:
    config: Path | None
    test_case: str | None
    echo: bool

    def responder(self, machine_names: list[str]) -> MockResponder:
        return mock_responder(self.config, self.test_case, machine_names, echo=self.echo)


def _run_definition_file(
    path: Path,
    workflow_type: str,
    name: str | None,
    execution_input: object,
    mocks: _MockSource,
    max_events: int,
    seed: int,
) -> ExecutionResult:
    definition, source_map = load_definition(path)
    _stop_on_errors(validate(definition, workflow_type=workflow_type, source_map=source_map, name=str(path)))
    machine_name = name or path.name.split(".")[0]
    options = ExecutionOptions(
        state_machine_name=machine_name, max_events=max_events, seed=seed, workflow_type=workflow_type
    )
    return StateMachine(definition).execute(execution_input, mocks=mocks.responder([machine_name]), options=options)


def _run_workflow(
    workflow_name: str,
    env_name: str,
    name: str | None,
    execution_input: object,
    mocks: _MockSource,
    max_events: int,
    seed: int,
) -> ExecutionResult:
    from sfndeploy.pipeline import load_environment, load_project, render_workflows

    project = load_project(app_context().project_dir)
    env = load_environment(project, env_name)
    (workflow,) = render_workflows(project, env, [workflow_name])
    report = validate(
        workflow.definition,
        workflow_type=workflow.type,
        source_map=workflow.source_map.under(workflow.definition_pointer),
        name=workflow.name,
    )
    _stop_on_errors(report)
    names = [each for each in (name, workflow.name, workflow.state_machine_name) if each]
    options = options_for_workflow(workflow, max_events=max_events, execution_name="dry-run")
    options = replace(options, seed=seed, state_machine_name=name or options.state_machine_name)
    return StateMachine(workflow.definition).execute(execution_input, mocks=mocks.responder(names), options=options)


def _draw(
    graph_file: Path, result: ExecutionResult, definition: Path | None, workflow: str | None, env_name: str | None
) -> None:
    from sfndeploy.graph.runs import graph_file_run, graph_workflow_run

    if definition is not None:
        graph_file_run(definition, result, graph_file)
    else:
        graph_workflow_run(app_context().project_dir, str(workflow), str(env_name), result, graph_file)


def _stop_on_errors(report: object) -> None:
    from sfndeploy.validate import ValidationReport

    assert isinstance(report, ValidationReport)
    echo_diagnostics([report], quiet=True)
    if report.errors:
        raise ExecutionSetupError(
            f"the definition has {len(report.errors)} validation error(s); nothing was run", key=report.name or None
        )


def _show(result: ExecutionResult, *, as_json: bool, history: bool) -> None:
    if as_json:
        click.echo(summary_json(result))
    else:
        click.echo(summary_text(result, history=history))


def _finish(result: ExecutionResult) -> None:
    if result.history_limit_exceeded:
        raise ExecutionSetupError(
            f"{result.cause} The workflow probably loops forever",
            hint="raise --max-events, or 0 to lift the limit",
        )
    raise SystemExit(0 if result.succeeded else 1)
