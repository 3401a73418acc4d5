"""The state machine: definition, role, logging, tracing, encryption, tags, published versions.

Live: one paginated ListStateMachines, then per candidate its tags first (a machine the sources do
not name is described only if this environment owns it), DescribeStateMachine, and its aliases
(read here, with the machine, since only a managed machine's aliases are read). A change of type
cannot be made in place: the machine is replaced (deleted and created again), which apply refuses
without ``--allow-replace``. Ownership: the three tags, read with ListTagsForResource before the
first write to the machine, one of its aliases or versions. A pruned machine is deleted last of
everything its workflow owned, so an interrupted prune is found again by it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sfndeploy.asl.counts import count_states
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.plan.desired import (
    HASH_TAGS,
    TAG_CONFIG_HASH,
    TAG_SOURCES_HASH,
    TAG_TAGS_HASH,
    DesiredState,
    DesiredWorkflow,
    config_hash,
    tags_hash,
)
from sfndeploy.plan.diff import definition_changes, field_changes, tag_changes
from sfndeploy.plan.diff import describe_field as _describe_field
from sfndeploy.plan.kinds.base import (
    DeletionContext,
    DriftContext,
    DriftItem,
    KindPlan,
    OwnedResource,
    PlanContext,
    ResourceKind,
)
from sfndeploy.plan.live import LiveAlias, LiveState, LiveStateMachine, alias_from, not_found, tag_dict
from sfndeploy.plan.live import normalise_logging as normalise_logging
from sfndeploy.plan.ownership import OWNERSHIP_KEYS, adopting, owned_by, owner_of, require_owned
from sfndeploy.plan.steps import ApiCall, Ref
from sfndeploy.plan.tagging import STEP_FUNCTIONS, tag_calls, tag_list

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import LiveReader

KIND = "state machine"
_MACHINE_KEYS = ("stateMachineArn", "resourceArn", "stateMachineAliasArn", "stateMachineVersionArn")


def version_ref(wf: DesiredWorkflow) -> Ref:
    """The version the workflow's create or update call publishes."""
    return Ref(f"{wf.name}.version_arn")


def machine_arn_of(arn: str) -> str:
    """The state machine an ARN of it, of one of its aliases or of one of its versions belongs to."""
    return ":".join(arn.split(":")[:7])


class StateMachineKind(ResourceKind):
    name = "state machine"
    depends_on = ("execution role", "log group")
    reads_after = ()

    def adoptable(self, workflow: DesiredWorkflow) -> tuple[str, ...]:
        return (workflow.arn,)

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        listed = _list_state_machines(reader.api)
        wanted = {w.state_machine_name: w for w in desired.workflows}
        candidates = [
            name for name in listed if name in wanted or (not desired.partial and _matches_naming(name, desired))
        ]
        aliases = {w.state_machine_name: w.alias for w in desired.workflows}
        machines = reader.map(
            lambda name: _read_machine(
                reader, listed[name], aliases.get(name), None if name in wanted else desired
            ),
            candidates,
        )
        owned = {m.name: m for m in machines if m is not None and _belongs(m, desired, wanted)}
        return replace(live, state_machines=owned)

    def check_ownership(self, ctx: PlanContext) -> None:
        machine = ctx.machine
        if machine is not None and not adopting(machine.tags, ctx.workflow.adopt):
            desired = ctx.desired
            require_owned(machine.tags, KIND, machine.name, desired.project, desired.environment, ctx.workflow.name)

    def plan(self, ctx: PlanContext) -> KindPlan:
        wf, machine = ctx.workflow, ctx.machine
        if machine is not None and machine.type != wf.type:
            return _replacement(wf, machine, ctx)
        if machine is None:
            return _creation(wf)
        lines = _config_lines(wf, machine)
        calls = [update_call(wf)] if lines else []
        tag_lines, tag_calls = _machine_tag_steps(wf, machine)
        if adopting(machine.tags, wf.adopt):
            # The tags go first: every later write finds the machine already this workflow's.
            adopt_line = f"~ adopt state machine {machine.name} (adds sfndeploy's ownership tags)"
            other_tags = [line for line in tag_lines if not line.startswith("+ tag sfndeploy:")]
            return KindPlan(
                tuple([adopt_line, *other_tags, *lines]), tuple(tag_calls + calls), adopts=(machine.arn,)
            )
        bookkeeping = _recorded_hash_lines(machine.tags, wf.tags) if tag_calls and not tag_lines else ()
        return KindPlan(tuple(lines + tag_lines), tuple(calls + tag_calls), bookkeeping=bookkeeping)

    def delete(self, ctx: DeletionContext) -> KindPlan:
        machine = ctx.machine
        call = ApiCall("stepfunctions", "DeleteStateMachine", {"stateMachineArn": machine.arn}, machine.arn,
                       summary=f"delete state machine {machine.name}")
        warnings: tuple[str, ...] = ()
        if machine.running_executions:
            warnings = (f"{machine.name}: {machine.running_executions} running executions are stopped by the deletion",)
        return KindPlan((f"- state machine {machine.name}",), (call,), warnings)

    def owned_resource(self, call: ApiCall) -> OwnedResource | None:
        if call.service != "stepfunctions" or call.operation == "CreateStateMachine":
            return None
        arn = next((call.params[key] for key in _MACHINE_KEYS if isinstance(call.params.get(key), str)), None)
        if arn is None:
            return None
        machine = machine_arn_of(arn)
        return OwnedResource(KIND, machine, machine.rsplit(":", 1)[-1])

    def live_tags(self, api: AwsApi, resource: OwnedResource) -> dict[str, str] | None:
        try:
            found = api.call("stepfunctions", "ListTagsForResource", target=resource.key, resourceArn=resource.key)
        except AwsCallError as error:
            if not_found(error):
                return None
            raise
        return tag_dict(found.get("tags", []))

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wf = ctx.workflow
        machine = ctx.live.state_machines.get(wf.state_machine_name)
        if machine is None:
            return []
        if not ctx.machine_owned:
            return [_ownership_drift(wf, machine)]
        return [*_machine_drift(wf, machine), *_tag_drift(wf, machine)]


