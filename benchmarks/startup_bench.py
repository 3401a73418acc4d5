"""Start-up and end-to-end validation as whole processes: sfndeploy against statelint, same run.

What a user waits for is a whole process: the interpreter, the imports, reading the files, the
checks and the report. Every figure here is one child process, timed by its CPU time (user + system
of the child, from ``resource.getrusage(RUSAGE_CHILDREN)``) and its wall-clock time.

* Start-up: ``sfndeploy --version``, ``sfndeploy --help``, ``sfndeploy validate --help`` and
  ``sfndeploy plan --help`` (an AWS command: boto3 is imported only when it runs), with
  ``statelint --help`` as the peer and ``python -c pass`` as the floor (the interpreter alone).
* Validation: one ``sfndeploy validate --definition F1 F2 ...`` process against one
  ``statelint F1 F2 ...`` process over the same files: every distinct definition of the recorded
  conformance set (``tests/data/conformance/aws-recorded``, all accepted by AWS), written as indented
  JSON files, plus the files of ``tests/validate/realworld/definitions`` (real public definitions
  that AWS deploys, stored as their authors wrote them).
  The two take turns (the order alternating by round); the ratio is the median of the per-round
  ratios of statelint's CPU time to sfndeploy's, so a machine busy with other work skews it least.

Each command runs once untimed first. Children run with bytecode caching on (the benchmark drops
``PYTHONDONTWRITEBYTECODE``), as an installed package runs for a user.

Run: ``.venv/bin/python benchmarks/startup_bench.py`` (``--rounds 15`` for steadier figures).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = REPO_ROOT / "tests" / "data" / "conformance" / "aws-recorded"
REALWORLD = REPO_ROOT / "tests" / "validate" / "realworld" / "definitions"  # those AWS deploys
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Sample:
    cpu: float
    wall: float
    code: int


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


def run_child(command: Sequence[str], cwd: Path) -> Sample:
    """One child process to completion; its CPU time is the growth of this process's children total."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=cwd,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(cpu, wall, done.returncode)


def tool(name: str) -> list[str]:
    script = BIN / name
    if script.exists():
        return [str(script)]
    if name == "sfndeploy":
        return [sys.executable, "-m", "sfndeploy"]
    raise SystemExit(f"{name} is not installed next to {sys.executable} (make install)")


def distinct_definitions() -> list[tuple[str, Any]]:
    seen: set[str] = set()
    found: list[tuple[str, Any]] = []
    for path in sorted(CONFORMANCE.glob("*/*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))["definition"]
        key = json.dumps(definition, sort_keys=True)
        if key not in seen:
            seen.add(key)
            found.append((path.stem, definition))
    return found


def realworld_files() -> list[Path]:
    """Definition files of the real-world corpus: JSON objects with ``States``."""
    files = []
    for path in sorted(REALWORLD.glob("*.json")) if REALWORLD.is_dir() else []:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(document, dict) and "States" in document:
            files.append(path)
    return files


def write_corpus(directory: Path) -> tuple[list[str], int, int]:
    """The benchmark's files in ``directory`` (relative names), the conformance and real-world counts."""
    names = []
    for number, (stem, definition) in enumerate(distinct_definitions()):
        name = f"{number:04d}-{stem[:60]}.asl.json"
        (directory / name).write_text(json.dumps(definition, indent=2) + "\n", encoding="utf-8")
        names.append(name)
    conformance = len(names)
    realworld = realworld_files()
    for number, path in enumerate(realworld):
        name = f"rw{number:04d}-{path.name}"
        (directory / name).write_bytes(path.read_bytes())
        names.append(name)
    return names, conformance, len(realworld)


def medians(samples: Sequence[Sample]) -> tuple[float, float]:
    return statistics.median(s.cpu for s in samples), statistics.median(s.wall for s in samples)


def startup(rounds: int, cwd: Path) -> None:
    python = [sys.executable, "-I", "-c", "pass"]
    commands = {
        "sfndeploy --version": [*tool("sfndeploy"), "--version"],
        "sfndeploy --help": [*tool("sfndeploy"), "--help"],
        "sfndeploy validate --help": [*tool("sfndeploy"), "validate", "--help"],
        "sfndeploy plan --help": [*tool("sfndeploy"), "plan", "--help"],
        "statelint --help (peer)": [*tool("statelint"), "--help"],
        "python -c pass (floor)": python,
    }
    samples: dict[str, list[Sample]] = {label: [] for label in commands}
    for command in commands.values():
        run_child(command, cwd)  # untimed: writes bytecode caches
    for _ in range(rounds):
        for label, command in commands.items():
            samples[label].append(run_child(command, cwd))
    print(f"start-up, one process each (median of {rounds} rounds):")
    for label, taken in samples.items():
        cpu, wall = medians(taken)
        print(f"  {label:<28} {cpu:6.3f} s CPU  {wall:6.3f} s wall")


def validation(rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sfndeploy-bench-") as scratch:
        directory = Path(scratch)
        names, conformance, realworld = write_corpus(directory)
        ours_command = [*tool("sfndeploy"), "validate", "--definition", *names]
        theirs_command = [*tool("statelint"), *names]
        run_child(ours_command, directory)
        run_child(theirs_command, directory)
        ours: list[Sample] = []
        theirs: list[Sample] = []
        for round_number in range(rounds):
            if round_number % 2:
                theirs.append(run_child(theirs_command, directory))
                ours.append(run_child(ours_command, directory))
            else:
                ours.append(run_child(ours_command, directory))
                theirs.append(run_child(theirs_command, directory))
    if any(sample.code not in (0, 1) for sample in ours):
        raise SystemExit(f"sfndeploy validate failed: exit statuses {[sample.code for sample in ours]}")
    cpu_ratio = statistics.median(t.cpu / o.cpu for o, t in zip(ours, theirs, strict=True))
    wall_ratio = statistics.median(t.wall / o.wall for o, t in zip(ours, theirs, strict=True))
    print(
        f"validation, one process over {len(names)} definition files ({conformance} distinct conformance "
        f"definitions, {realworld} real-world files; median of {rounds} alternating rounds):"
    )
    for label, taken in (("sfndeploy validate --definition", ours), ("statelint", theirs)):
        cpu, wall = medians(taken)
        codes = sorted({sample.code for sample in taken})
        print(f"  {label:<32} {cpu:6.3f} s CPU  {wall:6.3f} s wall  (exit {', '.join(map(str, codes))})")
    print(f"  sfndeploy is {cpu_ratio:.2f}x statelint's speed in CPU time, {wall_ratio:.2f}x in wall-clock time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    startup(args.rounds, REPO_ROOT)
    validation(args.rounds)


if __name__ == "__main__":
    main()
