"""AWS's own check of the definitions about to be deployed (ValidateStateMachineDefinition).

The local validator runs first and catches most problems with file and line; this asks Step
Functions itself, which knows every service integration. An endpoint without the call (the
local moto server) is reported as skipped, not as an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import UNSUPPORTED_CODES, AwsCallError
from sfndeploy.errors import DefinitionInvalid
from sfndeploy.plan.desired import DesiredWorkflow


@dataclass(frozen=True)
class RemoteFinding:
    workflow: str
    code: str
    location: str
    message: str

    def __str__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"{self.workflow}: {self.code}{where}: {self.message}"


def remote_findings(api: AwsApi, workflows: Iterable[DesiredWorkflow]) -> list[RemoteFinding] | None:
    """AWS's error findings for each definition; None when the endpoint lacks the call."""
    findings: list[RemoteFinding] = []
    for wf in workflows:
        try:
            result = api.call(
                "stepfunctions",
                "ValidateStateMachineDefinition",
                target=wf.state_machine_name,
                definition=json.dumps(wf.definition),
                type=wf.type,
                severity="ERROR",
            )
        except AwsCallError as error:
            if error.code in UNSUPPORTED_CODES:
                return None
            raise
        if result.get("result") == "FAIL":
            findings.extend(
                RemoteFinding(wf.name, d.get("code", "?"), d.get("location", ""), d.get("message", ""))
                for d in result.get("diagnostics", [])
                if d.get("severity", "ERROR") == "ERROR"
            )
    return findings


def check_with_aws(api: AwsApi, workflows: Iterable[DesiredWorkflow]) -> bool:
    """Raise when AWS rejects a definition; return False when the endpoint could not check."""
    findings = remote_findings(api, workflows)
    if findings is None:
        return False
    if findings:
        raise DefinitionInvalid(
            f"Step Functions rejects {len(findings)} definition problem(s); first: {findings[0]}",
            hint="fix the template, or run without --aws-validate to see the local findings only",
        )
    return True
