"""The graph model: edges, labels, clusters and markers built from ASL definitions."""

from __future__ import annotations

from typing import Any

from sfndeploy.graph import build_graph, render
from sfndeploy.graph.conditions import condition_text
from sfndeploy.graph.model import END_ID, START_ID


def _task(next_state: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", **extra}
    if next_state:
        body["Next"] = next_state
    else:
        body["End"] = True
    return body


def test_choice_edges_carry_their_conditions_and_the_default() -> None:
    graph = build_graph(
        {
            "StartAt": "Route",
            "States": {
                "Route": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big"},
                        {"Variable": "$.kind", "StringEquals": "gift", "Next": "Gift"},
                    ],
                    "Default": "Small",
                },
                "Big": _task(),
                "Gift": _task(),
                "Small": _task(),
            },
        }
    )
    labels = {(e.source, e.target): (e.kind, e.label) for e in graph.edges}
    assert labels[("Route", "Big")] == ("choice", "$.total > 100")
    assert labels[("Route", "Gift")] == ("choice", '$.kind == "gift"')
    assert labels[("Route", "Small")] == ("default", "Default")


def test_condition_text_covers_compound_rules_type_tests_paths_and_jsonata() -> None:
    rule = {
        "And": [
            {"Variable": "$.a", "IsPresent": True},
            {"Or": [{"Variable": "$.b", "BooleanEquals": False}, {"Not": {"Variable": "$.c", "IsNull": True}}]},
        ]
    }
    assert condition_text(rule) == "$.a is present and ($.b == false or not $.c is null)"
    assert condition_text({"Variable": "$.x", "NumericLessThanEqualsPath": "$.max"}) == "$.x <= $.max"
    assert condition_text({"Variable": "$.t", "TimestampGreaterThan": "2024-01-01T00:00:00Z"}).endswith('"')
    assert condition_text({"Variable": "$.n", "StringMatches": "log-*"}) == '$.n matches "log-*"'
    assert condition_text({"Condition": "{% $states.input.auc >= 0.8 %}"}) == "$states.input.auc >= 0.8"
    long_rule = {"Variable": "$." + "x" * 100, "IsString": True}
    assert len(condition_text(long_rule)) == 60 and condition_text(long_rule).endswith("…")


def test_catch_edges_are_their_own_kind_labelled_with_errors_and_drawn_dashed() -> None:
    graph = build_graph(
        {
            "StartAt": "Work",
            "States": {
                "Work": _task("Done", Catch=[{"ErrorEquals": ["A", "B"], "Next": "Recover"}]),
                "Recover": {"Type": "Fail", "Error": "Failed"},
                "Done": {"Type": "Succeed"},
            },
        }
    )
    (catch,) = [e for e in graph.edges if e.kind == "catch"]
    assert (catch.source, catch.target, catch.label) == ("Work", "Recover", "catch A, B")
    assert 'Work -.->|"catch A, B"| Recover' in render(graph, "mermaid")
    assert 'Work -> Recover [label="catch A, B", style="dashed"' in render(graph, "dot")


def test_start_and_terminal_states_are_marked() -> None:
    graph = build_graph(
        {
            "StartAt": "A",
            "States": {"A": _task("B"), "B": {"Type": "Pass", "End": True}, "C": {"Type": "Fail", "Error": "X"}},
        }
    )
    assert (START_ID, "A", "start") in {(e.source, e.target, e.kind) for e in graph.edges}
    ends = {e.source for e in graph.edges if e.target == END_ID}
    assert ends == {"B", "C"}
    assert graph.node("B").terminal and not graph.node("A").terminal


def test_parallel_branches_and_map_processors_are_nested_clusters() -> None:
    graph = build_graph(
        {
            "StartAt": "Fan",
            "States": {
                "Fan": {
                    "Type": "Parallel",
                    "Branches": [
                        {"StartAt": "Left", "States": {"Left": _task()}},
                        {
                            "StartAt": "Each",
                            "States": {
                                "Each": {
                                    "Type": "Map",
                                    "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": _task()}},
                                    "End": True,
                                }
                            },
                        },
                    ],
                    "Next": "After",
                },
                "After": {"Type": "Succeed"},
            },
        }
    )
    clusters = {c.id: c for c in graph.clusters}
    assert clusters["cluster_Fan"].kind == "parallel"
    assert [c.label for c in graph.clusters_in("cluster_Fan")] == ["Branch 1", "Branch 2"]
    assert graph.node("Left").cluster == "cluster_Fan_0"
    assert clusters["cluster_Each"].parent == "cluster_Fan_1"
    assert graph.node("Inner").cluster == "cluster_Each_0"
    assert clusters["cluster_Each_0"].label == "Item processor (INLINE)"
    kinds = {(e.source, e.target): e.kind for e in graph.edges}
    assert kinds[("Fan", "Left")] == "branch"
    assert kinds[("Left", "Fan_join")] == "join"
    assert kinds[("Each_join", "Fan_join")] == "join"
    assert kinds[("Fan_join", "After")] == "next"
    dot = render(graph, "dot")
    assert dot.count("subgraph cluster_") == 5
    mermaid = render(graph, "mermaid")
    assert mermaid.count("subgraph ") == 5 and mermaid.count("\n  end\n") == 1


def test_awkward_state_names_get_safe_unique_ids_and_escaped_labels() -> None:
    graph = build_graph(
        {
            "StartAt": "end",
            "States": {
                "end": {"Type": "Pass", "Next": 'Say "hi" <now> & #1'},
                'Say "hi" <now> & #1': {"Type": "Pass", "Next": "Say _hi_ _now_ _ _1"},
                "Say _hi_ _now_ _ _1": {"Type": "Pass", "Next": "9 lives"},
                "9 lives": {"Type": "Succeed"},
            },
        }
    )
    ids = [n.id for n in graph.nodes if not n.is_marker]
    assert len(set(ids)) == 4
    assert all(i.replace("_", "").isalnum() and not i[0].isdigit() for i in ids)
    assert "end" not in ids
    mermaid = render(graph, "mermaid")
    assert "Say #quot;hi#quot; #lt;now#gt; #amp; #35;1" in mermaid
    assert 'Say \\"hi\\" <now> & #1' in render(graph, "dot")


def test_state_ids_never_clash_with_cluster_ids() -> None:
    graph = build_graph(
        {
            "StartAt": "cluster_Fan",
            "States": {
                "cluster_Fan": {"Type": "Pass", "Next": "Fan"},
                "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": _task()}}], "End": True},
            },
        }
    )
    node_ids = {n.id for n in graph.nodes}
    assert not node_ids & {c.id for c in graph.clusters}
    assert graph.node_for_state("cluster_Fan") is not None


def test_broken_definitions_still_draw_what_they_can() -> None:
    graph = build_graph({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}, "B": "junk"}})
    assert graph.state_names == ["A", "B"]
    assert not [e for e in graph.edges if e.kind == "next"]
    assert build_graph("not a definition").state_names == []


def test_unreachable_states_come_after_reachable_ones() -> None:
    graph = build_graph({"StartAt": "B", "States": {"A": _task(), "B": _task("C"), "C": _task()}})
    assert graph.state_names == ["B", "C", "A"]
