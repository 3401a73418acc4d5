"""What ``sfndeploy render`` writes: ``<name>.asl.json`` and ``<name>.iam.json`` per workflow.

Files are first written next to the output directory and moved in only when every one of them
is ready, so a failed run leaves the output directory as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sfndeploy.errors import ConfigError
from sfndeploy.model import RenderedWorkflow


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def iam_document(workflow: RenderedWorkflow) -> dict[str, Any]:
    if workflow.role.arn is not None:
        return {"RoleArn": workflow.role.arn}
    document: dict[str, Any] = {"RoleName": workflow.role.name}
    if workflow.iam is not None:
        document["TrustPolicy"] = workflow.iam.trust_policy
        document["Policy"] = workflow.iam.policy
        document["Warnings"] = [
            {"State": w.state, "Pointer": w.pointer, "Message": w.message} for w in workflow.iam.warnings
        ]
    if workflow.role.permissions_boundary:
        document["PermissionsBoundary"] = workflow.role.permissions_boundary
    return document


def artifact_files(workflows: list[RenderedWorkflow]) -> dict[str, str]:
    files: dict[str, str] = {}
    for workflow in workflows:
        files[f"{workflow.name}.asl.json"] = _pretty(workflow.definition)
        files[f"{workflow.name}.iam.json"] = _pretty(iam_document(workflow))
    return files


def write_all(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write every file or none: stage them in a sibling temporary directory, then move them in."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".sfndeploy-render-", dir=out_dir.parent))
    except OSError as error:
        raise ConfigError(f"cannot write to {out_dir}: {error.strerror}") from error
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        written = []
        for name in files:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    except OSError as error:
        raise ConfigError(f"cannot write to {out_dir}: {error.strerror}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
