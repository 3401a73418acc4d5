"""How many read calls a plan makes for workflows with triggers, a notification and alarms (moto's server).

The counts are exact, by service and operation, so a read that starts growing per resource (or
per resource of the whole account) fails here as a number. Every workflow has what the example
project's have: a schedule, an event rule on the default bus, a failure notification to an SNS
topic and two alarms. Other tests share the server, so everything is named with a unique prefix
(or suffix) and only reads scoped by it are counted exactly.
"""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan, load_target

WORKFLOWS = 4
TOPIC = "arn:aws:sns:us-east-1:123456789012:{name}"
ENVIRONMENT = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: "{prefix}"
  suffix: "{suffix}"
defaults:
  alarms:
    period: 300
    actions: ["{topic}"]
"""
SPEC = """\
name: {name}
alias: live
triggers:
  nightly:
    schedule: cron(0 2 * * ? *)
    timezone: Europe/Berlin
    input: {{runDate: "<aws.scheduler.scheduled-time>"}}
  order-placed:
    event:
      pattern: {{source: [acme.shop], detail-type: [OrderPlaced]}}
notifications:
  failures:
    statuses: [FAILED, TIMED_OUT, ABORTED]
    sns: {topic}
alarms:
  failures: {{metric: ExecutionsFailed, threshold: 1}}
  timeouts: {{metric: ExecutionsTimedOut, threshold: 1}}
definition:
  StartAt: Done
  States:
    Done: {{Type: Pass, End: true}}
"""


def project(root: Path, env: str, prefix: str = "", suffix: str = "") -> DesiredState:
    topic = TOPIC.format(name=f"alerts-{env}")
    (root / "templates").mkdir(parents=True)
    (root / "environments").mkdir()
    (root / "sfndeploy.yaml").write_text(f"project: reads-{env}\n")
    (root / "environments" / f"{env}.yaml").write_text(
        ENVIRONMENT.format(name=env, prefix=prefix, suffix=suffix, topic=topic)
    )
    for index in range(WORKFLOWS):
        (root / "templates" / f"wf{index}.yaml.j2").write_text(SPEC.format(name=f"wf{index}", topic=topic))
    return load_target(root, env).desired


def applied(api: AwsApi, state: DesiredState) -> None:
    api.call("sns", "CreateTopic", Name=f"alerts-{state.environment}")
    AwsExecutor(api, sleep=lambda _: None).execute(compute_plan(api, state))


def reads(api: AwsApi, state: DesiredState, concurrency: int) -> dict[tuple[str, str], int]:
    fresh = AwsApi(api.client, region=api.region, sleep=api.sleep)
    plan = compute_plan(fresh, state, concurrency=concurrency)
    assert not plan.has_changes
    return fresh.counter.by_service()


def of(counts: dict[tuple[str, str], int], *services: str) -> dict[tuple[str, str], int]:
    return {key: calls for key, calls in counts.items() if key[0] in services}


def test_with_a_name_prefix_one_listing_serves_every_alarm_and_rule_and_a_topic_is_read_once(
    api: AwsApi, unique: str, tmp_path: Path
) -> None:
    state = project(tmp_path, unique, prefix=f"{unique}-")
    applied(api, state)
    n = WORKFLOWS

    for concurrency in (16, 1):
        counts = reads(api, state, concurrency)
        assert of(counts, "cloudwatch", "events", "scheduler", "sns") == {
            ("cloudwatch", "DescribeAlarms"): 1,  # by the environment's prefix, not one per state machine
            ("cloudwatch", "ListTagsForResource"): 2 * n,
            ("events", "ListRules"): 1,  # by the prefix: other projects' rules on the bus are not read
            ("events", "ListTagsForResource"): 2 * n,
            ("events", "ListTargetsByRule"): 2 * n,
            ("scheduler", "GetScheduleGroup"): 1,
            ("scheduler", "ListTagsForResource"): 1,
            ("scheduler", "ListSchedules"): 1,
            ("scheduler", "GetSchedule"): n,
            ("sns", "GetTopicAttributes"): 1,  # one topic, four notifications
        }
        per_workflow = {op: calls for (service, op), calls in counts.items() if service == "stepfunctions"}
        assert {op: per_workflow[op] for op in ("DescribeStateMachine", "DescribeStateMachineAlias")} == {
            "DescribeStateMachine": n,
            "DescribeStateMachineAlias": n,
        }
        assert not of(counts, "iam").keys() - {("iam", "GetAccountAuthorizationDetails")}

    # The listings above each fit one page; with smaller pages every page is followed.
    paged = AwsApi(api.client, region=api.region, sleep=api.sleep)
    rules = paged.pages("events", "ListRules", "Rules", NamePrefix=f"{unique}-", Limit=3)
    group = state.schedule_group
    schedules = paged.pages("scheduler", "ListSchedules", "Schedules", GroupName=group, MaxResults=3)
    assert (len(list(rules)), len(list(schedules))) == (2 * n, n)
    assert paged.calls == {"ListRules": 3, "ListSchedules": 2}


def test_without_a_name_prefix_alarms_are_listed_per_state_machine_never_account_wide(
    api: AwsApi, unique: str, tmp_path: Path
) -> None:
    state = project(tmp_path, unique, suffix=f"-{unique}")
    applied(api, state)

    counts = reads(api, state, 16)

    assert of(counts, "cloudwatch") == {
        ("cloudwatch", "DescribeAlarms"): WORKFLOWS,
        ("cloudwatch", "ListTagsForResource"): 2 * WORKFLOWS,
    }
    assert counts["scheduler", "GetSchedule"] == WORKFLOWS


def test_alarm_listings_follow_every_page() -> None:
    """moto answers DescribeAlarms in one page whatever MaxRecords says, so CloudWatch's page token
    is checked with botocore's Stubber (which checks each request against the service's model)."""
    client = boto3.client("cloudwatch", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
    stub = Stubber(client)
    alarm = {"AlarmName": "a-failures", "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a-failures"}
    stub.add_response("describe_alarms", {"MetricAlarms": [alarm], "NextToken": "page-2"}, {"AlarmNamePrefix": "a-"})
    stub.add_response(
        "describe_alarms", {"MetricAlarms": [alarm]}, {"AlarmNamePrefix": "a-", "NextToken": "page-2"}
    )
    api = AwsApi(lambda _: client, region="us-east-1", sleep=lambda _: None)

    with stub:
        found = list(api.pages("cloudwatch", "DescribeAlarms", "MetricAlarms", AlarmNamePrefix="a-"))

    assert len(found) == 2
    stub.assert_no_pending_responses()
