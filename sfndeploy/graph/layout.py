"""A layered layout in pure Python, so the HTML page needs neither Graphviz nor a network.

Sugiyama in brief: rank the nodes top to bottom along the transitions (back edges of loops
reversed), put a virtual point on every rank a long edge crosses, order each rank by the
barycentre of its neighbours while keeping clusters contiguous, then place the nodes along x
close to their neighbours without overlaps. Clusters become the boxes around their members.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sfndeploy.graph.model import Edge, Graph, Node
from sfndeploy.graph.style import marker_text, node_caption

CHAR_WIDTH = 7.2  # average width of a 13px sans-serif character
LABEL_CHAR_WIDTH = 6.2  # the same for 11px edge labels
NODE_HEIGHT = 46.0
MARKER_SIZE = 34.0
JOIN_SIZE = 12.0
RANK_GAP = 64.0
NODE_GAP = 28.0
CLUSTER_PAD = 14.0
CLUSTER_LABEL = 16.0
MARGIN = 24.0
SWEEPS = 6


@dataclass(frozen=True)
class Box:
    x: float  # centre
    y: float  # centre
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class ClusterBox:
    id: str
    label: str
    kind: str
    depth: int
    box: Box


@dataclass(frozen=True)
class RoutedEdge:
    edge: Edge
    points: tuple[tuple[float, float], ...]
    label_at: tuple[float, float]
    backward: bool

    @property
    def label_anchor(self) -> str:
        """``end`` when the edge runs leftwards, so its label sits on the outer side."""
        return "end" if self.points[-1][0] < self.points[0][0] - 1 else "start"

    def label_extent(self) -> tuple[float, float]:
        """Leftmost and rightmost x the label may reach."""
        width = len(self.edge.label) * LABEL_CHAR_WIDTH + 8
        x = self.label_at[0]
        return (x - width, x) if self.label_anchor == "end" else (x, x + width)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    nodes: dict[str, Box]
    edges: tuple[RoutedEdge, ...]
    clusters: tuple[ClusterBox, ...]


def node_size(node: Node) -> tuple[float, float]:
    if node.type == "join":
        return JOIN_SIZE, JOIN_SIZE
    if node.is_marker:
        return max(MARKER_SIZE, len(marker_text(node)) * CHAR_WIDTH + 10), MARKER_SIZE
    text = max(len(node.name) * 1.05, len(node_caption(node)) * 0.9)
    width = max(90.0, text * CHAR_WIDTH + 28)
    return (width * 1.25 if node.type == "Choice" else width), NODE_HEIGHT


class _Layered:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.chains = {n.id: _cluster_chain(graph, n.cluster) for n in graph.nodes}
        self.sizes = {n.id: node_size(n) for n in graph.nodes}
        self.order = [n.id for n in graph.nodes]
        self.back = _back_edges(graph)
        self.rank = self._ranks()
        self.virtual_paths: dict[int, list[str]] = {}
        self._add_virtual_points()

    def _forward(self, edge: Edge) -> tuple[str, str]:
        return (edge.target, edge.source) if id(edge) in self.back else (edge.source, edge.target)

    def _ranks(self) -> dict[str, int]:
        """Longest path from the sources over the forward edges (Kahn's order, no recursion)."""
        children: dict[str, list[str]] = defaultdict(list)
        waiting = dict.fromkeys(self.order, 0)
        for edge in self.graph.edges:
            if edge.source != edge.target:
                source, target = self._forward(edge)
                children[source].append(target)
                waiting[target] += 1
        rank = dict.fromkeys(self.order, 0)
        ready = [node_id for node_id in self.order if waiting[node_id] == 0]
        while ready:
            node_id = ready.pop()
            for child in children[node_id]:
                rank[child] = max(rank[child], rank[node_id] + 1)
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.append(child)
        return rank

    def _add_virtual_points(self) -> None:
        """Long forward edges get a point per rank they cross; back edges go round the side instead."""
        for index, edge in enumerate(self.graph.edges):
            source, target = self._forward(edge)
            low, high = self.rank[source], self.rank[target]
            path: list[str] = []
            if id(edge) in self.back:
                self.virtual_paths[index] = path
                continue
            chain = _common(self.chains[source], self.chains[target])
            for step in range(low + 1, high):
                point = f"~{index}~{step}"
                self.rank[point] = step
                self.chains[point] = chain
                self.sizes[point] = (8.0, 8.0)
                self.order.append(point)
                path.append(point)
            self.virtual_paths[index] = path

    def links(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for index, edge in enumerate(self.graph.edges):
            source, target = self._forward(edge)
            if source == target:
                continue
            chain = [source, *self.virtual_paths[index], target]
            pairs.extend(itertools.pairwise(chain))
        return pairs


def _cluster_chain(graph: Graph, cluster_id: str) -> tuple[str, ...]:
    chain: list[str] = []
    parents = {c.id: c.parent for c in graph.clusters}
    current = cluster_id
    while current:
        chain.append(current)
        current = parents.get(current, "")
    return tuple(reversed(chain))


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _back_edges(graph: Graph) -> set[int]:
    """Edges closing a cycle in a depth-first walk from the start marker (ids of the Edge objects)."""
    outgoing: dict[str, list[Edge]] = defaultdict(list)
    for edge in graph.edges:
        outgoing[edge.source].append(edge)
    back: set[int] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for root in [n.id for n in graph.nodes]:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node_id, position = stack.pop()
            edges = outgoing[node_id]
            if position < len(edges):
                stack.append((node_id, position + 1))
                edge = edges[position]
                if state.get(edge.target) == 1:
                    back.add(id(edge))
                elif edge.target not in state:
                    state[edge.target] = 1
                    stack.append((edge.target, 0))
            else:
                state[node_id] = 2
    return back


def _order_ranks(layered: _Layered) -> list[list[str]]:
    ranks: dict[int, list[str]] = defaultdict(list)
    for node_id in layered.order:
        ranks[layered.rank[node_id]].append(node_id)
    rows = [ranks[r] for r in sorted(ranks)]
    links = layered.links()
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for source, target in links:
        down[source].append(target)
        up[target].append(source)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for r in sequence:
            reference = rows[r - 1] if downward else rows[r + 1]
            weights = _barycentres(rows[r], reference, up if downward else down)
            rows[r] = _grouped_sort(rows[r], weights.__getitem__, layered.chains, 0)
    return rows


def _barycentres(row: list[str], reference: list[str], neighbours: dict[str, list[str]]) -> dict[str, float]:
    """The mean position of each node's neighbours in the reference row (its own position if none)."""
    position = {node_id: i for i, node_id in enumerate(reference)}
    weights = {}
    for index, node_id in enumerate(row):
        found = [position[n] for n in neighbours[node_id] if n in position]
        weights[node_id] = sum(found) / len(found) if found else float(index)
    return weights


def _grouped_sort(
    row: list[str], key: Callable[[str], float], chains: dict[str, tuple[str, ...]], depth: int
) -> list[str]:
    """Sort by barycentre, keeping the members of each cluster (at this depth) next to each other."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id in row:
        chain = chains[node_id]
        groups[chain[depth] if len(chain) > depth else f"#{node_id}"].append(node_id)
    ordered = sorted(groups.items(), key=lambda item: sum(key(n) for n in item[1]) / len(item[1]))
    result: list[str] = []
    for group, members in ordered:
        if group.startswith("#") or len(members) == 1:
            result.extend(sorted(members, key=key))
        else:
            result.extend(_grouped_sort(members, key, chains, depth + 1))
    return result


def _boundaries(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    shared = len(_common(a, b))
    return len(a) + len(b) - 2 * shared


def _place_x(layered: _Layered, rows: list[list[str]]) -> dict[str, float]:
    x: dict[str, float] = {}
    for row in rows:
        cursor = 0.0
        for i, node_id in enumerate(row):
            if i:
                cursor += _separation(layered, row[i - 1], node_id)
            x[node_id] = cursor
        shift = cursor / 2
        for node_id in row:
            x[node_id] -= shift
    links = layered.links()
    neighbours: dict[str, list[str]] = defaultdict(list)
    for source, target in links:
        neighbours[source].append(target)
        neighbours[target].append(source)
    for sweep in range(SWEEPS * 2):
        sequence = rows if sweep % 2 == 0 else list(reversed(rows))
        for row in sequence:
            desired = [
                sum(x[n] for n in neighbours[node_id]) / len(neighbours[node_id]) if neighbours[node_id] else x[node_id]
                for node_id in row
            ]
            placed = _fit(layered, row, desired)
            x.update(zip(row, placed, strict=True))
    return x


def _separation(layered: _Layered, left: str, right: str) -> float:
    half = (layered.sizes[left][0] + layered.sizes[right][0]) / 2
    return half + NODE_GAP + CLUSTER_PAD * _boundaries(layered.chains[left], layered.chains[right])


def _fit(layered: _Layered, row: list[str], desired: list[float]) -> list[float]:
    """Positions as near ``desired`` as the order and the separations allow."""
    placed = list(desired)
    for i in range(1, len(row)):
        placed[i] = max(placed[i], placed[i - 1] + _separation(layered, row[i - 1], row[i]))
    for i in range(len(row) - 2, -1, -1):
        placed[i] = min(placed[i], placed[i + 1] - _separation(layered, row[i], row[i + 1]))
    drift = sum(p - d for p, d in zip(placed, desired, strict=True)) / max(1, len(row))
    return [p - drift for p in placed]


def layout(graph: Graph) -> Layout:
    layered = _Layered(graph)
    rows = _order_ranks(layered)
    x = _place_x(layered, rows)
    y: dict[str, float] = {}
    top = 0.0
    for row in rows:
        height = max(layered.sizes[n][1] for n in row)
        for node_id in row:
            y[node_id] = top + height / 2
        top += height + RANK_GAP + _extra_gap(layered, row)
    boxes = {node_id: Box(x[node_id], y[node_id], *layered.sizes[node_id]) for node_id in layered.order}
    clusters = _cluster_boxes(graph, layered, boxes)
    siblings: dict[tuple[str, str], int] = defaultdict(int)
    edges = []
    for index, edge in enumerate(graph.edges):
        twin = siblings[(edge.source, edge.target)]
        siblings[(edge.source, edge.target)] += 1
        edges.append(_route(layered, index, edge, boxes, twin))
    return _normalised(graph, boxes, tuple(edges), clusters)


def _extra_gap(layered: _Layered, row: list[str]) -> float:
    """More room below rows whose nodes close clusters, so nested frames do not touch."""
    deepest = max((len(layered.chains[n]) for n in row), default=0)
    return deepest * (CLUSTER_PAD / 2)


def _cluster_boxes(graph: Graph, layered: _Layered, boxes: dict[str, Box]) -> list[ClusterBox]:
    found: list[ClusterBox] = []
    extents: dict[str, Box] = {}
    for cluster in sorted(graph.clusters, key=lambda c: -len(_cluster_chain(graph, c.id))):
        members = [
            boxes[n]
            for n, chain in layered.chains.items()
            if chain[: len(_cluster_chain(graph, cluster.id))] == _cluster_chain(graph, cluster.id)
            and not n.startswith("~")
        ]
        members += [extents[c.id] for c in graph.clusters_in(cluster.id) if c.id in extents]
        if not members:
            continue
        left = min(b.left for b in members) - CLUSTER_PAD
        right = max(b.right for b in members) + CLUSTER_PAD
        top_edge = min(b.top for b in members) - CLUSTER_PAD - CLUSTER_LABEL
        bottom = max(b.bottom for b in members) + CLUSTER_PAD
        box = Box((left + right) / 2, (top_edge + bottom) / 2, right - left, bottom - top_edge)
        extents[cluster.id] = box
        found.append(ClusterBox(cluster.id, cluster.label, cluster.kind, len(_cluster_chain(graph, cluster.id)), box))
    return sorted(found, key=lambda c: c.depth)


def _route(layered: _Layered, index: int, edge: Edge, boxes: dict[str, Box], twin: int) -> RoutedEdge:
    """The edge's points; ``twin`` counts earlier edges between the same two nodes, drawn beside them."""
    source, target = boxes[edge.source], boxes[edge.target]
    offset = 10.0 * twin
    points: tuple[tuple[float, float], ...]
    if edge.source == edge.target:
        right = source.right
        points = (
            (right, source.y - 8),
            (right + 26, source.y - 16),
            (right + 26, source.y + 16),
            (right, source.y + 8),
        )
        return RoutedEdge(edge, points, (right + 30, source.y), backward=True)
    backward = id(edge) in layered.back
    middle = [(boxes[p].x, boxes[p].y) for p in layered.virtual_paths[index]]
    if backward:
        low, high = min(source.y, target.y), max(source.y, target.y)
        beside = [b.right for b in boxes.values() if low - b.height / 2 <= b.y <= high + b.height / 2]
        lane = max([source.right, target.right, *beside]) + 30 + offset
        points = ((source.right, source.y), (lane, source.y), (lane, target.y), (target.right, target.y))
    else:
        points = ((source.x + offset, source.bottom), *middle, (target.x + offset, target.top))
    label_at = _label_point(points)
    label_at = (label_at[0], label_at[1] + 14 * twin)
    return RoutedEdge(edge, tuple(points), label_at, backward)


def _label_point(points: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    if len(points) == 2:
        (x1, y1), (x2, y2) = points
        return x1 + (x2 - x1) * 0.6, y1 + (y2 - y1) * 0.5
    middle = points[len(points) // 2]
    return middle


def _normalised(
    graph: Graph, boxes: dict[str, Box], edges: tuple[RoutedEdge, ...], clusters: list[ClusterBox]
) -> Layout:
    xs = [b.left for b in boxes.values()] + [c.box.left for c in clusters]
    xs += [p[0] for e in edges for p in e.points] + [e.label_extent()[0] for e in edges if e.edge.label]
    ys = [b.top for b in boxes.values()] + [c.box.top for c in clusters]
    rights = [b.right for b in boxes.values()] + [c.box.right for c in clusters]
    rights += [p[0] for e in edges for p in e.points] + [e.label_extent()[1] for e in edges if e.edge.label]
    right = max(rights) + 60  # room for retry loops drawn beside the nodes
    bottom = max([b.bottom for b in boxes.values()] + [c.box.bottom for c in clusters])
    dx, dy = MARGIN - min(xs), MARGIN - min(ys)

    def moved(box: Box) -> Box:
        return Box(box.x + dx, box.y + dy, box.width, box.height)

    real = {n.id: moved(boxes[n.id]) for n in graph.nodes}
    routed = tuple(
        RoutedEdge(
            e.edge,
            tuple((px + dx, py + dy) for px, py in e.points),
            (e.label_at[0] + dx, e.label_at[1] + dy),
            e.backward,
        )
        for e in edges
    )
    framed = tuple(ClusterBox(c.id, c.label, c.kind, c.depth, moved(c.box)) for c in clusters)
    return Layout(right + dx + MARGIN, bottom + dy + MARGIN, real, routed, framed)
