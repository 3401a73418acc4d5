"""``sfndeploy test --against-aws`` through the CLI against the moto server.

moto serves DescribeStateMachine (the deployed workflow's role) but not TestState (it answers
HTTP 500), so these tests check what stops the check before any comparison: a workflow not
deployed in the environment and an endpoint without TestState. Each is one line, exit status 1,
and no JUnit or JSON file is written. The comparison itself is tested with botocore's Stubber in
test_aws_against_aws_stubbed.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project

ENV_FILE = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: {name}-
vars:
  greeter_function: greeter-{name}
"""


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


@pytest.fixture
def project(tmp_path: Path, unique: str, moto_endpoint: str) -> Path:
    create_project(tmp_path, "demo")
    spec = tmp_path / "templates" / "hello-world.yaml.j2"
    spec.write_text(spec.read_text().replace("alias: live\n", ""))
    (tmp_path / "environments" / f"{unique}.yaml").write_text(ENV_FILE.format(name=unique))
    return tmp_path


def test_a_workflow_not_deployed_in_the_environment_stops_the_check(project: Path, unique: str) -> None:
    junit, report = project / "junit.xml", project / "report.json"
    done = run(project, "test", "-e", unique, "--against-aws", "--junit", str(junit), "--json", str(report))
    assert done.exit_code == 1, done.output
    assert done.stderr == (
        f"error: workflow 'hello-world' is not deployed in {unique} (no state machine {unique}-hello-world); "
        f"TestState runs with the deployed workflow's role (deploy it first: sfndeploy apply -e {unique})\n"
    )
    assert done.stdout == ""
    assert not junit.exists() and not report.exists()


def test_an_endpoint_without_test_state_stops_the_check(project: Path, unique: str) -> None:
    applied = run(project, "apply", "-e", unique, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    junit = project / "junit.xml"
    done = run(project, "test", "-e", unique, "--against-aws", "--junit", str(junit))
    assert done.exit_code == 1, done.output
    assert done.stderr == (
        f"error: the endpoint of environment {unique} does not serve TestState (it answered 500) "
        "(check against AWS itself)\n"
    )
    assert not junit.exists()


def test_without_against_aws_no_aws_call_is_made(project: Path, unique: str) -> None:
    report = project / "report.json"
    done = run(project, "test", "-e", unique, "--json", str(report))  # not deployed: no call would find it
    assert done.exit_code == 0, done.output
    assert "against AWS" not in done.output
    document = json.loads(report.read_text())
    assert (document["passed"], document["failed"], "against_aws" in document) == (3, 0, False)
    (workflow,) = document["workflows"]
    assert [(case["name"], case["passed"]) for case in workflow["cases"]] == [
        ("greets the name it is given", True),
        ("greets the world without a name", True),
        ("a failing greeter fails the execution", True),
    ]


def test_without_test_cases_nothing_is_sent(project: Path, unique: str) -> None:
    (project / "templates" / "hello-world.tests.yaml").unlink()
    done = run(project, "test", "-e", unique, "--against-aws")  # not deployed, yet no call is made
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[-1] == "against AWS: no test cases, nothing was sent"


def test_a_workflow_whose_definition_refers_to_secrets_is_not_checked(project: Path, unique: str) -> None:
    spec = project / "templates" / "hello-world.yaml.j2"
    spec.write_text(spec.read_text().replace("        name: world\n", "        name: \"{{ secret('who') }}\"\n"))
    env_file = project / "environments" / f"{unique}.yaml"
    env_file.write_text(env_file.read_text() + "secrets:\n  who: {env: HELLO_WHO}\n")
    done = run(project, "test", "-e", unique, "--against-aws")  # not deployed: its role is not even read
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    start = lines.index("hello-world against AWS: 0/3 cases agree, 0 state run(s) checked with 0 TestState call(s)")
    assert lines[start + 1 : start + 3] == [
        "  NOT CHECKED greets the name it is given",
        "       not checked: the definition refers to secrets, whose values TestState would need in the "
        "definition it is sent",
    ]
    assert lines[-1] == "against AWS: 0 case(s) agree, 0 differ (0 disagreement(s)), 3 not checked"
