"""import writes the schedules that start a live state machine into its spec as ``triggers:``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.triggers.model import ScheduleTrigger
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"


def test_schedules_of_a_machine_become_triggers_that_render_back(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-report-local"
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}"
    _create(api, machine, _pass_machine())
    brought_role(api, "legacy-scheduler", "scheduler.amazonaws.com")
    group = f"legacy-{env_name}"
    api.call("scheduler", "CreateScheduleGroup", Name=group)
    api.call(
        "scheduler",
        "CreateSchedule",
        Name="report-nightly",
        GroupName=group,
        ScheduleExpression="cron(30 1 * * ? *)",
        ScheduleExpressionTimezone="Europe/Berlin",
        FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 10},
        State="DISABLED",
        Description="the nightly report",
        Target={
            "Arn": arn,
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/legacy-scheduler",
            "Input": json.dumps({"kind": "nightly"}),
            "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 600},
        },
    )
    api.call(
        "scheduler",
        "CreateSchedule",
        Name=f"other-{env_name}",
        GroupName=group,
        ScheduleExpression="rate(1 hour)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": f"{arn}-elsewhere", "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/x"},
    )

    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", machine, "-e", env_name])

    assert result.exit_code == 0, result.output
    assert (
        f"    schedule {group}/report-nightly became a trigger; apply creates it in the project's schedule group: "
        "delete the old one then, or the workflow starts twice"
    ) in result.output
    assert f"+ schedule nightly (cron(30 1 * * ? *) Europe/Berlin) → state machine {machine}" in result.output
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, env_name), ["report"])
    [trigger] = workflow.triggers  # the schedule that targets another machine is not imported
    assert isinstance(trigger, ScheduleTrigger)
    assert (trigger.name, trigger.expression, trigger.timezone) == ("nightly", "cron(30 1 * * ? *)", "Europe/Berlin")
    assert (trigger.flexible_window_minutes, trigger.enabled, trigger.description) == (10, False, "the nightly report")
    assert trigger.input == {"kind": "nightly"}
    assert trigger.retry is not None and (trigger.retry.max_attempts, trigger.retry.max_event_age_seconds) == (2, 600)
    assert trigger.role.arn == f"arn:aws:iam::{ACCOUNT}:role/legacy-scheduler"
    assert trigger.schedule_name == "report-nightly"
    assert trigger.group_name == f"acme-workflows-{env_name}"


def test_a_plan_that_stops_after_the_import_says_the_specs_are_written(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    """A live schedule whose role is gone imports as it is; the closing plan refuses the role and says so."""
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-report-local"
    arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}"
    _create(api, machine, _pass_machine())
    group = f"gone-{env_name}"
    api.call("scheduler", "CreateScheduleGroup", Name=group)
    api.call(
        "scheduler",
        "CreateSchedule",
        Name="report-hourly",
        GroupName=group,
        ScheduleExpression="rate(1 hour)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": arn, "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/deleted-{env_name}"},
    )

    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", machine, "-e", env_name])

    assert result.exit_code == 1, result.output
    [line] = [text for text in result.output.splitlines() if text.startswith("error:")]
    assert line.startswith(f"error: the specs are written (report.yaml.j2), but the plan of {env_name} stops: "), line
    assert f"role/deleted-{env_name}" in line and "does not exist" in line
    assert line.endswith("(fix what it names, in AWS or in the spec, before apply)")
    assert (root / "templates" / "report.yaml.j2").is_file()
