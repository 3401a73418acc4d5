"""The foundation commands through click's runner: output, exit status, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sfndeploy import __version__
from sfndeploy.cli.main import cli
from tests.foundation.conftest import ENV_DEV, HELLO_SPEC, ProjectFactory


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and __version__ in out


def test_render_writes_asl_and_iam_and_one_line_each(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({})
    out = tmp_path / "out"
    code, stdout, stderr = invoke("--project-dir", str(root), "render", "-e", "dev", "-o", str(out))
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["hello.asl.json", "hello.iam.json"]
    definition = json.loads((out / "hello.asl.json").read_text())
    assert definition["StartAt"] == "Greet"
    iam = json.loads((out / "hello.iam.json").read_text())
    assert iam["RoleName"] == "hello-dev-sfn"
    assert iam["TrustPolicy"]["Statement"][0]["Principal"] == {"Service": "states.amazonaws.com"}
    statements = iam["Policy"]["Statement"]
    actions = {a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert "lambda:InvokeFunction" in actions
    assert stdout.splitlines()[0].split()[:6] == ["hello", "->", "hello-dev", "STANDARD", "1", "state"]


def test_render_default_output_directory(make_project: ProjectFactory) -> None:
    root = make_project({})
    code, _, stderr = invoke("--project-dir", str(root), "render", "-e", "dev")
    assert code == 0, stderr
    assert (root / "out" / "dev" / "hello.asl.json").is_file()


def _assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def _render_fails(root: Path, tmp_path: Path, *fragments: str) -> None:
    out = tmp_path / "out"
    code, _, stderr = invoke("--project-dir", str(root), "render", "-e", "dev", "-o", str(out))
    _assert_one_line_error(code, stderr, *fragments)
    assert not out.exists() or not any(out.iterdir()), "a failed render wrote files"


def test_missing_environment(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({})
    code, _, stderr = invoke("--project-dir", str(root), "render", "-e", "qa")
    _assert_one_line_error(code, stderr, "environment 'qa' does not exist", "environments: dev")


def test_undefined_variable(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"templates/hello.yaml.j2": HELLO_SPEC.replace("vars.greeter", "vars.nope")})
    _render_fails(root, tmp_path, "templates/hello.yaml.j2:9:", "nope")


def test_jinja_syntax_error(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"templates/hello.yaml.j2": HELLO_SPEC + "{% for x in %}\n"})
    _render_fails(root, tmp_path, "templates/hello.yaml.j2:12", "Jinja syntax error")


def test_broken_yaml(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"templates/hello.yaml.j2": HELLO_SPEC.replace("      End: true", "     End: [true")})
    _render_fails(root, tmp_path, "templates/hello.yaml.j2:", "not valid YAML")


def test_schema_violation_in_spec(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"templates/hello.yaml.j2": HELLO_SPEC + "tracing: sometimes\n"})
    _render_fails(root, tmp_path, "templates/hello.yaml.j2:12:", "'tracing'", "must be true or false")


def test_schema_violation_in_environment(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"environments/dev.yaml": ENV_DEV + "regoin: eu-west-1\n"})
    _render_fails(root, tmp_path, "environments/dev.yaml:", "unknown key 'regoin'", "did you mean 'region'?")


def test_definition_file_that_is_not_json(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project(
        {"templates/hello.yaml.j2": "name: hello\ndefinition_file: d.asl.json\n", "templates/d.asl.json": "{ nope: [\n"}
    )
    _render_fails(root, tmp_path, "templates/d.asl.json:1:3:", "not valid JSON")


def test_invalid_definition_prints_diagnostics_and_writes_nothing(make_project: ProjectFactory, tmp_path: Path) -> None:
    root = make_project({"templates/hello.yaml.j2": HELLO_SPEC.replace("      End: true", "      Next: Nowhere")})
    out = tmp_path / "out"
    code, _, stderr = invoke("--project-dir", str(root), "render", "-e", "dev", "-o", str(out))
    assert code == 1
    assert "templates/hello.yaml.j2:11:" in stderr
    assert "Nowhere" in stderr
    assert stderr.strip().splitlines()[-1].startswith("error: ")
    assert "nothing was written" in stderr
    assert not out.exists()


def test_debug_shows_the_traceback(make_project: ProjectFactory) -> None:
    root = make_project({})
    result = CliRunner().invoke(cli, ["--debug", "--project-dir", str(root), "render", "-e", "qa"])
    assert result.exit_code != 0
    assert result.exception is not None
    assert "does not exist" in str(result.exception)


def test_init_creates_a_project_that_renders(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    code, stdout, stderr = invoke("init", str(target))
    assert code == 0, stderr
    assert (target / "sfndeploy.yaml").read_text().strip().endswith("project: fresh")
    assert (target / ".gitignore").is_file()
    for env_name in ("dev", "staging", "prod"):
        code, _, stderr = invoke("--project-dir", str(target), "render", "-e", env_name)
        assert code == 0, stderr
        assert (target / "out" / env_name / "hello-world.asl.json").is_file()
    code, tested, stderr = invoke("--project-dir", str(target), "test", "-e", "dev")
    assert code == 0, stderr
    assert "3 passed, 0 failed" in tested
    assert "created" in stdout


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert invoke("init", str(target))[0] == 0
    code, _, stderr = invoke("init", str(target))
    _assert_one_line_error(code, stderr, "already exists")


def test_init_rejects_a_bad_project_name(tmp_path: Path) -> None:
    code, _, stderr = invoke("init", str(tmp_path / "x"), "--name", "no spaces allowed")
    _assert_one_line_error(code, stderr, "cannot be a project name")


def test_verbose_lists_the_sources_and_quiet_prints_nothing(make_project: ProjectFactory) -> None:
    root = make_project({})
    code, stdout, _ = invoke("-v", "--project-dir", str(root), "render", "-e", "dev")
    assert code == 0
    assert "sources: templates/hello.yaml.j2" in stdout
    code, stdout, _ = invoke("-q", "--project-dir", str(root), "render", "-e", "dev")
    assert code == 0 and stdout == ""
