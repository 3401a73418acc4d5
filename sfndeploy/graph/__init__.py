"""Workflow graphs: the model built from an ASL definition and one renderer per format.

graph = build_graph(definition, title="order-processing")
text = render(graph, "mermaid")            # or dot, svg, html
text = render(graph, "html", overlay)      # a dry run drawn as a path
"""

from __future__ import annotations

from collections.abc import Callable

from sfndeploy.errors import UsageError
from sfndeploy.graph.model import Cluster, Edge, Graph, Node, build_graph
from sfndeploy.graph.overlay import PathOverlay

FORMATS = ("mermaid", "dot", "svg", "html")
SUFFIXES = {"mermaid": ".mmd", "dot": ".dot", "svg": ".svg", "html": ".html"}

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Cluster",
    "Edge",
    "Graph",
    "Node",
    "PathOverlay",
    "build_graph",
    "render",
]


def _renderer(fmt: str) -> Callable[[Graph, PathOverlay | None], str]:
    if fmt == "mermaid":
        from sfndeploy.graph.mermaid import render_mermaid

        return render_mermaid
    if fmt == "dot":
        from sfndeploy.graph.dot import render_dot

        return render_dot
    if fmt == "svg":
        from sfndeploy.graph.svg import render_svg

        return render_svg
    if fmt == "html":
        from sfndeploy.graph.html import render_html

        return render_html
    raise UsageError(f"unknown graph format '{fmt}' (formats: {', '.join(FORMATS)})")


def render(graph: Graph, fmt: str, overlay: PathOverlay | None = None) -> str:
    """The graph as text in ``fmt`` (mermaid, dot, svg or html), with the dry run's path if given."""
    return _renderer(fmt)(graph, overlay)
