"""State and transition coverage: which states and which Next/Choice/Default/Catch edges no test took."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sfndeploy.executor.engine import ExecutionResult

Edge = tuple[str, str, str]  # (from state, "Next" | "Choices[i]" | "Default" | "Catch[i]", to state)


@dataclass(frozen=True)
class Coverage:
    states: tuple[str, ...]
    edges: tuple[Edge, ...]
    states_missed: tuple[str, ...]
    edges_missed: tuple[Edge, ...]

    @property
    def state_ratio(self) -> float:
        return 1.0 if not self.states else 1 - len(self.states_missed) / len(self.states)

    @property
    def edge_ratio(self) -> float:
        return 1.0 if not self.edges else 1 - len(self.edges_missed) / len(self.edges)


def possible_edges(definition: dict[str, Any]) -> tuple[list[str], list[Edge]]:
    """Every state (nested ones too) and every edge a definition declares."""
    states: list[str] = []
    edges: list[Edge] = []
    for name, spec in (definition.get("States") or {}).items():
        states.append(name)
        if "Next" in spec:
            edges.append((name, "Next", spec["Next"]))
        for index, choice in enumerate(spec.get("Choices") or ()):
            edges.append((name, f"Choices[{index}]", choice.get("Next", "")))
        if "Default" in spec:
            edges.append((name, "Default", spec["Default"]))
        for index, catcher in enumerate(spec.get("Catch") or ()):
            edges.append((name, f"Catch[{index}]", catcher.get("Next", "")))
        nested = list(spec.get("Branches") or ())
        processor = spec.get("ItemProcessor") or spec.get("Iterator")
        if processor:
            nested.append(processor)
        for branch in nested:
            inner_states, inner_edges = possible_edges(branch)
            states.extend(inner_states)
            edges.extend(inner_edges)
    return states, edges


def measure_coverage(definition: dict[str, Any], results: Iterable[ExecutionResult]) -> Coverage:
    states, edges = possible_edges(definition)
    entered: set[str] = set()
    taken: set[Edge] = set()
    for result in results:
        entered.update(result.states_entered())
        entered.update(result.child_states_entered)
        taken.update(result.edges)
    return Coverage(
        states=tuple(states),
        edges=tuple(edges),
        states_missed=tuple(state for state in states if state not in entered),
        edges_missed=tuple(edge for edge in edges if edge not in taken),
    )


def describe_edge(edge: Edge) -> str:
    source, kind, target = edge
    return f"{source} --{kind}--> {target}" if kind != "Next" else f"{source} --> {target}"
