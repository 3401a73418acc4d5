"""A saved plan whose workflow name, with its environment's naming, is the name of another
environment's state machine (prefix ``e-`` + workflow ``x-hello-world`` = prefix ``e-x-`` +
``hello-world``), against the moto server: apply refuses it and the neighbour is left as it was."""

from __future__ import annotations

from pathlib import Path

from sfndeploy.aws.api import AwsApi
from tests.security.projects import run, scaffold


def test_a_plan_that_names_a_neighbour_s_state_machine_is_refused(tmp_path: Path, api: AwsApi, unique: str) -> None:
    mine, neighbour = unique, f"{unique}-x"
    project = scaffold(tmp_path / "project", mine, neighbour)
    spec = project / "templates" / "hello-world.yaml.j2"
    original = spec.read_text()
    spec.write_text(original.replace("name: hello-world", "name: x-hello-world", 1))
    saved = tmp_path / "forged.plan"
    planned = run(project, "plan", "-e", mine, "--out", str(saved))
    assert planned.exit_code == 0, planned.output
    assert f"state machine {neighbour}-hello-world" in planned.output  # the same name, not yet deployed
    spec.write_text(original)
    assert run(project, "apply", "-e", neighbour, "--auto-approve").exit_code == 0
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{neighbour}-hello-world"
    before = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)

    applied = run(project, "apply", "-e", mine, str(saved))

    assert applied.exit_code == 1, applied.output
    (line,) = applied.output.strip().splitlines()
    assert line.startswith(
        f"error: state machine '{neighbour}-hello-world' belongs to project 'demo', environment '{neighbour}', "
        f"workflow 'hello-world', not to project 'demo', environment '{mine}', workflow 'x-hello-world'; "
        "nothing was changed"
    ), line
    after = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)
    assert (after["definition"], after["roleArn"]) == (before["definition"], before["roleArn"])
    tags = api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)["tags"]
    assert {"key": "sfndeploy:environment", "value": neighbour} in tags
