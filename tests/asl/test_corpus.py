"""Every Pass/Fail-only case of the AWS-recorded corpus areas that exercise the expressions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .passrunner import CORPUS, load_cases, run_case, strip_normalised, unsupported_reason

AREAS = ("intrinsicfunctions", "base")
CASES = load_cases(*AREAS)
OTHER_CASES = [
    case
    for case in load_cases(*sorted(path.name for path in CORPUS.iterdir() if path.is_dir() and path.name not in AREAS))
    if unsupported_reason(case) is None
]
RUNNABLE = [case for case in CASES if unsupported_reason(case) is None]
KNOWN_DIFFERENCES = Path(__file__).with_name("known_differences.md")


def _known_failures() -> set[str]:
    """Case ids listed in known_differences.md under 'Cases the expressions get wrong'."""
    text = KNOWN_DIFFERENCES.read_text(encoding="utf-8")
    section = text.split("## Cases the expressions get wrong", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE))


def _not_runnable_listed() -> set[str]:
    text = KNOWN_DIFFERENCES.read_text(encoding="utf-8")
    section = text.split("## Cases this runner cannot run", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE))


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 190
    assert len(RUNNABLE) >= 185
    assert len(OTHER_CASES) >= 30


@pytest.mark.parametrize(
    "case", [case for case in RUNNABLE if case["id"] not in _known_failures()], ids=lambda case: case["id"]
)
def test_case_matches_aws(case: dict[str, Any]) -> None:
    outcome = run_case(case)
    paths = case.get("normalised_paths") or []
    expected = strip_normalised(case["expected"], paths)
    actual = strip_normalised(outcome.as_expected(), paths)
    assert actual == expected


@pytest.mark.parametrize("case", OTHER_CASES, ids=lambda case: case["id"])
def test_pass_and_fail_only_cases_of_other_areas_match_aws(case: dict[str, Any]) -> None:
    paths = case.get("normalised_paths") or []
    assert strip_normalised(run_case(case).as_expected(), paths) == strip_normalised(case["expected"], paths)


def test_cases_the_runner_cannot_run_are_documented() -> None:
    not_runnable = {case["id"] for case in CASES if unsupported_reason(case) is not None}
    assert not_runnable == _not_runnable_listed()


def test_documented_failures_still_fail() -> None:
    """A documented difference that got fixed must leave the list."""
    by_id = {case["id"]: case for case in RUNNABLE}
    for case_id in _known_failures():
        case = by_id[case_id]
        paths = case.get("normalised_paths") or []
        assert strip_normalised(run_case(case).as_expected(), paths) != strip_normalised(case["expected"], paths)
