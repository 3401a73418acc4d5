"""Colours and wording shared by every renderer, so all formats look alike."""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.graph.model import Node


@dataclass(frozen=True)
class Look:
    fill: str
    stroke: str


LOOKS = {
    "Task": Look("#e8f0fe", "#3367d6"),
    "Pass": Look("#f1f3f4", "#5f6368"),
    "Wait": Look("#fef7e0", "#b06000"),
    "Choice": Look("#fff4e5", "#e37400"),
    "Parallel": Look("#e6f4ea", "#137333"),
    "Map": Look("#e6f4ea", "#137333"),
    "Succeed": Look("#ceead6", "#137333"),
    "Fail": Look("#fce8e6", "#c5221f"),
    "start": Look("#202124", "#202124"),
    "end": Look("#202124", "#202124"),
    "join": Look("#ffffff", "#137333"),
}
DEFAULT_LOOK = Look("#ffffff", "#5f6368")

CATCH_COLOUR = "#c5221f"
EDGE_COLOUR = "#5f6368"
TAKEN_COLOUR = "#1e8e3e"
VISITED_FILL = "#b7e1c1"
FAILED_FILL = "#f28b82"
RETRY_COLOUR = "#e37400"


def look(node: Node) -> Look:
    return LOOKS.get(node.type, DEFAULT_LOOK)


def node_caption(node: Node) -> str:
    """The second line under a state's name: its type, and for tasks the integration."""
    if node.is_marker:
        return ""
    return f"{node.type}: {node.detail}" if node.detail else node.type


def marker_text(node: Node) -> str:
    return {"start": "Start", "end": "End"}.get(node.type, "")


def retry_label(count: int) -> str:
    """``retried 2×``; a count of 0 means the state retried but the history cannot say how often."""
    if count <= 0:
        return "retried"
    return f"retried {count}×" if count != 1 else "retried once"
