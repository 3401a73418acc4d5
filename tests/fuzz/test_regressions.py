"""One test per cause of the tracebacks and hangs bad input used to produce, through the CLI.

Valid JSON is read exactly (tabs, exponents, surrogate pairs, big integers, a BOM); bad bytes, deep
nesting, alias bombs and non-finite numbers end in one line naming file, line and column.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.fuzz.project import (
    DEFINITION,
    DEFINITION_SEED,
    ENV,
    INPUT,
    MOCKS,
    PLAN,
    SPEC,
    TESTS,
    Project,
    invoke,
    save_empty_plan,
    with_checksum,
)

EDGE_VALUES = '{"e": 1e5, "f": 1.5e3, "g": 2E+2, "big": 123456789012345678901234567890, "drum": "\\ud83e\\udd41"}'
PASS_WITH_EDGES = (
    '{\n\t"StartAt": "P",\n\t"States": {\n\t\t"P": {"Type": "Pass", "Result": '
    + EDGE_VALUES
    + ', "End": true}\n\t}\n}\n'
)


def one_line_error(result: Result, exit_code: int, *fragments: str) -> str:
    """The run failed cleanly: no uncaught exception, the given status, one 'error:' line with the fragments."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == exit_code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def succeeded(result: Result) -> Result:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output
    return result


def run_json(project: Project, *arguments: str) -> object:
    result = succeeded(invoke(project, "run", "--json", *arguments))
    return json.loads(result.stdout)


# --- valid JSON is read as JSON -----------------------------------------------------------------


def test_tab_indented_definition_validates(project: Project) -> None:
    path = project.write("tabbed.json", PASS_WITH_EDGES.encode())
    result = succeeded(invoke(project, "validate", "--definition", str(path)))
    assert result.stdout.strip().splitlines()[-1] == "1 definition checked: no errors, 0 warnings"


def test_exponents_big_integers_and_surrogate_pairs_round_trip_through_a_dry_run(project: Project) -> None:
    path = project.write("edges.json", PASS_WITH_EDGES.encode())
    document = run_json(project, "--definition", str(path))
    assert isinstance(document, dict)
    assert document["output"] == json.loads(EDGE_VALUES)
    assert document["output"]["drum"] == "\U0001f941"
    assert document["output"]["big"] == 123456789012345678901234567890


def test_surrogate_pairs_in_a_graph(project: Project, tmp_path: Path) -> None:
    definition = '{"StartAt": "\\ud83e\\udd41", "States": {"\\ud83e\\udd41": {"Type": "Succeed"}}}'
    path = project.write("drum.json", definition.encode())
    out = tmp_path / "drum.mmd"
    succeeded(invoke(project, "graph", "--definition", str(path), "-o", str(out)))
    assert "\U0001f941" in out.read_text(encoding="utf-8")


def test_exponents_in_a_yaml_spec_are_numbers(project: Project, tmp_path: Path) -> None:
    spec = (project.root / SPEC).read_text(encoding="utf-8").replace("        name: world", "        name: 1e5")
    project.write(SPEC, spec.encode())
    succeeded(invoke(project, "render", "-e", "dev", "-o", str(tmp_path / "out")))
    rendered = json.loads((tmp_path / "out" / "hello-world.asl.json").read_text(encoding="utf-8"))
    assert rendered["States"]["Anonymous"]["Result"] == {"name": 100000.0}


def test_diagnostics_in_a_tab_indented_definition_file_point_at_its_template_line(project: Project) -> None:
    definition = (
        '{\n\t"Comment": "{{ env.name }}",\n\t"StartAt": "A",\n\t"States": {\n'
        '\t\t"A": {"Type": "Pass", "Result": {"n": 1e5}, "Next": "Nowhere"}\n\t}\n}\n'
    )
    project.write("templates/flows/tabbed.asl.json", definition.encode())
    project.write("templates/tabbed.yaml.j2", b"name: tabbed\ndefinition_file: flows/tabbed.asl.json\n")
    result = invoke(project, "validate", "-e", "dev", "tabbed")
    assert result.exit_code == 1
    (line,) = [each for each in result.stdout.splitlines() if "Nowhere" in each]
    assert line.startswith("templates/flows/tabbed.asl.json:5:")
    assert "[/States/A/Next]" in line


