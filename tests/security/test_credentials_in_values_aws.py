"""A credential written into a definition as a plain value, not declared under ``secrets:`` (a
careless colleague's bearer token in a header), against the moto server: ``plan``, ``plan --json``
and ``apply -v`` show it as ``****``, by its key and by its form."""

from __future__ import annotations

import json
from pathlib import Path

from sfndeploy.aws.api import AwsApi
from tests.security.projects import run, scaffold

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLTk5"
OLD_TOKEN = "eyJhbGciOiJIUzI1NiJ9.b2xkLXBheWxvYWQ.b2xkLXNpZ25hdHVyZQ"



def with_headers(project: Path, authorization: str, trace: str) -> None:
    spec = project / "templates" / "hello-world.yaml.j2"
    text = spec.read_text().split("\n        Payload:\n")
    headers = (
        "\n        Payload:\n          headers:\n"
        f'            Authorization: "Bearer {authorization}"\n            X-Note: "{trace}"\n'
    )
    spec.write_text(text[0] + headers + text[1])


def test_a_bearer_token_in_a_header_value_is_masked_in_plan_json_and_apply(tmp_path: Path, api: AwsApi,
                                                                           unique: str) -> None:
    project = scaffold(tmp_path / "project", unique)
    original = (project / "templates" / "hello-world.yaml.j2").read_text()
    with_headers(project, OLD_TOKEN, "first")
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    (project / "templates" / "hello-world.yaml.j2").write_text(original)
    with_headers(project, TOKEN, "second")

    shown = run(project, "plan", "-e", unique)
    as_json = run(project, "plan", "-e", unique, "--json")
    applied = run(project, "-v", "apply", "-e", unique, "--auto-approve")

    assert [shown.exit_code, as_json.exit_code, applied.exit_code] == [0, 0, 0], shown.output + applied.output
    assert "    ~ Greet.Parameters.Payload.headers.Authorization: **** → ****" in shown.output.splitlines()
    assert '    ~ Greet.Parameters.Payload.headers.X-Note: "first" → "second"' in shown.output.splitlines()
    (workflow,) = json.loads(as_json.stdout)["workflows"]
    assert "~ Greet.Parameters.Payload.headers.Authorization: **** → ****" in workflow["changes"]
    for output in (shown.output, as_json.output, applied.output):
        assert TOKEN not in output and OLD_TOKEN not in output
    machine = api.call("stepfunctions", "DescribeStateMachine",
                       stateMachineArn=f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-hello-world")
    assert f"Bearer {TOKEN}" in str(machine["definition"])
