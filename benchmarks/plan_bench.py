"""Plan 200 workflows against a local endpoint: concurrent reader vs sequential reader.

Starts a moto server (server mode) in a child process on a free loopback port, applies 200
workflows once (setup, not measured), then plans them unchanged and with 20 changed, with the
concurrent reader (16 threads) and a sequential one, in the same run. Prints wall time and API
calls per workflow. ``--latency-ms`` adds a fixed delay to every call, to stand for the network
round trip to a real AWS endpoint (a local server answers in about a millisecond).

    .venv/bin/python benchmarks/plan_bench.py [--workflows 200] [--changed 20] [--latency-ms 0 20]
        [--with-triggers] [--naming prefix|suffix]

``--with-triggers`` writes a project of that many workflow specs and plans it the way ``plan``
does (render, validate, desired state): each workflow also has what the example project's have, a
schedule (EventBridge Scheduler, in the environment's schedule group), an event rule on the
default bus, a failure notification to an SNS topic and two alarms; its 20 changed workflows differ
in their definition and in one alarm's threshold. It prints the read calls per workflow by
resource kind and by call. ``--naming suffix`` names resources ``NAME-bench`` instead of
``bench-NAME``: an environment without a name prefix.

One run on a shared 2-core machine (200 workflows, 16 reader threads):

    scenario     latency  concurrent  sequential  speed-up  read calls per workflow
    unchanged      0 ms      2.0 s       3.0 s       1.5x    3.01
    20 changed     0 ms      1.9 s       3.0 s       1.5x    3.01
    unchanged     20 ms      2.6 s      19.4 s       7.6x    3.01
    20 changed    20 ms      2.1 s      18.7 s       8.8x    3.01

With ``--with-triggers``, three runs on the same machine (200 workflows, 16 reader threads):

    scenario     latency  concurrent    sequential    speed-up   read calls per workflow
    unchanged      0 ms   18.7-23.2 s   36.7-46.2 s   1.8-2.1x   10.06
    20 changed     0 ms   14.7-20.6 s   34.8-67.3 s   2.2-3.4x   10.06
    unchanged     20 ms   21.3-27.9 s   81.6-92.9 s   3.3-4.2x   10.06
    20 changed    20 ms   17.9-19.9 s   88.0-98.4 s   4.4-5.5x   10.06

    by kind: rules 4.02 (ListTagsForResource and ListTargetsByRule per rule, 4 ListRules pages),
    state machine and alias 3.00, alarms 2.005 (ListTagsForResource per alarm, one DescribeAlarms),
    schedules 1.02 (GetSchedule per schedule), roles 0.005, topic policy 0.005;
    with --naming suffix 11.05 (one DescribeAlarms per state machine)

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
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.pacing import Pacer
from sfndeploy.aws.session import AwsSettings, client_factory
from sfndeploy.model import Environment, Naming, RenderedWorkflow, RoleSpec
from sfndeploy.plan.desired import DesiredState, desired_state
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan, load_target
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
    make_client = client_factory(AwsSettings(region="us-east-1", retry_mode="standard"))

    def slowed(service: str) -> Any:
        client = make_client(service)
        if latency_ms:
            client.meta.events.register("before-send", lambda **_: time.sleep(latency_ms / 1000))
        return client

    return AwsApi(slowed, region="us-east-1", pacer=None if paced else Pacer({}))


def measure(state: DesiredState, concurrency: int, latency_ms: float) -> tuple[float, AwsApi, int]:
    api = make_api(latency_ms)
    start = time.perf_counter()
    plan = compute_plan(api, state, concurrency=concurrency)
    elapsed = time.perf_counter() - start
    return elapsed, api, len(plan.changed)


# --- --with-triggers: a project on disk whose workflows have what the example project's have ------

PROJECT = "bench"
ENVIRONMENT = """\
name: bench
region: us-east-1
account_id: "123456789012"
naming:
  prefix: "{prefix}"
  suffix: "{suffix}"
tags:
  owner: bench
defaults:
  alarms:
    period: 300
    treat_missing_data: notBreaching
    actions: ["{topic}"]
"""
SPEC = """\
name: {name}
alias: live
triggers:
  nightly:
    description: The nightly run
    schedule: cron(0 2 * * ? *)
    timezone: Europe/Berlin
    flexible_window: 15
    input: {{runDate: "<aws.scheduler.scheduled-time>"}}
    retry: {{max_attempts: 3, max_event_age: 3600}}
  order-placed:
    description: Every order the shop places
    event:
      bus: default
      pattern:
        source: [bench.shop]
        detail-type: [OrderPlaced]
    input_transformer:
      paths: {{orderId: $.detail.orderId}}
      template: '{{"orderId": <orderId>}}'
    retry: {{max_attempts: 3, max_event_age: 3600}}
notifications:
  failures:
    statuses: [FAILED, TIMED_OUT, ABORTED]
    sns: {topic}
alarms:
  failures: {{metric: ExecutionsFailed, threshold: {threshold}}}
  timeouts: {{metric: ExecutionsTimedOut, threshold: 1}}
