"""The stages every command composes: load config -> render -> validate -> ... .

Commands call these functions; each takes plain data and returns plain data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sfndeploy.config.project import environment_names, load_environment, load_project, spec_paths, spec_stem
from sfndeploy.errors import ConfigError
from sfndeploy.model import Environment, Project, RenderedWorkflow
from sfndeploy.render.workflow import render_spec

__all__ = [
    "canonical_json",
    "definition_hash",
    "environment_names",
    "load_environment",
    "load_project",
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
    return sorted(workflows, key=lambda wf: wf.name)


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
    """JSON with sorted keys and no whitespace: equal data gives equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def definition_hash(definition: Any) -> str:
    return hashlib.sha256(canonical_json(definition).encode()).hexdigest()


def sources_hash(workflow: RenderedWorkflow) -> str:
    """Hash of the spec and every template it pulled in, independent of the environment."""
    digest = hashlib.sha256()
    root = workflow.environment.path.parent.parent
    for path in sorted(workflow.source_files):
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.name
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
