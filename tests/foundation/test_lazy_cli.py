"""The command group loads a command's module only when that command is used.

The imports are checked in a fresh interpreter (a test process has imported everything already):
``--version`` and ``--help`` import no command module, and the local commands (validate, render,
run, test, graph, cost) never import boto3, botocore or moto.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from sfndeploy.cli.main import COMMANDS, cli

REPO_ROOT = Path(__file__).resolve().parents[2]
AWS_MODULES = ("boto3", "botocore", "moto")

# Runs each command given as a JSON list of argument lists in this one process, and prints, after
# each, its exit status and which of the watched modules are loaded by then.
PROBE = """
import json, sys
from sfndeploy.cli.main import cli
watched = json.loads(sys.argv[1])
for args in json.loads(sys.argv[2]):
    try:
        cli(args, prog_name="sfndeploy", standalone_mode=False)
        code = 0
    except SystemExit as exit:
        code = exit.code
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in watched or m.startswith("sfndeploy.cli.cmd_"))
    print(json.dumps({"args": args, "code": code, "loaded": loaded}), file=sys.__stderr__)
"""


def probe(commands: list[list[str]], watched: tuple[str, ...]) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(watched), json.dumps(commands)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]


def test_every_command_is_in_the_table_with_its_own_short_help() -> None:
    for name, entry in COMMANDS.items():
        command = entry.load()
        assert command.name == name
        first_paragraph = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
        assert entry.short_help == first_paragraph, name


def test_help_lists_every_command_as_click_would_for_loaded_ones() -> None:
    shown = CliRunner().invoke(cli, ["--help"])
    assert shown.exit_code == 0
    listed = shown.stdout.split("Commands:\n", 1)[1]
    assert [line.split()[0] for line in listed.splitlines()] == sorted(COMMANDS)
    context = click.Context(cli)
    for name in COMMANDS:  # loading every command must not change a line of the listing
        assert cli.get_command(context, name) is not None
    assert CliRunner().invoke(cli, ["--help"]).stdout == shown.stdout


def test_version_and_help_import_no_command() -> None:
    results = probe([["--version"], ["--help"]], ("boto3", "botocore", "jsonschema", "jinja2", "yaml"))
    assert [(r["code"], r["loaded"]) for r in results] == [(0, []), (0, [])]


def test_local_commands_never_import_boto3_botocore_or_moto(tmp_path: Path) -> None:
    definition = tmp_path / "hello.asl.json"
    definition.write_text(json.dumps({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}))
    commands = [
        ["validate", "--definition", str(definition)],
        ["validate", "-e", "local"],
        ["render", "-e", "local", "-o", str(tmp_path / "out")],
        ["run", "--definition", str(definition), "--input", "{}"],
        ["test", "-e", "local", "order-processing"],
        ["graph", "order-processing", "-e", "local", "-o", str(tmp_path / "g.mmd")],
        ["cost", "order-processing", "-e", "local"],
    ]
    results = probe(commands, AWS_MODULES)
    assert [r["args"] for r in results] == commands
    for result in results:
        assert result["code"] == 0, result
        loaded = result["loaded"]
        assert isinstance(loaded, list)
        assert [module for module in loaded if not module.startswith("sfndeploy.")] == [], result["args"]


def test_help_of_aws_commands_imports_no_boto3() -> None:
    """boto3 is imported when a session is opened, not for a command's --help."""
    aws_commands = ("plan", "apply", "drift", "promote", "rollout", "versions", "import")
    operate_commands = ("start", "executions", "history", "stop", "redrive", "logs", "replay")
    commands = [[name, "--help"] for name in aws_commands + operate_commands]
    results = probe(commands, ("boto3", "s3transfer", "urllib3"))
    assert [(r["args"], r["code"]) for r in results] == [(args, 0) for args in commands]
    for result in results:
        loaded = result["loaded"]
        assert isinstance(loaded, list)
        assert [module for module in loaded if not module.startswith("sfndeploy.")] == [], result["args"]


def test_help_of_plan_drift_unlock_and_import_loads_neither_the_planner_nor_the_aws_layer() -> None:
    commands = [[name, "--help"] for name in ("plan", "drift", "unlock", "import")]
    results = probe(commands, ("sfndeploy",))
    assert [(r["args"], r["code"]) for r in results] == [(args, 0) for args in commands]
    for result in results:
        loaded = result["loaded"]
        assert isinstance(loaded, list)
        heavy = [m for m in loaded if m.startswith(("sfndeploy.plan.service", "sfndeploy.aws", "sfndeploy.pipeline"))]
        assert heavy == [], result["args"]
