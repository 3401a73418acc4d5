"""A crash before and after every write of a full create, then a re-apply that converges, against moto.

The workflow has everything issue 12 added: a schedule (in the project's schedule group), an event
rule, a failure notification to an SNS topic (with sfndeploy's grant on the topic) and an alarm,
next to its execution role, state machine and alias. The first test lists the writes of its
create in order. Each case of the second stops the apply at one write: case 0 before the first
write, case k after write k (the service carried it out, the client saw an error), up to the last;
"after write k" and "before write k+1" leave AWS in the same state, so these cases cover a crash
before and after every call. A fresh apply then converges: afterwards the plan is empty and the
schedule, the rules and the alarm exist once each.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aws_doubles import FaultyApi, no_sleep
from plan_factory import ACCOUNT, desired, environment, workflow
from watchers import with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan

TOPIC_NAME = "crash-alerts"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:{TOPIC_NAME}"

WRITES = [
    ("iam", "CreateRole"),  # the execution role
    ("iam", "PutRolePolicy"),
    ("iam", "TagRole"),
    ("stepfunctions", "CreateStateMachine"),
    ("stepfunctions", "CreateStateMachineAlias"),
    ("iam", "CreateRole"),  # the schedule's invoke role
    ("iam", "PutRolePolicy"),
    ("iam", "TagRole"),
    ("iam", "CreateRole"),  # the event rule's invoke role
    ("iam", "PutRolePolicy"),
    ("iam", "TagRole"),
    ("scheduler", "CreateScheduleGroup"),
    ("scheduler", "CreateSchedule"),
    ("events", "PutRule"),  # the event rule
    ("events", "PutTargets"),
    ("events", "TagResource"),  # the record of what was written (sfndeploy:config-hash)
    ("events", "PutRule"),  # the notification's rule
    ("events", "PutTargets"),
    ("events", "TagResource"),
    ("sns", "SetTopicAttributes"),  # its permission on the topic
    ("cloudwatch", "PutMetricAlarm"),
]


def state(env_name: str) -> DesiredState:
    env = environment(env_name, prefix=f"{env_name}-")
    wf = with_watchers(
        workflow("orders", env),
        triggers={
            "nightly": {"schedule": "cron(0 2 * * ? *)", "timezone": "Europe/Berlin", "input": {"run": "nightly"}},
            "placed": {"event": {"pattern": {"source": ["acme.shop"]}}, "input_path": "$.detail"},
        },
        notifications={"failures": {"statuses": ["FAILED", "TIMED_OUT"], "sns": TOPIC, "grant": True}},
        alarms={"failures": {"metric": "ExecutionsFailed", "threshold": 1, "actions": [TOPIC]}},
    )
    return desired(wf)


@pytest.fixture(scope="module")
def api(moto_endpoint: str) -> Iterator[AwsApi]:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    api.call("sns", "CreateTopic", Name=TOPIC_NAME)
    yield api


def test_a_full_create_writes_these_calls_in_this_order(api: AwsApi) -> None:
    plan = compute_plan(api, state("crashlist"))
    assert [(c.service, c.operation) for w in plan.changed for c in w.calls] == WRITES


def inventory(api: AwsApi, env_name: str) -> dict[str, list[str]]:
    """The environment's schedules, rules and alarms, by name (a duplicate would show twice)."""
    prefix = f"{env_name}-"
    return {
        "schedules": sorted(
            s["Name"] for s in api.pages("scheduler", "ListSchedules", "Schedules", GroupName=f"shop-{env_name}")
        ),
        "rules": sorted(r["Name"] for r in api.pages("events", "ListRules", "Rules", NamePrefix=prefix)),
        "alarms": sorted(
            a["AlarmName"] for a in api.pages("cloudwatch", "DescribeAlarms", "MetricAlarms", AlarmNamePrefix=prefix)
        ),
    }


def expected_inventory(env_name: str) -> dict[str, list[str]]:
    machine = f"{env_name}-orders"
    return {
        "schedules": ["orders-nightly"],
        "rules": [f"{machine}-notify-failures", f"{machine}-placed"],
        "alarms": [f"{machine}-failures"],
    }


@pytest.mark.parametrize("written", range(len(WRITES) + 1))
def test_a_crash_at_any_write_then_a_reapply_converges(api: AwsApi, written: int) -> None:
    env_name = f"crash{written}"
    wanted = state(env_name)
    plan = compute_plan(api, wanted)
    faulty = FaultyApi(1, "before") if written == 0 else FaultyApi(written, "after")

    with pytest.raises(AwsCallError, match="injected fault"):
        AwsExecutor(faulty, sleep=no_sleep).execute(plan)

    assert faulty.writes == max(written, 1)
    resumed = compute_plan(api, wanted)
    assert resumed.has_changes == (written < len(WRITES))
    AwsExecutor(api, sleep=no_sleep).execute(resumed)
    assert not compute_plan(api, wanted).has_changes
    assert inventory(api, env_name) == expected_inventory(env_name)
