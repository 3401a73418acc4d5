"""The local AWS endpoint (a moto server) and the API on it come from the AWS module's fixtures; projects are
scratch copies of the example project's environment."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sfndeploy.aws.api import AwsApi
from tests.aws.conftest import api, moto_endpoint, no_sleep  # noqa: F401 - the AWS module's fixtures, shared

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILE = "project: acme-workflows\n"
_counter = itertools.count()


@pytest.fixture
def env_name() -> str:
    """A unique environment (and naming prefix) per test, so tests share one server safely."""
    return f"imp{next(_counter)}"


def environment_text(env_name: str, *, with_vars: bool) -> str:
    """The example project's local environment under another name, with a unique naming prefix."""
    text = (ROOT / "environments" / "local.yaml").read_text(encoding="utf-8")
    text = text.replace("name: local\n", f"name: {env_name}\n", 1)
    text = text.replace("naming:\n  suffix: -local\n", f"naming:\n  prefix: {env_name}-\n  suffix: -local\n", 1)
    if not with_vars:
        text = text[: text.index("\nvars:\n") + 1]
    return text


ProjectFactory = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    def make(name: str, env_name: str, *, with_vars: bool, with_templates: bool) -> Path:
        root = tmp_path / name
        (root / "environments").mkdir(parents=True)
        (root / "sfndeploy.yaml").write_text(PROJECT_FILE, encoding="utf-8")
        (root / "environments" / f"{env_name}.yaml").write_text(
            environment_text(env_name, with_vars=with_vars), encoding="utf-8"
        )
        if with_templates:
            shutil.copytree(ROOT / "templates", root / "templates")
        else:
            (root / "templates").mkdir()
        return root

    return make


def state_machine_names(root: Path) -> list[str]:
    return sorted(re.sub(r"\.yaml\.j2$", "", p.name) for p in (root / "templates").glob("*.yaml.j2"))


def brought_role(aws: AwsApi, name: str, service: str) -> str:
    """A role ``service`` may assume that may start any execution: what a trigger brings with ``role.arn``
    (the plan reads it to check it can reach the trigger's target)."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }
    created = aws.call("iam", "CreateRole", RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    start = {"Effect": "Allow", "Action": "states:StartExecution", "Resource": "*"}
    policy = {"Version": "2012-10-17", "Statement": [start]}
    aws.call("iam", "PutRolePolicy", RoleName=name, PolicyName="start", PolicyDocument=json.dumps(policy))
    return str(created["Role"]["Arn"])
