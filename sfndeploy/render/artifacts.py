"""What ``sfndeploy render`` writes: ``<name>.asl.json`` and ``<name>.iam.json`` per workflow.

Files are first written next to the output directory and moved in only when every one of them
is ready, so a failed run leaves the output directory as it was; they get the user's umask.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sfndeploy.model import RenderedWorkflow
from sfndeploy.outputs import write_files_atomically


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def iam_document(workflow: RenderedWorkflow) -> dict[str, Any]:
    """The execution role (or the ARN of the one the team brings), then the invoke roles sfndeploy generates."""
    document = _execution_role_document(workflow)
    if workflow.triggers:
        from sfndeploy.triggers.iam import invoke_role_document

        document["InvokeRoles"] = {t.name: invoke_role_document(t.role) for t in workflow.triggers}
    roles = {n.name: n.role for n in workflow.notifications if n.role is not None}
    if roles:
        from sfndeploy.triggers.iam import invoke_role_document

        document["NotificationRoles"] = {name: invoke_role_document(role) for name, role in roles.items()}
    return document


def _execution_role_document(workflow: RenderedWorkflow) -> dict[str, Any]:
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
    """Write every file or none (see :func:`sfndeploy.outputs.write_files_atomically`)."""
    return write_files_atomically(out_dir, files)
