"""The desired state of one environment, derived from its rendered workflows.

Every resource sfndeploy manages carries ownership tags (:data:`OWNERSHIP_KEYS`) and hashes of
what was written, so a later run can tell its own resources from anyone else's and notice edits
made outside sfndeploy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sfndeploy import pipeline
from sfndeploy.model import JSON, Environment, RenderedWorkflow
from sfndeploy.plan.diff import normalise_policy
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.plan.ownership import OWNERSHIP_KEYS as OWNERSHIP_KEYS
from sfndeploy.plan.ownership import TAG_ENVIRONMENT as TAG_ENVIRONMENT
from sfndeploy.plan.ownership import TAG_PROJECT as TAG_PROJECT
from sfndeploy.plan.ownership import TAG_WORKFLOW as TAG_WORKFLOW

if TYPE_CHECKING:
    from sfndeploy.triggers.resources import DesiredTriggers

TAG_DEFINITION_HASH = "sfndeploy:definition-hash"
TAG_CONFIG_HASH = "sfndeploy:config-hash"
TAG_POLICY_HASH = "sfndeploy:policy-hash"
TAG_TAGS_HASH = "sfndeploy:tags-hash"
TAG_SOURCES_HASH = "sfndeploy:sources-hash"  # spec and templates: what promotion compares
HASH_TAGS = ("sfndeploy:definition-hash", "sfndeploy:config-hash", TAG_POLICY_HASH, TAG_TAGS_HASH, TAG_SOURCES_HASH)
ROLE_PATH = "/sfndeploy/"
INLINE_POLICY_NAME = "sfndeploy-workflow"
ALIAS_DESCRIPTION_PREFIX = "sfndeploy config "


@dataclass(frozen=True)
class DesiredRole:
    name: str
    arn: str
    path: str
    trust_policy: JSON
    policy: JSON
    permissions_boundary: str | None
    tags: dict[str, str]

    @property
    def policy_hash(self) -> str:
        return policy_hash(self.trust_policy, {INLINE_POLICY_NAME: self.policy}, self.permissions_boundary)


@dataclass(frozen=True)
class DesiredWorkflow:
    """One state machine (and its role and alias) as the sources want it."""

    name: str
    state_machine_name: str
    arn: str
    type: str
    definition: JSON
    role_arn: str
    role: DesiredRole | None  # None: an existing role named by ARN, not managed here
    logging: dict[str, Any]
    tracing: bool
    encryption: dict[str, Any]
    tags: dict[str, str]
    alias: str | None
    publish: bool
    version_description: str
    definition_hash: str
    config_hash: str
    adopt: bool = False  # the spec asks apply to adopt an untagged machine or rule of exactly its name
    log_group_name: str | None = None  # a log group sfndeploy creates if missing (never deletes: logs are data)
    # By resource kind name: the desired items of the kinds in sfndeploy.plan.kinds beyond the above.
    resources: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    @property
    def alias_arn(self) -> str | None:
        return f"{self.arn}:{self.alias}" if self.alias else None

    @property
    def alias_description(self) -> str:
        return ALIAS_DESCRIPTION_PREFIX + self.config_hash


@dataclass(frozen=True)
class DesiredState:
    project: str
    environment: str
    region: str
    account_id: str
    partition: str
    naming_prefix: str
    naming_suffix: str
    workflows: tuple[DesiredWorkflow, ...]
    lock: dict[str, JSON] = field(default_factory=dict)
    # True when only some workflows were selected (--workflow): nothing else may look orphaned.
    partial: bool = False
    triggers: tuple[DesiredTriggers, ...] = ()  # per workflow with triggers: invoke roles, schedule group, schedules
    schedule_group: str = ""  # the environment's schedule group (<project>-<environment>)

    def workflow(self, name: str) -> DesiredWorkflow:
        return next(w for w in self.workflows if w.name == name)


def policy_hash(trust_policy: JSON, policies: dict[str, JSON], boundary: str | None) -> str:
    normal = {name: normalise_policy(doc) for name, doc in policies.items()}
    return sha256_of({"trust": normalise_policy(trust_policy), "policies": normal, "boundary": boundary})


def tags_hash(tags: dict[str, str]) -> str:
    """Hash of the tags a user sees (not the hash tags), recorded so drift can notice tag edits."""
    return sha256_of({k: v for k, v in tags.items() if k not in HASH_TAGS and not k.startswith("aws:")})


def config_hash(definition: JSON, role_arn: str, logging: JSON, tracing: bool, encryption: JSON) -> str:
    """What a published version captures: the definition and the state machine's configuration."""
    return sha256_of(
        {"definition": definition, "role": role_arn, "logging": logging, "tracing": tracing,
         "enc": encryption}
    )


def default_trust_policy(env: Environment) -> JSON:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "states.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": env.account_id}},
            }
        ],
    }


def _role_name(workflow: RenderedWorkflow) -> str:
    if workflow.role.name:
        return workflow.role.name
    name = f"{workflow.state_machine_name}-role"
    if len(name) <= 64:
        return name
    return f"{workflow.state_machine_name[:47]}-{sha256_of(workflow.state_machine_name)[:11]}-role"


def _derived_iam(workflow: RenderedWorkflow) -> tuple[JSON, JSON]:
    """Trust and inline policy: from the IAM derivation when the render carries it."""
    derived = getattr(workflow, "iam", None)
    if derived is not None:
        return derived.trust_policy, derived.policy
    statements = list(workflow.role.statements)
    policy = {"Version": "2012-10-17", "Statement": statements}
    return default_trust_policy(workflow.environment), policy


