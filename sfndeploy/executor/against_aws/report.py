"""How the check against AWS is shown: text lines, a JSON document, JUnit test cases."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sfndeploy.executor.against_aws.check import CaseCheck, WorkflowCheck
from sfndeploy.executor.against_aws.compare import ABSENT, Disagreement, differing_paths
from sfndeploy.executor.engine import ExecutionResult
from sfndeploy.executor.testing.runner import CaseResult

_WIDTH = 200
_PLACES = 3


def describe(disagreement: Disagreement) -> str:
    """``state 'ChargePayment': output: local {...}, AWS {...}``."""
    if disagreement.field == "request":
        return f"state '{disagreement.state}': AWS refused the request: {disagreement.aws}"
    text = f"state '{disagreement.state}': {disagreement.field}: " + _difference(disagreement.local, disagreement.aws)
    return f"{text} ({disagreement.note})" if disagreement.note else text


def text_lines(check: WorkflowCheck) -> list[str]:
    sent = sum(case.sent for case in check.cases)
    lines = [
        f"{check.workflow} against AWS: {check.agreeing}/{len(check.cases)} cases agree, "
        f"{sent} state run(s) checked with {check.calls} TestState call(s)"
    ]
    for case in check.cases:
        lines.append(f"  {case.mark} {case.case.name}")
        if case.not_checked:
            lines.append(f"       not checked: {case.not_checked}")
        lines.extend(f"       {case.case.location}: {describe(each)}" for each in case.disagreements)
        lines.extend(f"       not sent: state '{each.state}': {each.reason}" for each in case.not_sent)
    return lines


def summary_line(checks: Sequence[WorkflowCheck]) -> str:
    agree = sum(check.agreeing for check in checks)
    differ = sum(check.disagreeing for check in checks)
    found = sum(len(case.disagreements) for check in checks for case in check.cases)
    unchecked = sum(1 for check in checks for case in check.cases if case.mark == "NOT CHECKED")
    line = f"against AWS: {agree} case(s) agree, {differ} differ ({found} disagreement(s))"
    return line + (f", {unchecked} not checked" if unchecked else "")


def as_json(checks: Sequence[WorkflowCheck]) -> list[dict[str, Any]]:
    """One object per workflow: its role, the TestState calls made, and each case's disagreements."""
    return [
        {
            "workflow": check.workflow,
            "role_arn": check.role_arn,
            "test_state_calls": check.calls,
            "cases": [_case_json(case) for case in check.cases],
        }
        for check in checks
    ]


def junit_cases(checks: Sequence[WorkflowCheck]) -> dict[str, list[CaseResult]]:
    """One JUnit test suite per workflow (``<workflow> against AWS``), one test case per case."""
    return {
        f"{check.workflow} against AWS": [
            CaseResult(case.case, ExecutionResult(status="CHECKED"), _failures(case), 0.0) for case in check.cases
        ]
        for check in checks
    }


def _failures(case: CaseCheck) -> tuple[str, ...]:
    return tuple(describe(each) for each in case.disagreements)


def _case_json(case: CaseCheck) -> dict[str, Any]:
    return {
        "name": case.case.name,
        "file": str(case.case.file),
        "line": case.case.line,
        "agrees": case.agrees,
        "checked": case.not_checked is None,
        "state_runs_sent": case.sent,
        "not_checked": case.not_checked,
        "disagreements": [
            {"state": each.state, "field": each.field, "local": each.local, "aws": each.aws, "note": each.note}
            for each in case.disagreements
        ],
        "not_sent": [{"state": each.state, "reason": each.reason} for each in case.not_sent],
    }


def _difference(local: Any, aws: Any) -> str:
    """``local X, AWS Y``; inside objects and arrays, at each place that differs (up to three)."""
    places = differing_paths(local, aws) if isinstance(local, (dict, list)) else []
    if not places or len(places) > _PLACES or places[0][0] == "$":
        return f"local {_short(local)}, AWS {_short(aws)}"
    return "; ".join(f"at {path} local {_short(mine)}, AWS {_short(theirs)}" for path, mine, theirs in places)


def _short(value: Any) -> str:
    if value is ABSENT:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 3] + "..."
