"""The state graph of an ASL definition: plain frozen data every renderer draws.

Parallel and Map states become clusters: the state's own node opens the cluster, each branch
(or the item processor) is a nested cluster, and a ``join`` node closes it. Transitions leaving a
Parallel or Map (Next, Catch) leave from its join node, so the flow reads top to bottom. The
whole machine has one ``start`` marker and one ``end`` marker; nested scopes start from their
owner's node and end at its join.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.asl.arns import integration_resource
from sfndeploy.graph.conditions import clip, condition_text

START_ID = "Start"
END_ID = "End"
MARKER_TYPES = frozenset({"start", "end", "join"})
CONTAINER_TYPES = frozenset({"Parallel", "Map"})
TERMINAL_TYPES = frozenset({"Succeed", "Fail"})


@dataclass(frozen=True)
class Node:
    id: str  # unique in the graph, safe as a Mermaid/DOT identifier
    name: str  # the state name ("" for markers)
    type: str  # the ASL Type, or start | end | join
    cluster: str = ""  # id of the innermost cluster holding the node, "" at top level
    detail: str = ""  # a short second line: the integration of a Task, the error of a Fail
    terminal: bool = False  # End: true, Succeed or Fail
    source: str = field(default="", compare=False, repr=False)  # the state's JSON, for inspection

    @property
    def is_marker(self) -> bool:
        return self.type in MARKER_TYPES


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # next | choice | default | catch | start | end | branch | join
    label: str = ""
    state: str = ""  # the state whose field wrote this transition ("" for markers)
    index: int = -1  # which Choices/Catch entry, -1 for the others


@dataclass(frozen=True)
class Cluster:
    id: str
    label: str
    kind: str  # parallel | map | branch | processor
    parent: str = ""  # enclosing cluster id, "" at top level


@dataclass(frozen=True)
class Graph:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    query_language: str = "JSONPath"

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def node_for_state(self, name: str) -> Node | None:
        return next((n for n in self.nodes if n.name == name and not n.is_marker), None)

    def nodes_in(self, cluster_id: str) -> list[Node]:
        return [n for n in self.nodes if n.cluster == cluster_id]

    def clusters_in(self, cluster_id: str) -> list[Cluster]:
        return [c for c in self.clusters if c.parent == cluster_id]

    @property
    def state_names(self) -> list[str]:
        return [n.name for n in self.nodes if not n.is_marker]


@dataclass
class _Builder:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=lambda: {START_ID, END_ID})

    def new_id(self, name: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_]", "_", name) or "state"
        if base[0].isdigit() or base.startswith("cluster"):  # cluster_* names the Parallel/Map frames
            base = "s_" + base
        candidate = base
        counter = 2
        while candidate in self.used_ids or candidate.lower() in _RESERVED:
            candidate = f"{base}_{counter}"
            counter += 1
        self.used_ids.add(candidate)
        return candidate


# Words Mermaid's flowchart grammar treats as keywords when used as a node id.
_RESERVED = frozenset(
    {
        "end",
        "start",
        "graph",
        "subgraph",
        "flowchart",
        "style",
        "class",
        "classdef",
        "click",
        "linkstyle",
        "default",
        "direction",
        "call",
        "href",
        "node",
        "edge",
        "digraph",
        "strict",
    }
)


def build_graph(definition: Any, title: str = "") -> Graph:
    """The graph of ``definition``; tolerant of definitions the validator would reject."""
    builder = _Builder()
    root = definition if isinstance(definition, dict) else {}
    builder.nodes.append(Node(START_ID, "", "start"))
    entry, finals = _scope(builder, root, "")
    if entry is not None:
        builder.edges.append(Edge(START_ID, entry, "start"))
    builder.nodes.append(Node(END_ID, "", "end"))
    builder.edges.extend(Edge(node_id, END_ID, "end") for node_id in finals)
    query_language = str(root.get("QueryLanguage", "JSONPath"))
    return Graph(title, tuple(builder.nodes), tuple(builder.edges), tuple(builder.clusters), query_language)


def _scope(builder: _Builder, scope: dict[str, Any], cluster: str) -> tuple[str | None, list[str]]:
    """Add one scope's states; return the id of its start state and the ids that end it."""
    states = scope.get("States")
    states = states if isinstance(states, dict) else {}
    order = _ordered_names(states, scope.get("StartAt"))
    ids = {name: builder.new_id(name) for name in order}
    exits: dict[str, str] = {}  # state name -> id transitions leave from (join node of containers)
    finals: list[str] = []
    for name in order:
        body = states[name] if isinstance(states[name], dict) else {}
        exits[name] = _add_state(builder, name, body, ids[name], cluster)
        if _ends_scope(body):
            finals.append(exits[name])
    for name in order:
        body = states[name] if isinstance(states[name], dict) else {}
        for edge in _transitions(name, body):
            if edge.target in ids:
                builder.edges.append(Edge(exits[name], ids[edge.target], edge.kind, edge.label, name, edge.index))
    start = scope.get("StartAt")
    return (ids.get(start) if isinstance(start, str) else None), finals


