"""A small git-tracked project with dev → staging → prod, deployed to the shared moto server.

The moto server fixture is the plan/apply tests' own (``tests/aws/conftest.py``), imported here.
"""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from tests.aws.conftest import api, moto_endpoint, unique

__all__ = ["api", "moto_endpoint", "unique"]

ORDERS_SPEC = """\
name: orders
type: STANDARD
alias: live
definition:
  Comment: Orders ({{ env.name }})
  StartAt: Validate
  States:
    Validate:
      Type: Pass
      Next: Charge
    Charge:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: {{ lambda_arn(vars.charge) }}
        Payload.$: $
      Retry:
        - ErrorEquals: [States.ALL]
          MaxAttempts: {{ vars.attempts }}
      End: true
"""

REFUNDS_SPEC = """\
name: refunds
alias: live
definition:
  StartAt: Refund
  States:
    Refund:
      Type: Pass
      End: true
"""


def environment_file(name: str, prefix: str, promoted_from: str | None, deploy: str, attempts: int) -> str:
    chain = f"promoted_from: {promoted_from}\n" if promoted_from else ""
    return (
        f"name: {name}\nregion: us-east-1\naccount_id: \"123456789012\"\n{chain}"
        f"naming:\n  prefix: {prefix}-\n  suffix: -{name}\n"
        f"tags:\n  environment: {name}\n"
        f"deploy:\n{textwrap.indent(textwrap.dedent(deploy), '  ')}"
        f"vars:\n  charge: charge-{name}\n  attempts: {attempts}\n"
    )


def git(root: Path, *args: str) -> str:
    found = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return found.stdout.strip()


@dataclass
class Project:
    root: Path
    prefix: str
    runner: CliRunner = field(default_factory=CliRunner)

    def run(self, *args: str) -> Result:
        return self.runner.invoke(cli, ["--project-dir", str(self.root), *args], catch_exceptions=False)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def commit(self, message: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        return git(self.root, "rev-parse", "--short=12", "HEAD")

    def arn(self, workflow: str, env: str) -> str:
        return f"arn:aws:states:us-east-1:123456789012:stateMachine:{self.prefix}-{workflow}-{env}"

    def apply(self, env: str, *extra: str) -> Result:
        result = self.run("apply", "-e", env, "--auto-approve", *extra)
        assert result.exit_code == 0, result.output
        return result


STAGING_DEPLOY = """\
strategy: canary
rollout: client
canary_weight: 20
bake_minutes: 0
keep_versions: 2
"""

PROD_DEPLOY = """\
strategy: linear
rollout: client
linear_step: 50
interval_minutes: 0
"""


ProjectFactory = Callable[..., Project]


def make_project(root: Path, prefix: str) -> Project:
    """dev (all at once) → staging (canary 20%) → prod (linear 50%), committed in a fresh git repo."""
    made = Project(root, prefix)
    made.write("sfndeploy.yaml", "project: promo-test\n")
    made.write("templates/orders.yaml.j2", ORDERS_SPEC)
    made.write("templates/refunds.yaml.j2", REFUNDS_SPEC)
    made.write("environments/dev.yaml", environment_file("dev", prefix, None, "strategy: all-at-once\n", 2))
    made.write("environments/staging.yaml", environment_file("staging", prefix, "dev", STAGING_DEPLOY, 3))
    made.write("environments/prod.yaml", environment_file("prod", prefix, "staging", PROD_DEPLOY, 4))
    git(made.root, "init", "-q", "-b", "main")
    git(made.root, "config", "user.email", "tests@example.invalid")
    git(made.root, "config", "user.name", "tests")
    made.commit("first")
    return made


@pytest.fixture
def project(tmp_path: Path, unique: str, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Project:
    for variable in ("SFNDEPLOY_SOURCE_REVISION", "GITHUB_SHA", "CI_COMMIT_SHA"):
        monkeypatch.delenv(variable, raising=False)
    return make_project(tmp_path / "project", f"p{unique}")


@pytest.fixture
def aws(api: AwsApi) -> AwsApi:
    return api


class FakeClock:
    """Injected time: ``sleep`` moves ``now`` forward and records how long was asked for."""

    def __init__(self, start: float = 1_764_000_000.0) -> None:
        self.current = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += seconds


def change_orders(project: Project, comment: str) -> str:
    """Edit the orders template and commit; returns the new commit."""
    spec = ORDERS_SPEC.replace("Type: Pass", f"Type: Pass\n      Comment: {comment}")
    project.write("templates/orders.yaml.j2", spec)
    return project.commit(f"orders: {comment}")
