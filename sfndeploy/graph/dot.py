"""Graphviz DOT text; ``svg.py`` feeds it to ``dot`` when Graphviz is installed."""

from __future__ import annotations

from sfndeploy.graph.model import Cluster, Edge, Graph, Node
from sfndeploy.graph.overlay import PathOverlay
from sfndeploy.graph.style import (
    CATCH_COLOUR,
    EDGE_COLOUR,
    FAILED_FILL,
    RETRY_COLOUR,
    TAKEN_COLOUR,
    VISITED_FILL,
    look,
    marker_text,
    node_caption,
    retry_label,
)

_SHAPES = {
    "Choice": "diamond",
    "Succeed": "box",
    "Fail": "box",
    "Wait": "parallelogram",
    "Parallel": "box",
    "Map": "box",
    "start": "circle",
    "end": "doublecircle",
    "join": "point",
}
_STYLES = {"Succeed": "rounded,filled,bold", "Fail": "rounded,filled,bold", "Choice": "filled"}
_CLUSTER_STYLES = {"parallel": "rounded", "map": "rounded", "branch": "dashed", "processor": "dashed"}


def render_dot(graph: Graph, overlay: PathOverlay | None = None) -> str:
    lines = [
        f"digraph {quote(graph.title or 'workflow')} {{",
        '  graph [rankdir=TB, fontname="Helvetica", fontsize=12, nodesep=0.35, ranksep=0.45'
        + (f", label={quote(graph.title)}, labelloc=t" if graph.title else "")
        + "];",
        '  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled"];',
        f'  edge [fontname="Helvetica", fontsize=9, color="{EDGE_COLOUR}", fontcolor="{EDGE_COLOUR}"];',
    ]
    lines.extend(_scope_lines(graph, "", "  ", overlay))
    lines.extend(f"  {_edge(graph, edge, overlay)}" for edge in graph.edges)
    if overlay is not None:
        lines.extend(f"  {line}" for line in _retry_loops(graph, overlay))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _scope_lines(graph: Graph, cluster: str, indent: str, overlay: PathOverlay | None) -> list[str]:
    lines = [indent + _node(graph, node, overlay) for node in graph.nodes_in(cluster)]
    for inner in graph.clusters_in(cluster):
        lines.extend(_cluster_lines(graph, inner, indent, overlay))
    return lines


def _cluster_lines(graph: Graph, cluster: Cluster, indent: str, overlay: PathOverlay | None) -> list[str]:
    style = _CLUSTER_STYLES.get(cluster.kind, "rounded")
    colour = "#137333" if cluster.kind in {"parallel", "map"} else "#9aa0a6"
    return [
        f"{indent}subgraph {cluster.id} {{",
        f'{indent}  label={quote(cluster.label)}; style="{style}"; color="{colour}"; fontsize=10;',
        *_scope_lines(graph, cluster.id, indent + "  ", overlay),
        f"{indent}}}",
    ]


def _node(graph: Graph, node: Node, overlay: PathOverlay | None) -> str:
    colours = look(node)
    attributes = {
        "shape": _SHAPES.get(node.type, "box"),
        "fillcolor": colours.fill,
        "color": colours.stroke,
    }
    if node.type in _STYLES:
        attributes["style"] = _STYLES[node.type]
    if node.is_marker:
        attributes |= {"label": marker_text(node), "fontcolor": "#ffffff", "width": "0.5", "fixedsize": "true"}
        if node.type == "join":
            attributes |= {"width": "0.12", "label": ""}
    else:
        attributes["label"] = f"{node.name}\n{node_caption(node)}"
    if overlay is not None and overlay.node_visited(graph, node.id):
        attributes |= {"penwidth": "3", "color": TAKEN_COLOUR}
        if not node.is_marker:
            attributes["fillcolor"] = VISITED_FILL
    if overlay is not None and overlay.failed_state and node.name == overlay.failed_state:
        attributes |= {"penwidth": "4", "color": CATCH_COLOUR, "fillcolor": FAILED_FILL}
    return f"{node.id} [{_attributes(attributes)}];"


def _edge(graph: Graph, edge: Edge, overlay: PathOverlay | None) -> str:
    attributes: dict[str, str] = {}
    if edge.label:
        attributes["label"] = edge.label
    if edge.kind == "catch":
        attributes |= {"style": "dashed", "color": CATCH_COLOUR, "fontcolor": CATCH_COLOUR}
    if edge.kind == "default":
        attributes["style"] = "bold"
    if overlay is not None and overlay.edge_taken(graph, edge):
        attributes |= {"color": TAKEN_COLOUR, "penwidth": "3"}
    suffix = f" [{_attributes(attributes)}]" if attributes else ""
    return f"{edge.source} -> {edge.target}{suffix};"


def _retry_loops(graph: Graph, overlay: PathOverlay) -> list[str]:
    lines = []
    for name, count in overlay.retries.items():
        node = graph.node_for_state(name)
        if node is not None and count >= 0:
            attributes = {
                "label": retry_label(count),
                "color": RETRY_COLOUR,
                "fontcolor": RETRY_COLOUR,
                "style": "dashed",
                "penwidth": "2",
            }
            lines.append(f"{node.id} -> {node.id} [{_attributes(attributes)}];")
    return lines


def _attributes(attributes: dict[str, str]) -> str:
    return ", ".join(f"{key}={quote(value)}" for key, value in attributes.items())


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
