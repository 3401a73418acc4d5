"""One self-contained HTML page: the graph as inline SVG with a small pan and zoom script.

Nothing is fetched when the page is viewed: no fonts, scripts or styles from the network. The
layout is computed here in Python (``layout.py``), so Graphviz is not needed either.
"""

from __future__ import annotations

import json
from html import escape

from sfndeploy.graph.layout import Box, ClusterBox, Layout, RoutedEdge, layout
from sfndeploy.graph.model import Graph, Node
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

_STYLE = f"""
html, body {{ margin: 0; height: 100%; overflow: hidden; display: flex; flex-direction: column;
  font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  background: #ffffff; color: #202124; }}
header {{ padding: 8px 16px; border-bottom: 1px solid #dadce0; display: flex; gap: 24px; align-items: baseline;
  flex-wrap: wrap; }}
header h1 {{ font-size: 18px; margin: 0; }}
header .hint {{ color: #5f6368; font-size: 12px; }}
header .legend {{ font-size: 12px; display: inline-flex; gap: 10px; }}
header .legend span {{ padding: 0 3px; }}
header .status {{ font-weight: 600; font-size: 13px; }}
header .status.ok {{ color: {TAKEN_COLOUR}; }}
header .status.bad {{ color: {CATCH_COLOUR}; }}
#viewport {{ flex: 1; min-height: 0; position: relative; }}
#graph {{ width: 100%; height: 100%; cursor: grab; user-select: none; }}
#graph.dragging {{ cursor: grabbing; }}
.state {{ cursor: pointer; }}
#panel {{ position: absolute; top: 8px; right: 8px; width: min(420px, 45%); max-height: calc(100% - 16px);
  overflow: auto; background: #ffffff; border: 1px solid #dadce0; border-radius: 8px;
  box-shadow: 0 2px 8px rgba(0,0,0,.15); padding: 8px 12px; }}
#panel h2 {{ font-size: 14px; margin: 4px 24px 8px 0; }}
#panel pre {{ font-size: 12px; margin: 0; white-space: pre-wrap; word-break: break-word; }}
#panel button {{ position: absolute; top: 4px; right: 6px; border: none; background: none; font-size: 18px;
  cursor: pointer; }}
.state text.name {{ font-size: 13px; font-weight: 600; }}
.state text.caption {{ font-size: 11px; fill: #5f6368; }}
.marker text {{ font-size: 11px; fill: #ffffff; font-weight: 600; }}
.edge path {{ fill: none; stroke: {EDGE_COLOUR}; stroke-width: 1.4; }}
.edge.catch path {{ stroke: {CATCH_COLOUR}; stroke-dasharray: 6 4; }}
.edge text {{ font-size: 11px; fill: {EDGE_COLOUR}; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; }}
.edge.catch text {{ fill: {CATCH_COLOUR}; }}
.edge.taken path {{ stroke: {TAKEN_COLOUR}; stroke-width: 3.5; }}
.edge.taken text {{ fill: {TAKEN_COLOUR}; font-weight: 600; }}
.edge.retry path {{ stroke: {RETRY_COLOUR}; stroke-width: 2.5; stroke-dasharray: 4 3; }}
.edge.retry text {{ fill: {RETRY_COLOUR}; font-weight: 600; }}
.cluster rect {{ fill: none; stroke: #137333; stroke-width: 1.2; }}
.cluster.branch rect, .cluster.processor rect {{ stroke: #9aa0a6; stroke-dasharray: 5 4; }}
.cluster text {{ font-size: 11px; fill: #3c4043; }}
.state.visited .shape {{ fill: {VISITED_FILL}; stroke: {TAKEN_COLOUR}; stroke-width: 3; }}
.state.failed .shape {{ fill: {FAILED_FILL}; stroke: {CATCH_COLOUR}; stroke-width: 4; }}
"""

