"""The test case format's per-iteration mocks and top-level ``path``, which replayed cases use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.failures import MockMissing
from sfndeploy.executor.mocks import MapIteration, responder_from_native

SPEC = """\
name: prices
definition:
  StartAt: Each
  States:
    Each:
      Type: Map
      ItemProcessor:
        StartAt: Price
        States:
          Price:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: {FunctionName: price, Payload.$: $}
            OutputPath: $.Payload
            End: true
      Next: Done
    Done:
      Type: Pass
      End: true
"""

TESTS = """\
cases:
  - name: each item its own answer
    input: [a, b, c]
    mocks:
      Price:
        iterations:
          0: {return: {Payload: 10}}
          1: {sequence: [{error: Busy}, {return: {Payload: 20}}]}
          "2": {return: {Payload: 30}, duration: 2}
    expect:
      output: [10, 20, 30]
      path: [Each, Done]
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "environments").mkdir()
    (tmp_path / "templates" / "prices.yaml.j2").write_text(SPEC, encoding="utf-8")
    (tmp_path / "environments" / "dev.yaml").write_text(
        'name: dev\nregion: eu-west-1\naccount_id: "222222222222"\n', encoding="utf-8"
    )
    return tmp_path


def run_tests(project: Path, tests: str) -> Result:
    (project / "templates" / "prices.tests.yaml").write_text(tests, encoding="utf-8")
    return CliRunner().invoke(cli, ["--project-dir", str(project), "test", "-e", "dev"])


def test_iterations_answer_each_map_item_and_path_lists_top_level_states(project: Path) -> None:
    result = run_tests(project, TESTS.replace("{error: Busy}, ", ""))
    assert result.exit_code == 0, result.output
    assert "prices: 1/1 passed" in result.stdout


def test_a_failed_expectation_and_a_missing_iteration_are_named(project: Path) -> None:
    wrong_path = run_tests(project, TESTS.replace("{error: Busy}, ", "").replace("path: [Each, Done]", "path: [Done]"))
    assert wrong_path.exit_code == 1
    assert "path Each -> Done, expected Done" in wrong_path.stdout
    no_third = run_tests(project, TESTS.replace('          "2": {return: {Payload: 30}, duration: 2}\n', ""))
    assert no_third.exit_code == 1
    assert "the mock of Task state 'Price' has no response for Map iteration 2" in no_third.stdout
    # Busy is not retried by this definition: the iteration fails with it
    busy = run_tests(project, TESTS)
    assert busy.exit_code == 1
    assert "status FAILED (Busy: )" in busy.stdout


def test_bad_iteration_keys_and_unknown_path_states_are_bad_input(project: Path) -> None:
    bad_key = run_tests(project, TESTS.replace('"2":', '"x":'))
    assert bad_key.exit_code == 2
    assert "the mock of 'Price': 'x' is not a Map item index" in bad_key.stderr
    mixed = run_tests(project, TESTS.replace("        iterations:\n", "        return: 1\n        iterations:\n"))
    assert mixed.exit_code == 2
    assert "'iterations' must map Map item indices to mocks, and stand alone" in mixed.stderr
    unknown = run_tests(project, TESTS.replace("path: [Each, Done]", "path: [Each, Dnoe]"))
    assert unknown.exit_code == 2
    assert "names state(s) the workflow does not have: Dnoe" in unknown.stderr


def test_responder_counts_invocations_within_each_iteration() -> None:
    responder = responder_from_native(
        {"T": {"iterations": {"1/0": {"sequence": [{"return": "first"}, {"return": "then"}]}}}}
    )
    answers = [responder.respond("T", 7, None, MapIteration((1, 0), n)).result for n in range(3)]
    assert answers == ["first", "then", "then"]
    with pytest.raises(MockMissing, match="answers per Map iteration, but it ran outside a Map"):
        responder.respond("T", 0, None)
    with pytest.raises(MockMissing, match="no response for Map iteration 0/1"):
        responder.respond("T", 0, None, MapIteration((0, 1), 0))
    empty: dict[str, Any] = {"T": {"iterations": {}}}
    with pytest.raises(ExecutionSetupError):
        responder_from_native(empty)
