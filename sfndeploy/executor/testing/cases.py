"""The test case file format (``templates/<workflow>.tests.yaml``), loaded into frozen dataclasses.

A file holds the cases of one workflow (the file stem names it)::

    cases:
      - name: happy path                  # unique in the file
        input: {orderId: o-1}             # the execution input (default {})
        trigger: nightly                  # or: the input a trigger of the workflow starts it with
        event: {detail: {...}}            #     and, for an event trigger, the event it matched
        mocks:                            # per Task state (and Map ItemReader), by state name
          ValidateOrder:
            return: {Payload: {valid: true}}          # the task result
          ChargePayment:
            sequence:                                   # one response per invocation; the last repeats
              - {error: Lambda.TooManyRequestsException, cause: slow down}
              - {return: {Payload: {chargeId: ch-1}}, duration: 2}   # duration: virtual seconds
        mock_config: mocks.json           # or: a Step Functions Local mock config file (relative to
        test_case: HappyPath              #     this file) and the test case in it
        echo_tasks: false                 # true: unmocked tasks return their input
        weight: 3                         # how often this case happens, relative to the others (cost)
        expect:
          status: SUCCEEDED               # SUCCEEDED (default) | FAILED | TIMED_OUT
          output: {...}                   # exact output
          output_contains: {...}          # or: these keys (recursively) with these values
          error: PaymentFailed            # for FAILED
          cause: card declined
          states: [ValidateOrder, IsOrderValid, ...]   # the exact sequence of states entered
          path: [Prepare, FanOut, Report]   # or: the top-level states entered (not those inside
                                            #     Parallel branches and Map iterations)

Everything but ``name`` is optional; see ``docs/testing.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sfndeploy.errors import ExecutionSetupError, SourceLocation
from sfndeploy.loaders import load_yaml_file
from sfndeploy.sourcemap import SourceMap

TEST_FILE_SUFFIX = ".tests.yaml"
_CASE_KEYS = {
    "name", "input", "trigger", "event", "mocks", "mock_config", "test_case", "echo_tasks", "expect", "description",
    "weight",
}
_EXPECT_KEYS = {"status", "output", "output_contains", "error", "cause", "states", "path"}
_STATUSES = ("SUCCEEDED", "FAILED", "TIMED_OUT")
UNSET: Any = object()


@dataclass(frozen=True)
class Expectation:
    status: str = "SUCCEEDED"
    output: Any = UNSET
    output_contains: Any = UNSET
    error: str | None = None
    cause: str | None = None
    states: tuple[str, ...] | None = None
    path: tuple[str, ...] | None = None  # the top-level states entered, in order


@dataclass(frozen=True)
class WorkflowTestCase:
    name: str
    file: Path
    line: int | None
    input: Any = field(default_factory=dict)
    trigger: str | None = None  # start with this trigger's input instead of ``input``
    event: Any = UNSET  # the sample event an event trigger matched
    mocks: dict[str, Any] = field(default_factory=dict)
    mock_config: Path | None = None
    test_case: str | None = None
    echo_tasks: bool = False
    expect: Expectation = field(default_factory=Expectation)
    weight: float = 1.0  # its share of the executions in ``sfndeploy cost``, relative to the other cases

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(str(self.file), self.line)


def test_file_for(spec_path: Path, stem: str) -> Path:
    """Where the test cases of the workflow whose spec is ``spec_path`` live."""
    return spec_path.parent / f"{stem}{TEST_FILE_SUFFIX}"


def load_test_file(path: Path) -> list[WorkflowTestCase]:
    data, source_map = load_yaml_file(path, error=ExecutionSetupError, what="test file")
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise ExecutionSetupError("a test file needs a list under 'cases'", location=SourceLocation(str(path), 1))
    cases = [_case(path, source_map, index, raw) for index, raw in enumerate(data["cases"])]
    _check_unique(cases)
    return cases


def _case(path: Path, source_map: SourceMap, index: int, raw: Any) -> WorkflowTestCase:
    pointer = f"/cases/{index}"
    where = source_map.locate(pointer)

    def fail(message: str, key: str | None = None) -> ExecutionSetupError:
        location = source_map.locate(f"{pointer}/{key}") if key else where
        return ExecutionSetupError(message, location=location, key=key)

    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise fail("each test case needs a 'name'")
    unknown = sorted(set(raw) - _CASE_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_CASE_KEYS))})", unknown[0])
    mocks = raw.get("mocks") or {}
    if not isinstance(mocks, dict):
        raise fail("'mocks' must map state names to mocks", "mocks")
    if ("mock_config" in raw) != ("test_case" in raw):
        raise fail("'mock_config' and 'test_case' go together", "mock_config" if "mock_config" in raw else "test_case")
    mock_config = path.parent / str(raw["mock_config"]) if "mock_config" in raw else None
    _check_trigger_keys(raw, fail)
    weight = raw.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0:
        raise fail("'weight' must be a number above 0", "weight")
    return WorkflowTestCase(
        name=raw["name"],
        file=path,
        line=where.line,
        input=raw.get("input", {}),
        trigger=raw.get("trigger"),
        event=raw.get("event", UNSET),
        mocks=mocks,
        mock_config=mock_config,
        test_case=str(raw["test_case"]) if "test_case" in raw else None,
        echo_tasks=bool(raw.get("echo_tasks", False)),
        expect=_expectation(raw.get("expect") or {}, fail),
        weight=float(weight),
    )


def _check_trigger_keys(raw: dict[str, Any], fail: Any) -> None:
    if "trigger" not in raw:
        if "event" in raw:
            raise fail("'event' is the sample event of an event trigger: name the trigger with 'trigger'", "event")
        return
    if not isinstance(raw["trigger"], str) or not raw["trigger"]:
        raise fail("'trigger' names one of the workflow's triggers", "trigger")
    if "input" in raw:
        raise fail("give 'input' or 'trigger', not both: a trigger brings its own input", "input")


def _expectation(raw: Any, fail: Any) -> Expectation:
    if not isinstance(raw, dict):
        raise fail("'expect' must be a mapping", "expect")
    unknown = sorted(set(raw) - _EXPECT_KEYS)
    if unknown:
        raise fail(f"unknown expectation(s) {', '.join(unknown)} (known: {', '.join(sorted(_EXPECT_KEYS))})", "expect")
    status = str(raw.get("status", "SUCCEEDED")).upper()
    if status not in _STATUSES:
        raise fail(f"expect.status must be one of {', '.join(_STATUSES)}", "expect")
    states = raw.get("states")
    if states is not None and not _names(states):
        raise fail("expect.states must be a list of state names", "expect")
    path = raw.get("path")
    if path is not None and not _names(path):
        raise fail("expect.path must be a list of state names", "expect")
    return Expectation(
        status=status,
        output=raw.get("output", UNSET),
        output_contains=raw.get("output_contains", UNSET),
        error=raw.get("error"),
        cause=raw.get("cause"),
        states=tuple(states) if states is not None else None,
        path=tuple(path) if path is not None else None,
    )


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(each, str) for each in value)


def _check_unique(cases: list[WorkflowTestCase]) -> None:
    seen: set[str] = set()
    for case in cases:
        if case.name in seen:
            raise ExecutionSetupError(f"two test cases are named '{case.name}'", location=case.location)
        seen.add(case.name)
