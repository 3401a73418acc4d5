"""The spec's ``alarms:`` (already rendered and schema-checked): CloudWatch alarms on the workflow's
``AWS/States`` execution metrics, with the environment file's ``defaults.alarms`` filled in.

Every value CloudWatch would refuse is a :class:`ConfigError` at the template line of the key (or
at the environment file's key when the value came from its defaults): an unknown metric, a
statistic that is neither one of CloudWatch's five nor a percentile ``pNN``/``pNN.N``, a period
other than 10, 30 or a multiple of 60 seconds, more datapoints to alarm than evaluation periods,
an unknown missing-data treatment or comparison, an action that is not an SNS topic ARN, or an
alarm name longer than CloudWatch's 255 characters.

An alarm is named ``<state machine name>-<alarm key>`` and watches the metric with dimension
``StateMachineArn`` = the state machine's (unqualified) ARN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.sourcemap import SourceMap, pointer_join

NAMESPACE = "AWS/States"
DIMENSION = "StateMachineArn"
NAME_LIMIT = 255
METRICS = (
    "ExecutionsFailed",
    "ExecutionsTimedOut",
    "ExecutionsAborted",
    "ExecutionThrottled",
    "ExecutionTime",
    "ExecutionsStarted",
    "ExecutionsSucceeded",
    "ExecutionsRedriven",
    "RedrivenExecutionsSucceeded",
    "RedrivenExecutionsFailed",
    "RedrivenExecutionsAborted",
    "RedrivenExecutionsTimedOut",
    "OpenExecutionCount",
    "ExpressExecutionMemory",
    "ExpressExecutionBilledDuration",
    "ExpressExecutionBilledMemory",
)
STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
COMPARISONS = {
    "GreaterThanOrEqualToThreshold": ">=",
    "GreaterThanThreshold": ">",
    "LessThanThreshold": "<",
    "LessThanOrEqualToThreshold": "<=",
}
MISSING_DATA = ("breaching", "notBreaching", "ignore", "missing")
_PERCENTILE = re.compile(r"^p(\d{1,2})(\.\d)?$")
_SNS_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$")
_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
FIELD_DEFAULTS: dict[str, Any] = {
    "statistic": "Sum",
    "comparison": "GreaterThanOrEqualToThreshold",
    "period": 60,
    "evaluation_periods": 1,
    "treat_missing_data": "notBreaching",
    "actions": [],
    "description": "",
}


@dataclass(frozen=True)
class Alarm:
    key: str  # as the spec names it
    name: str  # <state machine name>-<key>
    metric: str
    statistic: str  # one of STATISTICS or a percentile (pNN, pNN.N)
    threshold: float
    comparison: str
    period: int
    evaluation_periods: int
    datapoints_to_alarm: int
    treat_missing_data: str
    actions: tuple[str, ...]
    description: str

    @property
    def summary(self) -> str:
        """The alarm in one phrase: ``ExecutionsFailed Sum >= 1 in 1 of 1 × 60 s``."""
        return (
            f"{self.metric} {self.statistic} {COMPARISONS[self.comparison]} {_number(self.threshold)} "
            f"in {self.datapoints_to_alarm} of {self.evaluation_periods} × {self.period} s"
        )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class AlarmContext:
    state_machine_name: str
    source_map: SourceMap
    defaults: Mapping[str, Any]  # the environment file's defaults.alarms
    environment_file: str
    # where a key of defaults.alarms is written (the environment file is parsed again only for an error)
    locate_default: Callable[[str], SourceLocation] | None = None

    def fail(self, key: str, field: str, message: str, *, from_defaults: bool) -> ConfigError:
        if from_defaults:
            located = self.locate_default(field) if self.locate_default is not None else None
            return ConfigError(
                f"{message} (from defaults.alarms)",
                location=located or SourceLocation(self.environment_file),
                key=f"defaults.alarms.{field}",
            )
        pointer = pointer_join(pointer_join("/alarms", key), field)
        return ConfigError(message, location=self.source_map.locate(pointer), key=f"alarms.{key}.{field}")


def render_alarms(raw: Mapping[str, Any], context: AlarmContext) -> tuple[Alarm, ...]:
    """The alarms of one workflow, sorted by key."""
    return tuple(_alarm(key, raw[key] or {}, context) for key in sorted(raw))


def _alarm(key: str, spec: Mapping[str, Any], context: AlarmContext) -> Alarm:
    if not _KEY.match(key):
        raise ConfigError(
            "an alarm key is 1-64 letters, digits, '.', '-' or '_'",
            location=context.source_map.locate(pointer_join("/alarms", key)),
            key=f"alarms.{key}",
        )
    values = {**FIELD_DEFAULTS, **context.defaults, **spec}

    def fail(field: str, message: str) -> ConfigError:
        return context.fail(key, field, message, from_defaults=field not in spec and field in context.defaults)

    for required in ("metric", "threshold"):
        if required not in values:
            raise context.fail(key, required, f"alarm '{key}' needs '{required}'", from_defaults=False)
    name = f"{context.state_machine_name}-{key}"
    if len(name) > NAME_LIMIT:
        raise fail("metric", f"alarm name '{name}' is longer than CloudWatch's {NAME_LIMIT} characters")
    evaluation = _positive(values["evaluation_periods"], "evaluation_periods", fail)
    datapoints = _positive(values.get("datapoints_to_alarm", evaluation), "datapoints_to_alarm", fail)
    if datapoints > evaluation:
        message = f"datapoints to alarm ({datapoints}) exceed the evaluation periods ({evaluation})"
        raise fail("datapoints_to_alarm", message)
    return Alarm(
        key=key,
        name=name,
        metric=_choice(values["metric"], METRICS, "metric", "AWS/States metric", fail),
        statistic=_statistic(values["statistic"], fail),
        threshold=_threshold(values["threshold"], fail),
        comparison=_choice(values["comparison"], tuple(COMPARISONS), "comparison", "comparison operator", fail),
        period=_period(values["period"], fail),
        evaluation_periods=evaluation,
        datapoints_to_alarm=datapoints,
        treat_missing_data=_choice(
            values["treat_missing_data"], MISSING_DATA, "treat_missing_data", "missing-data treatment", fail
        ),
        actions=_actions(values["actions"], fail),
        description=str(values["description"]),
    )


Fail = Any  # (field, message) -> ConfigError


def _choice(value: Any, choices: tuple[str, ...], field: str, what: str, fail: Fail) -> str:
    if value not in choices:
        raise fail(field, f"unknown {what} '{value}' (expected one of: {', '.join(choices)})")
    return str(value)


def _statistic(value: Any, fail: Fail) -> str:
    text = str(value)
    if text in STATISTICS:
        return text
    match = _PERCENTILE.match(text)
    if match is None or not 0 <= float(text[1:]) <= 100:
        raise fail(
            "statistic",
            f"unknown statistic '{text}' (expected one of: {', '.join(STATISTICS)}, "
            "or a percentile such as p99 or p99.9)",
        )
    return text


def _threshold(value: Any, fail: Fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fail("threshold", f"the threshold must be a number, found '{value}'")
    return float(value)


def _positive(value: Any, field: str, fail: Fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise fail(field, f"{field.replace('_', ' ')} must be a whole number of at least 1, found '{value}'")
    return value


def _period(value: Any, fail: Fail) -> int:
    whole = isinstance(value, int) and not isinstance(value, bool)
    if not whole or not (value in (10, 30) or (value > 0 and value % 60 == 0)):
        raise fail("period", f"the period must be 10, 30 or a multiple of 60 seconds, found '{value}'")
    return int(value)


def _actions(value: Any, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail("actions", "actions must be a list of SNS topic ARNs")
    for action in value:
        if not isinstance(action, str) or not _SNS_ARN.match(action):
            raise fail("actions", f"'{action}' is not an SNS topic ARN")
    return tuple(value)
