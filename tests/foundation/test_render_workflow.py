from __future__ import annotations

import pytest

from sfndeploy.errors import ConfigError, RenderError, SourceLocation
from sfndeploy.pipeline import load_environment, load_project, render_workflows, sources_hash
from tests.foundation.conftest import ENV_DEV, HELLO_SPEC, ProjectFactory


def _render(root, names=()):  # type: ignore[no-untyped-def]
    project = load_project(root)
    return render_workflows(project, load_environment(project, "dev"), names)


def test_renders_a_spec_with_environment_values(make_project: ProjectFactory) -> None:
    [wf] = _render(make_project({}))
    assert wf.name == "hello"
    assert wf.state_machine_name == "hello-dev"
    assert wf.type == "STANDARD"
    task = wf.definition["States"]["Greet"]
    assert task["Parameters"]["FunctionName"] == "arn:aws:lambda:us-east-1:111111111111:function:greeter-dev"
    assert wf.state_machine_arn == "arn:aws:states:us-east-1:111111111111:stateMachine:hello-dev"
    assert wf.logging.level == "ERROR"
    assert wf.logging.log_group == "/aws/vendedlogs/states/hello-dev"
    assert wf.tracing is True
    assert wf.tags == {"environment": "dev"}
    assert wf.role.generated and wf.role.name == "hello-dev-sfn"


def test_definition_pointers_map_to_template_lines(make_project: ProjectFactory) -> None:
    [wf] = _render(make_project({}))
    assert wf.source_map.locate("/definition/States/Greet/Parameters/FunctionName") == SourceLocation(
        "templates/hello.yaml.j2", 9, 9
    )


def test_spec_values_override_environment_defaults(make_project: ProjectFactory) -> None:
    spec = HELLO_SPEC + "type: EXPRESS\ntracing: false\nlogging:\n  level: 'OFF'\ntags:\n  environment: x\n  team: a\n"
    [wf] = _render(make_project({"templates/hello.yaml.j2": spec}))
    assert wf.type == "EXPRESS"
    assert wf.tracing is False
    assert wf.logging.level == "OFF" and wf.logging.log_group is None
    assert wf.tags == {"environment": "x", "team": "a"}


def test_existing_role_arn(make_project: ProjectFactory) -> None:
    spec = HELLO_SPEC + "role:\n  arn: arn:aws:iam::111111111111:role/existing\n"
    [wf] = _render(make_project({"templates/hello.yaml.j2": spec}))
    assert wf.role.arn == "arn:aws:iam::111111111111:role/existing"
    assert not wf.role.generated


def test_definition_file_is_rendered_and_located(make_project: ProjectFactory) -> None:
    root = make_project(
        {
            "templates/hello.yaml.j2": "name: hello\ndefinition_file: defs/hello.asl.yaml\n",
            "templates/defs/hello.asl.yaml": "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: {{ env.name }}\n"
            "    End: true\n",
        }
    )
    [wf] = _render(root)
    assert wf.definition["States"]["A"]["Result"] == "dev"
    assert wf.source_map.locate("/definition/States/A/Result") == SourceLocation(
        "templates/defs/hello.asl.yaml", 5, 5
    )
    assert {p.name for p in wf.source_files} == {"hello.yaml.j2", "hello.asl.yaml"}


def test_definition_and_definition_file_are_exclusive(make_project: ProjectFactory) -> None:
    spec = HELLO_SPEC + "definition_file: x.asl.json\n"
    with pytest.raises(ConfigError, match="exactly one of 'definition' or 'definition_file'"):
        _render(make_project({"templates/hello.yaml.j2": spec}))


def test_missing_definition_file(make_project: ProjectFactory) -> None:
    root = make_project({"templates/hello.yaml.j2": "name: hello\ndefinition_file: nope.asl.json\n"})
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert "definition file 'nope.asl.json' not found" in caught.value.message
    assert caught.value.location == SourceLocation("templates/hello.yaml.j2", 2, 1)


def test_definition_that_is_not_an_object(make_project: ProjectFactory) -> None:
    root = make_project(
        {"templates/hello.yaml.j2": "name: hello\ndefinition_file: d.asl.json\n", "templates/d.asl.json": "[1, 2]\n"}
    )
    with pytest.raises(ConfigError, match="must be a JSON object"):
        _render(root)


def test_definition_file_with_broken_json(make_project: ProjectFactory) -> None:
    root = make_project(
        {
            "templates/hello.yaml.j2": "name: hello\ndefinition_file: d.asl.json\n",
            "templates/d.asl.json": '{\n  "StartAt": "A",\n  "States": {\n}}\n}\n',
        }
    )
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert caught.value.location is not None and caught.value.location.file == "templates/d.asl.json"


def test_unknown_spec_key_points_at_the_template_line(make_project: ProjectFactory) -> None:
    spec = "{% set x = 1 %}\n" + HELLO_SPEC + "aliass: live\n"
    with pytest.raises(ConfigError) as caught:
        _render(make_project({"templates/hello.yaml.j2": spec}))
    assert caught.value.one_line().startswith("templates/hello.yaml.j2:13:1: 'aliass': workflow spec: unknown key")
    assert "did you mean 'alias'?" in caught.value.message


def test_undefined_variable_in_a_spec(make_project: ProjectFactory) -> None:
    spec = HELLO_SPEC.replace("vars.greeter", "vars.greeterr")
    with pytest.raises(RenderError) as caught:
        _render(make_project({"templates/hello.yaml.j2": spec}))
    assert caught.value.location == SourceLocation("templates/hello.yaml.j2", 9)
    assert "greeterr" in caught.value.message


def test_name_too_long_with_naming(make_project: ProjectFactory) -> None:
    spec = HELLO_SPEC.replace("name: hello", "name: " + "x" * 60)
    env = ENV_DEV.replace("suffix: -dev", "suffix: -" + "y" * 20)
    with pytest.raises(ConfigError, match="must be 1-80 letters"):
        _render(make_project({"templates/hello.yaml.j2": spec, "environments/dev.yaml": env}))


def test_select_by_name_and_unknown_name(make_project: ProjectFactory) -> None:
    root = make_project({"templates/other.yaml.j2": HELLO_SPEC.replace("name: hello", "name: other")})
    assert [wf.name for wf in _render(root)] == ["hello", "other"]
    assert [wf.name for wf in _render(root, ["other"])] == ["other"]
    with pytest.raises(ConfigError, match=r"no workflow named 'nope' in templates/ \(workflows: hello, other\)"):
        _render(root, ["nope"])


def test_two_specs_with_one_name(make_project: ProjectFactory) -> None:
    root = make_project({"templates/copy.yaml.j2": HELLO_SPEC})
    with pytest.raises(ConfigError, match="workflow name 'hello' is also used by"):
        _render(root)


def test_sources_hash_ignores_the_environment_but_not_the_sources(make_project: ProjectFactory) -> None:
    root = make_project({"environments/prod.yaml": ENV_DEV.replace("name: dev", "name: prod").replace("-dev", "-prod")})
    project = load_project(root)
    [dev] = render_workflows(project, load_environment(project, "dev"))
    [prod] = render_workflows(project, load_environment(project, "prod"))
    assert dev.state_machine_name != prod.state_machine_name
    assert sources_hash(dev) == sources_hash(prod)
    (root / "templates/hello.yaml.j2").write_text(HELLO_SPEC + "description: changed\n")
    [changed] = render_workflows(project, load_environment(project, "dev"))
    assert sources_hash(changed) != sources_hash(dev)