# --- reading -------------------------------------------------------------------------------------


def _list_state_machines(api: AwsApi) -> dict[str, str]:
    items = api.pages("stepfunctions", "ListStateMachines", "stateMachines", maxResults=1000)
    return {item["name"]: item["stateMachineArn"] for item in items}


def _read_machine(
    reader: LiveReader, arn: str, alias_name: str | None, owner: DesiredState | None
) -> LiveStateMachine | None:
    """Tags first: a machine that is not wanted is described only if this environment owns it."""
    api = reader.api
    try:
        tags = tag_dict(api.call("stepfunctions", "ListTagsForResource", target=arn, resourceArn=arn)["tags"])
        if owner is not None and not _owned_by(tags, owner):
            return None
        described = api.call("stepfunctions", "DescribeStateMachine", target=arn, stateMachineArn=arn)
    except AwsCallError as error:
        if not_found(error):
            return None
        raise
    if described.get("status") == "DELETING":  # gone as far as planning goes; a create waits for it
        return None
    machine = machine_from(described, tags)
    if not machine.managed:
        return machine
    if alias_name is not None:
        found = _read_alias(api, f"{arn}:{alias_name}")
        aliases: tuple[LiveAlias, ...] = (found,) if found else ()
    else:
        aliases = _list_aliases(api, arn)
    running = reader.running_executions(arn) if reader.count_running else 0
    return replace(machine, aliases=aliases, running_executions=running)


def _read_alias(api: AwsApi, alias_arn: str) -> LiveAlias | None:
    try:
        found = api.call("stepfunctions", "DescribeStateMachineAlias", target=alias_arn, stateMachineAliasArn=alias_arn)
    except AwsCallError as error:
        if not_found(error):
            return None
        raise
    return alias_from(found)


def _list_aliases(api: AwsApi, arn: str) -> tuple[LiveAlias, ...]:
    listed = api.pages(
        "stepfunctions", "ListStateMachineAliases", "stateMachineAliases", target=arn, stateMachineArn=arn
    )
    found = [_read_alias(api, item["stateMachineAliasArn"]) for item in listed]
    return tuple(a for a in found if a is not None)


def _matches_naming(name: str, desired: DesiredState) -> bool:
    if not desired.naming_prefix and not desired.naming_suffix:
        return True
    return name.startswith(desired.naming_prefix) and name.endswith(desired.naming_suffix)


