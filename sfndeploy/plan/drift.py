"""Drift: live changes made outside sfndeploy.

sfndeploy keeps no state file; what it last wrote is recorded on the resources themselves as
hashes (``sfndeploy:config-hash`` on the state machine, ``sfndeploy:policy-hash`` on the role,
the config hash in the alias description). A resource whose content no longer matches its own
recorded hash was changed by someone else. When the recorded hash equals what the sources want
now, the details are shown as a diff against the sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.plan.desired import (
    ALIAS_DESCRIPTION_PREFIX,
    HASH_TAGS,
    INLINE_POLICY_NAME,
    TAG_CONFIG_HASH,
    TAG_POLICY_HASH,
    TAG_TAGS_HASH,
    DesiredRole,
    DesiredState,
    DesiredWorkflow,
    config_hash,
    policy_hash,
    tags_hash,
)
from sfndeploy.plan.diff import definition_changes, statement_changes, tag_changes
from sfndeploy.plan.live import LiveRole, LiveState, LiveStateMachine
from sfndeploy.plan.ownership import OWNERSHIP_KEYS, owned_by, owner_of


@dataclass(frozen=True)
class DriftItem:
    workflow: str
    resource: str
    summary: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class DriftReport:
    project: str
    environment: str
    items: tuple[DriftItem, ...]
    missing: tuple[str, ...]  # desired workflows with no state machine (not deployed or deleted)
    api_calls: int

    @property
    def has_drift(self) -> bool:
        return bool(self.items)


def live_config_hash(machine: LiveStateMachine) -> str:
    encryption = machine.encryption if machine.encryption.get("type") != "AWS_OWNED_KEY" else {"type": "AWS_OWNED_KEY"}
    return config_hash(machine.definition, machine.role_arn, machine.logging, machine.tracing, encryption)


def detect_drift(desired: DesiredState, live: LiveState) -> DriftReport:
    items: list[DriftItem] = []
    missing: list[str] = []
    for wf in desired.workflows:
        machine = live.state_machines.get(wf.state_machine_name)
        if machine is None:
            deleted = _deleted_machine(wf, desired, live)
            if deleted is None:
                missing.append(wf.name)
            else:
                items.extend([deleted, *_role_drift(wf, live)])
            continue
        if not owned_by(machine.tags, desired.project, desired.environment, wf.name):
            items.extend([_ownership_drift(wf, machine), *_role_drift(wf, live)])
            continue
        items.extend(_machine_drift(wf, machine))
        items.extend(_tag_drift(wf, machine))
        items.extend(_role_drift(wf, live))
        items.extend(_alias_drift(wf, machine))
        if wf.log_group_name and wf.log_group_name not in live.log_groups:
            items.append(DriftItem(wf.name, f"log group {wf.log_group_name}", "deleted outside sfndeploy"))
    items.extend(_trigger_drift(desired, live, not_deployed=set(missing)))
    return DriftReport(desired.project, desired.environment, tuple(items), tuple(missing), live.api_calls)


def _deleted_machine(wf: DesiredWorkflow, desired: DesiredState, live: LiveState) -> DriftItem | None:
    """A state machine that is gone while the role sfndeploy generated for it is still there was deleted
    outside sfndeploy (apply creates the role first, prune deletes it first). Without such a role a
    missing machine reads as not deployed yet."""
    role = live.roles.get(wf.role.name) if wf.role is not None else None
    if role is None or not owned_by(role.tags, desired.project, desired.environment, wf.name):
        return None
    return DriftItem(
        wf.name, f"state machine {wf.state_machine_name}", f"deleted outside sfndeploy (its role {role.name} remains)"
    )


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


def _role_drift(wf: DesiredWorkflow, live: LiveState) -> list[DriftItem]:
    if wf.role is None:
        return []
    return role_drift(wf.name, wf.role, live)


def role_drift(workflow: str, desired: DesiredRole, live: LiveState) -> list[DriftItem]:
    """A generated role (execution or invoke role) deleted, re-owned, granted more or edited outside sfndeploy."""
    role = live.roles.get(desired.name)
    if role is None:
        return [DriftItem(workflow, f"role {desired.name}", "deleted outside sfndeploy")]
    items = _granted_outside(workflow, role)
    expected = owner_of(desired.tags)
    if owner_of(role.tags) != expected and expected is not None:
        moved = ", ".join(key for key in OWNERSHIP_KEYS if role.tags.get(key) != desired.tags[key])
        summary = f"ownership tag(s) {moved} removed or changed outside sfndeploy"
        items.append(DriftItem(workflow, f"role {role.name}", summary))
    recorded = role.tags.get(TAG_POLICY_HASH)
    actual = policy_hash(role.trust_policy, role.policies, role.permissions_boundary)
    if recorded == actual:
        return items
    details: list[str] = []
    if recorded == desired.policy_hash:
        details.extend(statement_changes(desired.policy, role.policies.get(INLINE_POLICY_NAME)))
        details.extend(statement_changes(desired.trust_policy, role.trust_policy, "trust statement"))
        if role.permissions_boundary != desired.permissions_boundary:
            details.append(
                f"~ permissions boundary: {desired.permissions_boundary or '(none)'} → "
                f"{role.permissions_boundary or '(none)'}"
            )
    return [*items, DriftItem(workflow, f"role {role.name}", "policies changed outside sfndeploy", tuple(details))]


def _trigger_drift(desired: DesiredState, live: LiveState, *, not_deployed: set[str]) -> list[DriftItem]:
    """Invoke roles like execution roles; schedules by field (Scheduler keeps no tags to hold a hash)."""
    from sfndeploy.triggers.planning import LiveSchedules, schedule_drift

    items: list[DriftItem] = []
    schedules = live.schedules or LiveSchedules(desired.schedule_group, None)
    for each in desired.triggers:
        if each.workflow in not_deployed:
            continue
        for role in each.roles:
            items.extend(role_drift(each.workflow, role, live))
        items.extend(DriftItem(each.workflow, *found) for found in schedule_drift(each, schedules))
    return items


def _granted_outside(workflow: str, role: LiveRole) -> list[DriftItem]:
    """Rights sfndeploy never grants, whatever the recorded hashes say: attached managed policies and
    inline policies other than its own."""
    items = [
        DriftItem(workflow, f"role {role.name}", f"managed policy {arn} attached outside sfndeploy")
        for arn in role.managed_policies
    ]
    for name in sorted(set(role.policies) - {INLINE_POLICY_NAME}):
        details = tuple(statement_changes(None, role.policies[name]))
        items.append(DriftItem(workflow, f"role {role.name}", f"inline policy {name} added outside sfndeploy", details))
    return items


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
