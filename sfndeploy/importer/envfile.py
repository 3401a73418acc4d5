"""Adding variables to an environment file's ``vars:`` block without disturbing the rest of it."""

from __future__ import annotations

from typing import Any

from sfndeploy.importer.live import ImportFailed
from sfndeploy.importer.templated import yaml_lines


def with_vars(text: str, additions: dict[str, Any], *, file: str) -> str:
    """``text`` with ``additions`` appended to its top-level ``vars:`` mapping (created when missing)."""
    if not additions:
        return text
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "vars:" or line.startswith("vars: ")), None)
    if start is None:
        block = ["vars:", *yaml_lines(additions, 2)]
        body = text if text.endswith("\n") or not text else text + "\n"
        return body + "\n".join(block) + "\n"
    if lines[start].strip() != "vars:":
        raise ImportFailed(
            "cannot add variables to a 'vars:' written in flow style",
            key="vars",
            hint=f"write the vars of {file} as a block mapping (one key per line)",
        )
    end = start + 1
    indent: int | None = None
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line.lstrip().startswith("#"):
            if not line.startswith(" "):
                break
            if indent is None:
                indent = len(line) - len(line.lstrip())
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and comments in column 0 belong to what follows
    inserted = yaml_lines(additions, indent or 2)
    result = lines[:end] + inserted + lines[end:]
    return "\n".join(result) + "\n"
