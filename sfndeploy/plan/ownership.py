"""Who owns a resource in AWS: the one decision every command that writes asks before it writes.

sfndeploy manages a resource only when it carries all three ownership tags and they name exactly
the project, the environment and (where one is meant) the workflow a command works on. Anything
else, untagged or tagged for someone else, is never modified or deleted: apply, prune, promote,
rollout, rollback, versions --prune and unlock all call :func:`require_owned` (or ask
:func:`owned_by`) before each write. The one exception is adoption: a resource of exactly the
desired name that carries no ``sfndeploy:*`` tag, in a workflow whose spec says ``adopt: true``
(:func:`adopting`), is tagged by apply. ``import`` writes nothing; it refuses with
:func:`require_adoptable` what apply could neither adopt nor write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sfndeploy.errors import PlanError

TAG_PROJECT = "sfndeploy:project"
TAG_ENVIRONMENT = "sfndeploy:environment"
TAG_WORKFLOW = "sfndeploy:workflow"
OWNERSHIP_KEYS = (TAG_PROJECT, TAG_ENVIRONMENT, TAG_WORKFLOW)


@dataclass(frozen=True)
class Owner:
    """The project, environment and workflow named by a resource's ownership tags."""

    project: str
    environment: str
    workflow: str

    def describe(self) -> str:
        return f"project '{self.project}', environment '{self.environment}', workflow '{self.workflow}'"


class NotOwned(PlanError):
    """A write was refused: the resource is not sfndeploy's, or belongs to another project, environment or workflow."""


def owner_of(tags: Mapping[str, str]) -> Owner | None:
    """The owner the tags name, or None when any of the three ownership tags is missing."""
    if not all(key in tags for key in OWNERSHIP_KEYS):
        return None
    return Owner(tags[TAG_PROJECT], tags[TAG_ENVIRONMENT], tags[TAG_WORKFLOW])


def is_managed(tags: Mapping[str, str]) -> bool:
    """Carries all three ownership tags (of whichever project)."""
    return owner_of(tags) is not None


def owned_by(tags: Mapping[str, str], project: str, environment: str, workflow: str | None = None) -> bool:
    """All three ownership tags present, naming ``project`` and ``environment``, and ``workflow`` unless None.

    ``workflow=None`` is for pruning, where the workflow left the sources: the tag must still be
    there, naming some workflow of this project and environment.
    """
    owner = owner_of(tags)
    if owner is None or owner.project != project or owner.environment != environment:
        return False
    return workflow is None or owner.workflow == workflow


def ownership_problem(
    tags: Mapping[str, str],
    kind: str,
    name: str,
    project: str,
    environment: str,
    workflow: str | None = None,
) -> str | None:
    """Why the resource is not ``project``'s, ``environment``'s (and ``workflow``'s); None when it is."""
    if owned_by(tags, project, environment, workflow):
        return None
    owner = owner_of(tags)
    if owner is None:
        return f"{kind} '{name}' is not managed by sfndeploy (it lacks the {', '.join(OWNERSHIP_KEYS)} tags)"
    wanted = f"project '{project}', environment '{environment}'"
    if workflow is not None:
        wanted += f", workflow '{workflow}'"
    return f"{kind} '{name}' belongs to {owner.describe()}, not to {wanted}"


def require_owned(
    tags: Mapping[str, str],
    kind: str,
    name: str,
    project: str,
    environment: str,
    workflow: str | None = None,
) -> None:
    """Raise :class:`NotOwned` (one line, exit 1) unless :func:`owned_by` holds."""
    problem = ownership_problem(tags, kind, name, project, environment, workflow)
    if problem is None:
        return
    if owner_of(tags) is None:
        hint = "adopt it with 'sfndeploy import', or check the name"
    else:
        hint = "names must be unique per environment; check the environment's naming prefix/suffix"
    raise NotOwned(f"{problem}; nothing was changed", hint=hint)


def require_adoptable(
    tags: Mapping[str, str], kind: str, name: str, project: str, environment: str, workflow: str
) -> None:
    """For ``import``: a resource is imported only when the next apply may write to it, i.e. it is
    already this workflow's (:func:`owned_by`) or carries no ``sfndeploy:*`` tag at all (apply adopts
    it, :func:`adopting`). Anything in between is refused here, before a spec is written.
    """
    if owned_by(tags, project, environment, workflow) or has_no_sfndeploy_tags(tags):
        return
    wanted = {TAG_PROJECT: project, TAG_ENVIRONMENT: environment, TAG_WORKFLOW: workflow}
    foreign = {key: tags[key] for key in OWNERSHIP_KEYS if key in tags and tags[key] != wanted[key]}
    if foreign:
        shown = ", ".join(f"{key}={value}" for key, value in foreign.items())
        raise NotOwned(
            f"{kind} '{name}' carries ownership tags of someone else ({shown}); nothing was changed",
            hint="import it from that project and environment, or remove its sfndeploy:* tags first",
        )
    shown = ", ".join(sorted(key for key in tags if key.startswith("sfndeploy:")))
    raise NotOwned(
        f"{kind} '{name}' carries some sfndeploy tags ({shown}) but not the three ownership tags; nothing was changed",
        hint="remove its sfndeploy:* tags, so that apply can adopt it",
    )


def has_no_sfndeploy_tags(tags: Mapping[str, str]) -> bool:
    """No ``sfndeploy:*`` tag at all: the only resources a spec's ``adopt: true`` lets apply adopt."""
    return not any(key.startswith("sfndeploy:") for key in tags)


def adopting(tags: Mapping[str, str], adopt: bool) -> bool:
    """An existing resource the plan adopts: the spec asks for adoption and the resource carries no sfndeploy tag."""
    return adopt and has_no_sfndeploy_tags(tags)
