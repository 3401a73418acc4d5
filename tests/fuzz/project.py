"""A small sfndeploy project and the valid seed documents that the bad-input tests start from."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli

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
# Shaped like a saved plan; its checksum never matches, so apply stops while loading it.
PLAN_SEED = {
    "format": "sfndeploy-plan/1",
    "checksum": "0" * 64,
    "plan": {"project": "p", "environment": "dev"},
    "desired": {},
}


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
    seeds = {DEFINITION: DEFINITION_SEED, MOCKS: MOCKS_SEED, INPUT: INPUT_SEED, PLAN: PLAN_SEED}
    for relative, value in seeds.items():
        (directory / relative).write_text(json.dumps(value, indent=2), encoding="utf-8")
    return directory


def copy_project(template: Path, destination: Path) -> Project:
    shutil.copytree(template, destination)
    return Project(destination)


def invoke(project: Project, *arguments: str, input_text: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project.root), *arguments], input=input_text)


def seed_bytes(template: Path, relative: str) -> bytes:
    return (template / relative).read_bytes()
