"""Templates run in Jinja's immutable sandbox: each escape attempt is one line at the template line,
and nothing is written. The process environment reaches templates only through env_var() and the
environment file's template_env list."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.errors import RenderError
from sfndeploy.render.jinja import TemplateRenderer
from tests.foundation.conftest import ENV_DEV, HELLO_SPEC, ProjectFactory

CANARY = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYCANARY"

ATTACKS = [
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__.os.environ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ env.__class__ }}",
    "{{ os.environ }}",
    "{{ os.popen('id').read() }}",
    "{{ config.items() }}",
    "{{ vars.update({'injected': 1}) }}",
    "{{ vars.pop('greeter') }}",
    "{{ vars.setdefault('x', 1) }}",
    "{{ env.tags.clear() }}",
    "{{ arn.__globals__ }}",
    "{{ arn.__closure__ }}",
    "{{ lambda_arn.__code__ }}",
    "{{ '{0.__class__}'.format(env) }}",
    "{{ range.__self__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ (env | attr('__class__')) }}",
    "{{ env_var('AWS_SECRET_ACCESS_KEY') }}",
    "{{ 'x' * 100000000 }}",
    "{{ 2 ** 100000000 }}",
    "{{ range(10 ** 9) | list | length }}",
    "{% include '/proc/self/environ' %}",
    "{% include '../../../../../../proc/self/environ' %}",
    "{% import '/etc/passwd' as leaked %}{{ leaked }}",
    "{{ ('' | attr('__class__')) }}",
    "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(0) }}",
    "{% include 'outside/secret.j2' %}",
    "{% include 'leak.j2' %}",
]


def _spec(line: str) -> str:
    return f"name: hello\ndescription: \"x\"\nleak: {line}\n" + HELLO_SPEC.split("\n", 1)[1]


@pytest.mark.parametrize("attack", ATTACKS)
def test_escape_attempt_is_one_line_at_the_template_line_and_writes_nothing(
    make_project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CANARY)
    root = make_project({"templates/hello.yaml.j2": _spec(attack)})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.j2").write_text(CANARY)
    (root / "templates" / "outside").symlink_to(outside)  # symlinks in templates/ do not lead out of it
    (root / "templates" / "leak.j2").symlink_to(outside / "secret.j2")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: templates/hello.yaml.j2:3:"), lines[0]
    assert CANARY not in result.output
    assert not out.exists()


def test_sandbox_errors_name_what_was_refused(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.j2").write_text("a: 1\nb: {{ ''.__class__ }}\n")
    with pytest.raises(RenderError) as caught:
        TemplateRenderer(tmp_path / "templates", {}).render("a.j2")
    assert caught.value.location is not None and caught.value.location.line == 2
    assert caught.value.message == (
        "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe."
    )


def test_a_template_that_renders_too_long_is_stopped_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.j2").write_text(
        "a: 1\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    )
    renderer = TemplateRenderer(tmp_path / "templates", {}, time_limit=0.2)
    with pytest.raises(RenderError) as caught:
        renderer.render("a.j2")
    assert caught.value.message == "rendering took longer than 0.2 s (a loop that runs too often?)"
    assert caught.value.location is not None and caught.value.location.line == 2
    (tmp_path / "templates" / "b.j2").write_text("b: {{ 2 }}\n")
    assert renderer.render("b.j2").text == "b: 2\n"  # the timer is gone once a render ends


def test_jinja_globals_are_only_range_dict_and_namespace(tmp_path: Path) -> None:
    renderer = TemplateRenderer(tmp_path, {})
    assert sorted(renderer.environment.globals) == ["dict", "namespace", "range"]


def test_ordinary_template_features_still_work(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.j2").write_text(
        "{% set ns = namespace(total=0) %}{% for i in range(3) %}{% set ns.total = ns.total + i %}{% endfor %}"
        "total: {{ ns.total }}\nkeys: {{ vars | dictsort | map('first') | join(',') }}\n"
        "items: {{ vars.items() | list | length }}\nrepeat: {{ '-' * 3 }}\n"
        "power: {{ 2 ** 10 }}\nfmt: {{ '{}-{}'.format('a', vars.b) }}\n"
    )
    text = TemplateRenderer(tmp_path / "templates", {"vars": {"a": 1, "b": 2}}).render("a.j2").text
    assert text == "total: 3\nkeys: a,b\nitems: 2\nrepeat: ---\npower: 1024\nfmt: a-2\n"


ENV_WITH_TEMPLATE_ENV = ENV_DEV + "template_env: [BUILD_ID, GIT_SHA]\n"


def test_env_var_reads_only_listed_variables(
    make_project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUILD_ID", "b-42")
    monkeypatch.delenv("GIT_SHA", raising=False)
    spec = HELLO_SPEC.replace("name: hello\n", "name: hello\ndescription: \"{{ env_var('BUILD_ID') }} "
                              "{{ env_var('GIT_SHA', default='none') }}\"\n")
    root = make_project({"environments/dev.yaml": ENV_WITH_TEMPLATE_ENV, "templates/hello.yaml.j2": spec})
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    from sfndeploy import pipeline

    project = pipeline.load_project(root)
    (workflow,) = pipeline.render_workflows(project, pipeline.load_environment(project, "dev"))
    assert workflow.description == "b-42 none"


def test_env_var_not_listed_or_unset_is_one_line_at_the_template_line(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME_DIR", "/root")
    monkeypatch.delenv("GIT_SHA", raising=False)
    for call, message in [
        ("env_var('HOME_DIR')", "env_var('HOME_DIR'): HOME_DIR is not on the template_env list of "
                                "environments/dev.yaml"),
        ("env_var('GIT_SHA')", "env_var('GIT_SHA'): GIT_SHA is not set (set it, or give a default)"),
    ]:
        spec = HELLO_SPEC.replace("name: hello\n", f"name: hello\ndescription: \"{{{{ {call} }}}}\"\n")
        root = make_project({"environments/dev.yaml": ENV_WITH_TEMPLATE_ENV, "templates/hello.yaml.j2": spec})
        result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev"])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: templates/hello.yaml.j2:2: {message}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "DB_PASSWORD", "GITHUB_TOKEN"])
def test_template_env_refuses_credential_names(make_project: ProjectFactory, name: str) -> None:
    env = ENV_DEV + f"template_env: [BUILD_ID, {name}]\n"
    root = make_project({"environments/dev.yaml": env})
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: environments/dev.yaml:15:26: 'template_env': '{name}' looks like a credential and cannot be read"
    ), result.stderr


def test_a_render_gives_the_caller_s_alarm_timer_back(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "b.j2").write_text("b: {{ 2 }}\n")
    previous = signal.signal(signal.SIGALRM, lambda _signum, _frame: None)
    signal.setitimer(signal.ITIMER_REAL, 50.0)
    try:
        TemplateRenderer(tmp_path / "templates", {}, time_limit=100.0).render("b.j2")
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert 45.0 < remaining <= 50.0
