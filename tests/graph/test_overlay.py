"""Dry runs drawn as paths: overlays built from the real executor's results."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sfndeploy.executor import ExecutionResult, StateMachine, responder_from_native
from sfndeploy.graph import build_graph, render
from sfndeploy.graph.overlay import from_execution, write_run_graph
from tests.graph.examples import example_definitions

ORDER = {"orderId": "o-1", "sku": "sku-1", "quantity": 2, "total": 30, "currency": "EUR"}


def _run(workflow: str, mocks: dict[str, Any], execution_input: Any = ORDER) -> ExecutionResult:
    machine = StateMachine(example_definitions()[workflow])
    return machine.execute(execution_input, mocks=responder_from_native(mocks))


def _happy_order() -> ExecutionResult:
    return _run(
        "order-processing",
        {
            "ValidateOrder": {"return": {"Payload": {"valid": True, "reason": ""}}},
            "ReserveStock": {"return": {}},
            "ChargePayment": {
                "sequence": [
                    {"error": "Lambda.ServiceException", "cause": "flaky"},
                    {"error": "Lambda.ServiceException", "cause": "flaky"},
                    {"return": {"Payload": {"chargeId": "ch-1"}}},
                ]
            },
            "NotifyCustomer": {"return": {}},
        },
    )


def test_successful_run_marks_its_path_choice_and_retries() -> None:
    result = _happy_order()
    assert result.succeeded, (result.error, result.cause)

    overlay = from_execution(result)

    assert set(overlay.visited) == {
        "ValidateOrder",
        "IsOrderValid",
        "ReserveStock",
        "ChargePayment",
        "BuildConfirmation",
        "NotifyCustomer",
    }
    assert ("IsOrderValid", "Choices[0]", "ReserveStock") in overlay.taken
    assert not [t for t in overlay.taken if t[2] == "RejectOrder"]
    assert overlay.retries == {"ChargePayment": 2}
    assert overlay.failed_state is None and overlay.status == "SUCCEEDED"
    mermaid = render(build_graph(example_definitions()["order-processing"], "order-processing"), "mermaid", overlay)
    assert 'ChargePayment -.->|"retried 2×"| ChargePayment' in mermaid
    assert "class ValidateOrder,IsOrderValid,ReserveStock,ChargePayment,BuildConfirmation,NotifyCustomer visited" in (
        mermaid
    )
    dot = render(build_graph(example_definitions()["order-processing"], "order-processing"), "dot", overlay)
    assert 'IsOrderValid -> ReserveStock [label="$.validation.valid == true", color="#1e8e3e", penwidth="3"]' in dot
    assert 'IsOrderValid -> RejectOrder [label="Default", style="bold"];' in dot
    assert 'NotifyCustomer -> End [color="#1e8e3e", penwidth="3"]' in dot


def test_failed_run_marks_the_catch_taken_and_the_state_where_it_ended() -> None:
    result = _run(
        "order-processing",
        {
            "ValidateOrder": {"return": {"Payload": {"valid": True, "reason": ""}}},
            "ReserveStock": {"error": "DynamoDB.ConditionalCheckFailedException", "cause": "no stock"},
        },
    )
    assert result.status == "FAILED"

    overlay = from_execution(result)

    assert ("ReserveStock", "Catch[0]", "OutOfStock") in overlay.taken
    assert overlay.failed_state == "OutOfStock"
    graph = build_graph(example_definitions()["order-processing"], "order-processing")
    dot = render(graph, "dot", overlay)
    assert 'OutOfStock [shape="box"' in dot and 'penwidth="4"' in dot
    assert "Start -> ValidateOrder [color=" in dot
    assert "OutOfStock -> End;" in dot  # the end marker is only reached by a successful run


def test_only_the_catcher_that_caught_is_taken() -> None:
    result = _run(
        "order-processing",
        {
            "ValidateOrder": {"return": {"Payload": {"valid": True, "reason": ""}}},
            "ReserveStock": {"return": {}},
            "ChargePayment": {"error": "PaymentDeclined", "cause": "card refused"},
            "ReleaseStock": {"return": {}},
        },
    )
    overlay = from_execution(result)
    graph = build_graph(example_definitions()["order-processing"], "order-processing")
    catches = [e for e in graph.edges if e.state == "ChargePayment" and e.kind == "catch"]
    assert [overlay.edge_taken(graph, e) for e in catches] == [True, False]
    assert overlay.failed_state == "PaymentFailed"


def test_parallel_run_covers_branches_and_the_join() -> None:
    result = _run(
        "etl-pipeline",
        {
            "TransformSales": {"return": {"Id": "jr-1", "JobRunState": "SUCCEEDED"}},
            "BuildReport": {"return": {"JobId": "j-1", "Status": "SUCCEEDED"}},
            "SummarizeInAthena": {"return": {"QueryExecution": {"QueryExecutionId": "q-1"}}},
            "AnnounceCompletion": {"return": {}},
        },
        {"runDate": "2026-01-01"},
    )
    assert result.succeeded, (result.error, result.cause)
    overlay = from_execution(result)
    graph = build_graph(example_definitions()["etl-pipeline"], "etl-pipeline")
    taken = {(e.source, e.target) for e in graph.edges if overlay.edge_taken(graph, e)}
    assert {
        ("PublishOutputs", "BuildReport"),
        ("BuildReport", "PublishOutputs_join"),
        ("PublishOutputs_join", "AnnounceCompletion"),
        ("AnnounceCompletion", "End"),
    } <= taken
    assert ("TransformSales", "ReportFailure") not in taken


def test_write_run_graph_picks_the_format_from_the_suffix(tmp_path: Path) -> None:
    result = _happy_order()
    for name, start in (("run.html", "<!DOCTYPE html>"), ("run.mmd", "flowchart TD"), ("run.dot", "digraph")):
        write_run_graph(tmp_path / name, example_definitions()["order-processing"], result, "order-processing")
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.startswith(start)
        assert "retried 2×" in text


def test_every_test_case_of_the_example_project_gets_its_page(tmp_path: Path) -> None:
    from sfndeploy.executor.testing.suite import run_workflow_tests
    from sfndeploy.graph.runs import case_graph_name, write_case_graphs
    from sfndeploy.pipeline import load_environment, load_project, render_workflows
    from tests.graph.examples import ROOT

    project = load_project(ROOT)
    workflows = render_workflows(project, load_environment(project, "dev"), ["order-processing", "etl-pipeline"])
    outcomes = [run_workflow_tests(workflow) for workflow in workflows]

    written = write_case_graphs(tmp_path / "graphs", workflows, outcomes)

    cases = [(o.workflow, r.case.name, r.result) for o in outcomes for r in o.results]
    assert len(written) == len(cases) >= 2
    for workflow, case, result in cases:
        page = (tmp_path / "graphs" / case_graph_name(workflow, case)).read_text(encoding="utf-8")
        assert f"dry run: {result.status}" in page
        for state in result.state_visits():
            assert re.search(f'class="state [A-Za-z]+ visited[^"]*" id="[^"]+" data-state="{re.escape(state)}"', page)
    assert case_graph_name("wf", "a / b: c?") == "wf.a-b-c.html"


def test_retries_inside_parallel_branches_are_shown_without_a_count() -> None:
    retry = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3, "IntervalSeconds": 1}]

    def task() -> dict[str, Any]:
        return {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"},
            "Retry": retry,
            "End": True,
        }

    definition = {
        "StartAt": "First",
        "States": {
            "First": {**task(), "End": False, "Next": "Both"},
            "Both": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "A", "States": {"A": task()}}, {"StartAt": "B", "States": {"B": task()}}],
                "End": True,
            },
        },
    }
    failing_twice = {"sequence": [{"error": "E", "cause": "x"}, {"error": "E", "cause": "x"}, {"return": {}}]}
    mocks = {"First": failing_twice, "A": failing_twice, "B": {"return": {}}}
    result = StateMachine(definition).execute({}, mocks=responder_from_native(mocks))
    assert result.succeeded, (result.error, result.cause)

    overlay = from_execution(result)

    assert overlay.retries == {"First": 2, "A": 0}
    mermaid = render(build_graph(definition, "both"), "mermaid", overlay)
    assert 'First -.->|"retried 2×"| First' in mermaid
    assert 'A -.->|"retried"| A' in mermaid
    assert "B -.->" not in mermaid
