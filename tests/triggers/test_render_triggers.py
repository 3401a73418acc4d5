"""``triggers:`` rendered into the model, and what AWS would refuse refused at the template line."""

from __future__ import annotations

import pytest

from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.triggers.model import EventTrigger, ScheduleTrigger
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

SCHEDULE = """\
triggers:
  nightly:
    schedule: cron(0 2 * * ? *)
    timezone: Europe/Berlin
    flexible_window: 15
    start_date: "2027-01-01T00:00:00Z"
    end_date: "2027-12-31T00:00:00+01:00"
    input: {runDate: "<aws.scheduler.scheduled-time>", region: {{ env.region }}}
    retry: {max_attempts: 3, max_event_age: 3600}
    dead_letter_queue: arn:aws:sqs:us-east-1:111111111111:hello-dlq
"""

EVENT = """\
triggers:
  order-placed:
    event:
      bus: orders
      pattern: {source: [acme.shop], detail-type: [OrderPlaced]}
    input_transformer:
      paths: {id: $.detail.orderId}
      template: '{"orderId": <id>}'
    enabled: false
"""


def _render(root):  # type: ignore[no-untyped-def]
    project = load_project(root)
    return render_workflows(project, load_environment(project, "dev"))


def _spec(extra: str, alias: bool = False) -> dict[str, str]:
    return {"templates/hello.yaml.j2": HELLO_SPEC + ("alias: live\n" if alias else "") + extra}


def test_a_schedule_renders_with_every_field(make_project: ProjectFactory) -> None:
    [wf] = _render(make_project(_spec(SCHEDULE)))
    [trigger] = wf.triggers
    assert isinstance(trigger, ScheduleTrigger)
    assert trigger.schedule_name == "hello-nightly"
    assert trigger.group_name == "project-dev"
    assert trigger.group_arn == "arn:aws:scheduler:us-east-1:111111111111:schedule-group/project-dev"
    assert trigger.summary() == "cron(0 2 * * ? *) Europe/Berlin"
    assert trigger.flexible_window_minutes == 15
    assert trigger.start_date == "2027-01-01T00:00:00Z"
    assert trigger.input == {"runDate": "<aws.scheduler.scheduled-time>", "region": "us-east-1"}
    assert trigger.input_text == '{"runDate":"<aws.scheduler.scheduled-time>","region":"us-east-1"}'
    assert trigger.retry is not None and trigger.retry.max_event_age_seconds == 3600
    assert trigger.target.arn == "arn:aws:states:us-east-1:111111111111:stateMachine:hello-dev"
    assert trigger.target.describe() == "state machine hello-dev"
    assert trigger.role.name == "hello-dev-nightly-invoke"
    assert trigger.role.principal == "scheduler.amazonaws.com"
    assert trigger.role.source_arn == trigger.group_arn


def test_a_trigger_targets_the_alias_when_there_is_one(make_project: ProjectFactory) -> None:
    [wf] = _render(make_project(_spec(SCHEDULE, alias=True)))
    [trigger] = wf.triggers
    assert trigger.target.arn == "arn:aws:states:us-east-1:111111111111:stateMachine:hello-dev:live"
    assert trigger.role.target_arn == trigger.target.arn
    assert trigger.target.describe() == "alias live"


def test_an_event_trigger_renders_a_rule_on_its_bus(make_project: ProjectFactory) -> None:
    [wf] = _render(make_project(_spec(EVENT + "    role: {arn: 'arn:aws:iam::111111111111:role/team-invoke'}\n")))
    [trigger] = wf.triggers
    assert isinstance(trigger, EventTrigger)
    assert trigger.rule_name == "hello-dev-order-placed"
    assert trigger.rule_arn == "arn:aws:events:us-east-1:111111111111:rule/orders/hello-dev-order-placed"
    assert trigger.pattern == {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}
    assert trigger.input_transformer is not None and trigger.input_transformer.paths == {"id": "$.detail.orderId"}
    assert trigger.enabled is False
    assert not trigger.role.generated and trigger.role.arn == "arn:aws:iam::111111111111:role/team-invoke"


def test_a_bus_arn_names_its_bus(make_project: ProjectFactory) -> None:
    spec = EVENT.replace("bus: orders", "bus: arn:aws:events:us-east-1:111111111111:event-bus/orders")
    [wf] = _render(make_project(_spec(spec)))
    assert isinstance(wf.triggers[0], EventTrigger) and wf.triggers[0].bus == "orders"


