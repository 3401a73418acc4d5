"""Output files get the user's umask (0o666 less it), whichever command writes them."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.errors import ConfigError
from sfndeploy.outputs import write_files_atomically, write_text_atomically
from tests.executor.test_cli_test import ENV, SPEC, TESTS

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


@pytest.fixture(params=[0o027, 0o002])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield int(request.param)
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_atomic_write_honours_the_umask_also_over_a_private_file(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "graph.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert _mode(target) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]  # no temporary file left


def test_a_staged_write_honours_the_umask(tmp_path: Path, umask: int) -> None:
    written = write_files_atomically(tmp_path / "out", {"a.json": "{}", "b.json": "[]"})
    assert [_mode(path) for path in written] == [0o666 & ~umask] * 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot write"):
        write_text_atomically(tmp_path / "blocker" / "x.md", "text")
    target = tmp_path / "dir-in-the-way"
    target.mkdir()
    with pytest.raises(ConfigError, match="cannot write"):
        write_text_atomically(target, "text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "dir-in-the-way"]


def test_every_command_writes_its_files_with_the_umask(tmp_path: Path, umask: int) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "environments").mkdir()
    (tmp_path / "templates" / "greeter.yaml.j2").write_text(SPEC, encoding="utf-8")
    (tmp_path / "templates" / "greeter.tests.yaml").write_text(TESTS, encoding="utf-8")
    (tmp_path / "environments" / "dev.yaml").write_text(ENV, encoding="utf-8")
    definition = tmp_path / "pass.asl.json"
    definition.write_text(json.dumps(PASS), encoding="utf-8")
    runner = CliRunner()
    project = ["--project-dir", str(tmp_path)]
    commands = [
        ["graph", "--definition", str(definition), "-o", str(tmp_path / "g" / "graph.html")],
        ["graph", "--definition", str(definition), "-o", str(tmp_path / "g" / "graph.md")],
        ["run", "--definition", str(definition), "--graph", str(tmp_path / "g" / "run.dot")],
        [*project, "render", "-e", "dev", "-o", str(tmp_path / "rendered")],
        [*project, "test", "-e", "dev", "--junit", str(tmp_path / "junit.xml"), "--graph-dir", str(tmp_path / "cases")],
    ]
    for command in commands:
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, (command, result.output)
    outputs = [
        *sorted((tmp_path / "g").iterdir()),
        *sorted((tmp_path / "rendered").iterdir()),
        tmp_path / "junit.xml",
        *sorted((tmp_path / "cases").rglob("*.html")),
    ]
    assert len(outputs) == 3 + 2 + 1 + 2
    assert {path.name: _mode(path) for path in outputs} == {path.name: 0o666 & ~umask for path in outputs}
