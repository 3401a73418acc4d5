"""Find the project, load an environment file, list the workflow specs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sfndeploy.config import schema
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.loaders import load_yaml_file
from sfndeploy.model import AssumeRole, Environment, LoggingConfig, Naming, Project
from sfndeploy.secrets.sources import secret_sources, template_env_names
from sfndeploy.sourcemap import SourceMap

PROJECT_FILE = "sfndeploy.yaml"
SPEC_SUFFIXES = (".yaml.j2", ".yml.j2")
ENV_SUFFIXES = (".yaml", ".yml")


def load_project(project_dir: Path) -> Project:
    """The project rooted at ``project_dir`` (``sfndeploy.yaml`` is optional)."""
    root = project_dir.resolve()
    settings: dict[str, Any] = {}
    project_file = root / PROJECT_FILE
    if project_file.is_file():
        settings = _load_checked(project_file, "project", what="project file", display=PROJECT_FILE)
    templates_dir = root / settings.get("templates_dir", "templates")
    environments_dir = root / settings.get("environments_dir", "environments")
    if not templates_dir.is_dir() or not environments_dir.is_dir():
        missing = templates_dir if not templates_dir.is_dir() else environments_dir
        raise ConfigError(
            f"not an sfndeploy project: {missing.name}/ is missing",
            location=SourceLocation(str(project_dir)),
            hint="run 'sfndeploy init' to create one, or pass --project-dir",
        )
    return Project(
        name=settings.get("project", root.name),
        root=root,
        templates_dir=templates_dir,
        environments_dir=environments_dir,
    )


def environment_names(project: Project) -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in project.environments_dir.glob("*.yaml"))


def load_environment(project: Project, env: str) -> Environment:
    """The environment ``env``: a name (``environments/NAME.yaml``) or the path of its file."""
    path, env_name = environment_file(project, env)
    display = display_path(project, path)
    if not path.is_file():
        known = ", ".join(environment_names(project)) or "none"
        raise ConfigError(
            f"environment '{env_name}' does not exist (no {display}); environments: {known}",
            key=env_name,
        )
    data = _load_checked(path, "environment", what="environment file", display=display)
    if data["name"] != env_name:
        raise ConfigError(
            f"the file is {path.name} but its name is '{data['name']}'; they must agree",
            location=SourceLocation(display, _line_of(path, "name")),
            key="name",
        )
    return _environment_from(data, path, display, project.name)


def environment_file(project: Project, env: str) -> tuple[Path, str]:
    """The file and name of ``-e ENV``: a path (absolute, or relative to the current directory) when
    it has a directory part or a ``.yaml``/``.yml`` suffix, else a name under the environments directory."""
    if "/" in env or "\\" in env or env.endswith(ENV_SUFFIXES):
        path = Path(env).expanduser()
        return path, _strip_suffix(path.name)
    return project.environment_path(env), env


def _strip_suffix(name: str) -> str:
    for suffix in ENV_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def display_path(project: Project, path: Path) -> str:
    """``path`` as messages name it: relative to the project root when it lies inside."""
    try:
        return str(path.resolve().relative_to(project.root))
    except (ValueError, OSError):
        return str(path)


def _environment_from(data: dict[str, Any], path: Path, display: str, project_name: str) -> Environment:
    defaults = data.get("defaults", {})
    naming = data.get("naming", {})
    logging = defaults.get("logging", {})
    return Environment(
        name=data["name"],
        region=data["region"],
        account_id=data["account_id"],
        path=path,
        partition=data.get("partition", "aws"),
        endpoint_url=data.get("endpoint_url"),
        profile=data.get("profile"),
        assume_role=_assume_role(data.get("assume_role"), project_name, data["name"]),
        promoted_from=data.get("promoted_from"),
        naming=Naming(prefix=naming.get("prefix", ""), suffix=naming.get("suffix", "")),
        tags=dict(data.get("tags", {})),
        vars=dict(data.get("vars", {})),
        logging=LoggingConfig(
            level=logging.get("level", "OFF"),
            include_execution_data=logging.get("include_execution_data", False),
            log_group=logging.get("log_group"),
        ),
        tracing=defaults.get("tracing", False),
        deploy=dict(data.get("deploy", {})),
        lock=dict(data.get("lock", {})),
        secrets=secret_sources(data, display),
        template_env=template_env_names(data, lambda pointer: _parse(path, display)[1].locate(pointer)),
        raw=data,
    )


def _assume_role(data: dict[str, Any] | None, project_name: str, env_name: str) -> AssumeRole | None:
    if data is None:
        return None
    return AssumeRole(
        arn=data["arn"],
        session_name=data.get("session_name") or default_session_name(project_name, env_name),
        external_id=data.get("external_id"),
        duration_seconds=data.get("duration_seconds"),
    )


def default_session_name(project_name: str, env_name: str) -> str:
    """``sfndeploy-<project>-<env>``, kept to the characters and 64-character length STS accepts."""
    name = re.sub(r"[^\w+=,.@-]", "-", f"sfndeploy-{project_name}-{env_name}", flags=re.ASCII)
    return name[:64]


def spec_paths(project: Project) -> list[Path]:
    """Every workflow spec: the ``*.yaml.j2`` files at the top of the templates directory.

    Files in sub-directories are partials, macros and definition files, never workflows.
    """
    return sorted(p for p in project.templates_dir.iterdir() if p.is_file() and p.name.endswith(SPEC_SUFFIXES))


def spec_stem(path: Path) -> str:
    for suffix in SPEC_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name.removesuffix(suffix)
    return path.stem


def _load_checked(path: Path, schema_name: str, *, what: str, display: str) -> dict[str, Any]:
    data, source_map = _parse(path, display)
    if not isinstance(data, dict):
        raise ConfigError(f"{what} must be a mapping of keys to values", location=SourceLocation(display, 1))
    schema.check(data, schema_name, source_map, what=what)
    return data


def _parse(path: Path, display: str) -> tuple[Any, SourceMap]:
    return load_yaml_file(path, display)


def _line_of(path: Path, key: str) -> int | None:
    _, source_map = _parse(path, path.name)
    return source_map.locate(f"/{key}").line
