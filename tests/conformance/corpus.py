"""Reading and running the AWS-recorded conformance cases of ``tests/data/conformance/aws-recorded``.

A case passes when status, output, error and cause match (outside ``normalised_paths``), the
event types match where recorded, and every Task asked its integration for exactly what AWS
recorded (``recorded_task_requests``, placeholders matching anything).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sfndeploy.executor import ExecutionOptions, StateMachine, responder_from_mock_config
from sfndeploy.executor.mocks import NoMocks
from tests.data import AWS_RECORDED

CORPUS_DIR = AWS_RECORDED
KNOWN_FAILURES_FILE = Path(__file__).with_name("known_failures.yaml")
_IGNORED = object()


def case_files() -> list[Path]:
    return sorted(path for path in CORPUS_DIR.glob("*/*.json"))


@cache
def load_case(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Outcome:
    case_id: str
    mismatches: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.mismatches


def run_case(case: dict[str, Any]) -> Outcome:
    """Run one case and list every way in which the result differs from AWS's."""
    mocks: Any = NoMocks()
    machine_name = "conformance"
    if case.get("mock_config"):
        machine_name = next(iter(case["mock_config"]["StateMachines"]))
        mocks = responder_from_mock_config(case["mock_config"], machine_name, case["test_case"])
    options = ExecutionOptions(execution_name="conformance", state_machine_name=machine_name, account_id="111111111111")
    try:
        result = StateMachine(case["definition"]).execute(case["input"], mocks=mocks, options=options)
    except Exception as problem:  # a crash is a mismatch to report, not a test error
        return Outcome(case["id"], (f"raised {type(problem).__name__}: {problem}",))
    actual = {"status": result.status, "output": result.output, "error": result.error, "cause": result.cause}
    problems = _compare(case, actual, result.event_types())
    recorded = case.get("recorded_task_requests")
    if recorded:
        requests = _task_requests(result)
        expected_requests = [
            {"state": each["state"], "value": each.get("parameters", each.get("input"))} for each in recorded
        ]
        if not _matches_recorded(requests, expected_requests):
            problems.append(f"task requests {_short(requests)} != recorded {_short(expected_requests)}")
    return Outcome(case["id"], tuple(problems))


def _task_requests(result: Any) -> list[dict[str, Any]]:
    """What each Task asked its integration, in history order (the evaluated Parameters/Arguments)."""
    requests = []
    state = None
    for event in result.history():
        if event.type.endswith("StateEntered"):
            state = event.details["name"]
        elif event.type in ("TaskScheduled", "LambdaFunctionScheduled"):
            details = event.details
            requests.append({"state": state, "value": json.loads(details.get("parameters", details.get("input")))})
    return requests


_PLACEHOLDER = re.compile(r"<[^<>]+>")
_NORMALISED_WORDS = ("date", "snf_role_arn")


def _matches_recorded(actual: Any, recorded: Any) -> bool:
    """Equality where the snapshot tool's placeholders (``<uuid:1>``, ``date``...) match any text."""
    if isinstance(recorded, str) and (recorded in _NORMALISED_WORDS or _PLACEHOLDER.search(recorded)):
        if not isinstance(actual, str):
            return False
        if recorded in _NORMALISED_WORDS:
            return True
        pattern = ".*".join(re.escape(part) for part in _PLACEHOLDER.split(recorded))
        return re.fullmatch(pattern, actual, re.DOTALL) is not None
    if isinstance(recorded, dict) and isinstance(actual, dict):
        return recorded.keys() == actual.keys() and all(_matches_recorded(actual[k], recorded[k]) for k in recorded)
    if isinstance(recorded, list) and isinstance(actual, list):
        return len(recorded) == len(actual) and all(
            _matches_recorded(a, r) for a, r in zip(actual, recorded, strict=True)
        )
    return _same_json(recorded, actual)


def _compare(case: dict[str, Any], actual: dict[str, Any], event_types: list[str]) -> list[str]:
    expected = case["expected"]
    skipped = set(case.get("normalised_paths") or ())
    problems = []
    if actual["status"] != expected["status"]:
        problems.append(f"status {actual['status']} != {expected['status']}")
    for key in ("output", "error", "cause"):
        if key not in expected and key != "output":
            continue
        if key == "output" and expected["status"] != "SUCCEEDED":
            continue
        want = _blank(expected.get(key), f"$.{key}", skipped)
        got = _blank(actual[key], f"$.{key}", skipped)
        if not _same_json(want, got):
            problems.append(f"{key}: {_short(got)} != expected {_short(want)}")
    history = case.get("history_types")
    if history is not None and not _same_history(history, event_types, case["flags"]):
        problems.append(f"history {event_types} != expected {history}")
    return problems


def _blank(value: Any, path: str, skipped: set[str]) -> Any:
    """``value`` with every normalised path replaced by a marker that always compares equal."""
    if path in skipped:
        return _IGNORED
    if isinstance(value, dict) and any(each.startswith(path + ".") for each in skipped):
        return {key: _blank(item, f"{path}.{key}", skipped) for key, item in value.items()}
    return value


def _same_json(left: Any, right: Any) -> bool:
    if left is _IGNORED or right is _IGNORED:
        return True
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same_json(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_same_json(a, b) for a, b in zip(left, right, strict=True))
    return bool(type(left) is type(right) or (_number(left) and _number(right))) and left == right


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same_history(expected: list[str], actual: list[str], flags: dict[str, Any]) -> bool:
    if flags.get("history_order_normalised"):
        return sorted(expected) == sorted(actual)
    return expected == actual


def _short(value: Any) -> str:
    text = "<normalised>" if value is _IGNORED else json.dumps(value, default=str)
    return text if len(text) <= 300 else text[:300] + "..."


def known_failures() -> dict[str, str]:
    import yaml

    if not KNOWN_FAILURES_FILE.exists():
        return {}
    data = yaml.safe_load(KNOWN_FAILURES_FILE.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}