def _belongs(machine: LiveStateMachine, desired: DesiredState, wanted: dict[str, Any]) -> bool:
    return machine.name in wanted or _owned_by(machine.tags, desired)


def _owned_by(tags: dict[str, str], desired: DesiredState) -> bool:
    return owned_by(tags, desired.project, desired.environment)


def machine_from(described: dict[str, Any], tags: dict[str, str]) -> LiveStateMachine:
    tracing = described.get("tracingConfiguration") or {}
    revision = described.get("revisionId") or str(described.get("updateDate") or described.get("creationDate"))
    return LiveStateMachine(
        name=described["name"],
        arn=described["stateMachineArn"],
        type=described.get("type", "STANDARD"),
        definition=json.loads(described["definition"]),
        role_arn=described.get("roleArn", ""),
        logging=normalise_logging(described.get("loggingConfiguration")),
        tracing=bool(tracing.get("enabled", False)),
        encryption=dict(described.get("encryptionConfiguration") or {"type": "AWS_OWNED_KEY"}),
        tags=tags,
        revision=revision,
    )


# --- creating, updating, replacing ------------------------------------------------------------------


def _machine_config(wf: DesiredWorkflow, role_arn: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "definition": json.dumps(wf.definition, sort_keys=True),
        "roleArn": role_arn,
        "loggingConfiguration": wf.logging,
        "tracingConfiguration": {"enabled": wf.tracing},
    }
    if wf.encryption.get("type") != "AWS_OWNED_KEY":
        config["encryptionConfiguration"] = wf.encryption
    return config


def _publishing(wf: DesiredWorkflow) -> dict[str, Any]:
    # AWS rejects a version description without publish=True.
    if not wf.publish:
        return {"publish": False}
    return {"publish": True, "versionDescription": wf.version_description}


def _create_call(wf: DesiredWorkflow) -> ApiCall:
    return ApiCall(
        "stepfunctions",
        "CreateStateMachine",
        {
            "name": wf.state_machine_name,
            "type": wf.type,
            **_machine_config(wf, wf.role_arn),
            "tags": tag_list(wf.tags, "key", "value"),
            **_publishing(wf),
        },
        wf.arn,
        produces=((version_ref(wf).name, "stateMachineVersionArn"),) if wf.publish else (),
        summary=f"create state machine {wf.state_machine_name} and publish version 1",
    )


def _creation(wf: DesiredWorkflow) -> KindPlan:
    line = f"+ state machine {wf.state_machine_name} ({wf.type}, {count_states(wf.definition)})"
    return KindPlan((line,), (_create_call(wf),))


def _replacement(wf: DesiredWorkflow, machine: LiveStateMachine, ctx: PlanContext) -> KindPlan:
    running = machine.running_executions
    warning = (
        f"{machine.name}: type {machine.type} → {wf.type} cannot change in place; the state machine is "
        f"deleted and created again, and its running executions ({running} found) are stopped by the deletion"
    )
    delete = ApiCall(
        "stepfunctions",
        "DeleteStateMachine",
        {"stateMachineArn": machine.arn},
        machine.arn,
        summary=f"delete state machine {machine.name}",
    )
    return KindPlan(
        lines=(f"-/+ type {machine.type} → {wf.type} (replacement)",),
        calls=(delete, _create_call(wf)),
        warnings=(warning,),
        replaces=True,
        blocked=None if ctx.options.allow_replace else "needs replacement; re-run with --allow-replace",
    )


def _config_lines(wf: DesiredWorkflow, machine: LiveStateMachine) -> list[str]:
    lines = definition_changes(machine.definition, wf.definition)
    if machine.role_arn != wf.role_arn:
        lines.append(f"~ role: {machine.role_arn} → {wf.role_arn}")
    lines.extend(f"{_describe_field(c)} (logging)" for c in field_changes(machine.logging, wf.logging))
    if machine.tracing != wf.tracing:
        lines.append(f"~ tracing: {'on' if machine.tracing else 'off'} → {'on' if wf.tracing else 'off'}")
    if _encryption(machine.encryption) != _encryption(wf.encryption):
        lines.append(f"~ encryption: {machine.encryption.get('type')} → {wf.encryption.get('type')}")
    return lines


