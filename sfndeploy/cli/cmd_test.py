"""``sfndeploy test -e ENV [WORKFLOW...] [--junit FILE]``: run the workflows' test cases locally."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import app_context
from sfndeploy.cli.diagnostics import echo_diagnostics
from sfndeploy.errors import ExecutionSetupError, SfnDeployError
from sfndeploy.executor.testing import junit_xml
from sfndeploy.executor.testing.coverage import describe_edge
from sfndeploy.executor.testing.suite import WorkflowTests, run_workflow_tests
from sfndeploy.outputs import write_text_atomically

if TYPE_CHECKING:
    from sfndeploy.model import RenderedWorkflow


@click.command()
@click.option("-e", "--env", "env_name", required=True, help="Environment to render the workflows for.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option(
    "--graph-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one HTML page per test case showing its path on the workflow's graph.",
)
@click.argument("workflows", nargs=-1)
@reports_errors
def test(env_name: str, junit_file: Path | None, graph_dir: Path | None, workflows: tuple[str, ...]) -> None:
    """Run the test cases in templates/<workflow>.tests.yaml with mocked tasks; report coverage.

    Exit status: 0 all cases passed, 1 a case failed, 2 bad input (an unknown workflow or
    environment, a template that does not render, an invalid definition or test file).
    """
    try:
        outcomes, rendered = _run_tests(env_name, workflows)
        verbose = app_context().verbosity > 0
        for outcome in outcomes:
            _print_workflow(outcome, verbose=verbose)
        _print_summary(outcomes)
        if junit_file is not None:
            junit = junit_xml({each.workflow: each.results for each in outcomes if each.has_tests})
            write_text_atomically(junit_file, junit)
        if graph_dir is not None:
            from sfndeploy.graph.runs import write_case_graphs

            write_case_graphs(graph_dir, rendered, outcomes)
    except SfnDeployError as error:
        error.exit_code = 2  # whatever stops the tests is bad input (see the docstring)
        raise
    raise SystemExit(1 if any(each.failed for each in outcomes) else 0)


def _run_tests(env_name: str, workflows: tuple[str, ...]) -> tuple[list[WorkflowTests], list[RenderedWorkflow]]:
    from sfndeploy.pipeline import load_environment, load_project, render_workflows, validate_workflows

    project = load_project(app_context().project_dir)
    env = load_environment(project, env_name)
    rendered = render_workflows(project, env, workflows)
    reports = validate_workflows(rendered)
    echo_diagnostics([each.report for each in reports], quiet=True)
    invalid = [each.workflow.name for each in reports if each.report.errors]
    if invalid:
        raise ExecutionSetupError(f"invalid definition(s): {', '.join(invalid)}; no test was run")
    return [run_workflow_tests(workflow) for workflow in rendered], rendered


def _print_workflow(outcome: WorkflowTests, *, verbose: bool) -> None:
    if not outcome.has_tests:
        click.echo(f"{outcome.workflow}: no test cases ({outcome.test_file.name} not found)")
        return
    click.echo(f"{outcome.workflow}: {len(outcome.results) - outcome.failed}/{len(outcome.results)} passed")
    for result in outcome.results:
        mark = "PASS" if result.passed else "FAIL"
        click.echo(f"  {mark} {result.case.name}")
        for failure in result.failures:
            click.echo(f"       {result.case.location}: {failure}")
    coverage = outcome.coverage
    assert coverage is not None
    click.echo(
        f"  coverage: states {len(coverage.states) - len(coverage.states_missed)}/{len(coverage.states)}"
        f" ({coverage.state_ratio:.0%}), transitions {len(coverage.edges) - len(coverage.edges_missed)}"
        f"/{len(coverage.edges)} ({coverage.edge_ratio:.0%})"
    )
    if coverage.states_missed:
        click.echo(f"    states never entered: {', '.join(coverage.states_missed)}")
    for edge in coverage.edges_missed if verbose or len(coverage.edges_missed) <= 10 else coverage.edges_missed[:10]:
        click.echo(f"    never taken: {describe_edge(edge)}")
    if not verbose and len(coverage.edges_missed) > 10:
        click.echo(f"    ... and {len(coverage.edges_missed) - 10} more (-v to list all)")


def _print_summary(outcomes: list[WorkflowTests]) -> None:
    cases = sum(len(each.results) for each in outcomes)
    failed = sum(each.failed for each in outcomes)
    untested = [each.workflow for each in outcomes if not each.has_tests]
    line = f"{cases - failed} passed, {failed} failed"
    if untested:
        line += f"; no test cases for {', '.join(untested)}"
    click.echo(line)
