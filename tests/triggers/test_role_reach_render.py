"""A brought ``role.arn`` that cannot be the role of a trigger or notification is refused at render, before any call."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.errors import ConfigError
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

OTHER_MACHINE = "arn:aws:states:us-east-1:111111111111:stateMachine:other-dev"


def _event(role: str) -> str:
    return f"triggers:\n  orders:\n    event:\n      pattern: {{source: [acme.shop]}}\n    role:\n      arn: {role}\n"


def _schedule(role: str) -> str:
    return f"triggers:\n  nightly:\n    schedule: rate(1 day)\n    role:\n      arn: {role}\n"


def _notification(role: str) -> str:
    target = f"    statuses: [FAILED]\n    workflow: {OTHER_MACHINE}\n"
    return f"notifications:\n  failed:\n{target}    role:\n      arn: {role}\n"


def _render(make_project: ProjectFactory, extra: str):  # type: ignore[no-untyped-def]
    project = load_project(make_project({"templates/hello.yaml.j2": HELLO_SPEC + extra}))
    return render_workflows(project, load_environment(project, "dev"))


@pytest.mark.parametrize(
    ("extra", "key", "message", "line"),
    [
        (
            _event("arn:aws:iam::222222222222:role/team-invoker"),
            "triggers.orders.role.arn",
            "the role is in account 222222222222; EventBridge assumes a rule target's role only in the rule's "
            "account (111111111111)",
            17,
        ),
        (
            _schedule("arn:aws-cn:iam::111111111111:role/team-invoker"),
            "triggers.nightly.role.arn",
            "the role is in partition aws-cn; the environment is in aws",
            16,
        ),
        (
            _schedule("arn:aws:iam::111111111111:role/a*b"),
            "triggers.nightly.role.arn",
            "'arn:aws:iam::111111111111:role/a*b' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/[PATH/]NAME)",
            16,
        ),
        (
            _notification("arn:aws:iam::222222222222:role/team-invoker"),
            "notifications.failed.role.arn",
            "the role is in account 222222222222; EventBridge assumes a rule target's role only in the rule's "
            "account (111111111111)",
            17,
        ),
    ],
)
def test_a_role_arn_that_cannot_be_the_role_is_refused_at_its_line(
    make_project: ProjectFactory, extra: str, key: str, message: str, line: int
) -> None:
    with pytest.raises(ConfigError) as caught:
        _render(make_project, extra)
    assert (caught.value.key, caught.value.message) == (key, message)
    assert caught.value.location is not None
    assert (caught.value.location.file, caught.value.location.line) == ("templates/hello.yaml.j2", line)


def test_a_schedules_role_in_another_account_is_left_to_the_plan(make_project: ProjectFactory) -> None:
    [workflow] = _render(make_project, _schedule("arn:aws:iam::222222222222:role/team-invoker"))
    assert workflow.triggers[0].role.arn == "arn:aws:iam::222222222222:role/team-invoker"


def test_validate_exits_1_with_one_line(make_project: ProjectFactory) -> None:
    root = make_project({"templates/hello.yaml.j2": HELLO_SPEC + _event("arn:aws:iam::222222222222:role/x")})
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "validate", "-e", "dev"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "error: templates/hello.yaml.j2:17:7: 'triggers.orders.role.arn': the role is in account 222222222222; "
        "EventBridge assumes a rule target's role only in the rule's account (111111111111)"
    ]