definition:
  StartAt: Validate
  States:
    Validate: {{Type: Pass, Next: Charge}}
    Charge:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters: {{FunctionName: charge}}
      Retry: [{{ErrorEquals: [States.ALL], MaxAttempts: {attempts}}}]
      End: true
"""
TOPIC = "arn:aws:sns:us-east-1:123456789012:workflow-alerts-bench"
# What each service's reads are for, to show reads per resource kind.
KINDS = {
    "stepfunctions": "state machine, alias",
    "iam": "execution and invoke roles",
    "logs": "log group",
    "scheduler": "schedule group, schedules",
    "events": "rules (trigger, notification)",
    "cloudwatch": "alarms",
    "sns": "notification topic policy",
    "sqs": "notification queue policy",
    "lambda": "notification function policy",
}


def write_project(root: Path, count: int, changed: int, naming: tuple[str, str]) -> Path:
    """A project of ``count`` workflows, each with a schedule, an event rule, a failure notification
    and two alarms; the first ``changed`` differ in their definition and one alarm threshold."""
    (root / "templates").mkdir(parents=True)
    (root / "environments").mkdir()
    (root / "sfndeploy.yaml").write_text(f"project: {PROJECT}\n")
    prefix, suffix = naming
    (root / "environments" / "bench.yaml").write_text(ENVIRONMENT.format(prefix=prefix, suffix=suffix, topic=TOPIC))
    for index in range(count):
        differs = index < changed
        spec = SPEC.format(
            name=f"wf{index:03d}", topic=TOPIC, threshold=2 if differs else 1, attempts=5 if differs else 3
        )
        (root / "templates" / f"wf{index:03d}.yaml.j2").write_text(spec)
    return root


def project_state(workdir: Path, label: str, count: int, changed: int, naming: tuple[str, str]) -> DesiredState:
    root = write_project(workdir / label, count, changed, naming)
    return load_target(root, "bench").desired


def by_kind(api: AwsApi) -> Counter[str]:
    counts: Counter[str] = Counter()
    for (service, _), calls in api.counter.by_service().items():
        counts[KINDS.get(service, service)] += calls
    return counts


def operations(api: AwsApi) -> str:
    found = sorted(api.counter.by_service().items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{service} {operation} {calls}" for (service, operation), calls in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 20.0])
    parser.add_argument(
        "--with-triggers", action="store_true",
        help="each workflow also has a schedule, an event rule, a failure notification and two alarms",
    )
    parser.add_argument(
        "--naming", choices=("prefix", "suffix"), default="prefix",
        help="the environment names its resources with a prefix (bench-NAME) or only a suffix (NAME-bench)",
    )
    args = parser.parse_args()
    process, endpoint = start_server()
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
    )
    naming = ("bench-", "") if args.naming == "prefix" else ("", "-bench")
    try:
        with tempfile.TemporaryDirectory() as workdir:
            if args.with_triggers:
                unchanged = project_state(Path(workdir), "unchanged", args.workflows, 0, naming)
                changed_state = project_state(Path(workdir), "changed", args.workflows, args.changed, naming)
            else:
                unchanged = desired(args.workflows, 0)
                changed_state = desired(args.workflows, args.changed)
            setup = make_api(0, paced=False)
            if args.with_triggers:
                setup.call("sns", "CreateTopic", Name=TOPIC.rsplit(":", 1)[-1])
            started = time.perf_counter()
            AwsExecutor(setup, sleep=lambda _: None).execute(compute_plan(setup, unchanged))
            print(f"setup: applied {args.workflows} workflows in {time.perf_counter() - started:.1f}s")
            run(args, unchanged, changed_state)
    finally:
        process.terminate()
        process.wait(timeout=10)


def run(args: argparse.Namespace, unchanged: DesiredState, changed_state: DesiredState) -> None:
    print(f"{'scenario':<22}{'latency':>9}{'reader':>12}{'wall s':>9}{'calls':>7}{'calls/wf':>10}{'changed':>9}")
    kinds: dict[str, AwsApi] = {}
    for latency in args.latency_ms:
        for label, state in (("unchanged", unchanged), (f"{args.changed} changed", changed_state)):
            results = {}
            for reader, concurrency in (("concurrent", 16), ("sequential", 1)):
                wall, api, changed = measure(state, concurrency, latency)
                results[reader] = wall
                kinds.setdefault(label, api)
                calls = api.counter.total
                print(
                    f"{label:<22}{latency:>7.0f}ms{reader:>12}{wall:>9.2f}{calls:>7}"
                    f"{calls / args.workflows:>10.2f}{changed:>9}"
                )
            print(f"{'':<22}{'':>9}{'speed-up':>12}{results['sequential'] / results['concurrent']:>8.1f}x")
    print("\nread calls per workflow by resource kind (the first concurrent run of each scenario):")
    for label, api in kinds.items():
        counts = by_kind(api)
        shown = ", ".join(f"{kind} {calls / args.workflows:.2f}" for kind, calls in counts.most_common())
        print(f"  {label}: {shown}")
        print(f"    by call: {operations(api)}")


if __name__ == "__main__":
    main()
