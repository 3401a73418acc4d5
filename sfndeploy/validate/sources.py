"""What ``sfndeploy validate`` validates: raw definition files, or a project's rendered workflows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sfndeploy.errors import UsageError
from sfndeploy.validate import parse_definition_text, validate_definition
from sfndeploy.validate.diagnostics import ValidationReport
from sfndeploy.validate.remote import RemoteValidate, merge_remote, remote_diagnostics

if TYPE_CHECKING:
    from sfndeploy.model import RenderedWorkflow


def validate_files(
    paths: Sequence[Path], *, workflow_type: str = "STANDARD", remote: RemoteValidate | None = None
) -> list[ValidationReport]:
    """One report per file; a file that cannot be read is a usage error, one that cannot be parsed a diagnostic."""
    reports = []
    for path in paths:
        definition, source_map = parse_definition_text(_read(path), str(path))
        report = validate_definition(definition, workflow_type=workflow_type, source_map=source_map, name=str(path))
        if remote is not None and report.ok:
            report = merge_remote(report, remote_diagnostics(definition, workflow_type, remote, source_map))
        reports.append(report)
    return reports


def validate_rendered(
    workflows: Sequence[RenderedWorkflow], *, remote: RemoteValidate | None = None
) -> list[ValidationReport]:
    """One report per rendered workflow, located in its templates."""
    from sfndeploy.iam.spec_checks import with_role_findings
    from sfndeploy.triggers.spec_checks import with_pattern_findings

    reports = []
    for workflow in workflows:
        source_map = workflow.source_map.under(workflow.definition_pointer)
        report = validate_definition(
            workflow.definition, workflow_type=workflow.type, source_map=source_map, name=workflow.name
        )
        if remote is not None and report.ok:
            extra = remote_diagnostics(workflow.definition, workflow.type, remote, source_map)
            report = merge_remote(report, extra)
        reports.append(with_pattern_findings(with_role_findings(report, workflow), workflow))
    return reports


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory, not a definition file") from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    return data
