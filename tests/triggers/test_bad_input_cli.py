"""Bad triggers, alarms and notifications through the command line: one line naming file, line and key, exit 1.

``validate`` refuses an invalid schedule expression, time zone, event pattern or alarm field at the
template line. ``plan`` and ``apply`` refuse a name too long for the service before any AWS call: the
endpoint they are given does not answer, so a call made first would have ended with its own message
(the last test shows that message for a project without the mistake).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from tests.foundation.conftest import ENV_DEV, HELLO_SPEC

SPEC = "templates/hello.yaml.j2"
FIRST = len(HELLO_SPEC.splitlines()) + 1  # the line of what a case appends to the spec
SNS = "arn:aws:sns:us-east-1:111111111111:alerts"
ALARM = "alarms:\n  failures:\n    metric: ExecutionsFailed\n    threshold: 1\n"


def project(tmp_path: Path, body: str, *, project_name: str = "shop", env: str = "dev") -> Path:
    root = tmp_path / "project"
    (root / "templates").mkdir(parents=True)
    (root / "environments").mkdir()
    (root / "sfndeploy.yaml").write_text(f"project: {project_name}\n", encoding="utf-8")
    env_text = ENV_DEV.replace("name: dev\n", f"name: {env}\n", 1)
    (root / "environments" / f"{env}.yaml").write_text(env_text, encoding="utf-8")
    (root / SPEC).write_text(HELLO_SPEC + body, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def at(line: int, column: int, key: str, message: str) -> str:
    return f"error: {SPEC}:{FIRST + line}:{column}: '{key}': {message}"


SCHEDULE = "triggers:\n  nightly:\n    schedule: "
EVENT = "triggers:\n  placed:\n    event:\n"

VALIDATION = [
    (
        "cron-fields",
        SCHEDULE + "cron(0 2 * * *)\n",
        at(2, 5, "schedule", "cron(0 2 * * *): a cron expression has 6 fields "
           "(minutes hours day-of-month month day-of-week year), not 5"),
    ),
    (
        "cron-value",
        SCHEDULE + "cron(0 25 * * ? *)\n",
        at(2, 5, "schedule", "cron(0 25 * * ? *): hours '25': '25' is not a value of hours (0-23)"),
    ),
    (
        "cron-days",
        SCHEDULE + "cron(0 2 * * * *)\n",
        at(2, 5, "schedule", "cron(0 2 * * * *): exactly one of day-of-month and day-of-week must be '?'"),
    ),
    (
        "rate-zero",
        SCHEDULE + "rate(0 minutes)\n",
        at(2, 5, "schedule", "rate(0 minutes): the rate must be a whole number of at least 1, not '0'"),
    ),
    (
        "rate-unit",
        SCHEDULE + "rate(1 fortnight)\n",
        at(2, 5, "schedule", "rate(1 fortnight): the unit must be minute(s), hour(s) or day(s), not 'fortnight'"),
    ),
    (
        "at-date",
        SCHEDULE + "at(2027-02-30T00:00:00)\n",
        at(2, 5, "schedule", "at(2027-02-30T00:00:00): 2027-02-30T00:00:00 is not a date and time that exists"),
    ),
    (
        "at-form",
        SCHEDULE + "at(2027-01-01 00:00)\n",
        at(2, 5, "schedule", "'at(2027-01-01 00:00)' is not an at expression; write at(yyyy-mm-ddThh:mm:ss), "
           "e.g. at(2027-01-31T09:00:00)"),
    ),
    (
        "no-expression",
        SCHEDULE + "every day\n",
        at(2, 5, "schedule", "'every day' is not a schedule expression; write cron(...), rate(...) or at(...)"),
    ),
    (
        "time-zone",
        SCHEDULE + "rate(1 day)\n    timezone: Europe/Atlantis\n",
        at(3, 5, "timezone", "'Europe/Atlantis' is not a time zone; did you mean 'Europe/Athens'?"),
    ),
    (
        "rule-rate",
        EVENT + "      schedule: rate(5 minute)\n",
        at(3, 7, "schedule", "rate(5 minute): write '5 minutes' (the unit is singular for 1, plural otherwise)"),
    ),
    (
        "rule-at",
        EVENT + "      schedule: at(2027-01-01T00:00:00)\n",
        at(3, 7, "schedule", "at(...) is for schedules only; a rule takes cron(...) or rate(...)"),
    ),
    (
        "pattern-text",
        EVENT + "      pattern: '{source: [a]}'\n",
        at(3, 7, "pattern", "an event pattern given as a string must be JSON: Expecting property name enclosed in "
           "double quotes: line 1 column 2 (char 1)"),
    ),
    (
        "pattern-value",
        EVENT + "      pattern:\n        source: acme.shop\n",
        at(4, 9, "source", "a field's value must be a list of values to match ([\"acme.shop\"]) or an object of "
           "fields, not the string \"acme.shop\""),
    ),
    (
        "pattern-filter",
        EVENT + "      pattern:\n        detail:\n          state: [{prefx: shipped}]\n",
        at(5, 20, "prefx", "unknown content filter 'prefx'; did you mean 'prefix'?"),
    ),
    (
        "pattern-numeric",
        EVENT + "      pattern:\n        detail:\n          total: [{numeric: ['>', 100, '>', 5]}]\n",
        at(5, 20, "numeric", "a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)"),
    ),
    (
        "pattern-empty",
        EVENT + "      pattern: {}\n",
        at(3, 7, "pattern", "an event pattern needs at least one field to match"),
    ),
    (
        "metric",
        "alarms:\n  failures:\n    metric: ExecutionsExploded\n    threshold: 1\n",
        at(2, 5, "alarms.failures.metric", "unknown AWS/States metric 'ExecutionsExploded' (expected one of: "
           "ExecutionsFailed, ExecutionsTimedOut, ExecutionsAborted, ExecutionThrottled, ExecutionTime, "
           "ExecutionsStarted, ExecutionsSucceeded, ExecutionsRedriven, RedrivenExecutionsSucceeded, "
           "RedrivenExecutionsFailed, RedrivenExecutionsAborted, RedrivenExecutionsTimedOut, OpenExecutionCount, "
           "ExpressExecutionMemory, ExpressExecutionBilledDuration, ExpressExecutionBilledMemory)"),
    ),
    (
        "statistic",
        ALARM + "    statistic: Median\n",
        at(4, 5, "alarms.failures.statistic", "unknown statistic 'Median' (expected one of: SampleCount, Average, "
           "Sum, Minimum, Maximum, or a percentile such as p99 or p99.9)"),
    ),
    (
        "percentile",
        ALARM.replace("ExecutionsFailed", "ExecutionTime") + "    statistic: p101\n",
        at(4, 5, "alarms.failures.statistic", "unknown statistic 'p101' (expected one of: SampleCount, Average, "
           "Sum, Minimum, Maximum, or a percentile such as p99 or p99.9)"),
    ),
    (
        "period",
        ALARM + "    period: 45\n",
        at(4, 5, "alarms.failures.period", "the period must be 10, 30 or a multiple of 60 seconds, found '45'"),
    ),
    (
        "datapoints",
        ALARM + "    evaluation_periods: 1\n    datapoints_to_alarm: 2\n",
        at(5, 5, "alarms.failures.datapoints_to_alarm", "datapoints to alarm (2) exceed the evaluation periods (1)"),
    ),
    (
        "missing-data",
        ALARM + "    treat_missing_data: zero\n",
        at(4, 5, "alarms.failures.treat_missing_data", "unknown missing-data treatment 'zero' (expected one of: "
           "breaching, notBreaching, ignore, missing)"),
    ),
    (
        "comparison",
        ALARM + "    comparison: Equal\n",
        at(4, 5, "alarms.failures.comparison", "unknown comparison operator 'Equal' (expected one of: "
           "GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold)"),
    ),
    (
        "action",
        ALARM + "    actions: [arn:aws:sqs:us-east-1:111111111111:q]\n",
        at(4, 5, "alarms.failures.actions", "'arn:aws:sqs:us-east-1:111111111111:q' is not an SNS topic ARN"),
    ),
    (
        "threshold",
        "alarms:\n  failures:\n    metric: ExecutionsFailed\n    threshold: lots\n",
        at(3, 5, "threshold", "workflow spec: must be a number, not a string"),
    ),
    (
        "alarm-key",
        ALARM + "    colour: red\n",
        at(4, 5, "colour", "workflow spec: unknown key 'colour'; allowed keys: actions, comparison, "
           "datapoints_to_alarm, description, evaluation_periods, metric, period, statistic, threshold, "
           "treat_missing_data"),
    ),
    (
        "status",
        f"notifications:\n  failures:\n    statuses: [FAILED, CRASHED]\n    sns: {SNS}\n",
        at(2, 24, "1", 'workflow spec: "CRASHED" is not one of "FAILED", "TIMED_OUT", "ABORTED", "SUCCEEDED", '
           '"RUNNING"'),
    ),
    (
        "notification-target",
        "notifications:\n  failures:\n    statuses: [FAILED]\n    sqs: my-queue\n",
        at(3, 5, "sqs", "'my-queue' is not arn:aws:sqs:REGION:ACCOUNT:QUEUE"),
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in VALIDATION], ids=[c[0] for c in VALIDATION])
def test_validate_refuses_at_the_template_line(tmp_path: Path, body: str, expected: str) -> None:
    code, out, err = run(project(tmp_path, body), "validate", "-e", "dev")
    assert (code, out, err.splitlines()) == (1, "", [expected])


def test_a_bad_alarm_default_is_an_error_in_the_environment_file(tmp_path: Path) -> None:
    root = project(tmp_path, ALARM)
    path = root / "environments" / "dev.yaml"
    path.write_text(path.read_text().replace("defaults:\n", "defaults:\n  alarms:\n    period: 7\n"), encoding="utf-8")
    line = path.read_text().splitlines().index("    period: 7") + 1
    code, out, err = run(root, "validate", "-e", "dev")
    assert (code, out) == (1, "")
    [message] = err.splitlines()
    assert message.startswith(f"error: environments/dev.yaml:{line}:5: 'defaults.alarms.period': "), message
    assert "the period must be 10, 30 or a multiple of 60 seconds, found '7'" in message


@pytest.fixture
def unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    """An endpoint that does not answer: any AWS call fails with a message of its own."""
    for key, value in {
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_CONFIG_FILE": "/nonexistent-sfndeploy-test-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-sfndeploy-test-credentials",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


LONG = "n" * 60

TOO_LONG = [
    (
        "schedule",
        f"triggers:\n  {LONG}:\n    schedule: rate(1 day)\n",
        {},
        at(1, 3, LONG, f"the schedule name 'hello-{LONG}' (workflow name + '-' + trigger name) is 66 characters; "
           "AWS allows 64"),
    ),
    (
        "rule",
        f"triggers:\n  {LONG}:\n    event: {{pattern: {{source: [a]}}}}\n",
        {},
        at(1, 3, LONG, f"the rule name 'hello-dev-{LONG}' (state machine name + '-' + trigger name) is 70 "
           "characters; AWS allows 64"),
    ),
    (
        "notification-rule",
        f"notifications:\n  {LONG}:\n    statuses: [FAILED]\n    sns: {SNS}\n",
        {},
        at(1, 3, LONG, f"the rule name 'hello-dev-notify-{LONG}' (state machine name + '-notify-' + notification "
           "name) is 77 characters; EventBridge allows 64"),
    ),
    (
        "schedule-group",
        "triggers:\n  nightly:\n    schedule: rate(1 day)\n",
        {"project_name": "p" * 40, "env": "e" * 30},
        at(1, 3, "nightly", f"the schedule group name '{'p' * 40}-{'e' * 30}' (project name + '-' + environment) "
           "is 71 characters; AWS allows 64"),
    ),
]


@pytest.mark.usefixtures("unreachable")
@pytest.mark.parametrize("command", ["plan", "apply"])
@pytest.mark.parametrize(("body", "names", "expected"), [c[1:] for c in TOO_LONG], ids=[c[0] for c in TOO_LONG])
def test_a_name_too_long_for_the_service_stops_before_any_call(
    tmp_path: Path, command: str, body: str, names: dict[str, str], expected: str
) -> None:
    env = names.get("env", "dev")
    root = project(tmp_path, body, **names)
    extra = ["--auto-approve"] if command == "apply" else []
    code, out, err = run(root, command, "-e", env, *extra)
    assert (code, out, err.splitlines()) == (1, "", [expected])


@pytest.mark.usefixtures("unreachable")
def test_without_the_mistake_the_first_call_is_what_fails(tmp_path: Path) -> None:
    code, _, err = run(project(tmp_path, "triggers:\n  nightly:\n    schedule: rate(1 day)\n"), "plan", "-e", "dev")
    assert code == 1
    assert err.startswith("error: GetCallerIdentity on environment dev (the ambient credentials): the endpoint did not")