@pytest.mark.parametrize("relative", [DEFINITION, INPUT, MOCKS, ENV, SPEC, TESTS])
def test_a_utf8_bom_is_accepted(project: Project, relative: str, tmp_path: Path) -> None:
    path = project.root / relative
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    succeeded(_command_reading(project, relative, tmp_path))


# --- bad bytes and bad numbers: one line with file, line and column -----------------------------


@pytest.mark.parametrize("relative", [DEFINITION, INPUT, MOCKS, ENV, SPEC, TESTS, PLAN])
def test_a_nul_byte(project: Project, relative: str, tmp_path: Path) -> None:
    path = project.root / relative
    path.write_bytes(path.read_bytes().replace(b"\n", b"\n\x00", 1))
    _fails_at(_command_reading(project, relative, tmp_path), relative, ":2:1:", "NUL")


@pytest.mark.parametrize("relative", [DEFINITION, INPUT, MOCKS, ENV, SPEC, TESTS, PLAN])
def test_bytes_that_are_not_utf8(project: Project, relative: str, tmp_path: Path) -> None:
    path = project.root / relative
    path.write_bytes(path.read_bytes().replace(b"\n", b"\n\xff\xfe", 1))
    _fails_at(_command_reading(project, relative, tmp_path), relative, ":2:1:", "not UTF-8")


@pytest.mark.parametrize("relative", [DEFINITION, INPUT, MOCKS, TESTS])
def test_nesting_deeper_than_the_limit(project: Project, relative: str, tmp_path: Path) -> None:
    deep = "[" * 200 + "]" * 200
    text = json.dumps({"deep": "PLACE"}).replace('"PLACE"', deep)
    if relative == TESTS:
        text = f"cases:\n  - name: deep\n    input: {text}\n"
    elif relative == DEFINITION:
        text = json.dumps(DEFINITION_SEED).replace('"n": 1.5', f'"n": {deep}')
    project.write(relative, text.encode())
    _fails_at(_command_reading(project, relative, tmp_path), relative, "nested deeper than 128 levels")


@pytest.mark.parametrize("relative", [ENV, SPEC])
def test_nesting_deeper_than_the_limit_in_yaml(project: Project, relative: str, tmp_path: Path) -> None:
    path = project.root / relative
    path.write_bytes(path.read_bytes() + b"\ndeep: " + b"[" * 300 + b"]" * 300 + b"\n")
    _fails_at(_command_reading(project, relative, tmp_path), relative, "nested deeper than 128 levels")


@pytest.mark.parametrize("command", [["render", "-e", "dev"], ["validate", "-e", "dev"], ["test", "-e", "dev"]])
@pytest.mark.parametrize("relative", [ENV, SPEC])
def test_an_alias_bomb_fails_fast(project: Project, relative: str, command: list[str], tmp_path: Path) -> None:
    laughs = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]\n" for i in range(1, 10)
    )
    path = project.root / relative
    path.write_bytes(path.read_bytes() + b"\n" + laughs.encode())
    if command[0] == "render":
        command = [*command, "-o", str(tmp_path / "out")]
    started = time.monotonic()
    result = invoke(project, *command)
    assert time.monotonic() - started < 10
    exit_code = 2 if command[0] == "test" else 1
    one_line_error(result, exit_code, relative, "aliases expand to more than 10000 values")


def test_an_alias_bomb_in_diff_env(project: Project) -> None:
    laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
    )
    path = project.root / "environments/prod.yaml"
    path.write_bytes(path.read_bytes() + b"\n" + laughs.encode())
    one_line_error(invoke(project, "diff-env", "dev", "prod"), 1, "environments/prod.yaml", "aliases expand")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("relative", [DEFINITION, INPUT, MOCKS])
def test_non_finite_numbers_in_json(project: Project, relative: str, literal: str, tmp_path: Path) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    first_brace = text.index("{")
    project.write(relative, (text[: first_brace + 1] + f'\n  "bad": {literal},' + text[first_brace + 1 :]).encode())
    _fails_at(_command_reading(project, relative, tmp_path), relative, ":2:10:")


