"""Map iterations and Parallel branches interleaving on the virtual clock, and aborts.

The event orders asserted here follow AWS's recorded history of a Map whose four concurrent
Task iterations timed out (conformance case ``timeouts.service_lambda_map_timeout``): every
iteration starts, each Task is scheduled, then started, then ends, one step per iteration in
turn; the first failure fails the iteration, and the iterations still running are aborted
(``*StateAborted`` of the state they are in, then ``MapIterationAborted``).
"""

from __future__ import annotations

from typing import Any

from tests.executor.helpers import elapsed, machine, run

TASK = "arn:aws:states:::lambda:invoke"


def _map(processor_states: dict[str, Any], **extra: Any) -> dict[str, Any]:
    first = next(iter(processor_states))
    return machine(
        ("M", {"Type": "Map", "ItemProcessor": {"StartAt": first, "States": processor_states}, "End": True, **extra})
    )


def _inner_types(result: Any) -> list[str]:
    """Event types between MapStateStarted and MapStateSucceeded."""
    types = result.event_types()
    return types[types.index("MapStateStarted") + 1 : types.index("MapStateSucceeded")]


def test_concurrent_task_iterations_interleave_step_by_step() -> None:
    processor = {"T": {"Type": "Task", "Resource": TASK, "End": True}}
    mocks = {"T": {"sequence": [{"return": "a", "duration": 5}, {"return": "b", "duration": 3}]}}
    result = run(_map(processor), [0, 1], mocks=mocks)
    assert result.output == ["a", "b"]
    assert _inner_types(result) == [
        "MapIterationStarted",
        "MapIterationStarted",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskStarted",
        # iteration 1's task is shorter (3 s): it finishes first
        "TaskSucceeded",
        "TaskStateExited",
        "MapIterationSucceeded",
        "TaskSucceeded",
        "TaskStateExited",
        "MapIterationSucceeded",
    ]
    finished = [details["index"] for kind, _, details in result.events if kind == "MapIterationSucceeded"]
    assert finished == [1, 0]
    assert elapsed(result) == 5


def test_iterations_without_waits_run_one_after_another() -> None:
    result = run(_map({"P": {"Type": "Pass", "End": True}}), [1, 2])
    assert _inner_types(result) == [
        "MapIterationStarted",
        "PassStateEntered",
        "PassStateExited",
        "MapIterationSucceeded",
        "MapIterationStarted",
        "PassStateEntered",
        "PassStateExited",
        "MapIterationSucceeded",
    ]


def test_a_failed_iteration_aborts_the_running_ones() -> None:
    processor = {"T": {"Type": "Task", "Resource": TASK, "TimeoutSeconds": 5, "End": True}}
    mocks = {"T": {"sequence": [{"error": "States.Timeout"}, {"return": 1, "duration": 60}, {"return": 2}]}}
    result = run(_map(processor), [0, 1, 2], mocks=mocks)
    assert (result.status, result.error) == ("FAILED", "States.Timeout")
    assert elapsed(result) == 5  # the mocked timeout lasted TimeoutSeconds; iteration 1 never finished
    types = result.event_types()
    tail = types[types.index("MapIterationFailed") :]
    assert tail == [
        "MapIterationFailed",
        "TaskStateAborted",
        "MapIterationAborted",
        "TaskStateAborted",  # the Task of the failed iteration
        "MapStateFailed",
        "ExecutionFailed",
    ]
    aborted = [details["index"] for kind, _, details in result.events if kind == "MapIterationAborted"]
    assert aborted == [1]
    assert types.count("MapIterationSucceeded") == 1  # iteration 2 (no duration) ended before the timeout


def test_a_failed_parallel_branch_aborts_nested_states_inside_out() -> None:
    waiting_map = {
        "StartAt": "Inner",
        "States": {
            "Inner": {
                "Type": "Map",
                "ItemsPath": "$.waits",
                "End": True,
                "ItemProcessor": {
                    "StartAt": "W",
                    "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}},
                },
            }
        },
    }
    failing = {
        "StartAt": "Pause",
        "States": {
            "Pause": {"Type": "Wait", "Seconds": 10, "Next": "Boom"},
            "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "branch 1"},
        },
    }
    definition = machine(("Par", {"Type": "Parallel", "Branches": [waiting_map, failing], "End": True}))
    result = run(definition, {"waits": [100, 5]})
    assert (result.status, result.error, result.cause) == ("FAILED", "Boom", "branch 1")
    assert elapsed(result) == 10
    types = result.event_types()
    assert types[types.index("FailStateEntered") :] == [
        "FailStateEntered",
        "WaitStateAborted",
        "MapIterationAborted",
        "MapStateAborted",
        "ParallelStateFailed",
        "ExecutionFailed",
    ]
    assert types.count("MapIterationSucceeded") == 1  # the 5 s item ended before the failure


def test_retry_back_off_lets_other_iterations_run() -> None:
    processor = {
        "T": {
            "Type": "Task",
            "Resource": TASK,
            "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 4, "BackoffRate": 1}],
            "End": True,
        }
    }
    mocks = {"T": {"sequence": [{"error": "Busy"}, {"return": "quick", "duration": 1}, {"return": "retried"}]}}
    result = run(_map(processor), [0, 1], mocks=mocks)
    assert result.output == ["retried", "quick"]
    finished = [details["index"] for kind, _, details in result.events if kind == "MapIterationSucceeded"]
    assert finished == [1, 0]
    assert elapsed(result) == 4


