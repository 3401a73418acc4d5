"""Mocked Task responses, so that no AWS call is ever made.

Two sources, one interface (:class:`MockResponder`):

* AWS Step Functions Local's mock configuration file, accepted as is::

    {"StateMachines": {"<machine>": {"TestCases": {"<case>": {"<State>": "<MockName>"}}}},
     "MockedResponses": {"<MockName>": {"0": {"Return": ...}, "1-2": {"Throw": {"Error": ..., "Cause": ...}}}}}

  Responses are indexed by invocation number of the state (from 0; ``"1-2"`` is a range),
  counted across retries and Map iterations.
* The native form of test case files: per state a ``return`` value, an ``error``/``cause``, a
  ``sequence`` of such responses (the last repeats), and an optional ``duration`` in seconds so
  that ``TimeoutSeconds`` can fire; or ``iterations``: one such mock per Map iteration, keyed by
  the item index (``"2/0"`` inside nested Maps), counting invocations within the iteration
  (see ``docs/testing.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from sfndeploy.errors import ExecutionSetupError, SourceLocation
from sfndeploy.executor.failures import MockMissing
from sfndeploy.loaders import load_json_file

_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class MockOutcome:
    """What a mocked Task does: return ``result``, or throw ``error``/``cause``; after ``duration`` s."""

    result: Any = None
    error: str | None = None
    cause: str | None = None
    duration: float = 0.0
    echoed: bool = False  # no mock: ``--echo-tasks`` returned the request

    @property
    def failed(self) -> bool:
        return self.error is not None


# The fields of a Lambda ``Invoke`` response, as the optimised integration returns them.
_INVOKE_RESPONSE_FIELDS = frozenset(
    {"StatusCode", "Payload", "ExecutedVersion", "FunctionError", "LogResult", "SdkHttpMetadata", "SdkResponseMetadata"}
)


def lambda_function_result(mocked: Any) -> Any:
    """What a Task whose ``Resource`` is a Lambda function ARN returns for a mocked result.

    The function's payload, as written; or, for a mock written as a Lambda ``Invoke`` response
    (``{"StatusCode": 200, "Payload": ...}``, with optional ``ExecutedVersion`` and the like), its
    ``Payload``. A payload that merely has a ``Payload`` key is returned whole.
    """
    if (
        isinstance(mocked, dict)
        and "Payload" in mocked
        and isinstance(mocked.get("StatusCode"), int)
        and not isinstance(mocked["StatusCode"], bool)
        and _INVOKE_RESPONSE_FIELDS.issuperset(mocked)
    ):
        return mocked["Payload"]
    return mocked


class MapIteration(NamedTuple):
    """Where a Task inside a Map runs: the item indices (outermost Map first) and how many times
    the state was invoked in this iteration before (retries and loops). A tuple: one is made per call."""

    path: tuple[int, ...]
    invocation: int

    @property
    def label(self) -> str:
        return "/".join(str(index) for index in self.path)


Ranges = list[tuple[int, int, MockOutcome]]


class MockResponder(Protocol):
    def respond(
        self, state_name: str, invocation: int, request: Any, iteration: MapIteration | None = None
    ) -> MockOutcome: ...


class NoMocks:
    """No mocks: reaching a Task is an error naming it, unless ``echo`` returns the request."""

    def __init__(self, echo: bool = False) -> None:
        self.echo = echo

    def respond(
        self, state_name: str, invocation: int, request: Any, iteration: MapIteration | None = None
    ) -> MockOutcome:
        if self.echo:
            return MockOutcome(result=request, echoed=True)
        raise MockMissing(state_name, f"the Task state '{state_name}' has no mocked response", unmocked=True)


class ResponseTable:
    """Responses per state, indexed by invocation number; or per state and Map iteration."""

    def __init__(
        self,
        table: Mapping[str, Ranges],
        fallback: NoMocks,
        per_iteration: Mapping[str, Mapping[tuple[int, ...], Ranges]] | None = None,
    ) -> None:
        self.table = table
        self.fallback = fallback
        self.per_iteration = per_iteration or {}

    def respond(
        self, state_name: str, invocation: int, request: Any, iteration: MapIteration | None = None
    ) -> MockOutcome:
        by_iteration = self.per_iteration.get(state_name)
        if by_iteration is not None:
            return _iteration_response(state_name, by_iteration, iteration)
        ranges = self.table.get(state_name)
        if ranges is None:
            return self.fallback.respond(state_name, invocation, request, iteration)
        return _pick(ranges, invocation, state_name, f"invocation {invocation}")


def _iteration_response(
    state_name: str, by_iteration: Mapping[tuple[int, ...], Ranges], iteration: MapIteration | None
) -> MockOutcome:
    if iteration is None:
        raise MockMissing(
            state_name, f"the mock of Task state '{state_name}' answers per Map iteration, but it ran outside a Map"
        )
    ranges = by_iteration.get(iteration.path)
    if ranges is None:
        raise MockMissing(
            state_name, f"the mock of Task state '{state_name}' has no response for Map iteration {iteration.label}"
        )
    where = f"invocation {iteration.invocation} of Map iteration {iteration.label}"
    return _pick(ranges, iteration.invocation, state_name, where)


def _pick(ranges: Ranges, invocation: int, state_name: str, where: str) -> MockOutcome:
    for first, last, outcome in ranges:
        if first <= invocation <= last:
            return outcome
    raise MockMissing(state_name, f"the mock of Task state '{state_name}' has no response for {where}")


# ---------------------------------------------------------------------------------------------
# Step Functions Local mock configuration
# ---------------------------------------------------------------------------------------------


def load_mock_config(path: Path) -> dict[str, Any]:
    data, _ = load_json_file(path, error=ExecutionSetupError, what="mock config")
    if not isinstance(data, dict) or not isinstance(data.get("StateMachines"), dict):
        raise ExecutionSetupError("the mock config has no 'StateMachines' object", location=SourceLocation(str(path)))
    return data


def responder_from_mock_config(
    config: Mapping[str, Any],
    state_machine: str,
    test_case: str,
    *,
    source: str = "<mock config>",
    echo: bool = False,
) -> ResponseTable:
    """The responses of one test case of a Step Functions Local mock configuration."""
    machines = _object(config.get("StateMachines", {}), "StateMachines", source)
    if state_machine not in machines:
        known = ", ".join(sorted(machines)) or "none"
        raise ExecutionSetupError(
            f"the mock config has no state machine '{state_machine}' (it has: {known})",
            location=SourceLocation(source),
            hint="use --name to pick the state machine name",
        )
    machine = _object(machines[state_machine], f"StateMachines.{state_machine}", source)
    cases = _object(machine.get("TestCases", {}), f"StateMachines.{state_machine}.TestCases", source)
    if test_case not in cases:
        known = ", ".join(sorted(cases)) or "none"
        raise ExecutionSetupError(
            f"state machine '{state_machine}' has no test case '{test_case}' (it has: {known})",
            location=SourceLocation(source),
        )
    case = _object(cases[test_case], f"StateMachines.{state_machine}.TestCases.{test_case}", source)
    responses = _object(config.get("MockedResponses", {}), "MockedResponses", source)
    table: dict[str, Ranges] = {}
    for state_name, mock_name in case.items():
        if not isinstance(mock_name, str) or mock_name not in responses:
            raise ExecutionSetupError(
                f"test case '{test_case}' maps state '{state_name}' to the unknown mocked response "
                f"{mock_name!r} (the name of an entry of 'MockedResponses')",
                location=SourceLocation(source),
                key=f"StateMachines.{state_machine}.TestCases.{test_case}.{state_name}",
            )
        table[state_name] = _parse_responses(responses[mock_name], mock_name, source)
    return ResponseTable(table, NoMocks(echo))


def _object(value: Any, key: str, source: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ExecutionSetupError("must be an object", location=SourceLocation(source), key=key)
    return value


def _parse_responses(entries: Any, mock_name: str, source: str) -> list[tuple[int, int, MockOutcome]]:
    if not isinstance(entries, dict):
        raise ExecutionSetupError(f"mocked response '{mock_name}' must be an object", location=SourceLocation(source))
    parsed = []
    for key, entry in entries.items():
        match = _RANGE.match(str(key))
        if match is None:
            raise ExecutionSetupError(
                f"mocked response '{mock_name}' has the invalid invocation key '{key}' (use \"0\" or \"1-3\")",
                location=SourceLocation(source),
            )
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        parsed.append((first, last, _sfn_local_outcome(entry, mock_name, source)))
    return parsed


def _sfn_local_outcome(entry: Any, mock_name: str, source: str) -> MockOutcome:
    if isinstance(entry, dict) and "Return" in entry:
        return MockOutcome(result=entry["Return"])
    if isinstance(entry, dict) and isinstance(entry.get("Throw"), dict):
        thrown = entry["Throw"]
        return MockOutcome(error=str(thrown.get("Error", "")), cause=thrown.get("Cause"))
    raise ExecutionSetupError(
        f"each response of mocked response '{mock_name}' needs 'Return' or 'Throw'",
        location=SourceLocation(source),
    )


# ---------------------------------------------------------------------------------------------
# Native mocks (test case files)
# ---------------------------------------------------------------------------------------------


def responder_from_native(
    mocks: Mapping[str, Any], *, source: str = "<test case>", echo: bool = False
) -> ResponseTable:
    """``{State: {return: ...} | {error: ..., cause: ...} | {sequence: [...]} | {iterations: {...}}}``."""
    table: dict[str, Ranges] = {}
    per_iteration: dict[str, dict[tuple[int, ...], Ranges]] = {}
    for state_name, spec in mocks.items():
        if isinstance(spec, dict) and "iterations" in spec:
            per_iteration[state_name] = _native_iterations(state_name, spec, source)
        else:
            table[state_name] = _native_ranges(state_name, spec, source)
    return ResponseTable(table, NoMocks(echo), per_iteration)


def _native_iterations(state_name: str, spec: dict[str, Any], source: str) -> dict[tuple[int, ...], Ranges]:
    """``iterations: {0: MOCK, 1: MOCK, "2/0": MOCK}``: a mock per Map item index (path for nested Maps)."""
    entries = spec["iterations"]
    others = sorted(set(spec) - {"iterations"})
    if not isinstance(entries, dict) or not entries or others:
        raise ExecutionSetupError(
            f"the mock of '{state_name}': 'iterations' must map Map item indices to mocks, and stand alone",
            location=SourceLocation(source),
        )
    parsed: dict[tuple[int, ...], Ranges] = {}
    for key, mock in entries.items():
        path = iteration_path(key)
        if path is None:
            raise ExecutionSetupError(
                f"the mock of '{state_name}': {key!r} is not a Map item index (0, 1, ... or \"2/0\" in nested Maps)",
                location=SourceLocation(source),
            )
        parsed[path] = _native_ranges(state_name, mock, source)
    return parsed


def iteration_path(key: Any) -> tuple[int, ...] | None:
    """A key of ``iterations``: an index (``3``), or indices from the outermost Map (``"2/0"``)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return (key,) if key >= 0 else None
    parts = str(key).split("/")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def iteration_key(path: tuple[int, ...]) -> int | str:
    """How a Map iteration is written as a key of ``iterations``: ``3``, or ``"2/0"``."""
    return path[0] if len(path) == 1 else "/".join(str(index) for index in path)


