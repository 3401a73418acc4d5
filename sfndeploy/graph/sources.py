"""Where a graph's definition comes from: a project workflow rendered for an environment, or a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sfndeploy.errors import ConfigError, DefinitionInvalid
from sfndeploy.validate import ValidationReport, parse_definition_text, validate_definition


@dataclass(frozen=True)
class GraphSource:
    title: str
    definition: Any
    report: ValidationReport  # the validator's findings; renderers only run without errors


def from_workflow(project_dir: Path, workflow: str, env_name: str) -> GraphSource:
    from sfndeploy.pipeline import load_environment, load_project, render_workflows

    project = load_project(project_dir)
    env = load_environment(project, env_name)
    (rendered,) = render_workflows(project, env, [workflow])
    report = validate_definition(
        rendered.definition,
        workflow_type=rendered.type,
        source_map=rendered.source_map.under(rendered.definition_pointer),
        name=rendered.name,
    )
    return GraphSource(rendered.name, rendered.definition, report)


def from_file(path: Path) -> GraphSource:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read the definition file: {error.strerror}", key=str(path)) from error
    definition, source_map = parse_definition_text(raw, str(path))
    report = validate_definition(definition, source_map=source_map, name=str(path))
    return GraphSource(path.name.split(".")[0], definition, report)


def require_valid(source: GraphSource) -> None:
    if source.report.errors:
        raise DefinitionInvalid(
            f"the definition has {len(source.report.errors)} validation error(s); no graph was drawn",
            key=source.report.name or None,
        )


def format_for_path(path: Path | None) -> str:
    """The format a file name asks for: .svg, .html/.htm, .dot/.gv, else mermaid."""
    if path is None:
        return "mermaid"
    by_suffix = {".svg": "svg", ".html": "html", ".htm": "html", ".dot": "dot", ".gv": "dot"}
    return by_suffix.get(path.suffix.lower(), "mermaid")
