"""Text and JSON for ``sfndeploy replay`` (the logic lives in :mod:`sfndeploy.operate.replay`)."""

from __future__ import annotations

import json

from sfndeploy.operate.replay import ReplayReport


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: ReplayReport) -> str:
    ref = report.execution
    redacted = f", {_plural(report.redacted, 'value')} redacted" if report.redacted else ""
    return (
        f"replayed execution {ref.name} of {ref.state_machine_name} ({report.production_status}): "
        f"{_plural(report.states, 'state')} entered, {_plural(report.calls, 'task call')}{redacted}"
    )


def verdict_lines(report: ReplayReport) -> list[str]:
    workflow = report.workflow
    lines = []
    if report.divergence is None and report.production_status in ("RUNNING", "ABORTED"):
        lines.append(f"today's {workflow} does what production did so far: same states, task requests and outputs")
    elif report.divergence is None:
        lines.append(f"today's {workflow} does what production did: same states, task requests, outputs and outcome")
    else:
        lines.append(f"today's {workflow} diverges from production at {report.divergence.line()}")
    if report.case_failures:
        lines.append(f"the case '{report.case['name']}' fails against today's {workflow}:")
        lines += [f"  {failure}" for failure in report.case_failures]
    lines += [f"note: {note}" for note in report.notes]
    return lines


def report_lines(report: ReplayReport) -> list[str]:
    lines = [summary_line(report)]
    if report.saved_to is not None:
        lines.append(f"saved as test case '{report.case['name']}' in {report.saved_to}")
    else:
        lines.append(report.case_text.rstrip("\n"))
    return lines + verdict_lines(report)


def report_json(report: ReplayReport) -> str:
    divergence = report.divergence
    return json.dumps(
        {
            "executionArn": report.execution.arn,
            "workflow": report.workflow,
            "status": report.production_status,
            "matches": report.matches,
            "divergence": None if divergence is None else {"state": divergence.where, "reason": divergence.reason},
            "caseFailures": list(report.case_failures),
            "redacted": report.redacted,
            "savedTo": None if report.saved_to is None else str(report.saved_to),
            "case": report.case,
        },
        indent=2,
        ensure_ascii=False,
        default=str,
    )