def _native_ranges(state_name: str, spec: Any, source: str) -> Ranges:
    if isinstance(spec, dict) and "sequence" in spec:
        steps = spec["sequence"]
        if not isinstance(steps, list) or not steps:
            raise ExecutionSetupError(
                f"the mock of '{state_name}': 'sequence' must be a non-empty list",
                location=SourceLocation(source),
            )
        outcomes = [_native_outcome(state_name, step, source) for step in steps]
        ranges = [(index, index, outcome) for index, outcome in enumerate(outcomes)]
        last = len(outcomes) - 1
        ranges[-1] = (last, 1 << 62, outcomes[-1])  # the last response repeats
        return ranges
    return [(0, 1 << 62, _native_outcome(state_name, spec, source))]


def _native_outcome(state_name: str, spec: Any, source: str) -> MockOutcome:
    if not isinstance(spec, dict) or not ({"return", "error"} & set(spec)):
        raise ExecutionSetupError(
            f"the mock of '{state_name}' needs 'return', 'error' or 'sequence'",
            location=SourceLocation(source),
        )
    duration = spec.get("duration", 0)
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) or duration < 0:
        raise ExecutionSetupError(
            f"the mock of '{state_name}': 'duration' must be a number of seconds",
            location=SourceLocation(source),
        )
    if "error" in spec:
        return MockOutcome(error=str(spec["error"]), cause=spec.get("cause", ""), duration=float(duration))
    return MockOutcome(result=spec["return"], duration=float(duration))
