"""A dry run drawn on the graph: the states it visited, the transitions it took, its retries, where it failed.

:class:`PathOverlay` is plain data; ``from_execution`` builds it from the dry-run executor's
result, and every renderer accepts one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sfndeploy.graph.model import END_ID, START_ID, Edge, Graph


@dataclass(frozen=True)
class PathOverlay:
    visited: Mapping[str, int] = field(default_factory=dict)  # state name -> times entered
    taken: frozenset[tuple[str, str]] = frozenset()  # (state name, next state name) transitions taken
    retries: Mapping[str, int] = field(default_factory=dict)  # state name -> retries made
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
        return (edge.state, target.name) in self.taken


def _owner_of_join(graph: Graph, join_id: str) -> str | None:
    for edge in graph.edges:
        if edge.kind == "join" and edge.target == join_id:
            return edge.state
    node = graph.node(join_id)
    owner = next((n for n in graph.nodes_in(node.cluster) if not n.is_marker), None)
    return owner.name if owner else None
