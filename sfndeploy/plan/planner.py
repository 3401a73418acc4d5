"""desired state + live state -> plan.  A pure function: no AWS, no I/O.

Order inside a workflow: role and policy, then the state machine (published, with a version
description carrying provenance), then tags, then the alias pointing at the new version.
``publish_version_call`` and ``point_alias_call`` are separate steps other commands can reuse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sfndeploy.asl.counts import count_states
from sfndeploy.iam.broad import broad_grants
from sfndeploy.plan.desired import (
    HASH_TAGS,
    INLINE_POLICY_NAME,
    OWNERSHIP_KEYS,
    TAG_POLICY_HASH,
    TAG_WORKFLOW,
    DesiredRole,
    DesiredState,
    DesiredWorkflow,
)
from sfndeploy.plan.diff import definition_changes, field_changes, normalise_policy, statement_changes, tag_changes
from sfndeploy.plan.diff import describe_field as _describe_field
from sfndeploy.plan.live import LiveAlias, LiveRole, LiveState, LiveStateMachine
from sfndeploy.plan.ownership import owned_by, require_owned
from sfndeploy.plan.steps import ApiCall, Plan, Ref, WorkflowPlan
from sfndeploy.triggers.planning import LiveSchedules, check_group_owned, orphan_steps, schedule_steps

_HASH_TAGS = HASH_TAGS


@dataclass(frozen=True)
class PlanOptions:
    prune: bool = False
    allow_replace: bool = False


def make_plan(desired: DesiredState, live: LiveState, options: PlanOptions | None = None) -> Plan:
    options = options or PlanOptions()
    if live.schedules is not None:
        check_group_owned(live.schedules, desired.project, desired.environment)
    workflows = _with_triggers([_plan_workflow(w, desired, live, options) for w in desired.workflows], desired, live)
    wanted = {w.state_machine_name for w in desired.workflows}
    orphans = [] if desired.partial else sorted(name for name in live.state_machines if name not in wanted)
    kept: list[str] = []
    for name in orphans:
        if not owned_by(live.state_machines[name].tags, desired.project, desired.environment):
            continue  # never another owner's: the reader keeps only this environment's, this makes sure
        if options.prune:
            workflows.append(_plan_deletion(live.state_machines[name], desired, live))
        else:
            kept.append(name)
    for role in [] if desired.partial else _orphan_roles(desired, live):
        if options.prune:
            workflows.append(_plan_role_deletion(role, live))
        else:
            kept.append(f"role {role.name}")
    if live.schedules is not None and not desired.partial:
        lines, calls, left = orphan_steps(desired.triggers, live.schedules, prune=options.prune)
        kept.extend(left)
        if calls:
            workflows.append(
                WorkflowPlan("(schedules)", "", "delete", tuple(lines), tuple(calls), live.fingerprint("", None))
            )
    return Plan(
        project=desired.project,
        environment=desired.environment,
        region=desired.region,
        account_id=desired.account_id,
        workflows=tuple(workflows),
        kept_orphans=tuple(kept),
        api_calls=live.api_calls,
    )


# --- triggers ----------------------------------------------------------------------------------


def _with_triggers(plans: list[WorkflowPlan], desired: DesiredState, live: LiveState) -> list[WorkflowPlan]:
    """Each workflow's invoke roles and schedules after its state machine and alias (their target).

    The environment's schedule group is planned with the first workflow that has a schedule.
    """
    by_workflow = {each.workflow: each for each in desired.triggers}
    group_planned = False
    result = []
    for plan in plans:
        wanted = by_workflow.get(plan.workflow)
        if wanted is None:
            result.append(plan)
            continue
        lines, calls = [], []
        for role in wanted.roles:
            current = live.roles.get(role.name)
            if current is not None:
                _check_owned(current.tags, "IAM role", role.name, desired, plan.workflow)
            role_lines, role_calls = role_steps(role, current)
            lines.extend(role_lines)
            calls.extend(role_calls)
        schedules = live.schedules or LiveSchedules(desired.schedule_group, None)
        schedule_lines, schedule_calls = schedule_steps(wanted, schedules, group_planned=group_planned)
        group_planned = group_planned or wanted.group is not None
        lines.extend(schedule_lines)
        calls.extend(schedule_calls)
        action = "update" if plan.action == "noop" and calls else plan.action
        result.append(
            replace(plan, action=action, changes=plan.changes + tuple(lines), calls=plan.calls + tuple(calls))
        )
    return result


# --- ownership -------------------------------------------------------------------------------


def _check_owned(tags: dict[str, str], kind: str, name: str, desired: DesiredState, workflow: str) -> None:
    require_owned(tags, kind, name, desired.project, desired.environment, workflow)


# --- one workflow ----------------------------------------------------------------------------


def _plan_workflow(wf: DesiredWorkflow, desired: DesiredState, live: LiveState, options: PlanOptions) -> WorkflowPlan:
    machine = live.state_machines.get(wf.state_machine_name)
    role = live.roles.get(wf.role.name) if wf.role else None
    if machine is not None:
        _check_owned(machine.tags, "state machine", machine.name, desired, wf.name)
    if role is not None:
        _check_owned(role.tags, "IAM role", role.name, desired, wf.name)
    fingerprint = live.fingerprint(wf.state_machine_name, wf.role.name if wf.role else None)
    role_lines, role_calls = _role_steps(wf, role)
    log_lines, log_calls = _log_group_steps(wf, live)
    role_lines, role_calls = role_lines + log_lines, role_calls + log_calls
    if machine is not None and machine.type != wf.type:
        return _plan_replacement(wf, machine, role_lines, role_calls, fingerprint, options)
    machine_lines, machine_calls = _machine_steps(wf, machine)
    calls = role_calls + machine_calls
    action = "noop" if not calls else "create" if machine is None else "update"
    return WorkflowPlan(
        workflow=wf.name,
        state_machine_name=wf.state_machine_name,
        action=action,
        changes=tuple(role_lines + machine_lines),
        calls=tuple(calls),
        live_fingerprint=fingerprint,
        role_name=wf.role.name if wf.role else None,
        warnings=broad_grant_warnings(wf),
    )


def _plan_replacement(
    wf: DesiredWorkflow,
    machine: LiveStateMachine,
    role_lines: list[str],
    role_calls: list[ApiCall],
    fingerprint: str,
    options: PlanOptions,
) -> WorkflowPlan:
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
    _, create_calls = _machine_steps(wf, None)
    lines = [f"-/+ type {machine.type} → {wf.type} (replacement)", *role_lines]
    return WorkflowPlan(
        workflow=wf.name,
        state_machine_name=wf.state_machine_name,
        action="replace",
        changes=tuple(lines),
        calls=(*role_calls, delete, *create_calls),
        live_fingerprint=fingerprint,
        role_name=wf.role.name if wf.role else None,
        warnings=(warning, *broad_grant_warnings(wf)),
        blocked=None if options.allow_replace else "needs replacement; re-run with --allow-replace",
    )


def broad_grant_warnings(wf: DesiredWorkflow) -> tuple[str, ...]:
    """Every broad statement of the generated role's policy: shown in every plan, changed or not."""
    if wf.role is None:
        return ()
    return tuple(f"role {wf.role.name}: {grant.code}: {grant.message}" for grant in broad_grants(wf.role.policy))


