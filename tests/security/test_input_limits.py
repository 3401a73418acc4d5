"""Inputs far beyond any limit, given the way a pipeline gives them (``run --input @FILE``,
``validate --definition``): one line naming the file, a non-zero exit, within a second or so."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli

PASS = '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}'


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_an_input_file_of_nine_mib_is_refused_by_its_size(tmp_path: Path) -> None:
    definition, big = tmp_path / "pass.json", tmp_path / "big.json"
    definition.write_text(PASS)
    big.write_text('{"x": "' + "a" * (9 * 1024 * 1024) + '"}')

    result = run("run", "--definition", str(definition), "--input", f"@{big}")

    assert result.exit_code == 2
    assert result.output == f"error: {big}: the input file is larger than the limit of 8.0 MiB\n"


def test_an_input_nested_100000_deep_is_refused_at_the_limit(tmp_path: Path) -> None:
    definition, deep = tmp_path / "pass.json", tmp_path / "deep.json"
    definition.write_text(PASS)
    deep.write_text("[" * 100_000 + "]" * 100_000)

    result = run("run", "--definition", str(definition), "--input", f"@{deep}")

    assert result.exit_code == 2
    assert result.output == f"error: {deep}:1:129: nested deeper than 128 levels\n"


def test_a_definition_nested_100000_deep_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    result_value = '{"a": ' * 100_000 + "1" + "}" * 100_000
    deep.write_text(PASS.replace('"End": true', f'"Result": {result_value}, "End": true'))

    validated = run("validate", "--definition", str(deep))
    ran = run("run", "--definition", str(deep))

    assert validated.exit_code == 1 and validated.exception is not None and isinstance(validated.exception, SystemExit)
    assert "nested deeper than" in validated.output
    assert ran.exit_code == 2 and isinstance(ran.exception, SystemExit)
    assert ran.output.splitlines()[-1] == f"error: '{deep}': the definition has 1 validation error(s); nothing was run"
