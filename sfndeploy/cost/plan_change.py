"""The cost line of ``plan``: how a definition change moves the state transitions an execution takes.

For each Standard workflow the plan updates with another definition, the workflow's test cases
run against the live definition and against the new one; when the transitions an execution takes
(weighted over the cases that ran on both) differ, the workflow gets one line::

    ~ cost: 5.57 → 6.14 state transitions an execution (+0.57), +$14.29 a month per 1,000,000 executions

A workflow whose cases cannot run on one of the two definitions (a mock of a state the live
definition lacks, an invalid definition) gets no line: the plan never fails for its cost line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from sfndeploy.cost.errors import CostError
from sfndeploy.cost.prices import RegionPrices, prices_for
from sfndeploy.cost.usage import execution_usage
from sfndeploy.errors import SfnDeployError
from sfndeploy.model import JSON, RenderedWorkflow

EXECUTIONS = 1_000_000


def cost_changes(
    project_dir: Path, env_name: str, changed: Mapping[str, JSON], live_definitions: Mapping[str, JSON]
) -> dict[str, str]:
    """One line per workflow (by name) whose transitions an execution change.

    ``changed`` maps a workflow's name to its new definition, ``live_definitions`` to the one
    deployed; only names in both are compared.
    """
    from sfndeploy import pipeline

    names = sorted(name for name in changed if name in live_definitions and changed[name] != live_definitions[name])
    if not names:
        return {}
    try:
        project = pipeline.load_project(project_dir)
        env = pipeline.load_environment(project, env_name)
        rendered = pipeline.render_workflows(project, env, names)
    except SfnDeployError:
        return {}
    try:
        prices: RegionPrices | None = prices_for(env.region)
    except CostError:
        prices = None
    lines = {}
    for workflow in rendered:
        if workflow.type.upper() != "STANDARD":
            continue
        line = _line(workflow, live_definitions[workflow.name], prices)
        if line is not None:
            lines[workflow.name] = line
    return lines


def _line(workflow: RenderedWorkflow, live_definition: JSON, prices: RegionPrices | None) -> str | None:
    before = _transitions(replace(workflow, definition=live_definition))
    after = _transitions(workflow)
    if before is None or after is None:
        return None
    common = sorted(set(before) & set(after))
    weights = {name: before[name][1] for name in common}
    total = sum(weights.values())
    if not common or total <= 0:
        return None
    old = sum(before[name][0] * weights[name] for name in common) / total
    new = sum(after[name][0] * weights[name] for name in common) / total
    if abs(new - old) < 1e-9:
        return None
    line = f"~ cost: {old:.2f} → {new:.2f} state transitions an execution ({new - old:+.2f})"
    if prices is not None:
        dollars = prices.transition_cost((new - old) * EXECUTIONS)
        sign = "+" if dollars >= 0 else "-"
        line += f", {sign}${abs(dollars):,.2f} a month per {EXECUTIONS:,} executions"
    return line


def _transitions(workflow: RenderedWorkflow) -> dict[str, tuple[int, float]] | None:
    """Transitions an execution and weight, per test case that ran; None when the cases cannot run."""
    from sfndeploy.executor.testing.suite import run_workflow_tests
    from sfndeploy.validate import validate_definition

    if validate_definition(workflow.definition, workflow_type=workflow.type).errors:
        return None
    try:
        tests = run_workflow_tests(workflow)
    except SfnDeployError:
        return None
    ran: Sequence[tuple[str, int, float]] = [
        (result.case.name, execution_usage(result.result, workflow.definition).standard_transitions, result.case.weight)
        for result in tests.results
        if result.result.status != "NOT_RUN"
    ]
    return {name: (transitions, weight) for name, transitions, weight in ran}