def test_inline_map_runs_at_most_40_iterations_at_once() -> None:
    waits = {"W": {"Type": "Wait", "Seconds": 10, "End": True}}
    assert elapsed(run(_map(waits), list(range(40)))) == 10
    assert elapsed(run(_map(waits), list(range(41)))) == 20
    assert elapsed(run(_map(waits, MaxConcurrency=100), list(range(41)))) == 20  # 40 even when more is asked


def test_execution_timeout_stops_concurrent_iterations() -> None:
    waits = {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}
    result = run({**_map(waits), "TimeoutSeconds": 15}, [10, 20, 30])
    assert (result.status, result.error) == ("TIMED_OUT", "States.Timeout")
    assert elapsed(result) == 15
    assert result.event_types().count("MapIterationSucceeded") == 1


def test_interleaved_runs_are_deterministic() -> None:
    processor = {
        "T": {"Type": "Task", "Resource": TASK, "Next": "W"},
        "W": {"Type": "Wait", "SecondsPath": "$", "End": True},
    }
    definition = _map(processor, ItemsPath="$.items", ItemSelector={"n.$": "$$.Map.Item.Value"})
    definition["States"]["M"]["ItemProcessor"]["States"]["W"]["SecondsPath"] = "$.n"
    mocks = {"T": {"return": {"n": 1}, "duration": 2}}
    first = run(definition, {"items": [3, 1, 2, 1]}, mocks=mocks)
    second = run(definition, {"items": [3, 1, 2, 1]}, mocks=mocks)
    assert first.succeeded
    assert first.events == second.events
    timestamps = [timestamp for _, timestamp, _ in first.events]
    assert timestamps == sorted(timestamps)


def test_previous_event_ids_follow_each_branch() -> None:
    processor = {"T": {"Type": "Task", "Resource": TASK, "End": True}}
    mocks = {"T": {"sequence": [{"return": "a", "duration": 5}, {"return": "b", "duration": 3}]}}
    history = run(_map(processor), [0, 1], mocks=mocks).history()
    previous = {event.id: event.previous_event_id for event in history}
    kinds = {event.id: event.type for event in history}
    assert [kinds[event_id] for event_id in (3, 4, 5, 6, 8, 10, 11, 15)] == [
        "MapStateStarted",
        "MapIterationStarted",
        "MapIterationStarted",
        "TaskStateEntered",
        "TaskStateEntered",
        "TaskStarted",
        "TaskStarted",
        "TaskSucceeded",
    ]
    # each branch's turn continues from that branch's own latest event
    assert [previous[event_id] for event_id in (4, 5, 6, 8, 10, 11, 15)] == [3, 3, 4, 5, 7, 9, 10]
    assert previous[len(history)] == len(history) - 1


def test_an_aborted_iteration_aborts_its_nested_parallel_branches_first() -> None:
    branches = [
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}},
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": TASK, "End": True}}},
    ]
    definition = _map({"P": {"Type": "Parallel", "Branches": branches, "End": True}})
    mocks = {"T": {"sequence": [{"return": 1, "duration": 3}, {"error": "X", "duration": 2}]}}
    result = run(definition, [5, 1], mocks=mocks)
    assert (result.status, result.error) == ("FAILED", "X")
    assert elapsed(result) == 2  # iteration 1's Task failed at 2 s
    history = result.history()
    tail = [(event.type, event.previous_event_id) for event in history[-6:]]
    entered = {event.type: event.id for event in history[:12]}  # iteration 0's events come first
    task_started = next(event.id for event in history if event.type == "TaskStarted")
    assert tail == [
        ("WaitStateAborted", entered["WaitStateEntered"]),
        ("TaskStateAborted", task_started),
        ("ParallelStateAborted", history[-5].id),
        ("MapIterationAborted", history[-4].id),
        ("MapStateFailed", history[-3].id),
        ("ExecutionFailed", history[-2].id),
    ]


def test_distributed_children_leave_the_parent_history_alone() -> None:
    inner = _map({"T": {"Type": "Task", "Resource": TASK, "End": True}})["States"]["M"]
    distributed = {
        "Type": "Map",
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Inner",
            "States": {"Inner": inner},
        },
        "End": True,
    }
    result = run(machine(("D", distributed)), [[1, 2], [3, 4]], mocks={"T": {"return": "r", "duration": 1}})
    assert result.output == [["r", "r"], ["r", "r"]]
    assert result.event_types() == [
        "ExecutionStarted",
        "MapStateEntered",
        "MapStateStarted",
        "MapRunStarted",
        "MapRunSucceeded",
        "MapStateSucceeded",
        "MapStateExited",
        "ExecutionSucceeded",
    ]
    assert [event.previous_event_id for event in result.history()] == list(range(8))
    assert elapsed(result) == 1  # both children, and their iterations, ran at once


def test_instant_task_answers_still_come_back_after_every_call_started() -> None:
    # the shape of AWS's recorded history of concurrent Task iterations: all started, all
    # scheduled, all started, then the outcomes
    processor = {"T": {"Type": "Task", "Resource": TASK, "End": True}}
    result = run(_map(processor), [0, 1, 2], mocks={"T": {"return": "ok"}})
    assert result.output == ["ok", "ok", "ok"]
    assert _inner_types(result) == (
        ["MapIterationStarted"] * 3
        + ["TaskStateEntered", "TaskScheduled"] * 3
        + ["TaskStarted"] * 3
        + ["TaskSucceeded", "TaskStateExited", "MapIterationSucceeded"] * 3
    )
    assert elapsed(result) == 0
