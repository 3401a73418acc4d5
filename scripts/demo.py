"""The README's main command: the whole sfndeploy loop on the example project, locally.

Starts moto's server mode on a free loopback port as the AWS endpoint, then runs, as a user
would: render, validate, test (dry runs), plan, apply, and plan again, which must show no
changes. Exits non-zero as soon as a step does not do what it should. Nothing leaves this machine.

Only sfndeploy's output is shown. The local endpoint runs as its own process whose log (request
lines, and the tracebacks it writes for APIs it does not implement) goes to
``out/demo/local-endpoint.log``; sfndeploy itself says once which API the endpoint lacks. The
rendered files go to ``out/demo/render``. At the end, the time each stage took.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENT = "local"
OUT_DIR = ROOT / "out" / "demo"
ENDPOINT_LOG = OUT_DIR / "local-endpoint.log"
STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"demo: the local endpoint exited {server.returncode}; see {display(ENDPOINT_LOG)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"demo: the local endpoint did not listen within {STARTUP_TIMEOUT:.0f} s")


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@contextmanager
def local_endpoint(log: IO[bytes]) -> Iterator[str]:
    """moto's server mode in its own process, everything it prints going to ``log``."""
    port = free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, server, time.monotonic() + STARTUP_TIMEOUT)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Stages:
    """Runs each stage as a user would and remembers how long it took."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.timings: list[tuple[str, float]] = []

    def step(self, title: str, args: list[str], expect: int = 0) -> None:
        print(f"\n=== {title}\n$ sfndeploy {' '.join(args)}", flush=True)
        command = [sys.executable, "-m", "sfndeploy", "--project-dir", str(ROOT), *args]
        started = time.monotonic()
        code = subprocess.run(command, env=self.env, stdin=subprocess.DEVNULL, check=False).returncode
        self.timings.append((title, time.monotonic() - started))
        if code != expect:
            raise SystemExit(f"demo: '{title}' exited {code}, expected {expect}")

    def report(self, endpoint_start: float) -> None:
        rows = [("Start the local endpoint", endpoint_start), *self.timings]
        width = max(len(title) for title, _ in rows)
        print("\nTime per stage (wall clock):")
        for title, seconds in rows:
            print(f"  {title:<{width}}  {seconds:5.1f} s")
        print(f"  {'Total':<{width}}  {sum(seconds for _, seconds in rows):5.1f} s")


def demo_environment(endpoint: str) -> dict[str, str]:
    env = dict(
        os.environ,
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="demo",
        AWS_SECRET_ACCESS_KEY="demo",
        AWS_DEFAULT_REGION="us-east-1",
    )
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(name, None)
    return env


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    render_dir = OUT_DIR / "render"
    started = time.monotonic()
    with ENDPOINT_LOG.open("wb") as log, local_endpoint(log) as endpoint:
        endpoint_start = time.monotonic() - started
        print(f"Local AWS endpoint (moto server mode): {endpoint}; its log: {display(ENDPOINT_LOG)}")
        stages = Stages(demo_environment(endpoint))
        stages.step("Render every workflow to ASL and IAM", ["render", "-e", ENVIRONMENT, "-o", str(render_dir)])
        stages.step("Validate the rendered definitions", ["validate", "-e", ENVIRONMENT])
        stages.step("Dry-run the workflow test cases", ["test", "-e", ENVIRONMENT])
        stages.step("Plan against the (empty) account", ["plan", "-e", ENVIRONMENT])
        stages.step("Apply", ["apply", "-e", ENVIRONMENT, "--auto-approve"])
        stages.step("Plan again: nothing left to change", ["plan", "-e", ENVIRONMENT, "--detailed-exitcode"])
    print("\nDemo complete: rendered, validated, tested, planned, applied, and the second plan is empty.")
    stages.report(endpoint_start)


if __name__ == "__main__":
    main()
