"""The README's main command: the whole sfndeploy loop on the example project, locally.

Starts moto's server mode on a free loopback port as the AWS endpoint, then runs, as a user
would: render, validate, test (dry runs), plan, apply, and plan again, which must show no
changes. Exits non-zero as soon as a step does not do what it should. Nothing leaves this machine.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENT = "local"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def step(title: str, args: list[str], env: dict[str, str], expect: int = 0) -> None:
    print(f"\n=== {title}\n$ sfndeploy {' '.join(args)}", flush=True)
    command = [sys.executable, "-m", "sfndeploy", "--project-dir", str(ROOT), *args]
    code = subprocess.run(command, env=env, check=False).returncode
    if code != expect:
        raise SystemExit(f"demo: '{title}' exited {code}, expected {expect}")


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    out_dir = tempfile.mkdtemp(prefix="sfndeploy-demo-")
    env = dict(
        os.environ,
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="demo",
        AWS_SECRET_ACCESS_KEY="demo",
        AWS_DEFAULT_REGION="us-east-1",
    )
    env.pop("AWS_PROFILE", None)
    print(f"Local AWS endpoint (moto server mode): {env['AWS_ENDPOINT_URL']}")
    try:
        step("Render every workflow to ASL and IAM", ["render", "-e", ENVIRONMENT, "-o", out_dir], env)
        step("Validate the rendered definitions", ["validate", "-e", ENVIRONMENT], env)
        step("Dry-run the workflow test cases", ["test", "-e", ENVIRONMENT], env)
        step("Plan against the (empty) account", ["plan", "-e", ENVIRONMENT], env)
        step("Apply", ["apply", "-e", ENVIRONMENT, "--auto-approve"], env)
        step("Plan again: nothing left to change", ["plan", "-e", ENVIRONMENT, "--detailed-exitcode"], env)
    finally:
        server.stop()
    print("\nDemo complete: rendered, validated, tested, planned, applied, and the second plan is empty.")


if __name__ == "__main__":
    main()
