"""Validation of a spec's event patterns beyond what render refuses: the grammar's warnings.

Render raises on the first error of an ``event:`` trigger's pattern; a pattern EventBridge accepts
but that may not do what it seems (longer than the account's default pattern-size quota, a number
with more decimals than numeric matching keeps) is an ``EVENT_PATTERN`` warning of ``validate`` at
its line in the spec.
"""

from __future__ import annotations

from dataclasses import replace

from sfndeploy.eventbridge.patterns import check_event_pattern
from sfndeploy.eventbridge.problems import rebased
from sfndeploy.model import RenderedWorkflow
from sfndeploy.sourcemap import pointer_join
from sfndeploy.triggers.model import EventTrigger
from sfndeploy.validate.diagnostics import WARNING, Diagnostic, ValidationReport

EVENT_PATTERN = "EVENT_PATTERN"
RULE = "triggers-event-pattern"


def with_pattern_findings(report: ValidationReport, workflow: RenderedWorkflow) -> ValidationReport:
    """``report`` with the warnings about the workflow's event patterns added."""
    found = pattern_diagnostics(workflow)
    return replace(report, diagnostics=(*report.diagnostics, *found)) if found else report


def pattern_diagnostics(workflow: RenderedWorkflow) -> tuple[Diagnostic, ...]:
    found = []
    for trigger in workflow.triggers:
        if not isinstance(trigger, EventTrigger) or trigger.pattern is None:
            continue
        where = pointer_join(pointer_join(trigger.pointer, "event"), "pattern")
        for problem in rebased(check_event_pattern(trigger.pattern), where):
            if problem.is_error:
                continue  # render already refused it
            found.append(
                Diagnostic(
                    severity=WARNING,
                    code=EVENT_PATTERN,
                    message=f"trigger {trigger.name}: {problem.message}",
                    pointer=problem.pointer,
                    location=workflow.source_map.locate(problem.pointer),
                    rule=RULE,
                )
            )
    return tuple(found)
