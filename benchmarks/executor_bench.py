"""Throughput of sfndeploy's dry-run executor against moto's Step Functions interpreter, same run.

Workloads (each definition runs through both interpreters):

a) a Pass/Choice loop: 100,000 transitions for sfndeploy;
b) a Map over 10,000 items with a Task inside (sfndeploy: a mocked Task; moto cannot mock tasks,
   so its Task is a DynamoDB GetItem served by moto's in-memory DynamoDB);
c) a Parallel state with 50 branches of 3 Pass states each (sfndeploy repeats it many times).

moto runs about a thousand transitions a second, so its workloads are scaled down (sizes are
printed); the comparison is in state transitions (states entered) per second. Finally the peak
resident memory of a fresh process running a 100,000-item (Distributed) Map is measured (goal: under
1 GiB).

Run: ``python benchmarks/executor_bench.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from sfndeploy.executor import ExecutionOptions, StateMachine, responder_from_native

GIB = 1024**3
TABLE = "bench-items"


def loop_definition(transitions: int) -> dict[str, Any]:
    rounds = transitions // 2
    return {
        "StartAt": "Count",
        "States": {
            "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericLessThan": rounds, "Next": "Count"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }


def map_definition() -> dict[str, Any]:
    return {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "MaxConcurrency": 0,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "Lookup",
                    "States": {
                        "Lookup": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::dynamodb:getItem",
                            "Parameters": {"TableName": TABLE, "Key": {"id": {"S.$": "$.id"}}},
                            "ResultSelector": {"name.$": "$.Item.name.S"},
                            "Next": "Shape",
                        },
                        "Shape": {"Type": "Pass", "End": True},
                    },
                },
                "End": True,
            }
        },
    }


def parallel_definition(branches: int = 50) -> dict[str, Any]:
    def branch(index: int) -> dict[str, Any]:
        return {
            "StartAt": f"B{index}a",
            "States": {
                f"B{index}a": {"Type": "Pass", "Parameters": {"branch": index, "in.$": "$"}, "Next": f"B{index}b"},
                f"B{index}b": {"Type": "Pass", "ResultPath": "$.seen", "Next": f"B{index}c"},
                f"B{index}c": {"Type": "Pass", "End": True},
            },
        }

    return {
        "StartAt": "Fork",
        "States": {"Fork": {"Type": "Parallel", "Branches": [branch(i) for i in range(branches)], "End": True}},
    }


def map_input(count: int) -> dict[str, Any]:
    return {"items": [{"id": f"item-{index % 100}"} for index in range(count)]}


# ---------------------------------------------------------------------------------------------
# sfndeploy
# ---------------------------------------------------------------------------------------------

MAP_MOCKS = {"Lookup": {"return": {"Item": {"id": {"S": "item"}, "name": {"S": "thing"}}}}}


def sfndeploy_rate(definition: dict[str, Any], execution_input: Any, repeat: int = 1) -> tuple[float, int]:
    """(states entered per second, states entered per execution) for ``repeat`` executions."""
    machine = StateMachine(definition)
    mocks = responder_from_native(MAP_MOCKS)
    options = ExecutionOptions(max_events=0)
    entered = 0
    start = time.perf_counter()
    for _ in range(repeat):
        result = machine.execute(execution_input, mocks=mocks, options=options)
        assert result.succeeded, (result.error, result.cause)
        entered = len(result.states_entered())
    seconds = time.perf_counter() - start
    return entered * repeat / seconds, entered


# ---------------------------------------------------------------------------------------------
# moto
# ---------------------------------------------------------------------------------------------


def moto_rate(definition: dict[str, Any], execution_input: Any, repeat: int = 1) -> tuple[float, int]:
    import boto3
    from moto import mock_aws

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        _create_table(boto3.client("dynamodb", region_name="us-east-1"))
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        arn = sfn.create_state_machine(
            name="bench", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/bench"
        )["stateMachineArn"]
        seconds = 0.0
        entered = 0
        for run in range(repeat):
            start = time.perf_counter()
            execution = sfn.start_execution(stateMachineArn=arn, name=f"run-{run}", input=json.dumps(execution_input))[
                "executionArn"
            ]
            status = _wait(sfn, execution)
            seconds += time.perf_counter() - start
            assert status == "SUCCEEDED", sfn.describe_execution(executionArn=execution)
            entered = _states_entered(sfn, execution)
        return entered * repeat / seconds, entered


def _create_table(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for index in range(100):
        dynamodb.put_item(TableName=TABLE, Item={"id": {"S": f"item-{index}"}, "name": {"S": "thing"}})


def _wait(sfn: Any, execution: str) -> str:
    while True:
        status = str(sfn.describe_execution(executionArn=execution)["status"])
        if status != "RUNNING":
            return status
        time.sleep(0.002)


def _states_entered(sfn: Any, execution: str) -> int:
    count = 0
    for page in sfn.get_paginator("get_execution_history").paginate(executionArn=execution):
        count += sum(1 for event in page["events"] if event["type"].endswith("StateEntered"))
    return count


# ---------------------------------------------------------------------------------------------


def distributed_map_definition() -> dict[str, Any]:
    """The Map of workload b), Distributed, its items read by an ItemReader (mocked).

    AWS refuses execution inputs over 256 KiB, so a 100,000-item Map reads its items (here from
    the mocked S3 object) as it would in AWS; its results go to a ResultWriter, as a state output
    over 256 KiB fails with States.DataLimitExceeded.
    """
    definition = map_definition()
    fan = definition["States"]["Fan"]
    del fan["ItemsPath"]
    fan["ItemReader"] = {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON"},
        "Parameters": {"Bucket": "bench", "Key": "items.json"},
    }
    fan["ItemProcessor"]["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}
    fan["ResultWriter"] = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "bench"}}
    return definition


def run_big_map(items: int) -> None:
    """Child process: one Map over ``items`` items; prints seconds and peak RSS in bytes."""
    machine = StateMachine(distributed_map_definition())
    mocks = responder_from_native({**MAP_MOCKS, "Fan": {"return": map_input(items)["items"]}})
    start = time.perf_counter()
    result = machine.execute({}, mocks=mocks, options=ExecutionOptions(max_events=0))
    seconds = time.perf_counter() - start
    assert result.succeeded and "ResultWriterDetails" in result.output, (result.error, result.cause)
    assert result.transitions >= items, result.transitions  # every child ran (Lookup -> Shape)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak": peak_kib * 1024, "transitions": result.transitions}))


def peak_memory_of_map(items: int) -> dict[str, float]:
    """Peak resident memory of a fresh process that runs one Map over ``items`` items."""
    child = subprocess.run(
        [sys.executable, __file__, "--big-map", str(items)], check=True, capture_output=True, text=True
    )
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def compare(label: str, ours: Callable[[], tuple[float, int]], theirs: Callable[[], tuple[float, int]]) -> None:
    # best of three for sfndeploy (it takes a second or less), one run for moto (it takes many)
    our_rate, our_size = max(ours() for _ in range(3))
    their_rate, their_size = theirs()
    print(f"{label}")
    print(f"  sfndeploy: {our_rate:12,.0f} transitions/s  ({our_size:,} states per execution)")
    print(f"  moto:      {their_rate:12,.0f} transitions/s  ({their_size:,} states per execution)")
    print(f"  ratio:     {our_rate / their_rate:12,.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller moto workloads (a smoke run)")
    parser.add_argument("--big-map", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.big_map:
        run_big_map(args.big_map)
        return
    moto_loop, moto_items, moto_repeat = (400, 50, 1) if args.quick else (2_000, 300, 3)

    compare(
        f"a) Pass/Choice loop (sfndeploy 100,000 transitions; moto {moto_loop:,})",
        lambda: sfndeploy_rate(loop_definition(100_000), {"n": 0}),
        lambda: moto_rate(loop_definition(moto_loop), {"n": 0}),
    )
    compare(
        f"b) Map with a Task inside (sfndeploy 10,000 items; moto {moto_items:,})",
        lambda: sfndeploy_rate(map_definition(), map_input(10_000)),
        lambda: moto_rate(map_definition(), map_input(moto_items)),
    )
    compare(
        f"c) Parallel of 50 branches (sfndeploy 200 executions; moto {moto_repeat})",
        lambda: sfndeploy_rate(parallel_definition(), {"x": 1}, repeat=200),
        lambda: moto_rate(parallel_definition(), {"x": 1}, repeat=moto_repeat),
    )
    measured = peak_memory_of_map(100_000)
    peak = measured["peak"]
    verdict = "under" if peak < GIB else "OVER"
    print(
        f"d) Distributed Map over 100,000 items (ItemReader mocked): peak RSS of the whole process "
        f"{peak / 2**20:,.0f} MiB ({verdict} 1 GiB), {measured['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
