"""A live execution's path drawn on its definition's graph, as ``run --graph`` draws a dry run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.graph.overlay import PathOverlay
from sfndeploy.loaders import load_document
from sfndeploy.operate.history import Timeline


def overlay_of(found: Timeline, definition: Any) -> PathOverlay:
    """Visits, retries and the failing state from the history; the transitions taken found in the
    definition (a history does not say which Choice rule matched: the first leading there is drawn)."""
    states = dict(_all_states(definition))
    visited: dict[str, int] = {}
    retries: dict[str, int] = {}
    taken: set[tuple[str, str, str]] = set()
    for visit in found.visits:
        visited[visit.name] = visited.get(visit.name, 0) + 1
        if visit.retries:
            retries[visit.name] = retries.get(visit.name, 0) + visit.retries
        if visit.came_from is not None:
            by = _field_to(states.get(visit.came_from, {}), visit.name, _failed(found, visit.came_from))
            if by is not None:
                taken.add((visit.came_from, by, visit.name))
    failed = None
    if found.status not in {"SUCCEEDED", "RUNNING"} and found.visits:
        fails = [visit.name for visit in found.visits if visit.type == "Fail"]
        failed = fails[-1] if fails else found.visits[-1].name
    return PathOverlay(
        visited=visited, taken=frozenset(taken), retries=retries, failed_state=failed, status=found.status
    )


def _failed(found: Timeline, name: str) -> bool:
    return any(visit.failures for visit in found.visits if visit.name == name)


def _field_to(state: dict[str, Any], target: str, caught: bool) -> str | None:
    catches = [f"Catch[{i}]" for i, rule in enumerate(state.get("Catch", [])) if rule.get("Next") == target]
    if caught and catches:
        return catches[0]
    if state.get("Next") == target:
        return "Next"
    choices = [f"Choices[{i}]" for i, rule in enumerate(state.get("Choices", [])) if rule.get("Next") == target]
    if choices:
        return choices[0]
    if state.get("Default") == target:
        return "Default"
    return catches[0] if catches else None


def _all_states(definition: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every state of the definition, nested Parallel branches and Map processors included."""
    if not isinstance(definition, dict):
        return
    for name, state in (definition.get("States") or {}).items():
        if not isinstance(state, dict):
            continue
        yield name, state
        for branch in state.get("Branches") or []:
            yield from _all_states(branch)
        for key in ("ItemProcessor", "Iterator"):
            yield from _all_states(state.get(key))


def definition_run(api: AwsApi, execution_arn: str) -> tuple[Any, str]:
    """The definition the execution ran (its version's, not today's) and the state machine's name."""
    found = api.call(
        "stepfunctions", "DescribeStateMachineForExecution", target=execution_arn, executionArn=execution_arn
    )
    definition, _ = load_document(str(found["definition"]), file=f"definition of {execution_arn}", json_only=True)
    return definition, str(found.get("name", ""))
