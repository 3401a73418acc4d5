"""Every AWS-recorded execution of ``tests/data/conformance/aws-recorded``, run through the executor.

Each case compares status, output, error and cause (skipping exactly the case's
``normalised_paths``) and, where recorded, the history's event types. Cases listed in
``known_failures.yaml`` must still fail: fixing one means removing it from the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance.corpus import CORPUS_DIR, case_files, known_failures, load_case, run_case

CASES = case_files()
KNOWN_FAILURES = known_failures()


def _case_id(path: Path) -> str:
    return str(load_case(path)["id"])


def test_corpus_is_present() -> None:
    assert CORPUS_DIR.is_dir(), f"conformance corpus not found at {CORPUS_DIR}"
    assert len(CASES) >= 982


def test_known_failures_name_real_cases() -> None:
    ids = {_case_id(path) for path in CASES}
    assert set(KNOWN_FAILURES) <= ids, sorted(set(KNOWN_FAILURES) - ids)


@pytest.mark.parametrize("path", CASES, ids=_case_id)
def test_case(path: Path) -> None:
    case = load_case(path)
    outcome = run_case(case)
    if case["id"] in KNOWN_FAILURES:
        assert not outcome.passed, f"{case['id']} passes now: remove it from known_failures.yaml"
    else:
        assert outcome.passed, "\n".join(outcome.mismatches)
