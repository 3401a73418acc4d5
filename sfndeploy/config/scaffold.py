"""``sfndeploy init``: lay out a new project that renders out of the box."""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sfndeploy.errors import ConfigError, SourceLocation

_RENAMED = {"gitignore": ".gitignore"}  # dotfiles do not survive every packaging tool
_PROJECT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


def scaffold_files() -> dict[str, str]:
    """The scaffold as {relative path: text}."""
    root = resources.files("sfndeploy").joinpath("scaffold")
    files: dict[str, str] = {}
    _collect(root, "", files)
    return files


def _collect(node: Traversable, prefix: str, files: dict[str, str]) -> None:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        name = _RENAMED.get(child.name, child.name)
        if child.is_dir():
            _collect(child, f"{prefix}{name}/", files)
        else:
            files[f"{prefix}{name}"] = child.read_text(encoding="utf-8")


def create_project(target: Path, project_name: str | None = None) -> list[Path]:
    """Write the scaffold into ``target``; refuse to touch an existing project or file."""
    name = project_name or target.resolve().name
    if not _PROJECT_NAME.match(name):
        raise ConfigError(
            f"'{name}' cannot be a project name: use letters, digits, '-' and '_' (at most 40)",
            hint="pass --name",
        )
    files = {path: text.replace("{{PROJECT}}", name) for path, text in scaffold_files().items()}
    existing = [path for path in files if (target / path).exists()]
    if existing:
        raise ConfigError(
            f"{existing[0]} already exists; init writes only into a new or empty project",
            location=SourceLocation(str(target)),
        )
    written: list[Path] = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
