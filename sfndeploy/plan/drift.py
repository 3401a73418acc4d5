"""Drift: live changes made outside sfndeploy.

sfndeploy keeps no state file; what it last wrote is recorded on the resources themselves as
hashes (``sfndeploy:config-hash`` on the state machine, ``sfndeploy:policy-hash`` on the role,
the config hash in the alias description). A resource whose content no longer matches its own
recorded hash was changed by someone else. When the recorded hash equals what the sources want
now, the details are shown as a diff against the sources. Rules and alarms record a
``sfndeploy:config-hash`` tag too, schedules a hash at the end of their description, and invoke
roles a policy hash like the execution role (:mod:`sfndeploy.plan.recorded` tells an edit made
outside sfndeploy from sources that changed since the last apply; the latter is a note, not
drift). Each resource kind of
:mod:`sfndeploy.plan.kinds` finds its own drift; this module strings them together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
from sfndeploy.plan.kinds import all_kinds
from sfndeploy.plan.kinds.base import DriftContext
from sfndeploy.plan.kinds.base import DriftItem as DriftItem
from sfndeploy.plan.live import LiveState
from sfndeploy.plan.ownership import owned_by


@dataclass(frozen=True)
class DriftReport:
    project: str
    environment: str
    items: tuple[DriftItem, ...]
    missing: tuple[str, ...]  # desired workflows with no state machine (not deployed or deleted)
    api_calls: int
    notes: tuple[DriftItem, ...] = ()  # not drift: resources as sfndeploy left them whose sources changed since

    @property
    def has_drift(self) -> bool:
        return bool(self.items)


def detect_drift(desired: DesiredState, live: LiveState) -> DriftReport:
    items: list[DriftItem] = []
    missing: list[str] = []
    for wf in desired.workflows:
        machine = live.state_machines.get(wf.state_machine_name)
        if machine is None:
            deleted = _deleted_machine(wf, desired, live)
            if deleted is None:
                missing.append(wf.name)
                continue
            items.append(deleted)
        owned = machine is not None and owned_by(machine.tags, desired.project, desired.environment, wf.name)
        ctx = DriftContext(wf, desired, live, machine_owned=owned)
        for kind in all_kinds():
            items.extend(kind.drift(ctx))
    drifted = tuple(item for item in items if not item.note)
    notes = tuple(item for item in items if item.note)
    return DriftReport(desired.project, desired.environment, drifted, tuple(missing), live.api_calls, notes)


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
