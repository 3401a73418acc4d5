"""Test cases that start a workflow the way one of its triggers would (``trigger:`` and ``event:``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.testing.suite import run_workflow_tests
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from tests.foundation.conftest import ProjectFactory

ECHO_SPEC = """\
name: echo
alias: live
triggers:
  nightly:
    schedule: cron(0 2 * * ? *)
    timezone: Europe/Berlin
    input:
      runDate: <aws.scheduler.scheduled-time>
      meta: [<aws.scheduler.schedule-arn>, <aws.scheduler.execution-id>, "try <aws.scheduler.attempt-number>"]
  bare:
    schedule: rate(1 hour)
  placed:
    event:
      pattern: {detail-type: [OrderPlaced]}
    input_transformer:
      paths: {id: $.detail.orderId, total: $.detail.total}
      template: '{"orderId": <id>, "total": <total>, "rule": "<aws.events.rule-name>"}'
  detail-only:
    event:
      pattern: {detail-type: [OrderPlaced]}
    input_path: $.detail
  whole:
    event:
      pattern: {detail-type: [OrderPlaced]}
  constant:
    event:
      schedule: rate(5 minutes)
    input: {mode: sweep}
definition:
  StartAt: Echo
  States:
    Echo: {Type: Pass, End: true}
"""

EVENT = "{detail-type: OrderPlaced, source: acme.shop, detail: {orderId: o-1, total: 40}}"


def _run(make_project: ProjectFactory, cases: str) -> list[tuple[str, object]]:
    root = make_project({"templates/echo.yaml.j2": ECHO_SPEC, "templates/echo.tests.yaml": "cases:\n" + cases})
    project = load_project(root)
    workflows = render_workflows(project, load_environment(project, "dev"), ["echo"])
    tests = run_workflow_tests(workflows[0])
    assert all(result.passed for result in tests.results), [r.failures for r in tests.results]
    return [(result.case.name, result.result.output) for result in tests.results]


def test_a_schedule_sends_its_input_with_the_context_attributes_filled_in(make_project: ProjectFactory) -> None:
    [(_, output)] = _run(make_project, "  - {name: night run, trigger: nightly}\n")
    assert output == {
        "runDate": "2024-01-01T00:00:00Z",
        "meta": [
            "arn:aws:scheduler:us-east-1:111111111111:schedule/project-dev/echo-nightly",
            "night-run",
            "try 1",
        ],
    }


def test_a_schedule_without_input_starts_with_an_empty_object(make_project: ProjectFactory) -> None:
    assert _run(make_project, "  - {name: hourly, trigger: bare}\n") == [("hourly", {})]


def test_event_triggers_send_what_the_rule_would(make_project: ProjectFactory) -> None:
    cases = (
        f"  - {{name: transformed, trigger: placed, event: {EVENT}}}\n"
        f"  - {{name: path, trigger: detail-only, event: {EVENT}}}\n"
        f"  - {{name: whole event, trigger: whole, event: {EVENT}}}\n"
        "  - {name: constant, trigger: constant}\n"
    )
    assert _run(make_project, cases) == [
        ("transformed", {"orderId": "o-1", "total": 40, "rule": "echo-dev-placed"}),
        ("path", {"orderId": "o-1", "total": 40}),
        (
            "whole event",
            {"detail-type": "OrderPlaced", "source": "acme.shop", "detail": {"orderId": "o-1", "total": 40}},
        ),
        ("constant", {"mode": "sweep"}),
    ]


BAD_CASES = [
    (
        "  - {name: c, trigger: weekly}\n",
        "test case 'c': workflow 'echo' has no trigger 'weekly' in environment 'dev'; "
        "its triggers: nightly, bare, placed, detail-only, whole, constant",
    ),
    (
        "  - {name: c, trigger: whole}\n",
        "test case 'c': trigger 'whole' passes its event on: give the case a sample 'event'",
    ),
    (
        f"  - {{name: c, trigger: nightly, event: {EVENT}}}\n",
        "test case 'c': trigger 'nightly' is a schedule; 'event' is for event triggers",
    ),
    (
        "  - {name: c, trigger: detail-only, event: {detail-type: OrderPlaced}}\n",
        "test case 'c': trigger 'detail-only': the input path $.detail selects nothing in the event",
    ),
    ("  - {name: c, trigger: nightly, input: {}}\n", "give 'input' or 'trigger', not both"),
    (
        f"  - {{name: c, event: {EVENT}}}\n",
        "'event' is the sample event of an event trigger: name the trigger with 'trigger'",
    ),
]


@pytest.mark.parametrize(("cases", "message"), BAD_CASES)
def test_a_case_that_cannot_start_as_its_trigger_would_is_refused(
    make_project: ProjectFactory, cases: str, message: str
) -> None:
    with pytest.raises(ExecutionSetupError) as caught:
        _run(make_project, cases)
    assert message in caught.value.message, caught.value.message


def test_through_the_cli_an_unknown_trigger_exits_2_naming_the_test_file_line(make_project: ProjectFactory) -> None:
    root = make_project(
        {
            "templates/echo.yaml.j2": ECHO_SPEC,
            "templates/echo.tests.yaml": "cases:\n  - name: ok\n  - name: c\n    trigger: nope\n",
        }
    )
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "test", "-e", "dev", "echo"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    expected = (
        f"{Path(root, 'templates/echo.tests.yaml')}:3: 'trigger': test case 'c': workflow 'echo' has no trigger "
        "'nope' in environment 'dev'"
    )
    assert expected in result.output, result.output