@pytest.mark.parametrize("literal", [".nan", ".inf", "-.Inf"])
def test_non_finite_numbers_in_yaml(project: Project, literal: str) -> None:
    path = project.root / ENV
    path.write_bytes(path.read_bytes() + f"\nvars_extra: {literal}\n".encode())
    line = path.read_text(encoding="utf-8").count("\n")
    one_line_error(invoke(project, "validate", "-e", "dev"), 1, f"{ENV}:{line}:13:", "not a finite number")


def test_non_finite_numbers_on_the_command_line(project: Project) -> None:
    result = invoke(project, "run", "--definition", project.path(DEFINITION), "--echo-tasks", "--input", '{"a": NaN}')
    one_line_error(result, 2, "--input:1:7:", "NaN is not a JSON number")


def test_undecodable_command_line_bytes(project: Project) -> None:
    undecodable = b'{"a": "\xff"}'.decode("utf-8", "surrogateescape")
    result = invoke(project, "run", "--definition", project.path(DEFINITION), "--echo-tasks", "--input", undecodable)
    one_line_error(result, 2, "--input:1:8:", "not UTF-8")


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda d: d["desired"].update(region=5), "desired.region"),
        (lambda d: d["desired"]["workflows"][0].update(definition=["not", "an", "object"]), "desired.workflows[0]"),
        (lambda d: d.update(plan="a script"), "plan"),
    ],
)
def test_a_rechecksummed_plan_with_a_value_of_the_wrong_type(
    project: Project, edit: Callable[[dict[str, Any]], None], key: str
) -> None:
    path = project.root / PLAN
    save_empty_plan(project.root, path, "dev")
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_bytes(with_checksum(json.dumps(document).encode()))
    one_line_error(invoke(project, "apply", "-e", "dev", "--auto-approve", str(path)), 1, str(path), key)


# --- environments given as paths ----------------------------------------------------------------


def test_environment_given_by_absolute_and_relative_path(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = str(project.root / ENV)
    expected = succeeded(invoke(project, "validate", "-e", "dev")).stdout
    assert succeeded(invoke(project, "validate", "-e", absolute)).stdout == expected
    monkeypatch.chdir(project.root)
    assert succeeded(invoke(project, "validate", "-e", ENV)).stdout == expected


def test_a_saved_plan_is_checked_against_the_name_of_an_environment_given_by_path(project: Project) -> None:
    result = invoke(project, "apply", "-e", str(project.root / ENV), "--auto-approve", project.path(PLAN))
    one_line_error(result, 1, "was made for environment 'prod', not 'dev'")


def test_environment_path_that_does_not_exist(project: Project) -> None:
    one_line_error(invoke(project, "validate", "-e", "/nowhere/qa.yaml"), 1, "environment 'qa' does not exist")


# --- helpers ------------------------------------------------------------------------------------


def _command_reading(project: Project, relative: str, tmp_path: Path) -> Result:
    """Run the command that reads the file ``relative`` of the project."""
    definition = project.path(DEFINITION)
    commands = {
        DEFINITION: ["validate", "--definition", definition],
        INPUT: ["run", "--definition", definition, "--echo-tasks", "--input", "@" + project.path(INPUT)],
        MOCKS: ["run", "--definition", definition, "--mock-config", project.path(MOCKS), "--test-case", "T"],
        ENV: ["validate", "-e", "dev"],
        SPEC: ["render", "-e", "dev", "-o", str(tmp_path / "out")],
        TESTS: ["test", "-e", "dev"],
        PLAN: ["apply", "-e", "dev", "--auto-approve", project.path(PLAN)],
    }
    return invoke(project, *commands[relative])


def _fails_at(result: Result, relative: str, *fragments: str) -> None:
    """One line naming the file; for definitions, the INVALID_JSON_DESCRIPTION diagnostic."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if relative == DEFINITION:
        assert result.exit_code == 1
        (diagnostic,) = [line for line in result.stdout.splitlines() if "INVALID_JSON_DESCRIPTION" in line]
        for fragment in (relative, *fragments):
            assert fragment in diagnostic
        return
    exit_code = 2 if relative in (INPUT, MOCKS, TESTS) else 1
    one_line_error(result, exit_code, relative, *fragments)
