"""The contract every resource kind fulfils (see the package docstring for how to add one)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
from sfndeploy.plan.live import LiveState, LiveStateMachine
from sfndeploy.plan.steps import ApiCall, PlanOptions, WorkflowPlan

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.live import LiveReader


@dataclass(frozen=True)
class DriftItem:
    workflow: str
    resource: str
    summary: str
    details: tuple[str, ...] = ()
    note: bool = False  # not drift: what the next apply writes though nobody edited the resource


@dataclass(frozen=True)
class KindPlan:
    """What one kind plans for one workflow: change lines in the user's words and the calls, in order."""

    lines: tuple[str, ...] = ()
    calls: tuple[ApiCall, ...] = ()
    warnings: tuple[str, ...] = ()
    replaces: bool = False  # the workflow's resource is deleted and created again: its lines and warnings lead
    blocked: str | None = None  # why apply must refuse the workflow as planned
    kept: tuple[str, ...] = ()  # resources that left the sources, kept without --prune ("alarm X")
    adopts: tuple[str, ...] = ()  # keys (OwnedResource.key) of untagged resources this plan adopts
    marker_needed: bool = False  # the spec's adopt: true still matters beyond adoptions (a warning only it shows)
    # shown only when no kind has a line for the workflow: calls that only update what sfndeploy records
    bookkeeping: tuple[str, ...] = ()


NOTHING = KindPlan()


@dataclass(frozen=True)
class PlanContext:
    """One workflow being planned, with what the kinds before this one planned for it."""

    workflow: DesiredWorkflow
    desired: DesiredState
    live: LiveState
    options: PlanOptions
    planned: Mapping[str, KindPlan]  # by kind name, every kind earlier in the plan order

    @property
    def machine(self) -> LiveStateMachine | None:
        return self.live.state_machines.get(self.workflow.state_machine_name)

    @property
    def replacing(self) -> bool:
        """True when an earlier kind deletes and recreates the workflow's state machine."""
        return any(plan.replaces for plan in self.planned.values())

    def produced(self, ref: str) -> bool:
        """True when an earlier call of this workflow's plan produces the value ``ref`` names."""
        return any(name == ref for plan in self.planned.values() for call in plan.calls for name, _ in call.produces)


@dataclass(frozen=True)
class DeletionContext:
    """A managed state machine that left the sources, being pruned with everything it owned."""

    machine: LiveStateMachine
    workflow: str  # the name its ownership tag gives
    desired: DesiredState
    live: LiveState


@dataclass(frozen=True)
class DriftContext:
    workflow: DesiredWorkflow
    desired: DesiredState
    live: LiveState
    machine_owned: bool  # the workflow's state machine exists and carries this workflow's tags


@dataclass(frozen=True)
class OwnedResource:
    """The existing resource a call writes to, whose ownership tags are read again right before the write."""

    kind: str  # as messages name it: "state machine", "IAM role", "alarm"
    key: str  # what the kind's ``live_tags`` needs (an ARN, a name)
    name: str  # as the user knows it
    owner_workflow: str | None = None  # the workflow its tags must name, when not the plan's (a shared resource)


class ResourceKind:
    """One kind of resource; every hook has a do-nothing default, so a kind implements what applies."""

    name: str = ""
    depends_on: tuple[str, ...] = ()  # kinds whose calls must run before this kind's, within a workflow
    reads_after: tuple[str, ...] | None = None  # kinds whose live state its reader uses; default depends_on

    # --- desired ---------------------------------------------------------------------------------
    def desire(self, rendered: RenderedWorkflow, workflow: DesiredWorkflow) -> tuple[Any, ...]:
        """This kind's desired items (frozen dataclasses of type ``desired_type``) for one workflow."""
        return ()

    desired_type: type | None = None  # the dataclass of its items in DesiredWorkflow.resources[name]

    def check_saved(self, desired: DesiredState, workflow: DesiredWorkflow) -> list[tuple[str, str]]:
        """(key, problem) for each item of a saved plan's desired state the sources could not have made."""
        return []

    def adoptable(self, workflow: DesiredWorkflow) -> tuple[str, ...]:
        """Keys (``OwnedResource.key``) of the resources of this kind a plan of ``workflow`` may adopt."""
        return ()

    # --- live ------------------------------------------------------------------------------------
    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        """``live`` with this kind's live state added (``LiveState.resources[name]`` for new kinds)."""
        return live

    def fingerprint(self, workflow: str, state_machine_name: str, live: LiveState) -> Any:
        """What of this kind's live state one workflow's plan was computed from; None for nothing."""
        return None

    # --- plan ------------------------------------------------------------------------------------
    def check_ownership(self, ctx: PlanContext) -> None:
        """Raise :class:`~sfndeploy.plan.ownership.NotOwned` when an existing resource of this kind
        the workflow would write to is not the workflow's (asked of every kind before any plans)."""
        return None

    def plan(self, ctx: PlanContext) -> KindPlan:
        """Desired against live for one workflow: lines in the user's words and the calls."""
        return NOTHING

    def delete(self, ctx: DeletionContext) -> KindPlan:
        """What goes with a pruned state machine (the state machine kind's own calls always run last)."""
        return NOTHING

    def leftovers(
        self, desired: DesiredState, live: LiveState, options: PlanOptions
    ) -> tuple[list[WorkflowPlan], list[str]]:
        """Managed resources no workflow claims any more: (WorkflowPlans that delete them under
        --prune, names kept otherwise). Called only when every workflow of the environment is planned."""
        return [], []

    # --- apply -----------------------------------------------------------------------------------
    def owned_resource(self, call: ApiCall) -> OwnedResource | None:
        """The existing resource of this kind ``call`` writes to; None for a create or another kind's call."""
        return None

    def owned_resources(self, call: ApiCall) -> tuple[OwnedResource, ...]:
        """Every existing resource of this kind ``call`` writes to. A kind whose calls can touch several
        resources at once (a batch deletion) overrides this one; the others implement ``owned_resource``."""
        found = self.owned_resource(call)
        return () if found is None else (found,)

    def live_tags(self, api: AwsApi, resource: OwnedResource) -> dict[str, str] | None:
        """The resource's tags read now; None when it does not exist."""
        return None

    # --- drift -----------------------------------------------------------------------------------
    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        return []
