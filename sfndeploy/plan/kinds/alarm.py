"""CloudWatch alarms on the workflow's ``AWS/States`` metrics (``alarms:`` in the spec, :mod:`sfndeploy.alarms`).

Live: the alarms named ``<state machine name>-...`` of each state machine read (wanted or
managed), then ListTagsForResource for each alarm found, through the reader's bounded concurrency.
Every alarm name starts with the environment's name prefix, so a plan of the whole environment lists
them with one paginated DescribeAlarms by that prefix; without a prefix (or for a partial plan, or a
machine not named with it) one DescribeAlarms per state machine by ``<state machine name>-``, since
a listing without a prefix would read every alarm of the account. Ownership: the three tags,
given to PutMetricAlarm when the alarm is created (CloudWatch ignores tags on an update) and read
again before every update or deletion. PutMetricAlarm creates and updates alike, so a re-apply after
a crash converges. An untagged alarm of exactly a wanted name, in a workflow whose spec says
``adopt: true`` (an imported one), is adopted: TagResource first (``~ adopt alarm NAME``), then any
update. An alarm that left the sources is kept (and reported) without ``--prune`` and
deleted with it; the alarms of a pruned workflow go before its state machine. Without ``--prune``
only the alarms of workflows that still have some are read (a plan of workflows without alarms
makes no CloudWatch call); ``--prune`` reads those of every managed state machine.

What sfndeploy last wrote is recorded as the ``sfndeploy:config-hash`` tag, a hash of the compared
fields: given with the other tags when PutMetricAlarm creates the alarm (one call), and tagged after
the PutMetricAlarm that updates it; drift tells an edit made outside sfndeploy from sources that
changed since (:mod:`sfndeploy.plan.recorded`). An alarm without the tag (written by an older
sfndeploy) that matches the sources is left as it is until its next write.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sfndeploy.alarms import COMPARISONS, DIMENSION, NAMESPACE
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.plan.desired import OWNERSHIP_KEYS, TAG_CONFIG_HASH, DesiredState, DesiredWorkflow
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.kinds.base import (
    NOTHING,
    DeletionContext,
    DriftContext,
    DriftItem,
    KindPlan,
    OwnedResource,
    PlanContext,
    ResourceKind,
)
from sfndeploy.plan.live import LiveState, not_found, tag_dict
from sfndeploy.plan.ownership import adopting, has_no_sfndeploy_tags, owned_by, require_owned
from sfndeploy.plan.recorded import recorded_drift
from sfndeploy.plan.steps import ApiCall
from sfndeploy.plan.tagging import CLOUDWATCH, tag_list

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.live import LiveReader

KIND = "alarm"
# What is compared between the sources and CloudWatch, in the words of a plan line.
_COMPARED = (
    "metric", "statistic", "threshold", "comparison", "period", "evaluation_periods", "datapoints_to_alarm",
    "treat_missing_data", "actions", "description", "dimension_arn",
)


@dataclass(frozen=True)
class DesiredAlarm:
    name: str
    metric: str
    statistic: str
    threshold: float
    comparison: str
    period: int
    evaluation_periods: int
    datapoints_to_alarm: int
    treat_missing_data: str
    actions: tuple[str, ...]
    description: str
    dimension_arn: str  # the state machine's ARN
    tags: dict[str, str] = field(default_factory=dict)  # the ownership tags

    @property
    def summary(self) -> str:
        return (
            f"{self.metric} {self.statistic} {COMPARISONS.get(self.comparison, self.comparison)} "
            f"{_number(self.threshold)} in {self.datapoints_to_alarm} of {self.evaluation_periods} × {self.period} s"
        )

    @property
    def config_hash(self) -> str:
        """The hash sfndeploy records on the alarm once it has written it."""
        return _fields_hash(_wanted_fields(self))


@dataclass(frozen=True)
class LiveAlarm:
    name: str
    arn: str
    fields: dict[str, Any]  # the _COMPARED fields as CloudWatch has them
    tags: dict[str, str]

    @property
    def recorded_hash(self) -> str | None:
        return self.tags.get(TAG_CONFIG_HASH)


def _fields_hash(fields: dict[str, Any]) -> str:
    """Hashed as the plan shows them, so that 1 and 1.0 are the same threshold."""
    return sha256_of({name: _shown(value) for name, value in fields.items()})


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def desired_alarms(wf: DesiredWorkflow) -> tuple[DesiredAlarm, ...]:
    return tuple(wf.resources.get(KIND, ()))


def live_alarms(live: LiveState) -> dict[str, LiveAlarm]:
    found: dict[str, LiveAlarm] = live.resources.get(KIND, {})
    return found


def workflow_alarm_names(wf: DesiredWorkflow) -> tuple[str, ...]:
    """The alarms a rollout of ``wf`` watches by default: its own."""
    return tuple(alarm.name for alarm in desired_alarms(wf))


class AlarmKind(ResourceKind):
    name = KIND
    depends_on = ("state machine",)
    desired_type = DesiredAlarm

    def desire(self, rendered: RenderedWorkflow, workflow: DesiredWorkflow) -> tuple[Any, ...]:
        ownership = {k: v for k, v in workflow.tags.items() if k in OWNERSHIP_KEYS}
        return tuple(
            DesiredAlarm(
                name=alarm.name,
                metric=alarm.metric,
                statistic=alarm.statistic,
                threshold=alarm.threshold,
                comparison=alarm.comparison,
                period=alarm.period,
                evaluation_periods=alarm.evaluation_periods,
                datapoints_to_alarm=alarm.datapoints_to_alarm,
                treat_missing_data=alarm.treat_missing_data,
                actions=alarm.actions,
                description=alarm.description,
                dimension_arn=workflow.arn,
                tags=ownership,
            )
            for alarm in getattr(rendered, "alarms", ())
        )

    def check_saved(self, desired: DesiredState, workflow: DesiredWorkflow) -> list[tuple[str, str]]:
        problems = []
        for index, alarm in enumerate(desired_alarms(workflow)):
            key = f"workflows.{workflow.name}.resources.alarm[{index}]"
            if not alarm.name.startswith(f"{workflow.state_machine_name}-") or alarm.dimension_arn != workflow.arn:
                problems.append((key, f"is not an alarm of state machine {workflow.state_machine_name}"))
            elif not owned_by(alarm.tags, desired.project, desired.environment, workflow.name):
                problems.append((f"{key}.tags", "do not name the plan's project, environment and workflow"))
        return problems

    def adoptable(self, workflow: DesiredWorkflow) -> tuple[str, ...]:
        return tuple(alarm.name for alarm in desired_alarms(workflow))

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        """The alarms of each workflow that has some, and under --prune of every managed state machine."""
        machines = {w.state_machine_name for w in desired.workflows if desired_alarms(w)}
        if reader.find_orphan_roles:
            machines.update(name for name, machine in live.state_machines.items() if machine.managed)
        if not machines:
            return live
        api = reader.api
        shared = _listed_together(desired, machines)
        listed: dict[str, dict[str, Any]] = {}  # by alarm name: machine names can be prefixes of each other
        if shared:
            found = _describe(api, desired.naming_prefix, "alarms of the environment")
            listed.update((item["AlarmName"], item) for item in found if _of(item, shared))
        alone = sorted(machines - shared)
        for found in reader.map(lambda machine: _describe(api, f"{machine}-", f"alarms of {machine}"), alone):
            listed.update((item["AlarmName"], item) for item in found)
        items = list(listed.values())
        tags = reader.map(lambda item: _tags(api, item["AlarmArn"]), items)
        alarms = {
            item["AlarmName"]: LiveAlarm(item["AlarmName"], item["AlarmArn"], _fields(item), found)
            for item, found in zip(items, tags, strict=True)
            if found is not None
        }
        return replace(live, resources={**live.resources, KIND: alarms})

    def fingerprint(self, workflow: str, state_machine_name: str, live: LiveState) -> Any:
        """Its alarms, and the untagged ones named after its state machine (which it may adopt)."""
        mine = [
            asdict(a)
            for a in live_alarms(live).values()
            if _belongs_to(a, workflow) or _adoptable_by_name(a, state_machine_name)
        ]
        return mine or None

    def check_ownership(self, ctx: PlanContext) -> None:
        found = live_alarms(ctx.live)
        for alarm in desired_alarms(ctx.workflow):
            current = found.get(alarm.name)
            if current is not None and not adopting(current.tags, ctx.workflow.adopt):
                desired = ctx.desired
                require_owned(current.tags, KIND, alarm.name, desired.project, desired.environment, ctx.workflow.name)

    def plan(self, ctx: PlanContext) -> KindPlan:
        found = live_alarms(ctx.live)
        lines: list[str] = []
        calls: list[ApiCall] = []
        adopts: list[str] = []
        wanted = desired_alarms(ctx.workflow)
        for alarm in wanted:
            current = found.get(alarm.name)
            changes = _changes(alarm, current)
            if current is not None and adopting(current.tags, ctx.workflow.adopt):
                # PutMetricAlarm ignores tags on an update: the tagging is its own call, and it goes first;
                # an alarm that already matches the sources gets the record of it in the same call.
                lines.append(f"~ adopt alarm {alarm.name} (adds sfndeploy's ownership tags)")
                calls.append(_tag(alarm, current.arn, record=not changes))
                adopts.append(alarm.name)
            if changes:
                lines.extend(changes)
                calls.append(_put(alarm, created=current is None))
            if current is not None and (changes or alarm.name not in adopts):
                record = _record(alarm, current, written=bool(changes))
                lines.extend(record[0])
                calls.extend(record[1])
        names = {a.name for a in wanted}
        left = sorted(n for n, a in found.items() if n not in names and _belongs_to(a, ctx.workflow.name))
        if left and not ctx.options.prune:
            return KindPlan(tuple(lines), tuple(calls), kept=tuple(f"alarm {n}" for n in left), adopts=tuple(adopts))
        lines.extend(f"- alarm {n} (no longer in the sources)" for n in left)
        if left:
            calls.append(_delete(left))
        return KindPlan(tuple(lines), tuple(calls), adopts=tuple(adopts))

    def delete(self, ctx: DeletionContext) -> KindPlan:
        mine = sorted(n for n, a in live_alarms(ctx.live).items() if _belongs_to(a, ctx.workflow))
        if not mine:
            return NOTHING
        return KindPlan(tuple(f"- alarm {n}" for n in mine), (_delete(mine),))

    def owned_resources(self, call: ApiCall) -> tuple[OwnedResource, ...]:
        """Every alarm the call writes to: DeleteAlarms names several, and each is checked before it."""
        if call.service != "cloudwatch":
            return ()
        params = call.params
        names = params.get("AlarmNames") or [params.get("AlarmName") or _name_of(params.get("ResourceARN"))]
        return tuple(OwnedResource(KIND, name, name) for name in names if isinstance(name, str))

    def live_tags(self, api: AwsApi, resource: OwnedResource) -> dict[str, str] | None:
        found = api.call("cloudwatch", "DescribeAlarms", target=f"alarm {resource.key}", AlarmNames=[resource.key])
        alarms = found.get("MetricAlarms", [])
        if not alarms:
            return None
        return _tags(api, alarms[0]["AlarmArn"])

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        if not ctx.machine_owned:
            return []
        found = live_alarms(ctx.live)
        items = []
        for alarm in desired_alarms(ctx.workflow):
            current = found.get(alarm.name)
            if current is None:
                items.append(DriftItem(ctx.workflow.name, f"alarm {alarm.name}", "deleted outside sfndeploy"))
                continue
            items.extend(
                recorded_drift(
                    ctx.workflow.name,
                    f"alarm {alarm.name}",
                    recorded=current.recorded_hash,
                    live=_fields_hash(current.fields),
                    wanted=alarm.config_hash,
                    details=tuple(_field_changes(alarm, current)),
                )
            )
        return items


def _belongs_to(alarm: LiveAlarm, workflow: str) -> bool:
    return alarm.tags.get(OWNERSHIP_KEYS[2]) == workflow


def _adoptable_by_name(alarm: LiveAlarm, state_machine_name: str) -> bool:
    return alarm.name.startswith(f"{state_machine_name}-") and has_no_sfndeploy_tags(alarm.tags)


def _name_of(arn: Any) -> str | None:
    """The alarm name in ``arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME`` (names may hold colons)."""
    if not isinstance(arn, str) or ":alarm:" not in arn:
        return None
    return arn.split(":alarm:", 1)[1]


# --- reading ---------------------------------------------------------------------------------------


def _describe(api: AwsApi, prefix: str, what: str) -> list[dict[str, Any]]:
    """The metric alarms whose name starts with ``prefix``, every page."""
    return list(api.pages(
        "cloudwatch", "DescribeAlarms", "MetricAlarms", target=what,
        AlarmNamePrefix=prefix, AlarmTypes=["MetricAlarm"], MaxRecords=100,
    ))


def _listed_together(desired: DesiredState, machines: set[str]) -> set[str]:
    """The machines whose alarms one listing by the environment's name prefix reads: in a plan of the
    whole environment, those named with the prefix, when they are more than one."""
    prefix = desired.naming_prefix
    if desired.partial or not prefix:
        return set()
    named = {machine for machine in machines if machine.startswith(prefix)}
    return named if len(named) > 1 else set()


def _of(item: dict[str, Any], machines: set[str]) -> bool:
    """True when the alarm's name is ``<machine>-...`` for one of ``machines``."""
    name = str(item["AlarmName"])
    return any(name[:i] in machines for i, char in enumerate(name) if char == "-")