# --- role --------------------------------------------------------------------------------------


def _tag_list(tags: dict[str, str], key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
    return [{key: k, value: v} for k, v in sorted(tags.items())]


def _role_steps(wf: DesiredWorkflow, role: LiveRole | None) -> tuple[list[str], list[ApiCall]]:
    if wf.role is None:
        return [], []
    return role_steps(wf.role, role)


def role_steps(desired: DesiredRole, role: LiveRole | None) -> tuple[list[str], list[ApiCall]]:
    """A generated role (execution or invoke role) created, or put back to what the sources say."""
    if role is None:
        return _role_creation(desired)
    return _role_update(desired, role)


def _role_creation(role: DesiredRole) -> tuple[list[str], list[ApiCall]]:
    create_params: dict[str, Any] = {
        "RoleName": role.name,
        "Path": role.path,
        "AssumeRolePolicyDocument": json.dumps(role.trust_policy, sort_keys=True),
        "Description": _role_description(role),
        "Tags": _tag_list({k: v for k, v in role.tags.items() if k != TAG_POLICY_HASH}),
    }
    if role.permissions_boundary:
        create_params["PermissionsBoundary"] = role.permissions_boundary
    lines = [f"+ role {role.name}", *statement_changes(None, role.policy)]
    calls = [
        ApiCall("iam", "CreateRole", create_params, role.name, summary=f"create role {role.name}"),
        _put_policy(role),
        _tag_role(role, {TAG_POLICY_HASH: role.tags[TAG_POLICY_HASH]}),
    ]
    return lines, calls


def _role_description(role: DesiredRole) -> str:
    principals = [statement.get("Principal", {}).get("Service") for statement in role.trust_policy["Statement"]]
    if "states.amazonaws.com" in principals:
        return "Execution role of a Step Functions workflow managed by sfndeploy"
    return "Role a trigger uses to start a Step Functions workflow managed by sfndeploy"


def _put_policy(role: DesiredRole) -> ApiCall:
    return ApiCall(
        "iam",
        "PutRolePolicy",
        {
            "RoleName": role.name,
            "PolicyName": INLINE_POLICY_NAME,
            "PolicyDocument": json.dumps(role.policy, sort_keys=True),
        },
        role.name,
        summary=f"put inline policy of role {role.name}",
    )


def _tag_role(role: DesiredRole, tags: dict[str, str]) -> ApiCall:
    return ApiCall(
        "iam", "TagRole", {"RoleName": role.name, "Tags": _tag_list(tags)}, role.name, summary=f"tag role {role.name}"
    )


def _role_update(desired: DesiredRole, role: LiveRole) -> tuple[list[str], list[ApiCall]]:
    """Rights granted outside sfndeploy go first (managed policies, extra inline policies), then the
    trust policy, the inline policy, the boundary and the tags are put back to what the sources say."""
    lines: list[str] = []
    calls = _removed_grants(desired.name, role, lines)
    if normalise_policy(role.trust_policy) != normalise_policy(desired.trust_policy):
        lines.append(f"~ trust policy of role {desired.name}")
        lines.extend(statement_changes(role.trust_policy, desired.trust_policy, "trust statement"))
        calls.append(
            ApiCall(
                "iam",
                "UpdateAssumeRolePolicy",
                {"RoleName": desired.name, "PolicyDocument": json.dumps(desired.trust_policy, sort_keys=True)},
                desired.name,
                summary=f"update trust policy of role {desired.name}",
            )
        )
    live_policy = role.policies.get(INLINE_POLICY_NAME)
    if live_policy is None or normalise_policy(live_policy) != normalise_policy(desired.policy):
        lines.extend(statement_changes(live_policy, desired.policy))
        calls.append(_put_policy(desired))
    calls.extend(_boundary_calls(desired, role, lines))
    calls.extend(_role_tag_calls(desired, role, lines))
    return lines, calls


def _removed_grants(role_name: str, role: LiveRole, lines: list[str]) -> list[ApiCall]:
    """Detach every managed policy and delete every inline policy but sfndeploy's own: the sources grant neither."""
    calls = []
    for arn in role.managed_policies:
        lines.append(f"- detach managed policy {arn} (attached outside sfndeploy)")
        calls.append(_detach(role_name, arn))
    for extra in sorted(set(role.policies) - {INLINE_POLICY_NAME}):
        lines.append(f"- inline policy {extra} of role {role_name} (added outside sfndeploy)")
        calls.append(_delete_inline(role_name, extra))
    return calls


def _detach(role_name: str, policy_arn: str) -> ApiCall:
    return ApiCall(
        "iam",
        "DetachRolePolicy",
        {"RoleName": role_name, "PolicyArn": policy_arn},
        role_name,
        summary=f"detach managed policy {policy_arn}",
        done_codes=("NoSuchEntity",),
    )


def _delete_inline(role_name: str, policy: str) -> ApiCall:
    return ApiCall(
        "iam",
        "DeleteRolePolicy",
        {"RoleName": role_name, "PolicyName": policy},
        role_name,
        summary=f"delete inline policy {policy}",
        done_codes=("NoSuchEntity",),
    )


def _boundary_calls(desired: DesiredRole, role: LiveRole, lines: list[str]) -> list[ApiCall]:
    if desired.permissions_boundary == role.permissions_boundary:
        return []
    old, new = role.permissions_boundary or "(none)", desired.permissions_boundary or "(none)"
    lines.append(f"~ permissions boundary: {old} → {new}")
    if desired.permissions_boundary is None:
        return [
            ApiCall("iam", "DeleteRolePermissionsBoundary", {"RoleName": desired.name}, desired.name,
                    summary="remove permissions boundary")
        ]
    return [
        ApiCall(
            "iam",
            "PutRolePermissionsBoundary",
            {"RoleName": desired.name, "PermissionsBoundary": desired.permissions_boundary},
            desired.name,
            summary="set permissions boundary",
        )
    ]


def _role_tag_calls(desired: DesiredRole, role: LiveRole, lines: list[str]) -> list[ApiCall]:
    lines.extend(f"{line} (role)" for line in tag_changes(role.tags, desired.tags, hidden=_HASH_TAGS))
    changed = {k: v for k, v in desired.tags.items() if role.tags.get(k) != v}
    removed = sorted(k for k in role.tags if k not in desired.tags and not k.startswith("aws:"))
    calls = []
    if removed:
        calls.append(
            ApiCall("iam", "UntagRole", {"RoleName": desired.name, "TagKeys": removed}, desired.name,
                    summary=f"untag role {desired.name}")
        )
    # The policy hash goes last: it records that every policy call before it succeeded.
    first = {k: v for k, v in changed.items() if k != TAG_POLICY_HASH}
    if first:
        calls.append(_tag_role(desired, first))
    if TAG_POLICY_HASH in changed:
        calls.append(_tag_role(desired, {TAG_POLICY_HASH: changed[TAG_POLICY_HASH]}))
    return calls


# --- log group ------------------------------------------------------------------------------------


def _log_group_steps(wf: DesiredWorkflow, live: LiveState) -> tuple[list[str], list[ApiCall]]:
    name = wf.log_group_name
    if name is None or name in live.log_groups:
        return [], []
    ownership = {k: v for k, v in wf.tags.items() if k in OWNERSHIP_KEYS}
    call = ApiCall(
        "logs",
        "CreateLogGroup",
        {"logGroupName": name, "tags": ownership},
        name,
        summary=f"create log group {name}",
        done_codes=("ResourceAlreadyExistsException",),
    )
    return [f"+ log group {name}"], [call]


# --- state machine -------------------------------------------------------------------------------


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


def _machine_steps(wf: DesiredWorkflow, machine: LiveStateMachine | None) -> tuple[list[str], list[ApiCall]]:
    version = Ref(f"{wf.name}.version_arn")
    if machine is None:
        create = ApiCall(
            "stepfunctions",
            "CreateStateMachine",
            {
                "name": wf.state_machine_name,
                "type": wf.type,
                **_machine_config(wf, wf.role_arn),
                "tags": _tag_list(wf.tags, "key", "value"),
                **_publishing(wf),
            },
            wf.arn,
            produces=((version.name, "stateMachineVersionArn"),) if wf.publish else (),
            summary=f"create state machine {wf.state_machine_name} and publish version 1",
        )
        lines = [f"+ state machine {wf.state_machine_name} ({wf.type}, {count_states(wf.definition)})"]
        alias_calls = [point_alias_call(wf, None, version)] if wf.alias else []
        if wf.alias:
            lines.append(f"+ alias {wf.alias} → new version (100%)")
        return lines, [create, *alias_calls]
    lines = _config_lines(wf, machine)
    updated = bool(lines)
    calls = [update_call(wf)] if updated else []
    tag_lines, tag_calls = _machine_tag_steps(wf, machine)
    calls.extend(tag_calls)
    lines.extend(tag_lines)
    calls.extend(_alias_steps(wf, machine, lines, updated=updated))
    return lines, calls


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


def _publishing(wf: DesiredWorkflow) -> dict[str, Any]:
    # AWS rejects a version description without publish=True.
    if not wf.publish:
        return {"publish": False}
    return {"publish": True, "versionDescription": wf.version_description}


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
        produces=((f"{wf.name}.version_arn", "stateMachineVersionArn"),) if wf.publish else (),
        summary=f"update state machine {wf.state_machine_name} and publish a version",
    )


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
        produces=((f"{wf.name}.version_arn", "stateMachineVersionArn"),),
        summary=f"publish a version of {wf.state_machine_name} (through UpdateStateMachine)",
    )
    return ApiCall(
        "stepfunctions",
        "PublishStateMachineVersion",
        {"stateMachineArn": wf.arn, "description": wf.version_description},
        wf.arn,
        produces=((f"{wf.name}.version_arn", "stateMachineVersionArn"),),
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


def _machine_tag_steps(wf: DesiredWorkflow, machine: LiveStateMachine) -> tuple[list[str], list[ApiCall]]:
    lines = tag_changes(machine.tags, wf.tags, hidden=_HASH_TAGS)
    changed = {k: v for k, v in wf.tags.items() if machine.tags.get(k) != v}
    removed = sorted(k for k in machine.tags if k not in wf.tags and not k.startswith("aws:"))
    calls = []
    if removed:
        calls.append(
            ApiCall("stepfunctions", "UntagResource", {"resourceArn": wf.arn, "tagKeys": removed}, wf.arn,
                    summary=f"untag {wf.state_machine_name}")
        )
    if changed:
        calls.append(
            ApiCall(
                "stepfunctions",
                "TagResource",
                {"resourceArn": wf.arn, "tags": _tag_list(changed, "key", "value")},
                wf.arn,
                summary=f"tag {wf.state_machine_name}",
            )
        )
    return lines, calls


def _alias_steps(wf: DesiredWorkflow, machine: LiveStateMachine, lines: list[str], *, updated: bool) -> list[ApiCall]:
    if not wf.alias:
        return []
    alias = machine.alias(wf.alias)
    version = Ref(f"{wf.name}.version_arn")
    if updated and wf.publish:
        lines.append(f"{'~' if alias else '+'} alias {wf.alias} → new version (100%)")
        return [point_alias_call(wf, alias, version)]
    in_sync = (
        alias is not None
        and alias.description == wf.alias_description
        and len(alias.routing) == 1
        and alias.routing[0][1] == 100
    )
    if in_sync:
        return []
    if alias is None:
        lines.append(f"+ alias {wf.alias} → current version (100%)")
    else:
        routing = ", ".join(f"{arn.rsplit(':', 1)[-1]}={weight}%" for arn, weight in alias.routing)
        lines.append(f"~ alias {wf.alias} routing: {routing or '(none)'} → current version (100%)")
    return [publish_version_call(wf), point_alias_call(wf, alias, version)]


# --- deletion ------------------------------------------------------------------------------------


def _orphan_roles(desired: DesiredState, live: LiveState) -> list[LiveRole]:
    """Managed roles of this environment that no workflow and no state machine uses any more."""
    claimed = {w.role.name for w in desired.workflows if w.role is not None}
    claimed.update(role.name for each in desired.triggers for role in each.roles)
    claimed.update(m.role_arn.rsplit("/", 1)[-1] for m in live.state_machines.values())
    return [
        role
        for name, role in sorted(live.roles.items())
        if name not in claimed and owned_by(role.tags, desired.project, desired.environment)
    ]


def _role_deletion_calls(role: LiveRole) -> list[ApiCall]:
    """IAM deletes a role only once nothing is attached to it and it has no inline policy left."""
    calls = [_detach(role.name, arn) for arn in role.managed_policies]
    calls.extend(_delete_inline(role.name, policy) for policy in sorted(role.policies))
    calls.append(ApiCall("iam", "DeleteRole", {"RoleName": role.name}, role.name, summary=f"delete role {role.name}"))
    return calls


def _plan_role_deletion(role: LiveRole, live: LiveState) -> WorkflowPlan:
    return WorkflowPlan(
        workflow=role.tags.get(TAG_WORKFLOW, role.name),
        state_machine_name="",
        action="delete",
        changes=(f"- role {role.name} (left without its state machine)",),
        calls=tuple(_role_deletion_calls(role)),
        live_fingerprint=live.fingerprint("", role.name),
        role_name=role.name,
    )


def _plan_deletion(machine: LiveStateMachine, desired: DesiredState, live: LiveState) -> WorkflowPlan:
    """Role first, state machine last: an interrupted prune is found again by its state machine.

    The role goes too only when it carries this project's, environment's and workflow's tags: a
    state machine may use a role of another environment or project, which is never ours to delete.
    """
    workflow = machine.tags.get(TAG_WORKFLOW, machine.name)
    role_name = machine.role_arn.rsplit("/", 1)[-1]
    role = live.roles.get(role_name)
    calls: list[ApiCall] = []
    lines = [f"- state machine {machine.name}"]
    if role is not None and owned_by(role.tags, desired.project, desired.environment, workflow):
        lines.append(f"- role {role.name}")
        calls.extend(_role_deletion_calls(role))
    for alias in machine.aliases:
        lines.append(f"- alias {alias.name}")
        calls.append(
            ApiCall("stepfunctions", "DeleteStateMachineAlias", {"stateMachineAliasArn": alias.arn}, alias.arn,
                    summary=f"delete alias {alias.name}")
        )
    calls.append(
        ApiCall("stepfunctions", "DeleteStateMachine", {"stateMachineArn": machine.arn}, machine.arn,
                summary=f"delete state machine {machine.name}")
    )
    warnings: tuple[str, ...] = ()
    if machine.running_executions:
        warnings = (f"{machine.name}: {machine.running_executions} running executions are stopped by the deletion",)
    return WorkflowPlan(
        workflow=workflow,
        state_machine_name=machine.name,
        action="delete",
        changes=tuple(lines),
        calls=tuple(calls),
        live_fingerprint=live.fingerprint(machine.name, role_name if role else None),
        role_name=role_name if role else None,
        warnings=warnings,
    )
