"""The CloudWatch Logs group a workflow logs to, when the spec names one (not by ARN) or takes the default.

Created when missing, with the ownership tags; never updated and never deleted (logs are data).
Live: one DescribeLogGroups by name prefix per wanted group.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sfndeploy.plan.desired import OWNERSHIP_KEYS, DesiredState
from sfndeploy.plan.kinds.base import NOTHING, DriftContext, DriftItem, KindPlan, PlanContext, ResourceKind
from sfndeploy.plan.live import LiveState
from sfndeploy.plan.steps import ApiCall

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import LiveReader


class LogGroupKind(ResourceKind):
    name = "log group"
    reads_after = ("execution role",)  # read last, as it always was: the order of read calls is observable

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        wanted = sorted({w.log_group_name for w in desired.workflows if w.log_group_name})
        exists = reader.map(lambda name: _exists(reader.api, name), wanted)
        return replace(live, log_groups=frozenset(g for g, found in zip(wanted, exists, strict=True) if found))

    def plan(self, ctx: PlanContext) -> KindPlan:
        wf = ctx.workflow
        name = wf.log_group_name
        if name is None or name in ctx.live.log_groups:
            return NOTHING
        ownership = {k: v for k, v in wf.tags.items() if k in OWNERSHIP_KEYS}
        call = ApiCall(
            "logs",
            "CreateLogGroup",
            {"logGroupName": name, "tags": ownership},
            name,
            summary=f"create log group {name}",
            done_codes=("ResourceAlreadyExistsException",),
        )
        return KindPlan((f"+ log group {name}",), (call,))

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wf = ctx.workflow
        if ctx.machine_owned and wf.log_group_name and wf.log_group_name not in ctx.live.log_groups:
            return [DriftItem(wf.name, f"log group {wf.log_group_name}", "deleted outside sfndeploy")]
        return []


def _exists(api: AwsApi, name: str) -> bool:
    found = api.call("logs", "DescribeLogGroups", target=f"log group {name}", logGroupNamePrefix=name, limit=5)
    return any(group.get("logGroupName") == name for group in found.get("logGroups", []))


KIND_MODULE = LogGroupKind()
