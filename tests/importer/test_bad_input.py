"""Import refusals: a clear one-line message, exit 1, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from tests.importer.conftest import ProjectFactory

ROLE = "arn:aws:iam::123456789012:role/hand-made"


def _create(api: AwsApi, name: str, definition: dict[str, object], **extra: object) -> None:
    api.call("stepfunctions", "CreateStateMachine", name=name, definition=json.dumps(definition), roleArn=ROLE, **extra)


def _pass_machine(result: object = "ok") -> dict[str, object]:
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}}


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def _import(root: Path, env_name: str, *names: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", *names, "-e", env_name])
    return result.exit_code, result.stderr


def test_a_state_machine_that_does_not_exist(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(api, f"{env_name}-real-local", _pass_machine())
    before = _snapshot(root)

    code, err = _import(root, env_name, f"{env_name}-real-local", "no-such-machine")

    assert code == 1
    assert err == (
        "error: 'no-such-machine': state machine 'no-such-machine' does not exist in account 123456789012, "
        f"region us-east-1 (check the name and the environment ({env_name}))\n"
    )
    assert _snapshot(root) == before  # the first, importable machine was not written either


def test_an_arn_that_does_not_exist(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:nothing-here"
    code, err = _import(root, env_name, arn)
    assert code == 1 and "does not exist" in err and err.count("\n") == 1


def test_the_logical_name_is_accepted_for_the_live_name(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(api, f"{env_name}-short-local", _pass_machine())
    code, err = _import(root, env_name, "short")
    assert code == 0, err
    assert (root / "templates" / "short.yaml.j2").is_file()


def test_a_name_without_the_environment_naming(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(api, f"{env_name}-elsewhere-prod", _pass_machine())
    before = _snapshot(root)
    code, err = _import(root, env_name, f"{env_name}-elsewhere-prod")
    assert code == 1
    assert "does not carry environment" in err and "suffix '-local'" in err and err.count("\n") == 1
    assert _snapshot(root) == before


def test_an_existing_spec_is_not_overwritten(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(api, f"{env_name}-taken-local", _pass_machine())
    (root / "templates" / "taken.yaml.j2").write_text("name: taken\n")
    before = _snapshot(root)
    code, err = _import(root, env_name, f"{env_name}-taken-local")
    assert code == 1 and "already exists" in err
    assert _snapshot(root) == before


def test_a_definition_the_spec_format_cannot_express(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    # The renderer uses private-use characters to track template lines; a definition holding them
    # cannot come back unchanged, and the check by rendering back finds it before anything is written.
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(api, f"{env_name}-odd-local", _pass_machine("marker \ue002 inside"))
    before = _snapshot(root)
    code, err = _import(root, env_name, f"{env_name}-odd-local")
    assert code == 1
    assert "cannot express" in err and "/States/P/Result" in err and err.count("\n") == 1
    assert _snapshot(root) == before


def test_unusual_values_round_trip(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    odd = {
        "tiny": 1e-07,
        "text that looks like yaml": ["yes", "no", "null", "1.0", "0x10", "2024-01-01", "~", "- x", "a: b", "#c"],
        "jinja": "{{ not jinja }} {# nor this {% if x %}",
        "jsonata": "{% $states.input.x %}",
        "": {"nested": [[], {}, None, True, 3]},
        ":key": "'quoted'",
    }
    _create(api, f"{env_name}-odd-values-local", _pass_machine(odd))
    code, err = _import(root, env_name, f"{env_name}-odd-values-local")
    assert code == 0, err


def test_a_machine_another_project_manages(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    ownership = {"sfndeploy:project": "someone-else", "sfndeploy:environment": env_name, "sfndeploy:workflow": "x"}
    _create(api, f"{env_name}-x-local", _pass_machine(), tags=[{"key": k, "value": v} for k, v in ownership.items()])
    before = _snapshot(root)
    code, err = _import(root, env_name, f"{env_name}-x-local")
    assert code == 1
    assert "managed by sfndeploy project 'someone-else'" in err and err.count("\n") == 1
    assert _snapshot(root) == before


def test_a_machine_with_one_ownership_tag_of_another_project_is_not_adopted(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    name = f"{env_name}-half-local"
    _create(api, name, _pass_machine(), tags=[{"key": "sfndeploy:project", "value": "someone-else"}])
    before = _snapshot(root)
    code, err = _import(root, env_name, name)
    assert code == 1
    assert err == (
        f"error: state machine '{name}' carries ownership tags of someone else (sfndeploy:project=someone-else); "
        "nothing was changed (import it from that project and environment, or remove its sfndeploy:* tags first)\n"
    )
    assert _snapshot(root) == before
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}"
    tags = api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)["tags"]
    assert tags == [{"key": "sfndeploy:project", "value": "someone-else"}]


def test_specs_written_outside_the_templates_are_not_planned(
    api: AwsApi, env_name: str, make_project: ProjectFactory, tmp_path: Path
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(api, f"{env_name}-elsewhere-local", _pass_machine("s3://bucket-local/x"))
    out = tmp_path / "review"
    result = CliRunner().invoke(
        cli, ["--project-dir", str(root), "import", f"{env_name}-elsewhere-local", "-e", env_name, "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert (out / "elsewhere.yaml.j2").is_file() and not list((root / "templates").iterdir())
    assert "no plan was made" in result.stdout
    assert (
        "elsewhere:\n    names:\n      bucket: bucket-local" in (root / "environments" / f"{env_name}.yaml").read_text()
    )
    tags = api.call(
        "stepfunctions",
        "ListTagsForResource",
        resourceArn=f"arn:aws:states:us-east-1:123456789012:stateMachine:{env_name}-elsewhere-local",
    )["tags"]
    assert not [t for t in tags if t["key"].startswith("sfndeploy:")]  # not adopted without a plan
