"""The CloudWatch alarms on a live state machine's ``AWS/States`` metrics, as the spec's ``alarms:``.

Every metric alarm in namespace ``AWS/States`` whose ``StateMachineArn`` dimension is the machine's
ARN becomes an alarm. Its key drops the ``<state machine>-`` prefix sfndeploy gives its alarms; an
alarm named otherwise gets a key made from its name and is created anew by apply under sfndeploy's
name (the import says so: the old one must then be deleted by hand). Every field is written out, so
the environment file's ``defaults.alarms`` cannot change what was imported. An alarm that already
has sfndeploy's name is adopted like the state machine: tagged with the ownership tags, unless it
carries someone else's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.alarms import DIMENSION, NAMESPACE
from sfndeploy.aws.api import AwsApi
from sfndeploy.importer.values import Substitutions
from sfndeploy.plan.live import tag_dict

_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class ImportedAlarms:
    alarms: dict[str, Any]
    renamed: tuple[str, ...] = ()  # alarms apply creates anew under sfndeploy's name
    kept: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> tags of those keeping their name


def alarms_of(api: AwsApi, machine_arn: str, machine_name: str, values: Substitutions) -> ImportedAlarms:
    alarms: dict[str, Any] = {}
    renamed: list[str] = []
    kept: dict[str, dict[str, str]] = {}
    listed = api.pages("cloudwatch", "DescribeAlarms", "MetricAlarms", target="alarms", AlarmTypes=["MetricAlarm"])
    for item in sorted(listed, key=lambda alarm: str(alarm["AlarmName"])):
        if not _watches(item, machine_arn):
            continue
        name = str(item["AlarmName"])
        key = _key(name, machine_name, alarms)
        if f"{machine_name}-{key}" != name:
            renamed.append(name)
        else:
            kept[name] = _tags(api, str(item["AlarmArn"]))
        alarms[key] = _alarm(item, values)
    return ImportedAlarms(alarms, tuple(renamed), kept)


def _tags(api: AwsApi, arn: str) -> dict[str, str]:
    return tag_dict(api.call("cloudwatch", "ListTagsForResource", target=arn, ResourceARN=arn).get("Tags", []))


def _watches(item: dict[str, Any], machine_arn: str) -> bool:
    dimensions = {d.get("Name"): d.get("Value") for d in item.get("Dimensions", [])}
    return item.get("Namespace") == NAMESPACE and dimensions == {DIMENSION: machine_arn}


def _key(name: str, machine_name: str, taken: dict[str, Any]) -> str:
    prefix = f"{machine_name}-"
    if name.startswith(prefix) and _KEY.match(name[len(prefix) :]):
        return name[len(prefix) :]
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:60] or "alarm"
    key, counter = base, 2
    while key in taken:
        key, counter = f"{base}-{counter}", counter + 1
    return key


def _alarm(item: dict[str, Any], values: Substitutions) -> dict[str, Any]:
    evaluation = int(item.get("EvaluationPeriods", 1))
    threshold = float(item.get("Threshold", 0))
    spec: dict[str, Any] = {
        "metric": item.get("MetricName", ""),
        "statistic": item.get("Statistic") or item.get("ExtendedStatistic", ""),
        "threshold": int(threshold) if threshold.is_integer() else threshold,
        "comparison": item.get("ComparisonOperator", ""),
        "period": int(item.get("Period", 60)),
        "evaluation_periods": evaluation,
        "datapoints_to_alarm": int(item.get("DatapointsToAlarm") or evaluation),
        "treat_missing_data": item.get("TreatMissingData", "missing"),
        "actions": [values.string(str(arn)) for arn in item.get("AlarmActions", [])],
        "description": item.get("AlarmDescription") or "",
    }
    return spec