def _tags(api: AwsApi, arn: str) -> dict[str, str] | None:
    try:
        found = api.call("cloudwatch", "ListTagsForResource", target=arn, ResourceARN=arn)
    except AwsCallError as error:
        if not_found(error):
            return None
        raise
    return tag_dict(found.get("Tags", []))


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    dimensions = {d.get("Name"): d.get("Value") for d in item.get("Dimensions", [])}
    evaluation = int(item.get("EvaluationPeriods", 0))
    return {
        "metric": item.get("MetricName", ""),
        "statistic": item.get("Statistic") or item.get("ExtendedStatistic", ""),
        "threshold": float(item.get("Threshold", 0)),
        "comparison": item.get("ComparisonOperator", ""),
        "period": int(item.get("Period", 0)),
        "evaluation_periods": evaluation,
        "datapoints_to_alarm": int(item.get("DatapointsToAlarm") or evaluation),
        "treat_missing_data": item.get("TreatMissingData", "missing"),
        "actions": tuple(item.get("AlarmActions", [])),
        "description": item.get("AlarmDescription", "") or "",
        "dimension_arn": dimensions.get(DIMENSION, ""),
    }


# --- planning --------------------------------------------------------------------------------------


def _wanted_fields(alarm: DesiredAlarm) -> dict[str, Any]:
    return {name: getattr(alarm, name) for name in _COMPARED}


