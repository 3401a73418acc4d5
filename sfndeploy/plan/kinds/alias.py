"""The workflow's alias, pointing all traffic at the version the plan publishes.

Live: read with its state machine (:mod:`~sfndeploy.plan.kinds.state_machine`), since only a
managed machine's aliases are read. In sync when its description carries the config hash and one
version takes 100%. Ownership: the state machine's tags (an alias cannot be tagged).
"""

from __future__ import annotations

import json

from sfndeploy.plan.desired import ALIAS_DESCRIPTION_PREFIX, TAG_CONFIG_HASH, DesiredWorkflow
from sfndeploy.plan.kinds.base import (
    NOTHING,
    DeletionContext,
    DriftContext,
    DriftItem,
    KindPlan,
    PlanContext,
    ResourceKind,
)
from sfndeploy.plan.kinds.state_machine import version_ref
from sfndeploy.plan.live import LiveAlias, LiveStateMachine
from sfndeploy.plan.steps import ApiCall, Ref


class AliasKind(ResourceKind):
    name = "alias"
    depends_on = ("state machine",)

    def plan(self, ctx: PlanContext) -> KindPlan:
        wf, machine = ctx.workflow, ctx.machine
        if not wf.alias:
            return NOTHING
        version = version_ref(wf)
        if ctx.replacing:  # created again with the new machine; the replacement line says it all
            return KindPlan(calls=(point_alias_call(wf, None, version),))
        if machine is None:
            return KindPlan((f"+ alias {wf.alias} → new version (100%)",), (point_alias_call(wf, None, version),))
        alias = machine.alias(wf.alias)
        if ctx.produced(version.name):
            line = f"{'~' if alias else '+'} alias {wf.alias} → new version (100%)"
            return KindPlan((line,), (point_alias_call(wf, alias, version),))
        return _repoint_current(wf, alias, version)

    def delete(self, ctx: DeletionContext) -> KindPlan:
        aliases = ctx.machine.aliases
        calls = tuple(
            ApiCall("stepfunctions", "DeleteStateMachineAlias", {"stateMachineAliasArn": alias.arn}, alias.arn,
                    summary=f"delete alias {alias.name}")
            for alias in aliases
        )
        return KindPlan(tuple(f"- alias {alias.name}" for alias in aliases), calls)

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        machine = ctx.live.state_machines.get(ctx.workflow.state_machine_name)
        if not ctx.machine_owned or machine is None:
            return []
        return _alias_drift(ctx.workflow, machine)


def _repoint_current(wf: DesiredWorkflow, alias: LiveAlias | None, version: Ref) -> KindPlan:
    in_sync = (
        alias is not None
        and alias.description == wf.alias_description
        and len(alias.routing) == 1
        and alias.routing[0][1] == 100
    )
    if in_sync:
        return NOTHING
    if alias is None:
        line = f"+ alias {wf.alias} → current version (100%)"
    else:
        routing = ", ".join(f"{arn.rsplit(':', 1)[-1]}={weight}%" for arn, weight in alias.routing)
        line = f"~ alias {wf.alias} routing: {routing or '(none)'} → current version (100%)"
    return KindPlan((line,), (publish_version_call(wf), point_alias_call(wf, alias, version)))


def publish_version_call(wf: DesiredWorkflow) -> ApiCall:
    """Publish the current revision as a version carrying provenance in its description.

    PublishStateMachineVersion is idempotent in AWS (no duplicate version for one revision). Where an
    endpoint lacks it (the local moto server answers 500), the executor falls back to
    UpdateStateMachine with the same definition and ``publish=True``, which publishes the same way.
    """
    fallback = ApiCall(
        "stepfunctions",
        "UpdateStateMachine",
        {
            "stateMachineArn": wf.arn,
            "definition": json.dumps(wf.definition, sort_keys=True),
            "publish": True,
            "versionDescription": wf.version_description,
        },
        wf.arn,
        produces=((version_ref(wf).name, "stateMachineVersionArn"),),
        summary=f"publish a version of {wf.state_machine_name} (through UpdateStateMachine)",
    )
    return ApiCall(
        "stepfunctions",
        "PublishStateMachineVersion",
        {"stateMachineArn": wf.arn, "description": wf.version_description},
        wf.arn,
        produces=((version_ref(wf).name, "stateMachineVersionArn"),),
        summary=f"publish a version of {wf.state_machine_name}",
        fallback=fallback,
    )


def point_alias_call(wf: DesiredWorkflow, alias: LiveAlias | None, version: Ref | str) -> ApiCall:
    """Create or repoint the workflow's alias at ``version`` (100% of the traffic)."""
    routing = [{"stateMachineVersionArn": version, "weight": 100}]
    if alias is None:
        return ApiCall(
            "stepfunctions",
            "CreateStateMachineAlias",
            {"name": wf.alias, "description": wf.alias_description, "routingConfiguration": routing},
            f"{wf.arn}:{wf.alias}",
            summary=f"create alias {wf.alias}",
        )
    return ApiCall(
        "stepfunctions",
        "UpdateStateMachineAlias",
        {"stateMachineAliasArn": alias.arn, "description": wf.alias_description, "routingConfiguration": routing},
        alias.arn,
        summary=f"point alias {wf.alias} at the new version",
    )


def _alias_drift(wf: DesiredWorkflow, machine: LiveStateMachine) -> list[DriftItem]:
    if not wf.alias:
        return []
    alias = machine.alias(wf.alias)
    if alias is None:
        return [DriftItem(wf.name, f"alias {wf.alias}", "deleted outside sfndeploy")]
    expected = ALIAS_DESCRIPTION_PREFIX + machine.tags.get(TAG_CONFIG_HASH, "")
    routing = ", ".join(f"{arn.rsplit(':', 1)[-1]}={weight}%" for arn, weight in alias.routing)
    if alias.description != expected or len(alias.routing) != 1:
        return [DriftItem(wf.name, f"alias {wf.alias}", _alias_moved(alias.description, routing))]
    return []


def _alias_moved(description: str, routing: str) -> str:
    """sfndeploy's own rollouts, rollbacks and manual routes move the alias too: say which did."""
    if description.startswith("sfndeploy rollout status=active"):
        return f"rollout in progress (routing {routing}); see 'sfndeploy rollout status'"
    if description.startswith(("sfndeploy rollout ", "sfndeploy rollback ", "sfndeploy route ")):
        return f"moved by 'sfndeploy {description.split()[1]}', not redeployed since (routing {routing})"
    return f"repointed outside sfndeploy (routing {routing})"


KIND_MODULE = AliasKind()
