"""The scaffold project the security tests deploy to the moto server, one environment per name."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.secrets import masking

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


def scaffold(project: Path, *environments: str) -> Path:
    """The scaffold project at ``project`` with one environment file for each name."""
    create_project(project, "demo")
    for name in environments:
        (project / "environments" / f"{name}.yaml").write_text(ENV_FILE.format(name=name))
    return project


def run(project: Path, *args: str) -> Result:
    masking.forget_all()  # each command as a process of its own
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])
