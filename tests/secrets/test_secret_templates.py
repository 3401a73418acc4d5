"""secret() in templates: a placeholder per declared secret, only inside definitions; the secrets: schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from tests.foundation.conftest import ENV_DEV, HELLO_SPEC, ProjectFactory

SECRETS = """\
secrets:
  api_token: {env: SFNTEST_TOKEN}
  db: {ssm: /dev/db}
"""

SPEC = HELLO_SPEC.replace(
    "        Payload.$: $\n", "        Payload:\n          auth: Bearer {{ secret('api_token') }}\n"
)


def render(root: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev", "-o", str(out)])
    return result.exit_code, result.stderr


def test_render_writes_the_placeholder_and_never_reads_a_value(
    make_project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SFNTEST_TOKEN", "value-that-must-not-appear")
    root = make_project({"environments/dev.yaml": ENV_DEV + SECRETS, "templates/hello.yaml.j2": SPEC})
    code, stderr = render(root, tmp_path / "out")
    assert code == 0, stderr
    text = (tmp_path / "out" / "hello.asl.json").read_text()
    assert json.loads(text)["States"]["Greet"]["Parameters"]["Payload"] == {"auth": "Bearer <secret:api_token>"}
    assert "value-that-must-not-appear" not in text + (tmp_path / "out" / "hello.iam.json").read_text()


def test_an_undeclared_secret_is_one_line_at_the_template_line(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"environments/dev.yaml": ENV_DEV + SECRETS, "templates/hello.yaml.j2": SPEC.replace(
        "api_token", "missing")})
    code, stderr = render(root, tmp_path / "out")
    assert code == 1
    assert stderr == (
        "error: templates/hello.yaml.j2:11: secret('missing'): no secret 'missing' is declared under secrets: "
        "in environments/dev.yaml (declared: api_token, db)\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        ("tags:\n  t: \"{{ secret('api_token') }}\"\n", "tags:\n"),
        ("description: \"{{ secret('db') }}\"\n", "description:"),
        ("role:\n  tags:\n    t: \"{{ secret('db') }}\"\n", "role:\n"),
    ],
)
def test_a_secret_outside_the_definition_is_refused(
    make_project: ProjectFactory, tmp_path: Path, extra: str, line: str
) -> None:
    spec = HELLO_SPEC.replace("name: hello\n", "name: hello\n" + extra)
    root = make_project({"environments/dev.yaml": ENV_DEV + SECRETS, "templates/hello.yaml.j2": spec})
    code, stderr = render(root, tmp_path / "out")
    assert code == 1
    key = extra.split(":")[0]
    assert stderr.startswith("error: templates/hello.yaml.j2:"), stderr
    assert f"'{key}': secret(" in stderr and "may be used only inside the definition" in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        ("secrets:\n  a: {env: X, ssm: /y}\n", "'a': environment file: give exactly one of 'env', 'ssm'"),
        ("secrets:\n  a: {}\n", "'a': environment file: give exactly one of 'env', 'ssm', 'secretsmanager'"),
        ("secrets:\n  a: {vault: x}\n", "environment file: unknown key 'vault'"),
        ("secrets:\n  a: {env: 'not a name'}\n", "'env': environment file: \"not a name\" does not match the pattern"),
    ],
)
def test_secrets_schema_errors(make_project: ProjectFactory, tmp_path: Path, secrets: str, message: str) -> None:
    root = make_project({"environments/dev.yaml": ENV_DEV + secrets})
    code, stderr = render(root, tmp_path / "out")
    assert code == 1
    assert stderr.startswith("error: environments/dev.yaml:16:"), stderr
    assert message in stderr


def test_render_and_validate_never_resolve_and_definition_files_take_secrets_too(
    make_project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SFNTEST_TOKEN", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # any AWS read would fail
    spec = "name: hello\ndefinition_file: flows/hello.asl.json\n"
    definition = (
        '{"StartAt": "P", "States": {"P": {"Type": "Pass", '
        '"Result": {"dsn": "postgres://app:{{ secret(\'db\') }}@db"}, "End": true}}}\n'
    )
    root = make_project({
        "environments/dev.yaml": ENV_DEV + SECRETS,
        "templates/hello.yaml.j2": spec,
        "templates/flows/hello.asl.json": definition,
    })
    code, stderr = render(root, tmp_path / "out")
    assert code == 0, stderr
    rendered = json.loads((tmp_path / "out" / "hello.asl.json").read_text())
    assert rendered["States"]["P"]["Result"] == {"dsn": "postgres://app:<secret:db>@db"}
    validated = CliRunner().invoke(cli, ["--project-dir", str(root), "validate", "-e", "dev"])
    assert validated.exit_code == 0, validated.output


def test_a_secret_as_a_state_name_is_refused(make_project: ProjectFactory, tmp_path: Path) -> None:
    spec = HELLO_SPEC.replace("StartAt: Greet", "StartAt: Greet\n  Comment: x").replace(
        "    Greet:\n", "    \"{{ secret('db') }}\":\n      Type: Pass\n      End: true\n    Greet:\n"
    )
    root = make_project({"environments/dev.yaml": ENV_DEV + SECRETS, "templates/hello.yaml.j2": spec})
    code, stderr = render(root, tmp_path / "out")
    assert code == 1
    assert stderr == (
        "error: templates/hello.yaml.j2:6:5: 'definition': secret('db') may be used only in values, "
        "not in names such as state names\n"
    )
