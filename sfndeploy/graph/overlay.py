"""A dry run drawn on the graph: the states it visited, the transitions it took, its retries, where it failed.

:class:`PathOverlay` is plain data; ``from_execution`` builds it from the dry-run executor's
result, and every renderer accepts one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sfndeploy.graph.model import END_ID, START_ID, Edge, Graph


@dataclass(frozen=True)
class PathOverlay:
    visited: Mapping[str, int] = field(default_factory=dict)  # state name -> times entered
    # transitions taken: (state name, field, next state name), the field being Next, Default,
    # Choices[i] or Catch[i] as the executor records them
    taken: frozenset[tuple[str, str, str]] = frozenset()
    retries: Mapping[str, int] = field(default_factory=dict)  # state name -> retries made (0: some, count unknown)
    failed_state: str | None = None  # where a failed execution ended
    status: str = ""  # SUCCEEDED | FAILED | TIMED_OUT | ...

    def node_visited(self, graph: Graph, node_id: str) -> bool:
        node = graph.node(node_id)
        if node.id == START_ID:
            return bool(self.visited)
        if node.id == END_ID:
            return self.status == "SUCCEEDED"
        if node.type == "join":
            owner = _owner_of_join(graph, node_id)
            return owner is not None and self.visited.get(owner, 0) > 0
        return self.visited.get(node.name, 0) > 0

    def edge_taken(self, graph: Graph, edge: Edge) -> bool:
        source, target = graph.node(edge.source), graph.node(edge.target)
        if edge.kind == "start":
            return self.visited.get(target.name, 0) > 0
        if edge.kind == "end":
            return self.status == "SUCCEEDED" and self.node_visited(graph, source.id)
        if edge.kind in {"branch", "join"}:
            return self.node_visited(graph, source.id) and self.node_visited(graph, target.id)
        return (edge.state, _field(edge), target.name) in self.taken


def _field(edge: Edge) -> str:
    if edge.kind == "choice":
        return f"Choices[{edge.index}]"
    if edge.kind == "catch":
        return f"Catch[{edge.index}]"
    return "Default" if edge.kind == "default" else "Next"


def _owner_of_join(graph: Graph, join_id: str) -> str | None:
    for edge in graph.edges:
        if edge.kind == "join" and edge.target == join_id:
            return edge.state
    node = graph.node(join_id)
    owner = next((n for n in graph.nodes_in(node.cluster) if not n.is_marker), None)
    return owner.name if owner else None


class ExecutionLike(Protocol):
    """What the dry-run executor's ``ExecutionResult`` offers; kept structural so graphs need no executor."""

    @property
    def status(self) -> str: ...

    @property
    def events(self) -> tuple[tuple[str, float, dict[str, Any] | None], ...]: ...

    @property
    def edges(self) -> frozenset[tuple[str, str, str]]: ...

    def state_visits(self) -> dict[str, int]: ...

    def states_entered(self) -> list[str]: ...


def from_execution(result: ExecutionLike) -> PathOverlay:
    """The path of one dry run: visits from the history, taken transitions from the recorded edges
    (``Next``, ``Choices[i]``, ``Default``, ``Catch[i]``), retries as task attempts beyond the first."""
    taken = frozenset(edge for edge in result.edges if not edge[1].startswith("Retry"))
    failed = _failed_state(result) if result.status != "SUCCEEDED" else None
    return PathOverlay(
        visited=result.state_visits(),
        taken=taken,
        retries=_retries(result),
        failed_state=failed,
        status=result.status,
    )


def _failed_state(result: ExecutionLike) -> str | None:
    """The Fail state entered last, else the state entered last (with interleaved branches, a guess)."""
    fails = [d.get("name") for t, _, d in result.events if t == "FailStateEntered" and d is not None]
    if fails:
        return str(fails[-1])
    entered = result.states_entered()
    return entered[-1] if entered else None


_CONTAINERS = ("ParallelState", "MapState")


def _retries(result: ExecutionLike) -> dict[str, int]:
    """Retries per state: counted exactly outside Parallel and Map states, where events are sequential.

    Inside them branches and iterations interleave and a task's events do not name their state, so
    a state there that retried (the executor records a ``Retry[i]`` edge) gets 0, "count unknown".
    """
    attempts: dict[str, int] = {}
    current: str | None = None
    depth = 0
    exact = True
    for event_type, _, details in result.events:
        if event_type.startswith(_CONTAINERS):
            if event_type.endswith("Entered"):
                depth += 1
            elif event_type.endswith("Exited"):
                depth = max(0, depth - 1)
            elif event_type.endswith(("Failed", "Aborted")):
                exact = False  # whether an Exited follows is not certain; stop counting
        elif event_type.endswith("StateEntered") and details is not None:
            current = str(details.get("name"))
        elif event_type == "TaskScheduled" and current is not None and depth == 0 and exact:
            attempts[current] = attempts.get(current, 0) + 1
    visits = result.state_visits()
    counted = {name: count - visits.get(name, 0) for name, count in attempts.items()}
    found = {name: count for name, count in counted.items() if count > 0}
    for source, kind, _ in result.edges:
        if kind.startswith("Retry") and source not in found:
            found[source] = 0
    return found


def render_run(definition: Any, result: ExecutionLike, title: str, fmt: str) -> str:
    """One dry run drawn on its workflow's graph, in ``fmt``."""
    from sfndeploy.graph import build_graph, render

    return render(build_graph(definition, title), fmt, from_execution(result))


def write_run_graph(path: Path, definition: Any, result: ExecutionLike, title: str) -> None:
    """Write the dry run's path to ``path``, in the format its suffix names (.html, .svg, .dot, else Mermaid)."""
    write_overlay_graph(path, definition, from_execution(result), title)


def write_overlay_graph(path: Path, definition: Any, overlay: PathOverlay, title: str) -> None:
    """Write ``overlay`` drawn on the definition's graph to ``path``, in the format its suffix names."""
    from sfndeploy.graph import build_graph, render
    from sfndeploy.graph.sources import format_for_path
    from sfndeploy.outputs import write_text_atomically

    fmt = format_for_path(path)
    text = render(build_graph(definition, title), fmt, overlay)
    if path.suffix == ".md" and fmt == "mermaid":
        text = f"```mermaid\n{text}```\n"
    write_text_atomically(path, text)
