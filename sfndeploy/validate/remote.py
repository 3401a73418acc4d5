"""``--remote``: also ask AWS's ValidateStateMachineDefinition, as warnings merged into a report.

The validator never talks to AWS itself: it receives a callable that makes the call (the CLI
builds one from :mod:`sfndeploy.aws`). A missing permission, no network or no credentials become
a warning, never a failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from sfndeploy.sourcemap import SourceMap
from sfndeploy.validate.diagnostics import WARNING, Diagnostic, ValidationReport

# (definition as JSON text, workflow type) -> the API's response
RemoteValidate = Callable[[str, str], Mapping[str, Any]]
UNAVAILABLE = "REMOTE_UNAVAILABLE"


def remote_diagnostics(
    definition: Any, workflow_type: str, call: RemoteValidate, source_map: SourceMap | None = None
) -> tuple[Diagnostic, ...]:
    try:
        response = call(json.dumps(definition, ensure_ascii=False), workflow_type)
    except Exception as error:  # the network boundary: anything that goes wrong is reported, not raised
        return (Diagnostic(WARNING, UNAVAILABLE, f"AWS validation was not done: {_reason(error)}", rule="remote"),)
    found = []
    for item in response.get("diagnostics", []) or []:
        pointer = _pointer(item.get("location"))
        found.append(
            Diagnostic(
                WARNING,
                str(item.get("code") or "REMOTE"),
                f"AWS ({item.get('severity', 'ERROR')}): {item.get('message', '')}",
                pointer,
                source_map.locate(pointer) if source_map is not None else None,
                rule="remote",
            )
        )
    return tuple(found)


def merge_remote(report: ValidationReport, remote: tuple[Diagnostic, ...]) -> ValidationReport:
    return replace(report, diagnostics=report.diagnostics + remote)


def aws_validator(api: Any) -> RemoteValidate:
    """A :data:`RemoteValidate` over an :class:`sfndeploy.aws.api.AwsApi`."""

    def call(definition: str, workflow_type: str) -> Mapping[str, Any]:
        response: Mapping[str, Any] = api.call(
            "stepfunctions", "ValidateStateMachineDefinition", definition=definition, type=workflow_type
        )
        return response

    return call


def _pointer(location: Any) -> str:
    if not isinstance(location, str) or not location.startswith("/"):
        return ""
    return location


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:300]
