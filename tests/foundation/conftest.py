from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ENV_DEV = """\
name: dev
region: us-east-1
account_id: "111111111111"
naming:
  suffix: -dev
tags:
  environment: dev
defaults:
  logging:
    level: ERROR
  tracing: true
vars:
  greeter: greeter-dev
  attempts: 3
"""

HELLO_SPEC = """\
name: hello
definition:
  StartAt: Greet
  States:
    Greet:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: {{ lambda_arn(vars.greeter) }}
        Payload.$: $
      End: true
"""

ProjectFactory = Callable[[dict[str, str]], Path]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """Write a small project: ``{relative path: text}`` on top of a dev environment."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        defaults = {"environments/dev.yaml": ENV_DEV, "templates/hello.yaml.j2": HELLO_SPEC}
        for relative, text in {**defaults, **files}.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return root

    return make
