"""An API the endpoint lacks is said once, in one line, and not asked for again.

moto's server has no ListStateMachineVersions (it answers HTTP 500): sfndeploy finds the versions
by describing each number instead, and says so once per process, however many workflows it reads.
"""

from __future__ import annotations

import logging
from pathlib import Path

from click.testing import CliRunner
from plan_factory import desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.notes import NOTES
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan
from sfndeploy.promote.versions import list_version_numbers

LACKING = "this endpoint has no ListStateMachineVersions; versions are found by describing each version number"


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_versions_of_two_machines_ask_for_the_missing_listing_once(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env), workflow("refunds", env))
    AwsExecutor(api, sleep=lambda _: None).execute(compute_plan(api, state))
    arns = [wf.arn for wf in state.workflows]

    collected = Collected()
    NOTES.addHandler(collected)
    try:
        numbers = [list_version_numbers(api, arn) for arn in arns]
    finally:
        NOTES.removeHandler(collected)

    assert numbers == [[1], [1]]
    assert api.calls["ListStateMachineVersions"] == 1
    assert api.lacks("ListStateMachineVersions")
    assert collected.messages == [LACKING]


def test_the_cli_prints_the_note_once_per_command_and_not_under_quiet(tmp_path: Path, unique: str) -> None:
    create_project(tmp_path, "demo")
    (tmp_path / "environments" / f"{unique}.yaml").write_text(
        f'name: {unique}\nregion: us-east-1\naccount_id: "123456789012"\nnaming:\n  prefix: {unique}-\n'
        f"vars:\n  greeter_function: greeter-{unique}\n"
    )
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, ["--project-dir", str(tmp_path), *args])
        return result.exit_code, result.stdout, result.stderr

    applied = run("apply", "-e", unique, "--auto-approve")
    assert applied[0] == 0, applied
    # --prune lists the versions, then the listing is shown: two listings, one note.
    code, out, err = run("versions", "-e", unique, "hello-world", "--prune", "--keep", "1")
    assert code == 0, err
    assert "Pruned versions of hello-world: none" in out
    assert err.splitlines() == [f"note: {LACKING}"]

    code, out, err = run("-q", "versions", "-e", unique, "hello-world")
    assert (code, err) == (0, "")
    assert "hello-world" in out
