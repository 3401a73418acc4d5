"""Map (inline and Distributed) and Parallel: order, virtual-time interleaving, failures, variables."""

from __future__ import annotations

from typing import Any

from tests.executor.helpers import elapsed, machine, run

TASK = "arn:aws:states:::lambda:invoke"


def _map(processor_states: dict[str, Any], **extra: Any) -> dict[str, Any]:
    first = next(iter(processor_states))
    return machine(
        ("M", {"Type": "Map", "ItemProcessor": {"StartAt": first, "States": processor_states}, "End": True, **extra})
    )


def test_map_results_are_in_input_order_with_item_selector_context() -> None:
    definition = _map(
        {"P": {"Type": "Pass", "End": True}},
        ItemsPath="$.items",
        ItemSelector={"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
    )
    result = run(definition, {"items": ["a", "b"], "tag": "t"})
    assert result.output == [{"index": 0, "value": "a", "tag": "t"}, {"index": 1, "value": "b", "tag": "t"}]
    assert result.event_types().count("MapIterationSucceeded") == 2


def test_map_iterations_overlap_in_virtual_time_up_to_max_concurrency() -> None:
    waits = {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}
    assert elapsed(run(_map(waits), [10, 20, 30, 40])) == 40  # unlimited: all at once
    assert elapsed(run(_map(waits, MaxConcurrency=1), [10, 20, 30, 40])) == 100
    # two slots: 10 and 20 start at 0; 30 at 10 (ends 40); 40 at 20 (ends 60)
    assert elapsed(run(_map(waits, MaxConcurrency=2), [10, 20, 30, 40])) == 60


def test_map_events_are_ordered_by_virtual_time() -> None:
    waits = {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}
    result = run(_map(waits), [20, 10])
    exits = [details["index"] for kind, _, details in result.events if kind == "MapIterationSucceeded"]
    assert exits == [1, 0]
    timestamps = [timestamp for _, timestamp, _ in result.events]
    assert timestamps == sorted(timestamps)
    assert result.output == [20, 10]


def test_map_failure_tolerance() -> None:
    processor = {"T": {"Type": "Task", "Resource": TASK, "End": True}}
    mocks = {"T": {"sequence": [{"return": 1}, {"error": "E"}, {"return": 3}, {"error": "E"}]}}
    tolerant = run(_map(processor, ToleratedFailureCount=2), [0, 1, 2, 3], mocks=mocks)
    assert tolerant.status == "SUCCEEDED"
    assert tolerant.output[0] == 1
    strict = run(_map(processor, ToleratedFailureCount=1), [0, 1, 2, 3], mocks=mocks)
    assert (strict.status, strict.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    untolerant = run(_map(processor), [0, 1], mocks=mocks)
    assert (untolerant.status, untolerant.error) == ("FAILED", "E")


def test_distributed_map_reads_items_from_a_mocked_item_reader_and_batches() -> None:
    definition = _map(
        {"P": {"Type": "Pass", "End": True}},
        ItemProcessor={
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Parameters": {"Bucket": "b", "Key": "k.csv"},
        },
        ItemBatcher={"MaxItemsPerBatch": 2},
    )
    result = run(definition, mocks={"M": {"return": "id,name\n1,a\n2,b\n3,c\n"}})
    assert result.output == [
        {"Items": [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]},
        {"Items": [{"id": "3", "name": "c"}]},
    ]
    assert "MapRunStarted" in result.event_types()
    assert "MapIterationStarted" not in result.event_types()


def test_parallel_outputs_branch_results_in_order_and_waits_for_the_longest() -> None:
    definition = machine(
        (
            "Par",
            {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {
                        "StartAt": "A",
                        "States": {
                            "A": {"Type": "Wait", "Seconds": 50, "Next": "A2"},
                            "A2": {"Type": "Pass", "Result": "a", "End": True},
                        },
                    },
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}},
                ],
            },
        )
    )
    result = run(definition)
    assert result.output == ["a", "b"]
    assert elapsed(result) == 50
    types = result.event_types()
    assert types.index("PassStateExited") < types.index("WaitStateExited")  # branch B ends first


def test_parallel_branch_failure_is_caught_at_the_parallel_state() -> None:
    definition = machine(
        (
            "Par",
            {
                "Type": "Parallel",
                "Next": "Ok",
                "Catch": [{"ErrorEquals": ["Bad"], "Next": "Caught"}],
                "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad"}}}],
            },
        ),
        ("Ok", {"Type": "Succeed"}),
        ("Caught", {"Type": "Pass", "End": True}),
    )
    result = run(definition)
    assert result.output == {"Error": "Bad"}
    assert "ParallelStateFailed" in result.event_types()


def test_variables_are_scoped_to_iterations_and_assignments_see_old_values() -> None:
    definition = machine(
        ("Init", {"Type": "Pass", "Assign": {"x": 1, "items": [1, 2]}, "Next": "Swap"}),
        ("Swap", {"Type": "Pass", "Assign": {"x": 2, "old.$": "$x"}, "Next": "M"}),
        (
            "M",
            {
                "Type": "Map",
                "ItemsPath": "$items",
                "Next": "Out",
                "ItemProcessor": {
                    "StartAt": "In",
                    "States": {
                        "In": {"Type": "Pass", "Assign": {"x": 99}, "Parameters": {"outer.$": "$x"}, "End": True}
                    },
                },
            },
        ),
        ("Out", {"Type": "Pass", "Parameters": {"x.$": "$x", "old.$": "$old", "map.$": "$"}, "End": True}),
    )
    result = run(definition)
    assert result.output == {"x": 2, "old": 1, "map": [{"outer": 2}, {"outer": 2}]}


