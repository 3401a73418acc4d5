"""``promote --from A --to B``: check that A runs exactly the local sources, then deploy them to B.

Each workflow's live provenance in A is read from the version its alias serves (the description
``apply`` wrote), or from the state machine's tags when it has no alias. The local sources hash is
the one ``load_target`` computed while rendering. When they differ, git says which side is newer.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.errors import SfnDeployError
from sfndeploy.model import Environment
from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
from sfndeploy.plan.live import tag_dict
from sfndeploy.promote.concurrency import DEFAULT_CONCURRENCY, parallel_map
from sfndeploy.promote.provenance import Provenance, from_tags, parse_description, with_promotion
from sfndeploy.promote.rollout import decode_state
from sfndeploy.promote.versions import describe_alias, describe_version, is_not_found


class PromotionRefused(SfnDeployError):
    """The environments are not a promotion chain, or the source environment does not run these sources."""


@dataclass(frozen=True)
class DeployedWorkflow:
    """What one workflow runs in an environment, as far as promotion cares."""

    workflow: str
    state_machine_name: str
    exists: bool
    version: int | None = None  # the version its alias serves; None without alias
    rollout_in_progress: bool = False
    provenance: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True)
class WorkflowCheck:
    workflow: str
    ok: bool
    local: Provenance
    deployed: DeployedWorkflow | None
    problem: str = ""  # why promotion is refused, with what to do


@dataclass(frozen=True)
class PromotionCheck:
    source: str
    target: str
    workflows: tuple[WorkflowCheck, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.workflows)

    @property
    def refused(self) -> tuple[WorkflowCheck, ...]:
        return tuple(check for check in self.workflows if not check.ok)


def check_chain(source: str, target_env: Environment) -> None:
    """Refuse unless the target's environment file says it is promoted from ``source``."""
    configured = target_env.promoted_from
    if configured == source:
        return
    where = f"environments/{target_env.path.name}"
    if configured is None:
        raise PromotionRefused(
            f"environment '{target_env.name}' is not promoted from any environment",
            hint=f"add 'promoted_from: {source}' to {where} if '{source}' → '{target_env.name}' is intended",
        )
    raise PromotionRefused(
        f"environment '{target_env.name}' is promoted from '{configured}', not from '{source}'",
        hint=f"run 'sfndeploy promote --from {configured} --to {target_env.name}', or change promoted_from in {where}",
    )


def read_deployed(api: AwsApi, wf: DesiredWorkflow) -> DeployedWorkflow:
    try:
        api.call("stepfunctions", "DescribeStateMachine", target=wf.arn, stateMachineArn=wf.arn)
    except AwsCallError as error:
        if is_not_found(error):
            return DeployedWorkflow(wf.name, wf.state_machine_name, exists=False)
        raise
    tags = tag_dict(api.call("stepfunctions", "ListTagsForResource", target=wf.arn, resourceArn=wf.arn).get("tags", []))
    alias = describe_alias(api, str(wf.alias_arn)) if wf.alias else None
    if alias is None or not alias.routing:
        return DeployedWorkflow(wf.name, wf.state_machine_name, True, provenance=from_tags(tags))
    state = decode_state(alias.description)
    busy = len(alias.routing) > 1 or (state is not None and state.active)
    version = describe_version(api, wf.arn, alias.serving)
    provenance = served_provenance(version.provenance if version is not None else Provenance(), from_tags(tags))
    return DeployedWorkflow(wf.name, wf.state_machine_name, True, alias.serving, busy, provenance)


def served_provenance(version: Provenance, tags: Provenance) -> Provenance:
    """The served version's provenance, with the sources hash from the tags when they speak for it.

    A sources change that leaves the definition as it was (a comment, a branch for another
    environment) publishes no version; apply only re-tags the state machine. The tags' sources hash
    holds for the served version when the tagged definition hash is that version's.
    """
    if not version.known:
        return tags
    same_definition = bool(version.definition_hash) and tags.definition_hash.startswith(version.definition_hash)
    if tags.sources_hash and same_definition:
        return replace(version, sources_hash=tags.sources_hash)
    return version


def local_provenance(wf: DesiredWorkflow) -> Provenance:
    """What a deployment of the local sources would record (``load_target`` wrote it already)."""
    return parse_description(wf.version_description)


