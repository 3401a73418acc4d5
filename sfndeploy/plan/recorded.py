"""Drift against a recorded hash: who changed a resource, sfndeploy's sources or someone else.

A kind that records a hash of what it last wrote on the resource (a tag, or a suffix of the
description where the service has no tags) compares three hashes: the one recorded, the one of
the resource as it is now, and the one of what the sources want now.

* recorded = live: the resource is as sfndeploy left it. When the sources want something else,
  the sources changed since the last apply: a note (not drift), the details say what apply changes.
* recorded ≠ live = wanted: the resource matches the sources but not the record; an apply that
  stopped between its write and the record leaves that (so may someone who applied the sources by
  hand). A note; the next apply writes the record.
* recorded ≠ live ≠ wanted: changed outside sfndeploy (drift), the details are what apply puts back.
* recorded = :data:`PENDING`: a resource written in more than one call (created, or updated by
  several writes) gets this record first, replaced by the hash once the last call succeeded; found
  later, an apply stopped while writing it. A note; the next apply completes it.
* nothing recorded (written by a version of sfndeploy that recorded nothing, or the record was
  removed): as before hashes, a resource that differs from the sources is drift.
"""

from __future__ import annotations

from sfndeploy.plan.kinds.base import DriftItem

PENDING = "pending"
SOURCES_CHANGED = "unchanged since the last apply; the sources changed since (not an edit outside sfndeploy)"
RECORD_BEHIND = "matches the sources but not the hash sfndeploy recorded (an apply stopped before recording it)"
CHANGED_OUTSIDE = "changed outside sfndeploy"
BOTH_CHANGED = "changed outside sfndeploy, and the sources changed since the last apply"
DIFFERS = "differs from the sources"
UNFINISHED = "left unfinished by an apply that stopped (the next apply completes it)"


def recorded_drift(
    workflow: str,
    resource: str,
    *,
    recorded: str | None,
    live: str,
    wanted: str,
    details: tuple[str, ...],
) -> list[DriftItem]:
    """At most one drift item or note for one resource; ``details`` are the changes apply would make."""
    if recorded is None:
        return [] if live == wanted else [DriftItem(workflow, resource, DIFFERS, details)]
    if recorded == PENDING:
        return [DriftItem(workflow, resource, UNFINISHED, details, note=True)]
    if live == recorded:
        return [] if recorded == wanted else [DriftItem(workflow, resource, SOURCES_CHANGED, details, note=True)]
    if live == wanted:
        return [DriftItem(workflow, resource, RECORD_BEHIND, (), note=True)]
    return [DriftItem(workflow, resource, CHANGED_OUTSIDE if recorded == wanted else BOTH_CHANGED, details)]
