"""``drift`` as a pipeline runs it, against the moto server: a managed state machine deleted outside
sfndeploy, or stripped of its ownership tags, is drift (exit 2), with and without ``-w``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfndeploy.aws.api import AwsApi
from tests.security.projects import run, scaffold

OWNERSHIP = ["sfndeploy:project", "sfndeploy:environment", "sfndeploy:workflow"]



@pytest.mark.parametrize("damage", ["delete", "strip"])
def test_a_deleted_or_untagged_state_machine_makes_drift_exit_2(
    tmp_path: Path, api: AwsApi, unique: str, damage: str
) -> None:
    project = scaffold(tmp_path / "project", unique)
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    assert run(project, "drift", "-e", unique).exit_code == 0
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-hello-world"
    if damage == "delete":
        api.call("stepfunctions", "DeleteStateMachine", stateMachineArn=arn)
        expected = f"deleted outside sfndeploy (its role {unique}-hello-world-sfn remains)"
    else:
        api.call("stepfunctions", "UntagResource", resourceArn=arn, tagKeys=OWNERSHIP)
        expected = "lacks the ownership tag(s) sfndeploy:project, sfndeploy:environment, sfndeploy:workflow"

    results = [run(project, "drift", "-e", unique, *selected) for selected in ([], ["-w", "hello-world"])]

    for result in results:
        assert result.exit_code == 2, result.output
        assert expected in result.output
