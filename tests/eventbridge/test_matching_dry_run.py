"""`sfndeploy test` matches a case's sample event against its trigger's event pattern, and gives a
scheduled rule EventBridge's Scheduled Event."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli
from tests.foundation.conftest import ProjectFactory

SPEC = """\
name: echo
triggers:
  placed:
    event:
      pattern:
        source: [acme.shop]
        detail-type: [OrderPlaced]
        detail:
          total: [{numeric: [">", 0]}]
          $or:
            - channel: [web, app]
            - store: [{prefix: "berlin-"}]
    input_transformer:
      paths: {id: $.detail.orderId}
      template: '{"orderId": <id>}'
  constant:
    event:
      pattern: {source: [acme.shop], detail-type: [OrderCancelled]}
    input: {mode: refund}
  sweep:
    event:
      schedule: rate(5 minutes)
  sweep-time:
    event:
      schedule: rate(1 hour)
    input_transformer:
      paths: {at: $.time, rule: "$.resources[0]"}
      template: '{"at": <at>, "rule": <rule>, "name": "<aws.events.rule-name>"}'
definition:
  StartAt: Echo
  States:
    Echo: {Type: Pass, End: true}
"""

PLACED = "{source: acme.shop, detail-type: OrderPlaced, detail: {orderId: o-1, total: 40, store: berlin-mitte}}"


def _test(make_project: ProjectFactory, cases: str) -> tuple[Path, Result]:
    root = make_project({"templates/echo.yaml.j2": SPEC, "templates/echo.tests.yaml": "cases:\n" + cases})
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "test", "-e", "dev", "echo"])
    return Path(root, "templates/echo.tests.yaml"), result


def test_a_sample_event_the_pattern_matches_runs(make_project: ProjectFactory) -> None:
    cases = (
        f"  - name: placed\n    trigger: placed\n    event: {PLACED}\n    expect: {{output: {{orderId: o-1}}}}\n"
        "  - name: refund\n    trigger: constant\n    expect: {output: {mode: refund}}\n"
    )
    _, result = _test(make_project, cases)
    assert result.exit_code == 0, result.output
    assert result.exception is None


def test_a_sample_event_the_pattern_does_not_match_is_refused_at_its_case(make_project: ProjectFactory) -> None:
    wrong = PLACED.replace("total: 40", "total: 0")
    cases = f"  - name: ok\n    trigger: placed\n    event: {PLACED}\n  - name: free order\n    trigger: placed\n"
    cases += f"    event: {wrong}\n"
    test_file, result = _test(make_project, cases)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    line = (
        f"{test_file}:5: 'event': test case 'free order': trigger 'placed' would never receive this sample event: "
        'detail.total: 0 matches none of [{"numeric": [">", 0]}]'
    )
    assert result.output.splitlines() == [f"error: {line}"]


def test_the_mismatch_names_the_or_branch_that_fails(make_project: ProjectFactory) -> None:
    outside = PLACED.replace("berlin-mitte", "hamburg-1")
    _, result = _test(make_project, f"  - name: c\n    trigger: placed\n    event: {outside}\n")
    assert result.exit_code == 2, result.output
    assert (
        "trigger 'placed' would never receive this sample event: detail: no '$or' branch matches "
        '(detail.channel: the event has no such field (the pattern wants one of ["web", "app"]); '
        'detail.store: "hamburg-1" matches none of [{"prefix": "berlin-"}])'
    ) in result.output, result.output


def test_a_rule_with_constant_input_still_checks_a_sample_event_it_is_given(make_project: ProjectFactory) -> None:
    _, result = _test(make_project, f"  - name: c\n    trigger: constant\n    event: {PLACED}\n")
    assert result.exit_code == 2, result.output
    assert (
        "trigger 'constant' would never receive this sample event: "
        'detail-type: "OrderPlaced" is not one of ["OrderCancelled"]'
    ) in result.output, result.output


def test_a_scheduled_rule_sends_the_scheduled_event(make_project: ProjectFactory) -> None:
    rule_arn = "arn:aws:events:us-east-1:111111111111:rule/echo-dev-sweep"
    cases = (
        "  - name: sweep\n    trigger: sweep\n    expect:\n      output_contains:\n"
        "        source: aws.events\n        detail-type: Scheduled Event\n        account: '111111111111'\n"
        f"        region: us-east-1\n        time: '2024-01-01T00:00:00Z'\n        resources: ['{rule_arn}']\n"
        "        detail: {}\n"
        "  - name: sweep time\n    trigger: sweep-time\n    expect:\n      output:\n"
        "        at: '2024-01-01T00:00:00Z'\n"
        "        rule: arn:aws:events:us-east-1:111111111111:rule/echo-dev-sweep-time\n"
        "        name: echo-dev-sweep-time\n"
    )
    _, result = _test(make_project, cases)
    assert result.exit_code == 0, result.output


def test_a_scheduled_rule_takes_no_sample_event(make_project: ProjectFactory) -> None:
    test_file, result = _test(make_project, f"  - name: c\n    trigger: sweep\n    event: {PLACED}\n")
    assert result.exit_code == 2, result.output
    assert (
        f"{test_file}:2: 'event': test case 'c': trigger 'sweep' runs on a schedule and EventBridge sends its own "
        "Scheduled Event; 'event' is for rules with an event pattern"
    ) in result.output, result.output
