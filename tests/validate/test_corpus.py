"""The invalid corpus (one broken rule each) and the valid-but-tricky corpus under corpus/.

Each invalid case names the code and JSON pointer its error must have; every error it gets must
carry that code (so a case breaks one rule, not several). Valid cases must have no error; those
listing ``warnings`` must get exactly those warning codes.
"""

from __future__ import annotations

from typing import Any

from sfndeploy.validate import validate_definition
from sfndeploy.validate.rules import ALL_RULES


def _report(case: dict[str, Any]):  # type: ignore[no-untyped-def]
    return validate_definition(case["definition"], workflow_type=case.get("workflow_type", "STANDARD"))


def test_invalid_case_reports_its_code_at_its_pointer(invalid_case: dict[str, Any]) -> None:
    report = _report(invalid_case)
    found = [(d.code, d.pointer) for d in report.errors]
    assert (invalid_case["code"], invalid_case["pointer"]) in found, report.diagnostics
    assert {code for code, _ in found} == {invalid_case["code"]}, report.diagnostics
    assert not report.ok


def test_valid_case_has_no_error(valid_case: dict[str, Any]) -> None:
    report = _report(valid_case)
    assert report.errors == (), report.errors
    assert report.ok
    if "warnings" in valid_case:
        assert sorted({d.code for d in report.warnings}) == sorted(valid_case["warnings"]), report.warnings


def test_corpus_sizes(invalid_cases_count: int, valid_cases_count: int) -> None:
    assert invalid_cases_count >= 80
    assert valid_cases_count >= 80


def test_every_rule_is_exercised_by_the_corpus(
    all_invalid_cases: list[dict[str, Any]], all_valid_cases: list[dict[str, Any]]
) -> None:
    fired = set()
    for case in [*all_invalid_cases, *all_valid_cases]:
        fired |= {d.rule for d in _report(case).diagnostics}
    too_large = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "x" * (1024 * 1024), "End": True}}}
    fired |= {d.rule for d in validate_definition(too_large).diagnostics}
    assert {rule.id for rule in ALL_RULES} - fired == set()
