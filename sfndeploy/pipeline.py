"""The stages every command composes: load config -> render -> validate -> ... .

Commands call these functions; each takes plain data and returns plain data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sfndeploy.config.project import environment_names, load_environment, load_project, spec_paths, spec_stem
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.model import Environment, Project, RenderedWorkflow
from sfndeploy.render.workflow import render_spec

if TYPE_CHECKING:
    from sfndeploy.validate import ValidationReport

__all__ = [
    "canonical_json",
    "definition_hash",
    "environment_names",
    "load_environment",
    "load_project",
    "prepare",
    "render_workflows",
    "sources_hash",
]


def render_workflows(project: Project, env: Environment, names: Sequence[str] = ()) -> list[RenderedWorkflow]:
    """Render the project's workflows (all, or those named) for ``env``, in name order.

    A name matches the spec's ``name`` or its file stem; an unknown name is an error.
    """
    paths = spec_paths(project)
    selected = _select(paths, names, project) if names else paths
    workflows = [render_spec(project, env, path) for path in selected]
    _check_unique(workflows)
    _check_workflow_targets(workflows)
    return sorted(workflows, key=lambda wf: wf.name)


def _check_workflow_targets(workflows: list[RenderedWorkflow]) -> None:
    if any(wf.notifications for wf in workflows):
        from sfndeploy.triggers.target_reach import check_workflow_targets

        check_workflow_targets(workflows)


def _select(paths: list[Path], names: Sequence[str], project: Project) -> list[Path]:
    by_stem = {spec_stem(p): p for p in paths}
    chosen: list[Path] = []
    for name in names:
        path = by_stem.get(name)
        if path is None:
            known = ", ".join(sorted(by_stem)) or "none"
            raise ConfigError(
                f"no workflow named '{name}' in {project.templates_dir.name}/ (workflows: {known})", key=name
            )
        if path not in chosen:
            chosen.append(path)
    return chosen


def _check_unique(workflows: list[RenderedWorkflow]) -> None:
    seen: dict[str, RenderedWorkflow] = {}
    for wf in workflows:
        if wf.name in seen:
            raise ConfigError(
                f"workflow name '{wf.name}' is also used by {seen[wf.name].spec_path.name}",
                location=wf.source_map.locate("/name"),
                key="name",
            )
        seen[wf.name] = wf


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: equal data gives equal text.

    Values JSON has no type for (a timestamp in an AWS response) are written as their text.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def definition_hash(definition: Any) -> str:
    return hashlib.sha256(canonical_json(definition).encode()).hexdigest()


def sources_hash(workflow: RenderedWorkflow) -> str:
    """Hash of the spec and every template it pulled in, as rendered; the same in every environment."""
    return workflow.sources_hash


def with_iam(workflow: RenderedWorkflow) -> RenderedWorkflow:
    """The workflow with its derived execution-role policies (none for an existing role)."""
    from sfndeploy.iam import IamContext, derive_iam

    if workflow.role.arn is not None:
        return workflow
    env = workflow.environment
    context = IamContext(
        partition=env.partition,
        region=env.region,
        account_id=env.account_id,
        state_machine_name=workflow.state_machine_name,
        state_machine_arn=workflow.state_machine_arn,
        workflow_type=workflow.type,
        log_group_arn=log_group_arn(workflow),
        tracing=workflow.tracing,
        kms_key_arn=workflow.encryption.kms_key,
        extra_statements=tuple(workflow.role.statements),
    )

    def locate(pointer: str) -> SourceLocation:
        return workflow.source_map.locate(workflow.definition_pointer + pointer)

    return replace(workflow, iam=derive_iam(workflow.definition, context, locate=locate))


def log_group_arn(workflow: RenderedWorkflow) -> str | None:
    group = workflow.log_group
    if group is None:
        return None
    if group.startswith("arn:"):
        return group
    env = workflow.environment
    return f"arn:{env.partition}:logs:{env.region}:{env.account_id}:log-group:{group}:*"


@dataclass(frozen=True)
class WorkflowReport:
    """The validator's findings for one rendered workflow."""

    workflow: RenderedWorkflow
    report: ValidationReport


def validate_workflows(workflows: Sequence[RenderedWorkflow]) -> list[WorkflowReport]:
    from sfndeploy.iam.spec_checks import with_role_findings
    from sfndeploy.validate import validate_definition

    reports = []
    for wf in workflows:
        report = validate_definition(
            wf.definition,
            workflow_type=wf.type,
            source_map=wf.source_map.under(wf.definition_pointer),
            name=wf.name,
        )
        reports.append(WorkflowReport(wf, with_role_findings(report, wf)))
    return reports


def prepare(
    project: Project, env: Environment, names: Sequence[str] = ()
) -> tuple[list[RenderedWorkflow], list[WorkflowReport]]:
    """Render, validate and derive IAM: what every command that deploys or runs starts with.

    IAM is derived only when no workflow has a validation error, since derivation assumes a
    well-formed definition.
    """
    workflows = render_workflows(project, env, names)
    reports = validate_workflows(workflows)
    if any(r.report.errors for r in reports):
        return workflows, reports
    return [with_iam(wf) for wf in workflows], reports
