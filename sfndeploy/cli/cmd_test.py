"""``sfndeploy test -e ENV [WORKFLOW...] [--junit FILE] [--json FILE] [--against-aws]``: run the test cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    from sfndeploy.executor.against_aws import WorkflowCheck
    from sfndeploy.model import RenderedWorkflow


@click.command()
@click.option("-e", "--env", "env_name", required=True, help="Environment to render the workflows for.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option(
    "--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), help="Write the results as JSON here."
)
@click.option(
    "--graph-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one HTML page per test case showing its path on the workflow's graph.",
)
@click.option(
    "--against-aws",
    is_flag=True,
    help="Also run each state the cases visit through AWS's TestState API in ENV and list every disagreement.",
)
@click.option(
    "--profile", default=None, help="AWS profile for --against-aws (default: environment file, then AWS_PROFILE)."
)
@click.argument("workflows", nargs=-1)
@reports_errors
def test(
    env_name: str,
    junit_file: Path | None,
    json_file: Path | None,
    graph_dir: Path | None,
    against_aws: bool,
    profile: str | None,
    workflows: tuple[str, ...],
) -> None:
    """Run the test cases in templates/<workflow>.tests.yaml with mocked tasks; report coverage.

    With --against-aws, each state a case visits is also run by AWS's TestState API, with the
    case's mocks and the deployed workflow's role, and every field in which AWS and the dry run
    differ is listed.

    Exit status: 0 all cases passed (and AWS agreed on every state), 1 a case failed or AWS
    disagreed, or the check against AWS could not be made (a workflow not deployed in ENV,
    TestState or iam:PassRole refused), 2 bad input (an unknown workflow or environment, a
    template that does not render, an invalid definition or test file).
    """
    try:
        outcomes, rendered = _run_tests(env_name, workflows, inspect=against_aws)
    except SfnDeployError as error:
        error.exit_code = 2  # whatever stops the tests is bad input (see the docstring)
        raise
    checks = _check_against_aws(rendered, outcomes, profile) if against_aws else []
    try:
        shown = checks if against_aws else None
        _report(outcomes, shown, rendered, junit_file=junit_file, json_file=json_file, graph_dir=graph_dir)
    except SfnDeployError as error:
        error.exit_code = 2
        raise
    failed = any(each.failed for each in outcomes) or any(check.disagreeing for check in checks)
    raise SystemExit(1 if failed else 0)


def _run_tests(
    env_name: str, workflows: tuple[str, ...], *, inspect: bool
) -> tuple[list[WorkflowTests], list[RenderedWorkflow]]:
    from sfndeploy.pipeline import load_environment, load_project, render_workflows, validate_workflows

    project = load_project(app_context().project_dir)
    env = load_environment(project, env_name)
    rendered = render_workflows(project, env, workflows)
    reports = validate_workflows(rendered)
    echo_diagnostics([each.report for each in reports], quiet=True)
    invalid = [each.workflow.name for each in reports if each.report.errors]
    if invalid:
        raise ExecutionSetupError(f"invalid definition(s): {', '.join(invalid)}; no test was run")
    return [run_workflow_tests(workflow, inspect=inspect) for workflow in rendered], rendered


def _check_against_aws(
    rendered: list[RenderedWorkflow], outcomes: list[WorkflowTests], profile: str | None
) -> list[WorkflowCheck]:
    from sfndeploy.executor.against_aws import check_against_aws

    return check_against_aws(rendered, outcomes, profile=profile)


def _report(
    outcomes: list[WorkflowTests],
    checks: list[WorkflowCheck] | None,  # None: not checked against AWS
    rendered: list[RenderedWorkflow],
    *,
    junit_file: Path | None,
    json_file: Path | None,
    graph_dir: Path | None,
) -> None:
    verbose = app_context().verbosity > 0
    for outcome in outcomes:
        _print_workflow(outcome, verbose=verbose)
    _print_summary(outcomes)
    if checks is not None:
        from sfndeploy.executor.against_aws.report import summary_line, text_lines

        for check in checks:
            for line in text_lines(check):
                click.echo(line)
        click.echo(summary_line(checks) if checks else "against AWS: no test cases, nothing was sent")
    if junit_file is not None:
        suites: dict[str, Any] = {each.workflow: each.results for each in outcomes if each.has_tests}
        if checks:
            from sfndeploy.executor.against_aws.report import junit_cases

            suites.update(junit_cases(checks))
        write_text_atomically(junit_file, junit_xml(suites))
    if json_file is not None:
        document = _as_json(outcomes, checks or [])
        write_text_atomically(json_file, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if graph_dir is not None:
        from sfndeploy.graph.runs import write_case_graphs

        write_case_graphs(graph_dir, rendered, outcomes)


def _as_json(outcomes: list[WorkflowTests], checks: list[WorkflowCheck]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "passed": sum(len(each.results) - each.failed for each in outcomes),
        "failed": sum(each.failed for each in outcomes),
        "workflows": [
            {
                "workflow": each.workflow,
                "test_file": str(each.test_file),
                "cases": [
                    {"name": result.case.name, "passed": result.passed, "failures": list(result.failures)}
                    for result in each.results
                ],
            }
            for each in outcomes
        ],
    }
    if checks:
        from sfndeploy.executor.against_aws.report import as_json

        document["against_aws"] = as_json(checks)
    return document


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
