"""The end-to-end job: sfndeploy, as a user runs it, against a ministack server (one per pytest worker).

``make e2e`` installs ministack into ``.venv-ministack`` and runs this directory; the main suite
(``make test``) does not collect it (``--ignore=tests/e2e`` in pyproject.toml). Each test gets a
fresh git-tracked project (:class:`E2EProject`) with its own name prefix and runs
``python -m sfndeploy`` in a child process, with the project's own venv and unmodified boto3:
the exit status, standard output and standard error are what a pipeline would see.

Accounts: ministack keeps each account's resources apart and takes the account of a request from
its access key id when that is 12 digits, and from the role's ARN for the credentials STS
AssumeRole gives out. The ambient credentials here are those of :data:`CI_ACCOUNT` (a pipeline's
own account); every environment reaches its account through ``assume_role``, as in production.

ministack is not AWS: what it answers is never taken as AWS's behaviour. Where the pinned version
answers otherwise than AWS documents, the tests avoid it and the test that would trip on it says so:

- ValidateStateMachineDefinition accepts definitions AWS rejects: no test uses it to judge one;
- tracingConfiguration is dropped: environments here keep tracing off, or every plan would differ;
- DeleteStateMachine keeps the machine's aliases: no test deletes a machine and reads its aliases;
- PublishStateMachineVersion publishes a new version of an unchanged revision (AWS returns the
  latest): no test publishes an unchanged revision;
- an execution started through an alias or a version runs the state machine's current definition
  and is listed under the state machine's ARN only (AWS runs the routed version and lists the
  execution under that version's ARN too): no test tells versions apart by their executions.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.model import AssumeRole
from tests.e2e.ministack import REPO_ROOT, running_ministack

CI_ACCOUNT = "100000000001"  # the ambient credentials' account: the pipeline's own
DEV_ACCOUNT = "111111111111"
PROD_ACCOUNT = "333333333333"
REGION = "us-east-1"
LOG_DIR = REPO_ROOT / "out" / "e2e"
COMMAND_SECONDS = 120.0

_AMBIENT = {
    "AWS_ACCESS_KEY_ID": CI_ACCOUNT,
    "AWS_SECRET_ACCESS_KEY": "e2e-secret",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_MAX_ATTEMPTS": "2",
    "AWS_RETRY_MODE": "standard",
    "AWS_CONFIG_FILE": "/nonexistent-sfndeploy-e2e-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-sfndeploy-e2e-credentials",
}
_CLEARED = (
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_SESSION_NAME",
    "SFNDEPLOY_SOURCE_REVISION",
    "SFNDEPLOY_PLAN_KEY",
    "GITHUB_SHA",
    "CI_COMMIT_SHA",
    "GITHUB_STEP_SUMMARY",
)


@pytest.fixture(scope="session")
def ministack() -> Iterator[str]:
    """ministack's URL; ``AWS_ENDPOINT_URL`` and the ambient (CI account's) credentials point at it.

    Its log: ``out/e2e/ministack.log`` (``ministack-gw0.log``... for each pytest-xdist worker).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # with -n N, one server (and log) per worker
    with running_ministack(LOG_DIR / (f"ministack-{worker}.log" if worker else "ministack.log")) as url:
        patch = pytest.MonkeyPatch()
        for name in _CLEARED:
            patch.delenv(name, raising=False)
        for name, value in _AMBIENT.items():
            patch.setenv(name, value)
        patch.setenv("AWS_ENDPOINT_URL", url)
        try:
            yield url
        finally:
            patch.undo()


_counter = itertools.count()


def role_arn(account: str) -> str:
    return f"arn:aws:iam::{account}:role/sfndeploy-deployer"


def account_api(account: str) -> AwsApi:
    """The project's AWS layer in ``account`` (through its deployer role), for checking what a command did."""
    role = AssumeRole(role_arn(account), "e2e-check")
    settings = AwsSettings(region=REGION, total_attempts=2, account_id=account, assume_role=role)
    return make_api(settings)


def environment_file(
    name: str,
    account: str,
    prefix: str,
    *,
    deploy: str = "strategy: all-at-once\n",
    promoted_from: str | None = None,
    extra: str = "",
) -> str:
    chain = f"promoted_from: {promoted_from}\n" if promoted_from else ""
    return (
        f'name: {name}\nregion: {REGION}\naccount_id: "{account}"\n{chain}'
        f"assume_role:\n  arn: {role_arn(account)}\n"
        f"naming:\n  prefix: {prefix}-\n  suffix: -{name}\n"
        f"tags:\n  environment: {name}\n"
        "defaults:\n  tracing: false\n"
        f"deploy:\n{textwrap.indent(deploy, '  ')}"
        f"vars:\n  greeting: hello from {name}\n"
        f"{extra}"
    )


