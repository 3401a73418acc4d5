"""``sfndeploy cost``'s pipeline: render the workflow, run its test cases, price what they did."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sfndeploy.cost.errors import CostError
from sfndeploy.cost.estimate import (
    CaseCost,
    CostEstimate,
    SkippedCase,
    monthly_cost,
    weighted_mix,
    weighted_transitions,
)
from sfndeploy.cost.prices import RegionPrices, prices_for
from sfndeploy.cost.usage import ExecutionUsage, execution_usage
from sfndeploy.errors import DefinitionInvalid
from sfndeploy.executor.engine import EXPRESS_MAX_SECONDS
from sfndeploy.executor.testing.runner import CaseResult
from sfndeploy.model import RenderedWorkflow

EXPRESS_CODE = "UNSUPPORTED_IN_EXPRESS"


def estimate_workflow_cost(project_dir: Path, env_name: str, workflow_name: str, executions: int) -> CostEstimate:
    """Render ``workflow_name`` for the environment, dry-run its test cases and price them."""
    from sfndeploy import pipeline

    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    prices = prices_for(env.region)  # an unknown region stops before anything runs
    (workflow,) = pipeline.render_workflows(project, env, [workflow_name])
    (report,) = pipeline.validate_workflows([workflow])
    if report.report.errors:
        raise DefinitionInvalid(
            f"workflow {workflow.name} has {len(report.report.errors)} validation error(s); "
            f"first: {report.report.errors[0]}",
            hint="run 'sfndeploy validate' for all of them",
        )
    return estimate_rendered(workflow, prices, executions)


def estimate_rendered(workflow: RenderedWorkflow, prices: RegionPrices, executions: int) -> CostEstimate:
    from sfndeploy.executor.testing.suite import run_workflow_tests

    tests = run_workflow_tests(workflow, keep_child_histories=True)
    if not tests.has_tests:
        raise CostError(
            f"workflow {workflow.name} has no test cases to estimate its cost from ({tests.test_file.name} not found)",
            hint="write test cases, or save a live execution with 'sfndeploy replay --save'",
        )
    return estimate_from_results(workflow.name, workflow.type, workflow.definition, tests.results, prices, executions)


def estimate_from_results(
    name: str,
    workflow_type: str,
    definition: dict[str, Any],
    results: Sequence[CaseResult],
    prices: RegionPrices,
    executions: int,
) -> CostEstimate:
    ran: list[tuple[CaseResult, ExecutionUsage]] = []
    skipped: list[SkippedCase] = []
    for result in results:
        if result.result.status == "NOT_RUN":
            skipped.append(SkippedCase(result.case.name, result.failures[0] if result.failures else "did not run"))
            continue
        ran.append((result, execution_usage(result.result, definition)))
    if not ran:
        raise CostError(f"none of the test cases of workflow {name} could run: {skipped[0].name}: {skipped[0].reason}")
    cases = tuple(
        CaseCost(
            name=result.case.name,
            weight=result.case.weight,
            status=result.result.status,
            usage=usage,
            monthly=monthly_cost([(usage, executions)], prices),
        )
        for result, usage in ran
    )
    weights = [(case.usage, case.weight) for case in cases]
    return CostEstimate(
        workflow=name,
        workflow_type=workflow_type,
        executions_per_month=executions,
        prices=prices,
        cases=cases,
        weighted=monthly_cost(weighted_mix(weights, executions), prices),
        weighted_transitions=weighted_transitions(weights),
        express_blockers=tuple(express_blockers(definition, cases)),
        skipped=tuple(skipped),
    )


def express_blockers(definition: dict[str, Any], cases: Sequence[CaseCost]) -> list[str]:
    """Why the workflow could not run as Express: what the validator refuses there, and cases
    that run longer than Express's five minutes."""
    from sfndeploy.validate import validate_definition

    report = validate_definition(definition, workflow_type="EXPRESS")
    reasons = [each.message for each in report.errors if each.code == EXPRESS_CODE]
    for case in cases:
        seconds = case.usage.as_express.duration_seconds
        if seconds > EXPRESS_MAX_SECONDS:
            reasons.append(f"case '{case.name}' runs {seconds:g} s, longer than an Express execution may (300 s)")
    return reasons
