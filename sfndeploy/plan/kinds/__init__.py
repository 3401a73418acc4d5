"""Resource kinds: one module per kind of resource a workflow deploys.

To manage a new kind of resource, add a module here, subclass
:class:`~sfndeploy.plan.kinds.base.ResourceKind`, end the module with ``KIND_MODULE = YourKind()``,
and name the module in :data:`_MODULES` below. Nothing else in the planner changes; a kind is one
module and its tests. The planner (:mod:`sfndeploy.plan.planner`) orders the kinds by their
dependencies and runs them; ``plan`` and ``apply`` build the same
:class:`~sfndeploy.plan.steps.Plan` and differ only in the executor.

The contract (every hook has a do-nothing default; implement what applies):

- ``name``: how plans and messages name the kind (``"alarm"``); the key of its entries in
  ``DesiredWorkflow.resources`` and ``LiveState.resources``.
- ``depends_on``: kinds whose calls must run first within a workflow (an alias after its state
  machine). Plan order is a topological order of ``depends_on``, ties broken by :data:`_MODULES`
  order, which is also the order drift reports in. ``reads_after``: kinds whose live state its
  reader uses (defaults to ``depends_on``).
- desired state: ``desire(rendered, workflow)`` returns the kind's desired items for one workflow,
  frozen dataclasses of type ``desired_type``; they are stored in ``DesiredWorkflow.resources[name]``
  and so saved in plan files (read back strictly as ``desired_type``). ``check_saved`` says what a
  saved plan's items must satisfy (names and ARNs of the plan's project and environment), since a
  plan file can be edited.
- live state: ``read(reader, desired, live)`` returns ``live`` with the kind's resources added, in
  ``LiveState.resources[name]`` (any value the kind's own code understands; by convention a dict by
  resource name). Read through ``reader.api`` (every call counted), in bulk where the service allows,
  with ``reader.map`` for bounded concurrency. Read only what can be this environment's.
  ``fingerprint`` returns what of that state a workflow's plan depended on (a saved plan whose
  fingerprint moved is reported as stale).
- diff: ``plan(ctx)`` compares desired and live for one workflow and returns a
  :class:`~sfndeploy.plan.kinds.base.KindPlan`: change lines in the user's words (``+ alarm X``,
  ``~ alarm X threshold: 1 → 5``, ``- alarm X``) and the :class:`~sfndeploy.plan.steps.ApiCall` s,
  in order, that create, update or delete. ``ctx.planned`` holds what the kinds before it planned
  (``ctx.produced(ref)``: an earlier call produces a value this kind refers to with a
  :class:`~sfndeploy.plan.steps.Ref`). Resources that left the sources are deleted in the same plan
  only under ``ctx.options.prune``; otherwise name them in ``KindPlan.kept``. ``delete(ctx)``: the
  calls that remove the kind's resources of a workflow whose state machine is pruned (they run
  before the state machine's deletion). ``leftovers``: managed resources no workflow claims.
- ownership: every resource carries the ``sfndeploy:project``, ``sfndeploy:environment`` and
  ``sfndeploy:workflow`` tags (:mod:`sfndeploy.plan.ownership`); a kind that cannot be tagged says in
  its docstring how ownership is proved instead. ``check_ownership(ctx)`` raises
  :class:`~sfndeploy.plan.ownership.NotOwned` at plan time for an existing resource that is not the
  workflow's (:func:`~sfndeploy.plan.ownership.require_owned`), and ``owned_resource(call)`` with
  ``live_tags(api, resource)`` let the executor read the tags again right before the first write
  (:mod:`sfndeploy.plan.write_guard`); a call that writes to several resources at once (a batch
  deletion) names them all with ``owned_resources(call)``, and every one is checked before the call.
  A create call that would find the resource existing must fail (or be a call that checks, like a
  put after ``owned_resource``), never overwrite silently.
- drift: ``drift(ctx)`` lists edits made outside sfndeploy as
  :class:`~sfndeploy.plan.kinds.base.DriftItem` s, in the user's words.
  A kind that records a hash of what it wrote (a ``sfndeploy:config-hash`` tag, or where the
  service has no tags a suffix of the description) compares it with
  :func:`~sfndeploy.plan.recorded.recorded_drift`: an edit made outside sfndeploy is drift, sources
  changed since the last apply a note. Tag and untag calls come from :mod:`sfndeploy.plan.tagging`.
- apply converges: a crash between two calls leaves a state the next plan completes; put the call
  that records success (a hash tag) last.
"""

from __future__ import annotations

import importlib
from functools import cache

from sfndeploy.plan.kinds.base import ResourceKind

# The kinds, in the order drift reports them and plan order breaks ties in.
_MODULES = (
    "state_machine",
    "execution_role",
    "alias",
    "log_group",
    "invoke_role",
    "schedule",
    "rule",
    "alarm",
)


@cache
def all_kinds() -> tuple[ResourceKind, ...]:
    kinds = []
    for module in _MODULES:
        kind = importlib.import_module(f"{__name__}.{module}").KIND_MODULE
        if not isinstance(kind, ResourceKind):
            raise TypeError(f"{__name__}.{module}.KIND_MODULE is not a ResourceKind")
        kinds.append(kind)
    return tuple(kinds)


def kind_named(name: str) -> ResourceKind | None:
    return next((kind for kind in all_kinds() if kind.name == name), None)


def _ordered(edges: dict[str, tuple[str, ...]]) -> tuple[ResourceKind, ...]:
    """A topological order of all kinds along ``edges`` (kind name -> names before it), ties by registry order."""
    kinds = all_kinds()
    known = {kind.name for kind in kinds}
    for name, before in edges.items():
        unknown = [b for b in before if b not in known]
        if unknown:
            raise ValueError(f"resource kind '{name}' depends on unknown kind(s) {', '.join(unknown)}")
    done: list[ResourceKind] = []
    while len(done) < len(kinds):
        placed = {kind.name for kind in done}
        ready = [k for k in kinds if k.name not in placed and all(b in placed for b in edges[k.name])]
        if not ready:
            left = ", ".join(k.name for k in kinds if k.name not in placed)
            raise ValueError(f"resource kinds depend on each other in a circle: {left}")
        done.append(ready[0])
    return tuple(done)


@cache
def plan_order() -> tuple[ResourceKind, ...]:
    """The order kinds are planned (and their calls run) in within a workflow."""
    return _ordered({kind.name: kind.depends_on for kind in all_kinds()})


@cache
def read_order() -> tuple[ResourceKind, ...]:
    """The order kinds read the live state in."""
    edges = {k.name: k.depends_on if k.reads_after is None else k.reads_after for k in all_kinds()}
    return _ordered(edges)
