"""ministack, a second local AWS endpoint, as a process of its own on a free loopback port.

ministack pins its own botocore, so it lives in its own virtual environment (``make e2e`` makes
``.venv-ministack``); the tests talk to it over HTTP with the project's own boto3, as they would
talk to AWS. Everything it prints goes to a log file. It is stopped when the block ends, whatever
happened inside.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EXECUTABLE = REPO_ROOT / ".venv-ministack" / "bin" / "ministack"
STARTUP_SECONDS = 30.0
STOP_SECONDS = 10.0
HEALTH_PATH = "/_ministack/health"


class MinistackUnavailable(RuntimeError):
    """ministack is not installed, or did not start."""


def executable() -> Path:
    """``$SFNDEPLOY_MINISTACK`` (set by ``make e2e``), else the repository's ``.venv-ministack``."""
    path = Path(os.environ.get("SFNDEPLOY_MINISTACK") or DEFAULT_EXECUTABLE).absolute()
    if not path.is_file():
        raise MinistackUnavailable(f"ministack is not installed at {path}: run 'make e2e', which installs it")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=1.0) as answer:
            return int(answer.status) == 200
    except (OSError, urllib.error.URLError):
        return False


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise MinistackUnavailable(f"ministack exited {server.returncode} while starting; see {log}")
        if _healthy(url):
            return
        time.sleep(0.05)
    raise MinistackUnavailable(f"ministack did not answer {HEALTH_PATH} within {STARTUP_SECONDS:.0f} s; see {log}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def server_environment(port: int, scratch: Path) -> dict[str, str]:
    """ministack's settings: loopback only, nothing persisted, its scratch files (pid file) in ``scratch``.

    ``SFN_WAIT_SCALE=0`` makes Wait states and retry intervals take no time, so workflows that
    wait (a rollout's bake) finish at once.
    """
    kept = {name: value for name, value in os.environ.items() if name in {"PATH", "LANG", "LC_ALL", "HOME"}}
    return {
        **kept,
        "GATEWAY_PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "TMPDIR": str(scratch),
        "PERSIST_STATE": "0",
        "S3_PERSIST": "0",
        "LOG_LEVEL": "INFO",
        "SFN_WAIT_SCALE": "0",
    }


@contextmanager
def running_ministack(log: Path, program: Path | None = None) -> Iterator[str]:
    """Start ministack, wait until it answers, yield its URL, stop it at the end."""
    program = program or executable()
    log.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sfndeploy-ministack-") as scratch, log.open("wb") as output:
        port = free_port()
        server = subprocess.Popen(
            [str(program)],
            env=server_environment(port, Path(scratch)),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=scratch,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(url, server, log)
            yield url
        finally:
            _stop(server)
