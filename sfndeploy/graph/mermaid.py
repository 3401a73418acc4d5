"""Mermaid flowcharts (GitHub and GitLab render them in Markdown)."""

from __future__ import annotations

from sfndeploy.graph.model import Cluster, Edge, Graph, Node
from sfndeploy.graph.overlay import PathOverlay
from sfndeploy.graph.style import (
    CATCH_COLOUR,
    FAILED_FILL,
    LOOKS,
    RETRY_COLOUR,
    TAKEN_COLOUR,
    VISITED_FILL,
    marker_text,
    node_caption,
    retry_label,
)

_SHAPES = {
    "Task": ('["', '"]'),
    "Pass": ('("', '")'),
    "Wait": ('[/"', '"/]'),
    "Choice": ('{"', '"}'),
    "Parallel": ('[["', '"]]'),
    "Map": ('[["', '"]]'),
    "Succeed": ('(["', '"])'),
    "Fail": ('(["', '"])'),
    "start": ('(("', '"))'),
    "end": ('(("', '"))'),
    "join": ('(("', '"))'),
}
_CLASSES = {"Fail": "fail", "Succeed": "succeed", "Choice": "choice", "start": "marker", "end": "marker"}


def render_mermaid(graph: Graph, overlay: PathOverlay | None = None) -> str:
    lines = ["flowchart TD"]
    if graph.title:
        lines.append(f"  %% {graph.title}")
    lines.extend(_scope_lines(graph, "", "  "))
    edges = list(graph.edges)
    lines.extend(f"  {_edge(graph, edge)}" for edge in edges)
    loops = _retry_loops(graph, overlay) if overlay is not None else []
    lines.extend(f"  {line}" for line in loops)
    lines.extend(f"  {line}" for line in _class_lines(graph))
    if overlay is not None:
        lines.extend(f"  {line}" for line in _overlay_lines(graph, overlay, edges, len(loops)))
    return "\n".join(lines) + "\n"


def _scope_lines(graph: Graph, cluster: str, indent: str) -> list[str]:
    lines = [indent + _node(node) for node in graph.nodes_in(cluster)]
    for inner in graph.clusters_in(cluster):
        lines.extend(_cluster_lines(graph, inner, indent))
    return lines


def _cluster_lines(graph: Graph, cluster: Cluster, indent: str) -> list[str]:
    return [
        f'{indent}subgraph {cluster.id} ["{escape(cluster.label)}"]',
        f"{indent}  direction TB",
        *_scope_lines(graph, cluster.id, indent + "  "),
        f"{indent}end",
    ]


def _node(node: Node) -> str:
    opening, closing = _SHAPES.get(node.type, ('["', '"]'))
    if node.is_marker:
        text = marker_text(node) or " "
    else:
        text = f"{escape(node.name)}<br/><small>{escape(node_caption(node))}</small>"
    return f"{node.id}{opening}{text}{closing}"


def _edge(graph: Graph, edge: Edge) -> str:
    arrow = "-.->" if edge.kind == "catch" else "-->"
    if edge.label:
        return f'{edge.source} {arrow}|"{escape(edge.label)}"| {edge.target}'
    return f"{edge.source} {arrow} {edge.target}"


def _retry_loops(graph: Graph, overlay: PathOverlay) -> list[str]:
    lines = []
    for name, count in overlay.retries.items():
        node = graph.node_for_state(name)
        if node is not None and count >= 0:
            lines.append(f'{node.id} -.->|"{retry_label(count)}"| {node.id}')
    return lines


def _class_lines(graph: Graph) -> list[str]:
    lines = [
        f"classDef fail fill:{LOOKS['Fail'].fill},stroke:{LOOKS['Fail'].stroke}",
        f"classDef succeed fill:{LOOKS['Succeed'].fill},stroke:{LOOKS['Succeed'].stroke}",
        f"classDef choice fill:{LOOKS['Choice'].fill},stroke:{LOOKS['Choice'].stroke}",
        "classDef marker fill:#202124,stroke:#202124,color:#ffffff",
    ]
    for type_name, class_name in _CLASSES.items():
        members = [n.id for n in graph.nodes if n.type == type_name]
        if members:
            lines.append(f"class {','.join(members)} {class_name}")
    catches = [str(i) for i, e in enumerate(graph.edges) if e.kind == "catch"]
    if catches:
        lines.append(f"linkStyle {','.join(catches)} stroke:{CATCH_COLOUR},color:{CATCH_COLOUR}")
    return lines


def _overlay_lines(graph: Graph, overlay: PathOverlay, edges: list[Edge], loop_count: int) -> list[str]:
    lines = [
        f"classDef visited fill:{VISITED_FILL},stroke:{TAKEN_COLOUR},stroke-width:3px",
        f"classDef failedHere fill:{FAILED_FILL},stroke:{CATCH_COLOUR},stroke-width:4px",
    ]
    visited = [n.id for n in graph.nodes if not n.is_marker and overlay.node_visited(graph, n.id)]
    if visited:
        lines.append(f"class {','.join(visited)} visited")
    failed = graph.node_for_state(overlay.failed_state) if overlay.failed_state else None
    if failed is not None:
        lines.append(f"class {failed.id} failedHere")
    taken = [str(i) for i, e in enumerate(edges) if overlay.edge_taken(graph, e)]
    if taken:
        lines.append(f"linkStyle {','.join(taken)} stroke:{TAKEN_COLOUR},stroke-width:3px")
    loops = [str(len(edges) + i) for i in range(loop_count)]
    if loops:
        lines.append(f"linkStyle {','.join(loops)} stroke:{RETRY_COLOUR},color:{RETRY_COLOUR},stroke-width:2px")
    return lines


def escape(text: str) -> str:
    """Mermaid entity codes for the characters its label grammar would misread."""
    replacements = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;", "#": "#35;"}
    return "".join(replacements.get(ch, ch) for ch in text)
