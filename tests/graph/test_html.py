"""The self-contained HTML page: offline by construction, and opened in a real headless Chromium."""

from __future__ import annotations

import re
import subprocess
from html import escape
from pathlib import Path

import pytest

from sfndeploy.graph import PathOverlay, build_graph, render
from tests.graph.examples import WORKFLOWS, example_definitions
from tests.graph.pngcheck import colour_counts, pixels

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _page(workflow: str, overlay: PathOverlay | None = None) -> str:
    return render(build_graph(example_definitions()[workflow], workflow), "html", overlay)


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_page_needs_nothing_from_the_network(workflow: str) -> None:
    page = _page(workflow)
    head, rest = page.split('<script type="application/json" id="state-data">', 1)
    page = head + rest.split("</script>", 1)[1]  # the states' own JSON is data (queue URLs...), never fetched
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    addresses = set(re.findall(r"https?://[^\s\"')]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg"}, addresses  # the SVG namespace is a name, not a fetch


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_page_holds_every_state_and_edge_label(workflow: str) -> None:
    graph = build_graph(example_definitions()[workflow], workflow)
    page = render(graph, "html")
    for name in graph.state_names:
        assert f'data-state="{name}"' in page
    for edge in graph.edges:
        if edge.label:
            assert escape(edge.label) in page


def test_layout_keeps_nodes_apart_and_clusters_around_their_members() -> None:
    from sfndeploy.graph.layout import layout

    for workflow in WORKFLOWS:
        graph = build_graph(example_definitions()[workflow], workflow)
        placed = layout(graph)
        boxes = list(placed.nodes.values())
        for i, a in enumerate(boxes):
            assert a.left >= 0 and a.right <= placed.width and a.top >= 0 and a.bottom <= placed.height
            for b in boxes[i + 1 :]:
                apart = a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top
                assert apart, f"{workflow}: nodes overlap"
        frames = {c.id: c.box for c in placed.clusters}
        for node in graph.nodes:
            if node.cluster:
                frame, box = frames[node.cluster], placed.nodes[node.id]
                assert frame.left < box.left and box.right < frame.right
                assert frame.top < box.top and box.bottom < frame.bottom


def test_overlay_marks_visited_states_taken_edges_retries_and_the_failure() -> None:
    overlay = PathOverlay(
        visited={"ValidateOrder": 1, "IsOrderValid": 1, "ReserveStock": 1, "OutOfStock": 1},
        taken=frozenset(
            {
                ("ValidateOrder", "Next", "IsOrderValid"),
                ("IsOrderValid", "Choices[0]", "ReserveStock"),
                ("ReserveStock", "Catch[0]", "OutOfStock"),
            }
        ),
        retries={"ReserveStock": 2},
        failed_state="OutOfStock",
        status="FAILED",
    )
    page = _page("order-processing", overlay)
    assert re.search(r'class="state Task visited" id="node-ReserveStock"', page)
    assert re.search(r'class="state Fail visited failed" id="node-OutOfStock"', page)
    assert 'class="state Task" id="node-ChargePayment"' in page
    assert 'class="edge catch taken" data-source="ReserveStock" data-target="OutOfStock"' in page
    assert 'class="edge choice taken" data-source="IsOrderValid" data-target="ReserveStock"' in page
    assert 'class="edge default" data-source="IsOrderValid" data-target="RejectOrder"' in page
    assert "retried 2×" in page
    assert "dry run: FAILED at OutOfStock" in page


# Appended to a copy of the page: click a state and turn the wheel, then record what the page did.
_CLICK = """<script>
var svg = document.getElementById("graph");
var before = svg.viewBox.baseVal.width;
var node = document.querySelector('g.state[data-state="BuildReport"] rect');
var at = {bubbles: true, clientX: 100, clientY: 100, pointerId: 1};
node.dispatchEvent(new PointerEvent("pointerdown", at));
node.dispatchEvent(new PointerEvent("pointerup", at));
var panel = document.getElementById("panel");
document.body.setAttribute("data-panel", panel.hidden ? "" : panel.querySelector("h2").textContent);
svg.dispatchEvent(new WheelEvent("wheel", {bubbles: true, cancelable: true, deltaY: -200, clientX: 50, clientY: 50}));
document.body.setAttribute("data-zoomed", svg.viewBox.baseVal.width < before ? "yes" : "no");
</script>"""


def _chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_page_renders_in_headless_chromium(chromium: str, tmp_path: Path) -> None:
    graph = build_graph(example_definitions()["etl-pipeline"], "etl-pipeline")
    page = tmp_path / "etl-pipeline.html"
    page.write_text(render(graph, "html"), encoding="utf-8")
    shot = tmp_path / "shot.png"

    done = _chromium(chromium, tmp_path, f"--screenshot={shot}", "--window-size=900,900", page.as_uri())

    assert shot.is_file() and shot.stat().st_size > 0, done.stderr[-2000:]
    data = shot.read_bytes()
    width, height, _ = pixels(data)
    assert (width, height) == (900, 900)
    counts = colour_counts(data)
    background_share = counts.most_common(1)[0][1] / sum(counts.values())
    assert background_share < 0.97, "the screenshot is (almost) one colour: nothing was drawn"
    assert len(counts) > 20, "too few colours for a drawn graph"
    state_fill = bytes.fromhex("e8f0fe")  # the fill of Task states
    assert counts[state_fill] > 50, "no Task state visible in the screenshot"

    clicked = tmp_path / "clicked.html"
    clicked.write_text(page.read_text(encoding="utf-8").replace("</body>", _CLICK + "</body>"), encoding="utf-8")
    dom = _chromium(chromium, tmp_path, "--dump-dom", clicked.as_uri()).stdout
    assert 'data-ready="yes"' in dom, "the pan and zoom script did not run to its end"
    assert 'data-panel="BuildReport"' in dom, "clicking a state did not open its panel"
    assert 'data-zoomed="yes"' in dom, "the wheel did not zoom"
    for name in graph.state_names:
        assert f'data-state="{name}"' in dom
        assert f">{name}</text>" in dom


def test_loops_go_round_the_side_and_long_chains_need_no_recursion() -> None:
    from sfndeploy.graph.layout import layout

    loop = {
        "StartAt": "Poll",
        "States": {
            "Poll": {"Type": "Pass", "Next": "Done?"},
            "Done?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.done", "BooleanEquals": True, "Next": "Finish"}],
                "Default": "Wait",
            },
            "Wait": {"Type": "Wait", "Seconds": 10, "Next": "Poll"},
            "Finish": {"Type": "Succeed"},
        },
    }
    placed = layout(build_graph(loop))
    (back,) = [e for e in placed.edges if e.backward]
    assert (back.edge.source, back.edge.target) == ("Wait", "Poll")
    lane = back.points[1][0]
    assert all(lane > box.right for box in placed.nodes.values())
    assert placed.nodes["Poll"].y < placed.nodes["Done_"].y < placed.nodes["Wait"].y

    count = 3000  # written last state first, so nothing is ranked before its parent
    chain = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in reversed(range(count))}
    chain[f"S{count}"] = {"Type": "Succeed"}
    placed = layout(build_graph({"StartAt": "S0", "States": chain}))
    assert placed.nodes[f"S{count}"].y > placed.nodes["S0"].y


def test_page_carries_each_states_json_for_the_inspection_panel() -> None:
    import json

    definition = dict(example_definitions()["etl-pipeline"])
    definition["States"] = {**definition["States"], "Odd": {"Type": "Pass", "Result": "</script><!--", "End": True}}
    page = render(build_graph(definition, "etl"), "html")
    data_text = page.split('<script type="application/json" id="state-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(data_text)
    assert json.loads(data["TransformSales"]["source"])["Resource"] == "arn:aws:states:::glue:startJobRun.sync"
    assert "Branches" not in json.loads(data["PublishOutputs"]["source"])  # its branches are drawn, not listed
    assert json.loads(data["Odd"]["source"])["Result"] == "</script><!--"
    assert "<" not in data_text
