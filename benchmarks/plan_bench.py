"""Plan 200 workflows against a local endpoint: concurrent reader vs sequential reader.

Starts a moto server (server mode) in a child process on a free loopback port, applies 200
workflows once (setup, not measured), then plans them unchanged and with 20 changed, with the
concurrent reader (16 threads) and a sequential one, in the same run. Prints wall time and API
calls per workflow. ``--latency-ms`` adds a fixed delay to every call, to stand for the network
round trip to a real AWS endpoint (a local server answers in about a millisecond).

    .venv/bin/python benchmarks/plan_bench.py [--workflows 200] [--changed 20] [--latency-ms 0 20]

One run on a shared 2-core machine (200 workflows, 16 reader threads):

    scenario     latency  concurrent  sequential  speed-up  read calls per workflow
    unchanged      0 ms      2.0 s       3.0 s       1.5x    3.01
    20 changed     0 ms      1.9 s       3.0 s       1.5x    3.01
    unchanged     20 ms      2.6 s      19.4 s       7.6x    3.01
    20 changed    20 ms      2.1 s      18.7 s       8.8x    3.01

Reads per workflow: DescribeStateMachine, ListTagsForResource, DescribeStateMachineAlias, plus
one paginated ListStateMachines and one GetAccountAuthorizationDetails page shared by all.
Without latency, client and server are CPU-bound Python (botocore signing and parsing, moto's
handlers) and threads mostly wait on the interpreter lock; against a real endpoint the round trip
dominates, which the 20 ms rows stand for.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.pacing import Pacer
from sfndeploy.aws.session import AwsSettings, client_factory
from sfndeploy.model import Environment, Naming, RenderedWorkflow, RoleSpec
from sfndeploy.plan.desired import DesiredState, desired_state
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan
from sfndeploy.sourcemap import SourceMap

SERVER = (
    "import sys, time\n"
    "from moto.server import ThreadedMotoServer\n"
    "server = ThreadedMotoServer(ip_address='127.0.0.1', port=int(sys.argv[1]), verbose=False)\n"
    "server.start()\n"
    "while True: time.sleep(3600)\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the local moto server did not start")


def definition(attempts: int) -> dict[str, Any]:
    return {
        "StartAt": "Validate",
        "States": {
            "Validate": {"Type": "Pass", "Next": "Charge"},
            "Charge": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": attempts}],
                "End": True,
            },
        },
    }


def desired(count: int, changed: int) -> DesiredState:
    env = Environment(
        name="bench", region="us-east-1", account_id="123456789012", path=Path("bench.yaml"),
        naming=Naming(prefix="bench-"),
    )
    statement = {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}
    workflows = [
        RenderedWorkflow(
            name=f"wf{index:03d}",
            state_machine_name=f"bench-wf{index:03d}",
            type="STANDARD",
            definition=definition(5 if index < changed else 3),
            spec_path=Path(f"wf{index:03d}.yaml"),
            source_map=SourceMap.empty(),
            definition_pointer="/definition",
            environment=env,
            role=RoleSpec(statements=(statement,)),
            alias="live",
        )
        for index in range(count)
    ]
    return desired_state(workflows, "bench", env, "bench")


def make_api(latency_ms: float, *, paced: bool = True) -> AwsApi:
    api = AwsApi(
        client_factory(AwsSettings(region="us-east-1", retry_mode="standard")),
        region="us-east-1",
        pacer=None if paced else Pacer({}),
    )
    if latency_ms:
        for service in ("stepfunctions", "iam"):
            api.client(service).meta.events.register("before-send", lambda **_: time.sleep(latency_ms / 1000))
    return api


def measure(state: DesiredState, concurrency: int, latency_ms: float) -> tuple[float, int, int]:
    api = make_api(latency_ms)
    start = time.perf_counter()
    plan = compute_plan(api, state, concurrency=concurrency)
    elapsed = time.perf_counter() - start
    return elapsed, api.counter.total, len(plan.changed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 20.0])
    args = parser.parse_args()
    process, endpoint = start_server()
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
    )
    try:
        unchanged = desired(args.workflows, 0)
        setup = make_api(0, paced=False)
        started = time.perf_counter()
        AwsExecutor(setup, sleep=lambda _: None).execute(compute_plan(setup, unchanged))
        print(f"setup: applied {args.workflows} workflows in {time.perf_counter() - started:.1f}s")
        print(f"{'scenario':<22}{'latency':>9}{'reader':>12}{'wall s':>9}{'calls':>7}{'calls/wf':>10}{'changed':>9}")
        for latency in args.latency_ms:
            changed_state = desired(args.workflows, args.changed)
            for label, state in (("unchanged", unchanged), (f"{args.changed} changed", changed_state)):
                results = {}
                for reader, concurrency in (("concurrent", 16), ("sequential", 1)):
                    wall, calls, changed = measure(state, concurrency, latency)
                    results[reader] = wall
                    print(
                        f"{label:<22}{latency:>7.0f}ms{reader:>12}{wall:>9.2f}{calls:>7}"
                        f"{calls / args.workflows:>10.2f}{changed:>9}"
                    )
                print(f"{'':<22}{'':>9}{'speed-up':>12}{results['sequential'] / results['concurrent']:>8.1f}x")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
