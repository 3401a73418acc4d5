"""What one dry run bills: state transitions (Standard) and requests, duration and memory (Express).

AWS's billing rules (https://aws.amazon.com/step-functions/pricing/):

* Standard: a state transition each time a step of the workflow runs, and one more for each
  retry. Here: every state entered in the execution's history (Map iterations and Parallel
  branches included) plus every retry the executor made.
* Express: one request per execution, and its duration rounded up to the next 100 ms times the
  memory it used, billed in 64 MB steps.
* A Distributed Map's child executions are billed by their own type (``ExecutionType`` in
  ``ItemProcessor.ProcessorConfig``): STANDARD children by their transitions, EXPRESS children
  one request and their own duration and memory each.

Express memory is not observable in a dry run. It is estimated the way AWS's pricing example
does: 50 MB, plus the definition's size, plus the largest payload times the number of Map and
Parallel steps (Map iterations and Parallel branches run), with 1 MB = 1,000,000 bytes as there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sfndeploy.asl.jsonfmt import to_json
from sfndeploy.executor.engine import ExecutionResult
from sfndeploy.executor.history import RawEvent
from sfndeploy.executor.runtime import MapRun

BASE_MEMORY_MB = 50.0  # AWS's pricing example: what an Express execution uses before its data
MEMORY_STEP_MB = 64
DURATION_STEP_MS = 100
BYTES_PER_MB = 1_000_000


@dataclass(frozen=True)
class ExpressRun:
    """One Express execution's billed figures (the workflow's own, or an EXPRESS child's)."""

    duration_seconds: float  # virtual time
    memory_mb: float  # the estimate

    @property
    def billed_seconds(self) -> float:
        milliseconds = round(self.duration_seconds * 1000, 6)
        return max(1, math.ceil(milliseconds / DURATION_STEP_MS)) * DURATION_STEP_MS / 1000

    @property
    def billed_memory_mb(self) -> int:
        return max(1, math.ceil(self.memory_mb / MEMORY_STEP_MB)) * MEMORY_STEP_MB

    @property
    def gb_seconds(self) -> float:
        return self.billed_seconds * self.billed_memory_mb / 1024


@dataclass(frozen=True)
class ExecutionUsage:
    """What one execution bills, whichever type the workflow is deployed as."""

    transitions: int  # the execution's own: states entered + retries
    retries: int
    as_express: ExpressRun  # the execution as an Express workflow
    largest_payload_bytes: int
    parallel_steps: int  # Map iterations and Parallel branches run
    standard_child_transitions: int = 0  # Distributed Map children of type STANDARD
    express_children: tuple[ExpressRun, ...] = ()  # Distributed Map children of type EXPRESS

    @property
    def standard_transitions(self) -> int:
        """Transitions billed when the workflow is Standard: its own and its STANDARD children's."""
        return self.transitions + self.standard_child_transitions

    @property
    def express_child_gb_seconds(self) -> float:
        return sum(child.gb_seconds for child in self.express_children)


def execution_usage(result: ExecutionResult, definition: Mapping[str, Any]) -> ExecutionUsage:
    """The billed figures of one dry run of ``definition``."""
    events = result.events
    branches = _branch_counts(definition)
    entered = sum(1 for kind, _, _ in events if kind.endswith("StateEntered"))
    steps = _parallel_steps(events, branches)
    largest = _largest_payload(events)
    duration = events[-1][1] - events[0][1] if events else 0.0
    memory = _memory_mb(len(to_json(definition).encode()), largest, steps)
    runs = result.map_runs
    standard_children = sum(run.states_entered + run.retries for run in runs if run.execution_type != "EXPRESS")
    express_children = tuple(
        child for run in runs if run.execution_type == "EXPRESS" for child in _express_children(run, branches)
    )
    return ExecutionUsage(
        transitions=entered + result.retries,
        retries=result.retries,
        as_express=ExpressRun(duration, memory),
        largest_payload_bytes=largest,
        parallel_steps=steps,
        standard_child_transitions=standard_children,
        express_children=express_children,
    )


def _express_children(run: MapRun, branches: Mapping[str, int]) -> list[ExpressRun]:
    """Each EXPRESS child of a Map Run: its own duration; the memory estimated from all children's
    largest payload and their Map/Parallel steps shared out evenly."""
    largest = _largest_payload(run.events)
    steps = math.ceil(_parallel_steps(run.events, branches) / run.children) if run.children else 0
    memory = _memory_mb(len(to_json(run.processor).encode()), largest, steps)
    return [ExpressRun(seconds, memory) for seconds in run.durations]


def _memory_mb(definition_bytes: int, largest_payload: int, steps: int) -> float:
    return BASE_MEMORY_MB + (definition_bytes + largest_payload * max(1, steps)) / BYTES_PER_MB


def _parallel_steps(events: Iterable[RawEvent], branches: Mapping[str, int]) -> int:
    steps = 0
    for kind, _, details in events:
        if kind == "MapIterationStarted":
            steps += 1
        elif kind == "ParallelStateEntered" and details:
            steps += branches.get(str(details.get("name")), 0)
    return steps


def _largest_payload(events: Iterable[RawEvent]) -> int:
    """The largest state input or output (and execution input or output) in bytes of JSON."""
    largest = 0
    for kind, _, details in events:
        if not details or not kind.endswith(("StateEntered", "StateExited", "ExecutionStarted", "ExecutionSucceeded")):
            continue
        for key in ("input", "output"):
            if key in details:
                largest = max(largest, len(to_json(details[key]).encode()))
    return largest


def _branch_counts(definition: Mapping[str, Any]) -> dict[str, int]:
    """How many branches each Parallel state has, nested ones included (state names are unique)."""
    counts: dict[str, int] = {}
    for name, spec in (definition.get("States") or {}).items():
        if not isinstance(spec, dict):
            continue
        nested = list(spec.get("Branches") or ())
        if spec.get("Type") == "Parallel":
            counts[name] = len(nested)
        processor = spec.get("ItemProcessor") or spec.get("Iterator")
        if isinstance(processor, dict):
            nested.append(processor)
        for branch in nested:
            if isinstance(branch, dict):
                counts.update(_branch_counts(branch))
    return counts
