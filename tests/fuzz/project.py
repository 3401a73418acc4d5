"""A small sfndeploy project and the valid seed documents that the bad-input tests start from."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.planfile import save_plan
from sfndeploy.plan.service import load_target
from sfndeploy.plan.steps import Plan

ENV = "environments/dev.yaml"
SPEC = "templates/hello-world.yaml.j2"
TESTS = "templates/hello-world.tests.yaml"
DEFINITION = "definition.json"
MOCKS = "mocks.json"
INPUT = "input.json"
PLAN = "plan.json"

DEFINITION_SEED = {
    "Comment": "seed",
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
            "Next": "Done",
        },
        "Done": {"Type": "Pass", "Result": {"ok": True, "n": 1.5}, "End": True},
    },
}
MOCKS_SEED = {
    "StateMachines": {"definition": {"TestCases": {"T": {"Charge": "Ok"}}}},
    "MockedResponses": {"Ok": {"0": {"Return": {"StatusCode": 200, "Payload": {"paid": True}}}}},
}
INPUT_SEED = {"order": {"id": "o-1", "items": [1, 2, 3], "total": 12.5}}


# The scaffold's spec without Jinja, for values of the wrong type (the template does not parse as YAML).
PLAIN_SPEC = """\
name: hello-world
type: STANDARD
definition:
  StartAt: Greet
  States:
    Greet:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: arn:aws:lambda:us-east-1:111111111111:function:greeter-dev
        Payload.$: $
      Retry: [{ErrorEquals: [States.ALL], MaxAttempts: 2}]
      End: true
"""


@dataclass(frozen=True)
class Project:
    root: Path

    def write(self, relative: str, content: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    def path(self, relative: str) -> str:
        return str(self.root / relative)


def make_template(directory: Path) -> Path:
    """The scaffolded project plus seed files, made once and copied per example."""
    result = CliRunner().invoke(cli, ["init", str(directory)])
    assert result.exit_code == 0, result.output
    seeds = {DEFINITION: DEFINITION_SEED, MOCKS: MOCKS_SEED, INPUT: INPUT_SEED}
    for relative, value in seeds.items():
        (directory / relative).write_text(json.dumps(value, indent=2), encoding="utf-8")
    save_empty_plan(directory, directory / PLAN)
    return directory


def save_empty_plan(directory: Path, path: Path, env_name: str = "prod") -> None:
    """A saved plan of one of the project's environments with no step, made without AWS."""
    target = load_target(directory, env_name)
    env = target.environment
    save_plan(path, Plan(target.desired.project, env.name, env.region, env.account_id, ()), target.desired)


def with_checksum(content: bytes) -> bytes:
    """A plan file's content with its checksum made to match again (as someone editing it would)."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        return content
    if not isinstance(document, dict):
        return content
    body = {"plan": document.get("plan"), "desired": document.get("desired"), "options": document.get("options")}
    try:
        document["checksum"] = sha256_of(body)
    except (TypeError, ValueError, RecursionError):
        return content
    return json.dumps(document).encode()


def copy_project(template: Path, destination: Path) -> Project:
    shutil.copytree(template, destination)
    return Project(destination)


def invoke(project: Project, *arguments: str, input_text: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project.root), *arguments], input=input_text)


def seed_bytes(template: Path, relative: str) -> bytes:
    return (template / relative).read_bytes()
