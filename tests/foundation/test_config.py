from __future__ import annotations

from pathlib import Path

import pytest

from sfndeploy.errors import ConfigError
from sfndeploy.pipeline import load_environment, load_project
from tests.foundation.conftest import ENV_DEV, ProjectFactory


def test_loads_an_environment(make_project: ProjectFactory) -> None:
    project = load_project(make_project({}))
    env = load_environment(project, "dev")
    assert (env.name, env.region, env.account_id) == ("dev", "us-east-1", "111111111111")
    assert env.naming.apply("orders") == "orders-dev"
    assert env.logging.level == "ERROR"
    assert env.tracing is True
    assert env.vars["attempts"] == 3


def test_project_name_comes_from_the_project_file(make_project: ProjectFactory) -> None:
    root = make_project({"sfndeploy.yaml": "project: shop\n"})
    assert load_project(root).name == "shop"


def test_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not an sfndeploy project: templates/ is missing"):
        load_project(tmp_path)


def test_missing_environment_lists_the_existing_ones(make_project: ProjectFactory) -> None:
    project = load_project(make_project({"environments/prod.yaml": ENV_DEV.replace("name: dev", "name: prod")}))
    with pytest.raises(ConfigError) as caught:
        load_environment(project, "qa")
    assert "environment 'qa' does not exist" in caught.value.message
    assert "environments: dev, prod" in caught.value.message


def test_misspelled_key_is_named_with_file_line_and_suggestion(make_project: ProjectFactory) -> None:
    text = ENV_DEV.replace("tags:", "tagz:")
    project = load_project(make_project({"environments/dev.yaml": text}))
    with pytest.raises(ConfigError) as caught:
        load_environment(project, "dev")
    line = text.splitlines().index("tagz:") + 1
    assert caught.value.one_line() == (
        f"environments/dev.yaml:{line}:1: 'tagz': environment file: unknown key 'tagz'; did you mean 'tags'?"
    )


def test_wrong_type_is_named(make_project: ProjectFactory) -> None:
    text = ENV_DEV.replace('account_id: "111111111111"', "account_id: 111111111111")
    project = load_project(make_project({"environments/dev.yaml": text}))
    with pytest.raises(ConfigError) as caught:
        load_environment(project, "dev")
    assert caught.value.key == "account_id"
    assert "must be a string, not a number" in caught.value.message
    assert caught.value.location is not None and caught.value.location.line == 3


def test_bad_enum_lists_allowed_values(make_project: ProjectFactory) -> None:
    text = ENV_DEV.replace("level: ERROR", "level: DEBUG")
    project = load_project(make_project({"environments/dev.yaml": text}))
    with pytest.raises(ConfigError, match='"DEBUG" is not one of "ALL", "ERROR", "FATAL", "OFF"'):
        load_environment(project, "dev")


def test_missing_required_key(make_project: ProjectFactory) -> None:
    text = ENV_DEV.replace("region: us-east-1\n", "")
    project = load_project(make_project({"environments/dev.yaml": text}))
    with pytest.raises(ConfigError, match="missing required key 'region'"):
        load_environment(project, "dev")


def test_name_must_match_the_file(make_project: ProjectFactory) -> None:
    project = load_project(make_project({"environments/qa.yaml": ENV_DEV}))
    with pytest.raises(ConfigError, match=r"the file is qa\.yaml but its name is 'dev'"):
        load_environment(project, "qa")


def test_environment_that_is_not_a_mapping(make_project: ProjectFactory) -> None:
    project = load_project(make_project({"environments/dev.yaml": "- just\n- a list\n"}))
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_environment(project, "dev")