def _desired_role(workflow: RenderedWorkflow, ownership: dict[str, str]) -> DesiredRole | None:
    if not workflow.role.generated:
        return None
    env = workflow.environment
    name = _role_name(workflow)
    trust, policy = _derived_iam(workflow)
    boundary = workflow.role.permissions_boundary
    hashed = policy_hash(trust, {INLINE_POLICY_NAME: policy}, boundary)
    tags = {**env.tags, **workflow.role.tags, **ownership, TAG_POLICY_HASH: hashed}
    return DesiredRole(
        name=name,
        arn=f"arn:{env.partition}:iam::{env.account_id}:role{ROLE_PATH}{name}",
        path=ROLE_PATH,
        trust_policy=trust,
        policy=policy,
        permissions_boundary=boundary,
        tags=tags,
    )


def managed_log_group(workflow: RenderedWorkflow) -> str | None:
    """The log group to create when missing: the one named in the spec, or the default; not one given by ARN."""
    group = workflow.log_group
    return None if group is None or group.startswith("arn:") else group


def desired_logging(workflow: RenderedWorkflow) -> dict[str, Any]:
    config = workflow.logging
    logging: dict[str, Any] = {"level": config.level, "includeExecutionData": config.include_execution_data}
    group_arn = pipeline.log_group_arn(workflow)
    if group_arn is not None:
        logging["destinations"] = [{"cloudWatchLogsLogGroup": {"logGroupArn": group_arn}}]
    return logging


def desired_encryption(workflow: RenderedWorkflow) -> dict[str, Any]:
    key = workflow.encryption.kms_key
    if key is None:
        return {"type": "AWS_OWNED_KEY"}
    return {
        "type": "CUSTOMER_MANAGED_KMS_KEY",
        "kmsKeyId": key,
        "kmsDataKeyReusePeriodSeconds": workflow.encryption.reuse_period_seconds,
    }


def version_description(
    workflow: RenderedWorkflow, definition_hash: str, sources_hash: str, source_revision: str
) -> str:
    """Provenance of a published version; AWS allows 256 characters."""
    text = (
        f"sfndeploy rev={source_revision or 'unknown'} env={workflow.environment.name} "
        f"def={definition_hash[:16]} src={sources_hash[:16]}"
    )
    return text[:256]


def sources_hash(workflow: RenderedWorkflow) -> str:
    try:
        return pipeline.sources_hash(workflow)
    except OSError:
        return "unknown"


def desired_workflow(workflow: RenderedWorkflow, project: str, source_revision: str = "") -> DesiredWorkflow:
    env = workflow.environment
    ownership = {TAG_PROJECT: project, TAG_ENVIRONMENT: env.name, TAG_WORKFLOW: workflow.name}
    role = _desired_role(workflow, ownership)
    role_arn = role.arn if role is not None else str(workflow.role.arn)
    logging = desired_logging(workflow)
    encryption = desired_encryption(workflow)
    def_hash = pipeline.definition_hash(workflow.definition)
    cfg_hash = config_hash(workflow.definition, role_arn, logging, workflow.tracing, encryption)
    visible = {**env.tags, **workflow.tags, **ownership}
    tags = {
        **visible,
        TAG_DEFINITION_HASH: def_hash,
        TAG_CONFIG_HASH: cfg_hash,
        TAG_TAGS_HASH: tags_hash(visible),
    }
    src_hash = sources_hash(workflow)
    if src_hash and src_hash != "unknown":
        tags[TAG_SOURCES_HASH] = src_hash
    core = DesiredWorkflow(
        name=workflow.name,
        state_machine_name=workflow.state_machine_name,
        arn=workflow.state_machine_arn,
        type=workflow.type,
        definition=workflow.definition,
        role_arn=role_arn,
        role=role,
        logging=logging,
        tracing=workflow.tracing,
        encryption=encryption,
        tags=tags,
        alias=workflow.alias,
        publish=workflow.publish or workflow.alias is not None,
        version_description=version_description(workflow, def_hash, sources_hash(workflow), source_revision),
        definition_hash=def_hash,
        config_hash=cfg_hash,
        log_group_name=managed_log_group(workflow),
        adopt=workflow.adopt,
    )
    return _with_kinds(workflow, core)


def _with_kinds(workflow: RenderedWorkflow, core: DesiredWorkflow) -> DesiredWorkflow:
    """The workflow with every resource kind's desired items (kinds with none are left out)."""
    from sfndeploy.plan.kinds import all_kinds  # the kinds import this module's dataclasses

    resources = {}
    for kind in all_kinds():
        items = kind.desire(workflow, core)
        if items:
            resources[kind.name] = items
    return replace(core, resources=resources) if resources else core


def desired_state(
    workflows: Sequence[RenderedWorkflow],
    project: str,
    environment: Environment,
    source_revision: str = "",
    *,
    partial: bool = False,
) -> DesiredState:
    from sfndeploy.triggers.render import schedule_group_name
    from sfndeploy.triggers.resources import desired_triggers

    return DesiredState(
        project=project,
        environment=environment.name,
        region=environment.region,
        account_id=environment.account_id,
        partition=environment.partition,
        naming_prefix=environment.naming.prefix,
        naming_suffix=environment.naming.suffix,
        workflows=tuple(desired_workflow(w, project, source_revision) for w in _sorted(workflows)),
        lock=dict(environment.lock),
        partial=partial,
        triggers=tuple(desired_triggers(w, project) for w in _sorted(workflows) if w.triggers or w.notifications),
        schedule_group=schedule_group_name(project, environment.name),
    )


def _sorted(workflows: Iterable[RenderedWorkflow]) -> list[RenderedWorkflow]:
    return sorted(workflows, key=lambda w: w.name)