# A Standard workflow behind an alias; its output names the revision of its sources, and input
# {"fail": true} makes an execution fail.
ORDERS_SPEC = """\
name: orders
alias: live
definition:
  Comment: orders ({{ env.name }}) revision @REVISION@
  StartAt: Check
  States:
    Check:
      Type: Choice
      Choices:
        - Variable: $.fail
          BooleanEquals: true
          Next: Refuse
      Default: Accept
    Refuse:
      Type: Fail
      Error: Orders.Refused
      Cause: asked to fail
    Accept:
      Type: Pass
      Result: {revision: @REVISION@, greeting: "{{ vars.greeting }}"}
      End: true
"""


def orders_spec(revision: int) -> str:
    return ORDERS_SPEC.replace("@REVISION@", str(revision))


# An Express workflow: runs synchronously with StartSyncExecution.
QUOTES_SPEC = """\
name: quotes
type: EXPRESS
definition:
  StartAt: Price
  States:
    Price:
      Type: Pass
      Parameters:
        item.$: $.item
        price: 42
      End: true
"""


def git(root: Path, *args: str) -> str:
    found = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return found.stdout.strip()


@dataclass
class E2EProject:
    """A project on disk, committed in its own git repository; ``sfn`` runs the CLI in a child process."""

    root: Path
    prefix: str

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        return git(self.root, "rev-parse", "--short=12", "HEAD")

    def sfn(
        self, *args: str, env: dict[str, str] | None = None, unset: tuple[str, ...] = ()
    ) -> subprocess.CompletedProcess[str]:
        """``sfndeploy --project-dir ROOT ARGS...`` as its own process; never raises on a non-zero exit.

        The process gets this one's environment, with ``env`` added and the names in ``unset`` removed.
        """
        variables = {name: value for name, value in {**os.environ, **(env or {})}.items() if name not in unset}
        return subprocess.run(
            [sys.executable, "-m", "sfndeploy", "--project-dir", str(self.root), *args],
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
            stdin=subprocess.DEVNULL,
            env=variables,
            check=False,
        )

    def ok(
        self, *args: str, env: dict[str, str] | None = None, unset: tuple[str, ...] = ()
    ) -> subprocess.CompletedProcess[str]:
        """As :meth:`sfn`, and the command must exit 0."""
        done = self.sfn(*args, env=env, unset=unset)
        assert done.returncode == 0, f"sfndeploy {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
        return done

    def environment(self, name: str, account: str, **options: str) -> None:
        """Write ``environments/NAME.yaml`` (see :func:`environment_file`) and commit it."""
        self.write(f"environments/{name}.yaml", environment_file(name, account, self.prefix, **options))
        self.commit(f"environment {name}")

    def versions(self, env: str, workflow: str = "orders") -> dict[str, Any]:
        """``sfndeploy versions --json``: versions newest first, with provenance, and the aliases."""
        found: dict[str, Any] = json.loads(self.ok("versions", "-e", env, workflow, "--json").stdout)
        return found

    def name(self, workflow: str, env: str) -> str:
        return f"{self.prefix}-{workflow}-{env}"

    def arn(self, workflow: str, env: str, account: str) -> str:
        return f"arn:aws:states:{REGION}:{account}:stateMachine:{self.name(workflow, env)}"


@pytest.fixture
def project(tmp_path: Path, ministack: str) -> E2EProject:
    """dev (account 111111111111) → prod (account 333333333333, canary), each through its role."""
    made = E2EProject(tmp_path / "project", f"e{next(_counter)}")
    made.write("sfndeploy.yaml", "project: e2e\n")
    made.write("templates/orders.yaml.j2", orders_spec(1))
    made.write("templates/quotes.yaml.j2", QUOTES_SPEC)
    made.write("environments/dev.yaml", environment_file("dev", DEV_ACCOUNT, made.prefix))
    made.write("environments/prod.yaml", environment_file("prod", PROD_ACCOUNT, made.prefix, promoted_from="dev"))
    git(made.root, "init", "-q", "-b", "main")
    git(made.root, "config", "user.email", "e2e@example.invalid")
    git(made.root, "config", "user.name", "e2e")
    made.commit("first")
    return made


def change_orders(project: E2EProject, revision: int) -> str:
    """A new revision of the orders workflow's sources (a new definition everywhere); committed."""
    project.write("templates/orders.yaml.j2", orders_spec(revision))
    return project.commit(f"orders: revision {revision}")


def deploy_revisions(project: E2EProject, env: str, last: int) -> list[str]:
    """Apply revisions 1 (the first commit) to ``last`` of the orders workflow in ``env``; their commits."""
    commits = [git(project.root, "rev-parse", "--short=12", "HEAD")]
    project.ok("apply", "-e", env, "--auto-approve")
    for revision in range(2, last + 1):
        commits.append(change_orders(project, revision))
        project.ok("apply", "-e", env, "--auto-approve")
    return commits


def routing(listed: dict[str, Any], alias: str = "live") -> list[list[int]]:
    """An alias's routing from ``versions --json``: [[version, weight], ...]."""
    found: list[list[int]] = next(item["routing"] for item in listed["aliases"] if item["name"] == alias)
    return found