def _ordered_names(states: dict[str, Any], start: Any) -> list[str]:
    """Breadth first from StartAt, then any unreachable states in written order."""
    order: list[str] = []
    queue = [start] if isinstance(start, str) and start in states else []
    while queue:
        name = queue.pop(0)
        if name in order:
            continue
        order.append(name)
        body = states[name] if isinstance(states[name], dict) else {}
        queue.extend(e.target for e in _transitions(name, body) if e.target in states and e.target not in order)
    order.extend(name for name in states if name not in order)
    return order


def _ends_scope(body: dict[str, Any]) -> bool:
    return body.get("Type") in TERMINAL_TYPES or body.get("End") is True


def _add_state(builder: _Builder, name: str, body: dict[str, Any], node_id: str, cluster: str) -> str:
    state_type = str(body.get("Type", "?"))
    terminal = _ends_scope(body)
    if state_type not in CONTAINER_TYPES:
        builder.nodes.append(
            Node(node_id, name, state_type, cluster, _detail(state_type, body), terminal, _source(body))
        )
        return node_id
    container = f"cluster_{node_id}"
    label = f"{name} ({state_type})"
    builder.clusters.append(Cluster(container, label, state_type.lower(), cluster))
    outline = {k: v for k, v in body.items() if k not in ("Branches", "ItemProcessor", "Iterator")}
    builder.nodes.append(
        Node(node_id, name, state_type, container, _detail(state_type, body), terminal, _source(outline))
    )
    join = builder.new_id(f"{node_id}_join")
    for index, (inner_label, kind, inner) in enumerate(_inner_scopes(state_type, body)):
        inner_id = f"{container}_{index}"
        builder.clusters.append(Cluster(inner_id, inner_label, kind, container))
        entry, finals = _scope(builder, inner, inner_id)
        if entry is not None:
            builder.edges.append(Edge(node_id, entry, "branch", "", name, index))
        builder.edges.extend(Edge(final, join, "join", "", name, index) for final in finals)
    builder.nodes.append(Node(join, "", "join", container))
    return join


def _inner_scopes(state_type: str, body: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    if state_type == "Parallel":
        branches = body.get("Branches")
        for index, branch in enumerate(branches if isinstance(branches, list) else []):
            yield f"Branch {index + 1}", "branch", branch if isinstance(branch, dict) else {}
        return
    processor = body.get("ItemProcessor", body.get("Iterator"))
    processor = processor if isinstance(processor, dict) else {}
    config = processor.get("ProcessorConfig")
    mode = config.get("Mode", "INLINE") if isinstance(config, dict) else "INLINE"
    yield f"Item processor ({mode})", "processor", processor


@dataclass(frozen=True)
class _Transition:
    target: str
    kind: str
    label: str = ""
    index: int = -1


def _transitions(name: str, body: dict[str, Any]) -> list[_Transition]:
    found: list[_Transition] = []
    choices = body.get("Choices")
    if body.get("Type") == "Choice" and isinstance(choices, list):
        for index, rule in enumerate(choices):
            if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                found.append(_Transition(rule["Next"], "choice", condition_text(rule), index))
        if isinstance(body.get("Default"), str):
            found.append(_Transition(body["Default"], "default", "Default"))
    if isinstance(body.get("Next"), str):
        found.append(_Transition(body["Next"], "next"))
    catchers = body.get("Catch")
    if isinstance(catchers, list):
        for index, catcher in enumerate(catchers):
            if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
                errors = catcher.get("ErrorEquals")
                errors = errors if isinstance(errors, list) else []
                label = clip("catch " + ", ".join(str(e) for e in errors))
                found.append(_Transition(catcher["Next"], "catch", label, index))
    return found


def _source(body: dict[str, Any]) -> str:
    return json.dumps(body, indent=2, ensure_ascii=False, default=str)


def _detail(state_type: str, body: dict[str, Any]) -> str:
    if state_type == "Task":
        return clip(_resource_summary(body.get("Resource")), 40)
    if state_type == "Fail" and isinstance(body.get("Error"), str):
        return clip(body["Error"], 40)
    if state_type == "Wait":
        for key in ("Seconds", "SecondsPath", "Timestamp", "TimestampPath"):
            if key in body:
                return clip(f"{key} {body[key]}", 40)
    return ""


def _resource_summary(resource: Any) -> str:
    """``lambda:invoke`` for an integration, ``activity:Name``/``lambda:Name`` for other ARNs."""
    if not isinstance(resource, str):
        return ""
    parts = integration_resource(resource).split(":")
    if resource.startswith("arn:") and len(parts) >= 6:
        if parts[2] == "states" and parts[3] == "" and parts[4] == "":
            return ":".join(parts[5:])
        if parts[2] == "states" and len(parts) >= 7:
            return f"{parts[5]}:{parts[6]}"
        if parts[2] == "lambda":
            return "lambda:" + (parts[6] if len(parts) > 6 else parts[5])
        return f"{parts[2]}:{parts[5]}"
    return resource
