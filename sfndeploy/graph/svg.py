"""SVG through Graphviz's ``dot`` program, when it is installed."""

from __future__ import annotations

import shutil
import subprocess

from sfndeploy.errors import SfnDeployError
from sfndeploy.graph.dot import render_dot
from sfndeploy.graph.model import Graph
from sfndeploy.graph.overlay import PathOverlay

DOT_TIMEOUT_SECONDS = 60


class GraphvizMissing(SfnDeployError):
    """``--format svg`` needs Graphviz's ``dot`` on the PATH."""


class GraphvizFailed(SfnDeployError):
    """``dot`` ran but did not produce a picture."""


def render_svg(graph: Graph, overlay: PathOverlay | None = None) -> str:
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing(
            "the svg format needs Graphviz's 'dot' program, which is not on the PATH",
            hint="install Graphviz (apt-get install graphviz, brew install graphviz), or use --format html or mermaid",
        )
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=render_dot(graph, overlay),
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GraphvizFailed(f"running Graphviz's dot failed: {error}") from error
    if done.returncode != 0 or "<svg" not in done.stdout:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise GraphvizFailed(f"Graphviz's dot failed: {message}")
    return done.stdout