_SCRIPT = """
(function () {
  var svg = document.getElementById("graph");
  var box = svg.viewBox.baseVal;
  var home = [box.x, box.y, box.width, box.height];
  var drag = null;
  function scale() { return box.width / Math.max(1, svg.clientWidth); }
  function zoom(factor, cx, cy) {
    var rect = svg.getBoundingClientRect();
    var px = box.x + (cx - rect.left) * box.width / rect.width;
    var py = box.y + (cy - rect.top) * box.height / rect.height;
    box.x = px - (px - box.x) * factor; box.y = py - (py - box.y) * factor;
    box.width *= factor; box.height *= factor;
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    zoom(Math.exp(e.deltaY * 0.0015), e.clientX, e.clientY);
  }, {passive: false});
  var states = JSON.parse(document.getElementById("state-data").textContent);
  var panel = document.getElementById("panel");
  function inspect(target) {
    var node = target.closest ? target.closest("g.state") : null;
    if (!node) { return; }
    var found = states[node.id.slice(5)];
    if (!found) { return; }
    panel.querySelector("h2").textContent = found.name;
    panel.querySelector("pre").textContent = found.source;
    panel.hidden = false;
  }
  document.getElementById("close").addEventListener("click", function () { panel.hidden = true; });
  svg.addEventListener("pointerdown", function (e) {
    drag = {x: e.clientX, y: e.clientY, moved: 0, target: e.target};
    svg.classList.add("dragging");
    try { svg.setPointerCapture(e.pointerId); } catch (ignored) { /* a synthetic pointer cannot be captured */ }
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var s = scale();
    box.x -= (e.clientX - drag.x) * s; box.y -= (e.clientY - drag.y) * s;
    drag.moved += Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y);
    drag.x = e.clientX; drag.y = e.clientY;
  });
  svg.addEventListener("pointerup", function () {
    if (drag && drag.moved < 4) { inspect(drag.target); }
  });
  function stop() { drag = null; svg.classList.remove("dragging"); }
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);
  svg.addEventListener("dblclick", function () {
    box.x = home[0]; box.y = home[1]; box.width = home[2]; box.height = home[3];
  });
  document.addEventListener("keydown", function (e) {
    var rect = svg.getBoundingClientRect();
    var cx = rect.left + rect.width / 2, cy = rect.top + rect.height / 2;
    if (e.key === "+" || e.key === "=") { zoom(0.8, cx, cy); }
    if (e.key === "-") { zoom(1.25, cx, cy); }
    if (e.key === "0") { box.x = home[0]; box.y = home[1]; box.width = home[2]; box.height = home[3]; }
    if (e.key === "Escape") { panel.hidden = true; }
  });
  document.body.setAttribute("data-ready", "yes");
})();
"""


def render_html(graph: Graph, overlay: PathOverlay | None = None) -> str:
    placed = layout(graph)
    title = graph.title or "workflow"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{escape(title)}</h1>",
            _status(overlay),
            _legend(overlay),
            '<span class="hint">drag to pan · wheel or +/− to zoom · double-click or 0 to reset · '
            "click a state to see it</span>",
            "</header>",
            '<div id="viewport">',
            svg_document(graph, placed, overlay),
            '<aside id="panel" hidden><button id="close" title="close (Esc)">×</button><h2></h2><pre></pre></aside>',
            "</div>",
            f'<script type="application/json" id="state-data">{_state_data(graph)}</script>',
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _state_data(graph: Graph) -> str:
    """Each state's JSON by node id, safe inside a script element."""
    data = {n.id: {"name": n.name, "source": n.source} for n in graph.nodes if not n.is_marker}
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _legend(overlay: PathOverlay | None) -> str:
    items = [
        f'<span style="border-bottom: 2px dashed {CATCH_COLOUR}">Catch</span>',
        f'<span style="border-bottom: 2px solid {EDGE_COLOUR}">transition</span>',
    ]
    if overlay is not None:
        items += [
            f'<span style="background: {VISITED_FILL}">visited</span>',
            f'<span style="border-bottom: 3px solid {TAKEN_COLOUR}">taken</span>',
            f'<span style="color: {RETRY_COLOUR}">↻ retried</span>',
            f'<span style="background: {FAILED_FILL}">ended here</span>',
        ]
    return f'<span class="legend">{" ".join(items)}</span>'


def _status(overlay: PathOverlay | None) -> str:
    if overlay is None:
        return ""
    good = overlay.status == "SUCCEEDED"
    text = f"dry run: {overlay.status or 'unknown'}"
    if overlay.failed_state:
        text += f" at {overlay.failed_state}"
    return f'<span class="status {"ok" if good else "bad"}">{escape(text)}</span>'


def svg_document(graph: Graph, placed: Layout, overlay: PathOverlay | None = None) -> str:
    parts = [
        f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {placed.width:.0f} {placed.height:.0f}" '
        f'preserveAspectRatio="xMidYMin meet" role="img" aria-label="{escape(graph.title or "workflow")}">',
        _arrow_markers(),
    ]
    parts.extend(_cluster(c) for c in placed.clusters)
    for routed in placed.edges:
        taken = overlay is not None and overlay.edge_taken(graph, routed.edge)
        parts.append(_edge(routed, taken))
    for node in graph.nodes:
        parts.append(_node(graph, node, placed.nodes[node.id], overlay))
    if overlay is not None:  # above the nodes, so no neighbour hides them
        parts.extend(_retry_loop(placed.nodes[n.id], count) for n, count in _retried(graph, overlay))
    parts.append("</svg>")
    return "\n".join(parts)


def _retried(graph: Graph, overlay: PathOverlay) -> list[tuple[Node, int]]:
    found = []
    for name, count in overlay.retries.items():
        node = graph.node_for_state(name)
        if node is not None and count >= 0:
            found.append((node, count))
    return found


def _arrow_markers() -> str:
    markers = []
    for name, colour in (
        ("arrow", EDGE_COLOUR),
        ("arrow-catch", CATCH_COLOUR),
        ("arrow-taken", TAKEN_COLOUR),
        ("arrow-retry", RETRY_COLOUR),
    ):
        markers.append(
            f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
            'markerUnits="userSpaceOnUse" '
            f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        )
    return "<defs>" + "".join(markers) + "</defs>"


