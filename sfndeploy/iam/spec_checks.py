"""Validation of a spec's ``role.statements``: a broad grant is an error unless marked ``allow_broad: true``."""

from __future__ import annotations

from dataclasses import replace

from sfndeploy.iam.broad import BROAD_GRANT, statement_reasons
from sfndeploy.model import RenderedWorkflow
from sfndeploy.validate.diagnostics import ERROR, WARNING, Diagnostic, ValidationReport


def with_role_findings(report: ValidationReport, workflow: RenderedWorkflow) -> ValidationReport:
    """``report`` (of the workflow's definition) with the findings about its role's statements added."""
    found = role_statement_diagnostics(workflow)
    return replace(report, diagnostics=(*report.diagnostics, *found)) if found else report


def role_statement_diagnostics(workflow: RenderedWorkflow) -> tuple[Diagnostic, ...]:
    """One BROAD_GRANT diagnostic per broad statement, at its line in the spec."""
    found = []
    for index, statement in enumerate(workflow.role.statements):
        reasons = statement_reasons(statement) if isinstance(statement, dict) else ()
        if not reasons:
            continue
        pointer = f"/role/statements/{index}"
        allowed = index in workflow.role.broad_allowed
        message = f"role.statements[{index}] {'; '.join(reasons)}"
        message += " (accepted: allow_broad: true)" if allowed else "; narrow it, or mark it allow_broad: true"
        found.append(
            Diagnostic(
                severity=WARNING if allowed else ERROR,
                code=BROAD_GRANT,
                message=message,
                pointer=pointer,
                location=workflow.source_map.locate(pointer),
                rule="role-statements-broad-grant",
            )
        )
    return tuple(found)
