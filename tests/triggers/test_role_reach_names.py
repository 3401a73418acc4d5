"""Generated names that can never be too long for their service: what holds them under the limit.

Schedules, rules, notification rules and the schedule group are refused at the template line when
too long (tests/triggers/test_bad_input_cli.py); an invoke role's name is shortened with a hash; an
alarm's name (state machine name, at most 80, '-', key, at most 64) stays under CloudWatch's 255.
"""

from __future__ import annotations

from sfndeploy.pipeline import load_environment, load_project, render_workflows
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

OTHER = "arn:aws:states:us-east-1:111111111111:stateMachine:other-dev"


def _render(make_project: ProjectFactory, spec: str):  # type: ignore[no-untyped-def]
    project = load_project(make_project({"templates/hello.yaml.j2": spec}))
    [workflow] = render_workflows(project, load_environment(project, "dev"))
    return workflow


def test_a_notifications_invoke_role_name_is_shortened_where_its_rule_name_fits(make_project: ProjectFactory) -> None:
    name = "n" * 47  # the rule hello-dev-notify-<name> is 64 characters, the longest EventBridge takes
    spec = HELLO_SPEC + f"notifications:\n  {name}:\n    statuses: [FAILED]\n    workflow: {OTHER}\n"
    [notification] = _render(make_project, spec).notifications
    assert len(notification.rule_name) == 64
    assert notification.role is not None and notification.role.name is not None
    assert len(notification.role.name) == 64
    assert notification.role.name.startswith("hello-dev-notify-nnn") and notification.role.name.endswith("-invoke")


def test_the_longest_alarm_name_fits_cloudwatch(make_project: ProjectFactory) -> None:
    key = "k" * 64  # the longest alarm key
    name = "w" * 60  # the longest spec name; with the environment's suffix the state machine name is 64
    spec = (
        HELLO_SPEC.replace("name: hello", f"name: {name}")
        + f"alarms:\n  {key}: {{metric: ExecutionsFailed, threshold: 1}}\n"
    )
    [alarm] = _render(make_project, spec).alarms
    assert alarm.name == f"{name}-dev-{key}"
    assert len(alarm.name) == 129
