"""A saved plan whose workflow name, with its environment's naming, is the name of another
environment's state machine (prefix ``e-`` + workflow ``x-hello-world`` = prefix ``e-x-`` +
``hello-world``), against the moto server: apply refuses it and the neighbour is left as it was."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project

ENV_FILE = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: {name}-
defaults:
  logging:
    level: "OFF"
  tracing: false
vars:
  greeter_function: greeter-{name}
"""


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def test_a_plan_that_names_a_neighbour_s_state_machine_is_refused(tmp_path: Path, api: AwsApi, unique: str) -> None:
    project = tmp_path / "project"
    create_project(project, "demo")
    mine, neighbour = unique, f"{unique}-x"
    for name in (mine, neighbour):
        (project / "environments" / f"{name}.yaml").write_text(ENV_FILE.format(name=name))
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