def test_jsonata_state_with_arguments_output_assign_and_added_functions() -> None:
    definition = machine(
        (
            "T",
            {
                "Type": "Task",
                "Resource": TASK,
                "Arguments": {"n": "{% $states.input.n * 2 %}"},
                "Assign": {"got": "{% $states.result.v %}"},
                "Output": {"parts": "{% $partition([1,2,3], 2) %}", "v": "{% $states.result.v %}"},
                "Next": "C",
            },
        ),
        ("C", {"Type": "Choice", "Choices": [{"Condition": "{% $got > 5 %}", "Next": "Big"}], "Default": "Small"}),
        ("Big", {"Type": "Pass", "Output": "{% 'big ' & $string($got) %}", "End": True}),
        ("Small", {"Type": "Pass", "Output": "small", "End": True}),
        QueryLanguage="JSONata",
    )
    result = run(definition, {"n": 4}, mocks={"T": {"return": {"v": 8}}})
    assert result.output == "big 8"
    scheduled = next(event for event in result.history() if event.type == "TaskScheduled")
    assert scheduled.details is not None and scheduled.details["parameters"] == '{"n":8}'


def test_jsonata_undefined_result_is_a_query_evaluation_error() -> None:
    definition = machine(("P", {"Type": "Pass", "Output": "{% $nothing %}", "End": True}), QueryLanguage="JSONata")
    result = run(definition)
    assert result.error == "States.QueryEvaluationError"
    assert "returned nothing (undefined)" in (result.cause or "")
    assert "EvaluationFailed" in result.event_types()


def test_the_earliest_branch_failure_in_virtual_time_fails_the_parallel_state() -> None:
    definition = machine(
        (
            "Par",
            {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {
                        "StartAt": "Slow",
                        "States": {
                            "Slow": {"Type": "Wait", "Seconds": 100, "Next": "SlowFail"},
                            "SlowFail": {"Type": "Fail", "Error": "Late"},
                        },
                    },
                    {
                        "StartAt": "Quick",
                        "States": {
                            "Quick": {"Type": "Wait", "Seconds": 10, "Next": "QuickFail"},
                            "QuickFail": {"Type": "Fail", "Error": "Early"},
                        },
                    },
                ],
            },
        )
    )
    result = run(definition)
    assert (result.status, result.error) == ("FAILED", "Early")
    assert elapsed(result) == 10
    assert "WaitStateExited" in result.event_types()  # Quick's wait ended; Slow's never did
    assert result.event_types().count("WaitStateExited") == 1


def test_item_batcher_batch_input_and_result_writer() -> None:
    definition = _map(
        {"P": {"Type": "Pass", "End": True}},
        ItemProcessor={
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
        ItemsPath="$.items",
        ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"run": "r1"}},
        ResultWriter={"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p/"}},
    )
    result = run(definition, {"items": [1, 2, 3]}, execution_name="e1", state_machine_name="Fan")
    assert result.output["ResultWriterDetails"] == {"Bucket": "out", "Key": "p/manifest.json"}
    assert result.output["MapRunArn"].startswith("arn:aws:states:us-east-1:123456789012:mapRun:Fan/M:")
    plain = _map(
        {"P": {"Type": "Pass", "End": True}},
        ItemsPath="$.items",
        ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"run": "r1"}},
    )
    assert run(plain, {"items": [1, 2, 3]}).output == [
        {"Items": [1, 2], "BatchInput": {"run": "r1"}},
        {"Items": [3], "BatchInput": {"run": "r1"}},
    ]


def test_tolerated_failure_percentage() -> None:
    processor = {"F": {"Type": "Fail", "Error": "E"}}
    definition = machine(
        (
            "M",
            {
                "Type": "Map",
                "ItemsPath": "$",
                "ToleratedFailurePercentage": 50,
                "End": True,
                "ItemProcessor": {
                    "StartAt": "C",
                    "States": {
                        "C": {
                            "Type": "Choice",
                            "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "F"}],
                            "Default": "Ok",
                        },
                        "Ok": {"Type": "Succeed"},
                        **processor,
                    },
                },
            },
        )
    )
    assert run(definition, [1, 1, 2, 2]).status == "SUCCEEDED"  # 2 of 4 failed: 50% is tolerated
    result = run(definition, [1, 2, 2, 2])
    assert (result.status, result.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")


def test_jsonata_map_items_and_item_selector_context() -> None:
    definition = machine(
        (
            "M",
            {
                "Type": "Map",
                "Items": "{% $states.input.xs %}",
                "End": True,
                "ItemSelector": {
                    "v": "{% $states.context.Map.Item.Value * 10 %}",
                    "i": "{% $states.context.Map.Item.Index %}",
                },
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            },
        ),
        QueryLanguage="JSONata",
    )
    assert run(definition, {"xs": [1, 2]}).output == [{"v": 10, "i": 0}, {"v": 20, "i": 1}]


def test_map_fails_when_its_earliest_failure_happens_and_later_items_never_start() -> None:
    processor = {
        "W": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "C"},
        "C": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "F"}],
            "Default": "Ok",
        },
        "F": {"Type": "Fail", "Error": "Item"},
        "Ok": {"Type": "Succeed"},
    }
    items = [{"wait": 100, "fail": False}, {"wait": 10, "fail": True}, {"wait": 1, "fail": False}]
    result = run(_map(processor, MaxConcurrency=2), items)
    assert (result.status, result.error) == ("FAILED", "Item")
    assert elapsed(result) == 10  # item 1 fails at t=10; item 0 is still waiting, item 2 never starts
    started = [details["index"] for kind, _, details in result.events if kind == "MapIterationStarted"]
    assert started == [0, 1]
    assert result.event_types().count("MapIterationSucceeded") == 0