BAD = [
    ("schedule: cron(0 2 * * *)", "schedule", "a cron expression has 6 fields", 3),
    ("schedule: rate(1 hours)", "schedule", "write '1 hour'", 3),
    ("schedule: at(2027-13-01T00:00:00)", "schedule", "is not a date and time that exists", 3),
    ("schedule: rate(1 day)\n    timezone: Mars/Olympus", "timezone", "'Mars/Olympus' is not a time zone", 4),
    ("schedule: rate(1 day)\n    flexible_window: 1441", "flexible_window", "neither 'off' nor a number of minutes", 4),
    (
        "schedule: rate(1 day)\n    retry: {max_attempts: 186}",
        "max_attempts",
        "186 is out of range; AWS allows 0 to 185",
        4,
    ),
    ("schedule: rate(1 day)\n    retry: {max_event_age: 59}", "max_event_age", "AWS allows 60 to 86400", 4),
    ("schedule: rate(1 day)\n    start_date: '2027-01-01'", "start_date", "has no offset", 4),
    (
        "schedule: rate(1 day)\n    start_date: '2027-02-01T00:00:00Z'\n    end_date: '2027-01-01T00:00:00Z'",
        "end_date",
        "the end date must come after the start date",
        5,
    ),
    ("schedule: rate(1 day)\n    dead_letter_queue: my-queue", "dead_letter_queue", "is not an SQS queue ARN", 4),
    ("schedule: rate(1 day)\n    input_path: $.detail", "input_path", "does not apply to a schedule trigger", 4),
    ("event: {pattern: {source: [a]}}\n    timezone: UTC", "timezone", "does not apply to an event trigger", 4),
    ("event: {schedule: at(2027-01-01T00:00:00)}", "schedule", "at(...) is for schedules only", 3),
    ("event: {bus: orders, schedule: rate(1 day)}", "schedule", "only on the default bus", 3),
    ("event: {}", "event", "give exactly one of 'pattern' or 'schedule'", 3),
    ("event: {pattern: {}}", "pattern", "needs at least one field", 3),
    ("event: {bus: 'no spaces please', pattern: {a: [1]}}", "bus", "is neither an event bus name nor its ARN", 3),
    (
        "event: {pattern: {a: [1]}}\n    input: {}\n    input_path: $.x",
        "input_path",
        "give at most one of input, input_path",
        5,
    ),
    ("enabled: true", "nightly", "give exactly one of 'schedule' (EventBridge Scheduler) or 'event' (a rule)", 2),
]


@pytest.mark.parametrize(("body", "key", "message", "line"), BAD)
def test_what_aws_would_refuse_is_an_error_at_the_template_line(
    make_project: ProjectFactory, body: str, key: str, message: str, line: int
) -> None:
    root = make_project({"templates/hello.yaml.j2": "triggers:\n  nightly:\n    " + body + "\n" + HELLO_SPEC})
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert caught.value.key == key
    assert message in caught.value.message, caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.file == "templates/hello.yaml.j2"
    assert caught.value.location.line == line


def test_a_name_too_long_for_the_service_is_refused(make_project: ProjectFactory) -> None:
    name = "n" * 60
    root = make_project(_spec(f"triggers:\n  {name}:\n    schedule: rate(1 day)\n"))
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert caught.value.message == (
        f"the schedule name 'hello-{name}' (workflow name + '-' + trigger name) is 66 characters; AWS allows 64"
    )
    assert caught.value.location == SourceLocation("templates/hello.yaml.j2", 13, 3)


def test_a_misspelled_trigger_key_names_the_closest_one(make_project: ProjectFactory) -> None:
    root = make_project(_spec("triggers:\n  nightly:\n    schedule: rate(1 day)\n    time_zone: UTC\n"))
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert "unknown key 'time_zone'; did you mean 'timezone'?" in caught.value.message
    assert caught.value.location is not None and caught.value.location.line == 15


def test_a_long_invoke_role_name_is_shortened_with_a_hash(make_project: ProjectFactory) -> None:
    root = make_project(_spec("triggers:\n  " + "t" * 50 + ":\n    schedule: rate(1 day)\n"))
    [wf] = _render(root)
    name = wf.triggers[0].role.name
    assert name is not None and len(name) == 64 and name.endswith("-invoke")
    assert name.startswith("hello-dev-tttt")


def test_render_names_each_workflows_triggers(make_project: ProjectFactory) -> None:
    from click.testing import CliRunner

    from sfndeploy.cli.main import cli

    root = make_project(_spec(SCHEDULE + "  hourly:\n    schedule: rate(1 hour)\n"))
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "render", "-e", "dev"])
    assert result.exit_code == 0, result.output
    assert "  2 triggers (nightly, hourly)" in result.output