def _encryption(config: dict[str, Any]) -> dict[str, Any]:
    if config.get("type", "AWS_OWNED_KEY") == "AWS_OWNED_KEY":
        return {"type": "AWS_OWNED_KEY"}
    return config


def update_call(wf: DesiredWorkflow) -> ApiCall:
    return ApiCall(
        "stepfunctions",
        "UpdateStateMachine",
        {
            "stateMachineArn": wf.arn,
            **_machine_config(wf, wf.role_arn),
            **_publishing(wf),
        },
        wf.arn,
        produces=((version_ref(wf).name, "stateMachineVersionArn"),) if wf.publish else (),
        summary=f"update state machine {wf.state_machine_name} and publish a version",
    )


def _machine_tag_steps(wf: DesiredWorkflow, machine: LiveStateMachine) -> tuple[list[str], list[ApiCall]]:
    lines = tag_changes(machine.tags, wf.tags, hidden=HASH_TAGS)
    return lines, tag_calls(STEP_FUNCTIONS, wf.arn, machine.tags, wf.tags, what=wf.state_machine_name)


_RECORDED = {
    TAG_SOURCES_HASH: "sources changed since the last apply (the state machine itself is unchanged)",
}


def _recorded_hash_lines(old: dict[str, str], new: dict[str, str]) -> tuple[str, ...]:
    """The hash tags sfndeploy records that change, in words (they are hidden from the tag lines)."""
    changed = [key for key in HASH_TAGS if key in new and old.get(key) != new[key]]
    return tuple(f"~ {_RECORDED.get(key, f'record {key} (what sfndeploy wrote)')}" for key in changed)


# --- drift -------------------------------------------------------------------------------------------


def live_config_hash(machine: LiveStateMachine) -> str:
    encryption = machine.encryption if machine.encryption.get("type") != "AWS_OWNED_KEY" else {"type": "AWS_OWNED_KEY"}
    return config_hash(machine.definition, machine.role_arn, machine.logging, machine.tracing, encryption)


def _ownership_drift(wf: DesiredWorkflow, machine: LiveStateMachine) -> DriftItem:
    """The machine the sources name exists without this workflow's ownership tags: they were removed or
    changed, or it was never sfndeploy's; either way apply refuses to touch it until it is adopted."""
    owner = owner_of(machine.tags)
    if owner is not None:
        return DriftItem(wf.name, f"state machine {machine.name}", f"is tagged as {owner.describe()}")
    lacking = ", ".join(key for key in OWNERSHIP_KEYS if key not in machine.tags)
    return DriftItem(
        wf.name,
        f"state machine {machine.name}",
        f"lacks the ownership tag(s) {lacking} (removed outside sfndeploy, or never deployed by it)",
    )


def _machine_drift(wf: DesiredWorkflow, machine: LiveStateMachine) -> list[DriftItem]:
    recorded = machine.tags.get(TAG_CONFIG_HASH)
    if recorded == live_config_hash(machine):
        return []
    details: tuple[str, ...] = ()
    if recorded == wf.config_hash:
        details = tuple(definition_changes(wf.definition, machine.definition))
        if machine.role_arn != wf.role_arn:
            details += (f"~ role: {wf.role_arn} → {machine.role_arn}",)
        if machine.logging != wf.logging:
            details += (f"~ logging level: {wf.logging.get('level')} → {machine.logging.get('level')}",)
        if machine.tracing != wf.tracing:
            details += (f"~ tracing: {wf.tracing} → {machine.tracing}",)
    return [DriftItem(wf.name, f"state machine {machine.name}", "changed outside sfndeploy", details)]


def _tag_drift(wf: DesiredWorkflow, machine: LiveStateMachine) -> list[DriftItem]:
    recorded = machine.tags.get(TAG_TAGS_HASH)
    if recorded is None or recorded == tags_hash(machine.tags):
        return []
    details: tuple[str, ...] = ()
    if recorded == wf.tags.get(TAG_TAGS_HASH):
        details = tuple(tag_changes(wf.tags, machine.tags, hidden=HASH_TAGS))
    return [DriftItem(wf.name, f"tags of state machine {machine.name}", "changed outside sfndeploy", details)]


KIND_MODULE = StateMachineKind()
