"""The scaffold's environment files show how to name a role to assume; uncommented, it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfndeploy.config.project import load_environment, load_project
from sfndeploy.config.scaffold import create_project

ACCOUNTS = {"dev": "111111111111", "staging": "222222222222", "prod": "333333333333"}


@pytest.mark.parametrize("env", sorted(ACCOUNTS))
def test_the_commented_assume_role_example_is_a_valid_role_of_the_environments_account(
    tmp_path: Path, env: str
) -> None:
    create_project(tmp_path / "demo")
    path = tmp_path / "demo" / "environments" / f"{env}.yaml"
    text = path.read_text(encoding="utf-8")
    uncommented = text.replace("# assume_role:", "assume_role:").replace("#   arn:", "  arn:")
    path.write_text(uncommented.replace("#   external_id:", "  external_id:"), encoding="utf-8")

    loaded = load_environment(load_project(tmp_path / "demo"), env)

    assert loaded.assume_role is not None
    assert loaded.assume_role.arn == f"arn:aws:iam::{ACCOUNTS[env]}:role/sfndeploy-deployer"
    assert loaded.assume_role.external_id == f"{env}-deploys"
    assert loaded.account_id == ACCOUNTS[env]
