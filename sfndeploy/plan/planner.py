"""desired state + live state -> plan.  A pure function: no AWS, no I/O.

The planner knows no resource by hand: it runs the resource kinds of :mod:`sfndeploy.plan.kinds`
in dependency order for each workflow (role and policy, log group, state machine with tags,
alias) and strings their lines and calls into one :class:`WorkflowPlan`. A state machine that left
the sources is pruned with everything its workflow owned, its own deletion last; each kind then
names its leftovers.
"""

from __future__ import annotations

from typing import Any

from sfndeploy.plan.desired import TAG_WORKFLOW, DesiredState, DesiredWorkflow
from sfndeploy.plan.kinds import all_kinds, plan_order
from sfndeploy.plan.kinds.base import DeletionContext, KindPlan, PlanContext
from sfndeploy.plan.kinds.execution_role import broad_grant_warnings as broad_grant_warnings
from sfndeploy.plan.kinds.execution_role import role_name_of
from sfndeploy.plan.kinds.state_machine import KIND_MODULE as STATE_MACHINE
from sfndeploy.plan.live import LiveState, LiveStateMachine
from sfndeploy.plan.ownership import owned_by
from sfndeploy.plan.steps import Plan, PlanOptions, WorkflowPlan

__all__ = ["PlanOptions", "broad_grant_warnings", "make_plan"]


def make_plan(desired: DesiredState, live: LiveState, options: PlanOptions | None = None) -> Plan:
    options = options or PlanOptions()
    workflows: list[WorkflowPlan] = []
    kept: list[str] = []
    for wf in desired.workflows:
        planned, kept_by_workflow = _plan_workflow(wf, desired, live, options)
        workflows.append(planned)
        kept.extend(kept_by_workflow)
    if not desired.partial:
        orphans, kept_machines = _orphan_machines(desired, live, options)
        workflows.extend(orphans)
        kept.extend(kept_machines)
        for kind in all_kinds():
            deletions, kept_by_kind = kind.leftovers(desired, live, options)
            workflows.extend(deletions)
            kept.extend(kept_by_kind)
    return Plan(
        project=desired.project,
        environment=desired.environment,
        region=desired.region,
        account_id=desired.account_id,
        workflows=tuple(workflows),
        kept_orphans=tuple(kept),
        api_calls=live.api_calls,
    )


# --- one workflow ----------------------------------------------------------------------------


def _plan_workflow(
    wf: DesiredWorkflow, desired: DesiredState, live: LiveState, options: PlanOptions
) -> tuple[WorkflowPlan, tuple[str, ...]]:
    first = PlanContext(wf, desired, live, options, {})
    for kind in all_kinds():
        kind.check_ownership(first)
    planned: dict[str, KindPlan] = {}
    for kind in plan_order():
        planned[kind.name] = kind.plan(PlanContext(wf, desired, live, options, dict(planned)))
    results = list(planned.values())
    # A replacement leads: its line and warning come before every other kind's.
    ordered = [p for p in results if p.replaces] + [p for p in results if not p.replaces]
    calls = tuple(call for p in results for call in p.calls)
    machine = live.state_machines.get(wf.state_machine_name)
    action = "noop" if not calls else "replace" if any(p.replaces for p in results) else (
        "create" if machine is None else "update"
    )
    changes = tuple(line for p in ordered for line in p.lines)
    if calls and not changes:  # a change is never shown with nothing under it
        changes = tuple(line for p in ordered for line in p.bookkeeping) or tuple(
            f"~ {call.summary or call.operation}" for call in calls
        )
    plan = WorkflowPlan(
        workflow=wf.name,
        state_machine_name=wf.state_machine_name,
        action=action,
        changes=changes,
        calls=calls,
        live_fingerprint=_fingerprint(wf.name, wf.state_machine_name, wf.role.name if wf.role else None, live),
        role_name=wf.role.name if wf.role else None,
        warnings=(*(w for p in ordered for w in p.warnings), *_adoption_warnings(wf, desired, live, results)),
        blocked=next((p.blocked for p in results if p.blocked), None),
        adopts=tuple(key for p in results for key in p.adopts),
    )
    return plan, tuple(name for p in results for name in p.kept)


NOTHING_LEFT_TO_ADOPT = (
    "adopt: true has nothing left to adopt; remove it so that a resource created outside sfndeploy "
    "under its names is refused"
)


def _adoption_warnings(
    wf: DesiredWorkflow, desired: DesiredState, live: LiveState, results: list[KindPlan]
) -> tuple[str, ...]:
    """``adopt: true`` kept after the adoption: while it stays, an untagged alarm or rule someone creates
    by hand under a wanted name would be adopted without a word, instead of refused. Said once the
    state machine carries the workflow's tags and no kind adopts anything in this plan, nor shows a
    warning only the marker brings (an imported schedule still running outside the project's group)."""
    if not wf.adopt or any(p.adopts or p.marker_needed for p in results):
        return ()
    machine = live.state_machines.get(wf.state_machine_name)
    if machine is None or not owned_by(machine.tags, desired.project, desired.environment, wf.name):
        return ()
    return (NOTHING_LEFT_TO_ADOPT,)


def _fingerprint(workflow: str, machine: str, role: str | None, live: LiveState) -> str:
    kinds: dict[str, Any] = {}
    for kind in all_kinds():
        data = kind.fingerprint(workflow, machine, live)
        if data is not None:
            kinds[kind.name] = data
    return live.fingerprint(machine, role, kinds)


# --- pruning ---------------------------------------------------------------------------------


def _orphan_machines(
    desired: DesiredState, live: LiveState, options: PlanOptions
) -> tuple[list[WorkflowPlan], list[str]]:
    """Managed state machines of this environment the sources no longer name."""
    wanted = {w.state_machine_name for w in desired.workflows}
    deletions: list[WorkflowPlan] = []
    kept: list[str] = []
    for name in sorted(name for name in live.state_machines if name not in wanted):
        machine = live.state_machines[name]
        if not owned_by(machine.tags, desired.project, desired.environment):
            continue  # never another owner's: the reader keeps only this environment's, this makes sure
        if options.prune:
            deletions.append(_plan_deletion(machine, desired, live))
        else:
            kept.append(name)
    return deletions, kept


def _plan_deletion(machine: LiveStateMachine, desired: DesiredState, live: LiveState) -> WorkflowPlan:
    """Every other kind's deletions in plan order, the state machine's last: an interrupted prune is
    found again by its state machine."""
    workflow = machine.tags.get(TAG_WORKFLOW, machine.name)
    ctx = DeletionContext(machine, workflow, desired, live)
    results = [kind.delete(ctx) for kind in plan_order() if kind is not STATE_MACHINE]
    own = STATE_MACHINE.delete(ctx)
    role_name = role_name_of(machine.role_arn)
    role = live.roles.get(role_name)
    return WorkflowPlan(
        workflow=workflow,
        state_machine_name=machine.name,
        action="delete",
        changes=tuple(line for p in [own, *results] for line in p.lines),
        calls=tuple(call for p in [*results, own] for call in p.calls),
        live_fingerprint=_fingerprint(workflow, machine.name, role_name if role else None, live),
        role_name=role_name if role else None,
        warnings=tuple(warning for p in [*results, own] for warning in p.warnings),
    )
