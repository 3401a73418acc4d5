"""``render``'s core: render, validate and derive IAM for an environment; nothing is written here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sfndeploy import pipeline
from sfndeploy.asl.counts import count_states
from sfndeploy.errors import DefinitionInvalid
from sfndeploy.model import RenderedWorkflow
from sfndeploy.render.artifacts import artifact_files


@dataclass(frozen=True)
class RenderResult:
    workflows: tuple[RenderedWorkflow, ...]
    reports: tuple[pipeline.WorkflowReport, ...]
    files: dict[str, str]  # file name -> text, ready to be written

    @property
    def failed(self) -> bool:
        return any(r.report.errors for r in self.reports)


def build(project_dir: Path, env_name: str, names: Sequence[str] = ()) -> RenderResult:
    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    workflows, reports = pipeline.prepare(project, env, names)
    result = RenderResult(tuple(workflows), tuple(reports), {})
    if result.failed:
        return result
    return RenderResult(tuple(workflows), tuple(reports), artifact_files(workflows))


def failure(result: RenderResult) -> DefinitionInvalid:
    failing = [r for r in result.reports if r.report.errors]
    count = sum(len(r.report.errors) for r in failing)
    return DefinitionInvalid(
        f"{count} validation error{'s' * (count != 1)} in {len(failing)} "
        f"workflow{'s' * (len(failing) != 1)}; nothing was written"
    )


def summary_line(workflow: RenderedWorkflow) -> str:
    parts = [
        f"{workflow.name:<24}",
        f"-> {workflow.state_machine_name}",
        workflow.type,
        str(count_states(workflow.definition)),
    ]
    if workflow.role.arn is not None:
        parts.append(f"role {workflow.role.arn}")
    elif workflow.iam is not None:
        statements = len(workflow.iam.policy.get("Statement", []))
        parts.append(f"{statements} IAM statement{'s' * (statements != 1)}")
        if workflow.iam.warnings:
            count = len(workflow.iam.warnings)
            parts.append(f"{count} IAM warning{'s' * (count != 1)}")
    if workflow.triggers:
        count = len(workflow.triggers)
        parts.append(f"{count} trigger{'s' * (count != 1)} (" + ", ".join(t.name for t in workflow.triggers) + ")")
    return "  ".join(parts)