def _cluster(cluster: ClusterBox) -> str:
    b = cluster.box
    return (
        f'<g class="cluster {cluster.kind}"><rect x="{b.left:.1f}" y="{b.top:.1f}" width="{b.width:.1f}" '
        f'height="{b.height:.1f}" rx="10"/><text x="{b.left + 10:.1f}" y="{b.top + 14:.1f}">'
        f"{escape(cluster.label)}</text></g>"
    )


def _edge(routed: RoutedEdge, taken: bool) -> str:
    edge = routed.edge
    classes = ["edge", edge.kind] + (["taken"] if taken else [])
    arrow = "arrow-taken" if taken else "arrow-catch" if edge.kind == "catch" else "arrow"
    path = _path(routed.points)
    label = ""
    if edge.label:
        x, y = routed.label_at
        anchor = routed.label_anchor
        shift = -6 if anchor == "end" else 6
        label = f'<text x="{x + shift:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(edge.label)}</text>'
    title = f"{edge.state}: {edge.kind}" if edge.state else edge.kind
    return (
        f'<g class="{" ".join(classes)}" data-source="{escape(edge.source)}" data-target="{escape(edge.target)}">'
        f"<title>{escape(title)}</title>"
        f'<path d="{path}" marker-end="url(#{arrow})"/>{label}</g>'
    )


def _path(points: tuple[tuple[float, float], ...]) -> str:
    (x0, y0), rest = points[0], points[1:]
    if len(points) == 2:
        (x1, y1) = rest[0]
        bend = (y1 - y0) / 2
        return f"M {x0:.1f} {y0:.1f} C {x0:.1f} {y0 + bend:.1f}, {x1:.1f} {y1 - bend:.1f}, {x1:.1f} {y1:.1f}"
    return f"M {x0:.1f} {y0:.1f} " + " ".join(f"L {x:.1f} {y:.1f}" for x, y in rest)


def _retry_loop(box: Box, count: int) -> str:
    """A small loop over the state's top right corner, counting the retries."""
    start_x, top = box.right - 26, box.top
    return (
        f'<g class="edge retry"><path d="M {start_x:.1f} {top:.1f} C {start_x:.1f} {top - 24:.1f}, '
        f'{box.right + 16:.1f} {top - 24:.1f}, {box.right - 4:.1f} {top + 2:.1f}" marker-end="url(#arrow-retry)"/>'
        f'<text x="{box.right + 10:.1f}" y="{top - 10:.1f}">{escape(retry_label(count))}</text></g>'
    )


def _node(graph: Graph, node: Node, box: Box, overlay: PathOverlay | None) -> str:
    colours = look(node)
    fill, stroke = colours.fill, colours.stroke
    shape = _shape(node, box, fill, stroke)
    classes = ["marker" if node.is_marker else "state", node.type]
    if overlay is not None and not node.is_marker and overlay.node_visited(graph, node.id):
        classes.append("visited")
    if overlay is not None and overlay.failed_state and node.name == overlay.failed_state:
        classes.append("failed")
    if node.is_marker:
        text = marker_text(node)
        label = f'<text x="{box.x:.1f}" y="{box.y + 4:.1f}" text-anchor="middle">{escape(text)}</text>' if text else ""
        return f'<g class="{" ".join(classes)}" id="node-{escape(node.id)}">{shape}{label}</g>'
    tooltip = f"{node.name} ({node_caption(node)})"
    if overlay is not None and overlay.visited.get(node.name, 0) > 1:
        tooltip += f", entered {overlay.visited[node.name]} times"
    return (
        f'<g class="{" ".join(classes)}" id="node-{escape(node.id)}" data-state="{escape(node.name)}">'
        f"<title>{escape(tooltip)}</title>{shape}"
        f'<text class="name" x="{box.x:.1f}" y="{box.y - 3:.1f}" text-anchor="middle">{escape(node.name)}</text>'
        f'<text class="caption" x="{box.x:.1f}" y="{box.y + 13:.1f}" text-anchor="middle">'
        f"{escape(node_caption(node))}</text></g>"
    )


def _shape(node: Node, box: Box, fill: str, stroke: str) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if node.type in {"start", "end", "join"}:
        radius = box.width / 2
        ring = ""
        if node.type == "end":
            ring = f'<circle cx="{box.x:.1f}" cy="{box.y:.1f}" r="{radius + 3:.1f}" fill="none" stroke="{stroke}"/>'
        return f'{ring}<circle class="shape" cx="{box.x:.1f}" cy="{box.y:.1f}" r="{radius:.1f}" {paint}/>'
    if node.type == "Choice":
        corners = ((box.x, box.top), (box.right, box.y), (box.x, box.bottom), (box.left, box.y))
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
        return f'<polygon class="shape" points="{points}" {paint}/>'
    radius = box.height / 2 if node.type in {"Succeed", "Fail"} else 8
    width = 2.5 if node.type in {"Succeed", "Fail", "Parallel", "Map"} else 1.5
    return (
        f'<rect class="shape" x="{box.left:.1f}" y="{box.top:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" '
        f'rx="{radius:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
    )