def _field_changes(alarm: DesiredAlarm, current: LiveAlarm) -> list[str]:
    wanted = _wanted_fields(alarm)
    return [
        f"~ alarm {alarm.name} {name.replace('_', ' ')}: {_shown(current.fields.get(name))} → {_shown(value)}"
        for name, value in wanted.items()
        if current.fields.get(name) != value
    ]


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, tuple):
        return ", ".join(value) or "(none)"
    return str(value) if value not in ("", None) else "(none)"


def _changes(alarm: DesiredAlarm, current: LiveAlarm | None) -> list[str]:
    if current is None:
        return [f"+ alarm {alarm.name} ({alarm.summary})"]
    return _field_changes(alarm, current)


def _put(alarm: DesiredAlarm, *, created: bool) -> ApiCall:
    """A new alarm gets its tags and the record of what was written in this one call; CloudWatch
    ignores the tags of a PutMetricAlarm that updates (the record is then tagged after it)."""
    params: dict[str, Any] = {
        "AlarmName": alarm.name,
        "AlarmDescription": alarm.description,
        "ActionsEnabled": True,
        "AlarmActions": list(alarm.actions),
        "MetricName": alarm.metric,
        "Namespace": NAMESPACE,
        "Dimensions": [{"Name": DIMENSION, "Value": alarm.dimension_arn}],
        "Period": alarm.period,
        "EvaluationPeriods": alarm.evaluation_periods,
        "DatapointsToAlarm": alarm.datapoints_to_alarm,
        "Threshold": alarm.threshold,
        "ComparisonOperator": alarm.comparison,
        "TreatMissingData": alarm.treat_missing_data,
    }
    if created:
        params["Tags"] = tag_list({**alarm.tags, TAG_CONFIG_HASH: alarm.config_hash})
    if alarm.statistic.startswith("p"):
        params["ExtendedStatistic"] = alarm.statistic
    else:
        params["Statistic"] = alarm.statistic
    return ApiCall("cloudwatch", "PutMetricAlarm", params, alarm.name, summary=f"put alarm {alarm.name}")