def revision_relation(project_dir: Path, deployed: str, local: str) -> str:
    """``same``, ``behind`` (deployed is an ancestor of local), ``ahead``, ``diverged`` or ``unknown``."""
    if not deployed or not local or deployed == "unknown" or local == "unknown":
        return "unknown"
    if deployed.startswith(local) or local.startswith(deployed):
        return "same"
    if _is_ancestor(project_dir, deployed, local):
        return "behind"
    if _is_ancestor(project_dir, local, deployed):
        return "ahead"
    if _commit_exists(project_dir, deployed):
        return "diverged"
    return "unknown"


def _git(project_dir: Path, *args: str) -> int:
    try:
        found = subprocess.run(["git", *args], cwd=project_dir, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return -1
    return found.returncode


def _is_ancestor(project_dir: Path, older: str, newer: str) -> bool:
    return _git(project_dir, "merge-base", "--is-ancestor", older, newer) == 0


def _commit_exists(project_dir: Path, revision: str) -> bool:
    return _git(project_dir, "cat-file", "-e", f"{revision}^{{commit}}") == 0


def _mismatch(source: str, wf: str, deployed: Provenance, local: Provenance, relation: str) -> str:
    running = f"{source} runs {wf} from sources {deployed.sources_hash[:12]} (commit {deployed.revision or '?'})"
    mine = f"your checkout has sources {local.sources_hash[:12]} (commit {local.revision or '?'})"
    if relation == "behind":
        advice = f"{source} is behind your checkout; deploy there first: sfndeploy apply -e {source}"
    elif relation == "ahead":
        advice = (
            f"{source} is ahead of your checkout; check out {deployed.revision} (or pull) and promote again"
        )
    elif relation == "same":
        advice = (
            "same commit, different sources: the working tree has uncommitted changes to this workflow's "
            f"templates; commit or discard them, or deploy them to {source} first"
        )
    elif relation == "diverged":
        advice = f"the two commits diverged; merge, deploy to {source}, then promote"
    else:
        advice = f"deploy your checkout to {source} first, or check out the commit {source} runs"
    return f"{running}, {mine}: {advice}"


def check_workflow(
    project_dir: Path, source: str, source_wf: DesiredWorkflow, deployed: DeployedWorkflow
) -> WorkflowCheck:
    local = local_provenance(source_wf)
    name = source_wf.name

    def refuse(problem: str) -> WorkflowCheck:
        return WorkflowCheck(name, False, local, deployed, problem)

    if not deployed.exists:
        return refuse(
            f"{name} is not deployed in {source} (no state machine {deployed.state_machine_name}); "
            f"deploy it there first: sfndeploy apply -e {source}"
        )
    if deployed.rollout_in_progress:
        return refuse(
            f"{source} is still rolling out {name}; finish it first: sfndeploy rollout continue -e {source} {name}"
        )
    if not deployed.provenance.known:
        return refuse(
            f"the {name} version {source} serves records no sources hash (not deployed by sfndeploy?); "
            f"deploy it with: sfndeploy apply -e {source}"
        )
    if not deployed.provenance.matches_sources(local.sources_hash):
        relation = revision_relation(project_dir, deployed.provenance.revision, local.revision)
        return refuse(_mismatch(source, name, deployed.provenance, local, relation))
    return WorkflowCheck(name, True, local, deployed)


def check_promotion(
    project_dir: Path,
    source: DesiredState,
    target: DesiredState,
    source_api: AwsApi,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> PromotionCheck:
    """Check every workflow of ``target`` against what ``source`` runs; the chain is checked before."""
    by_name = {wf.name: wf for wf in source.workflows}
    missing = [wf.name for wf in target.workflows if wf.name not in by_name]
    if missing:
        raise PromotionRefused(f"workflow '{missing[0]}' does not render in environment '{source.environment}'")
    sources = [by_name[wf.name] for wf in target.workflows]
    deployed = parallel_map(lambda wf: read_deployed(source_api, wf), sources, concurrency)
    pairs = zip(sources, deployed, strict=True)
    checks = (check_workflow(project_dir, source.environment, wf, live) for wf, live in pairs)
    return PromotionCheck(source.environment, target.environment, tuple(checks))


def promoted_desired(target: DesiredState, source: str) -> DesiredState:
    """The target's desired state, its version descriptions also naming the source environment."""
    workflows = tuple(
        replace(wf, version_description=with_promotion(wf.version_description, source)) for wf in target.workflows
    )
    return replace(target, workflows=workflows)