def _tag(alarm: DesiredAlarm, arn: str, *, record: bool = False) -> ApiCall:
    tags = {**alarm.tags, TAG_CONFIG_HASH: alarm.config_hash} if record else alarm.tags
    return CLOUDWATCH.tag(arn, tags, alarm.name, f"alarm {alarm.name}")


def _record(alarm: DesiredAlarm, current: LiveAlarm, *, written: bool) -> tuple[list[str], list[ApiCall]]:
    """The record of what was written, tagged after the alarm's other calls: with every write, and on
    its own when the recorded hash is out of date (an apply stopped between the write and the record).
    An alarm an older sfndeploy wrote, without a record, gets one with its next write."""
    recorded = current.recorded_hash
    if recorded == alarm.config_hash or (recorded is None and not written):
        return [], []
    call = CLOUDWATCH.tag(current.arn, {TAG_CONFIG_HASH: alarm.config_hash}, alarm.name, f"alarm {alarm.name}")
    line = f"~ alarm {alarm.name}: record what sfndeploy wrote (its recorded hash is out of date)"
    return ([] if written else [line]), [call]


def _delete(names: list[str]) -> ApiCall:
    return ApiCall(
        "cloudwatch", "DeleteAlarms", {"AlarmNames": names}, names[0], summary=f"delete alarm(s) {', '.join(names)}"
    )


KIND_MODULE = AlarmKind()
