"""The environment's rollout workflow as a resource sfndeploy deploys: one state machine and its role.

An environment whose canary or linear rollouts run on Step Functions (``deploy.rollout:
stepfunctions``, the default) gets one more workflow in its desired state, named after the project
(``sfndeploy-rollout-<project>``, with the environment's naming prefix and suffix around it like
every workflow). It is planned, applied, tagged, drift-checked and pruned like the project's own
workflows, so a copy changed or deleted by hand shows in ``plan`` and ``drift`` and ``apply``
puts it back before it starts a rollout. Its role may only:

* read and update the aliases, and read the versions, of this environment's state machines
  (``stateMachine:<prefix>*<suffix>:*``; without a naming prefix or suffix that is every state
  machine of the environment's account and region);
* list the executions of those state machines and their versions;
* read CloudWatch alarms (``DescribeAlarms``) of the account and region.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sfndeploy.errors import ConfigError
from sfndeploy.iam.features import trust_policy
from sfndeploy.iam.model import IamContext
from sfndeploy.model import Environment
from sfndeploy.pipeline import definition_hash
from sfndeploy.plan.desired import (
    INLINE_POLICY_NAME,
    ROLE_PATH,
    TAG_CONFIG_HASH,
    TAG_DEFINITION_HASH,
    TAG_ENVIRONMENT,
    TAG_POLICY_HASH,
    TAG_PROJECT,
    TAG_TAGS_HASH,
    TAG_WORKFLOW,
    DesiredRole,
    DesiredState,
    DesiredWorkflow,
    config_hash,
    policy_hash,
    tags_hash,
)
from sfndeploy.plan.hashing import sha256_of
from sfndeploy.promote.policy import policy_of
from sfndeploy.promote.workflow_asl import rollout_definition

ROLLOUT_NAME_PREFIX = "sfndeploy-rollout-"
LOGGING_OFF: dict[str, Any] = {"level": "OFF", "includeExecutionData": False}
ENCRYPTION: dict[str, Any] = {"type": "AWS_OWNED_KEY"}


def rollout_workflow_name(project: str) -> str:
    """``sfndeploy-rollout-<project>``, in the characters and length a workflow name allows."""
    name = re.sub(r"[^A-Za-z0-9_-]", "-", f"{ROLLOUT_NAME_PREFIX}{project}", flags=re.ASCII)
    return name if len(name) <= 60 else f"{name[:47]}-{sha256_of(name)[:12]}"


def rollout_state_machine_arn(desired: DesiredState) -> str:
    name = f"{desired.naming_prefix}{rollout_workflow_name(desired.project)}{desired.naming_suffix}"
    return f"arn:{desired.partition}:states:{desired.region}:{desired.account_id}:stateMachine:{name}"


def is_rollout_workflow(desired: DesiredState, workflow: DesiredWorkflow) -> bool:
    return workflow.name == rollout_workflow_name(desired.project)


def rollout_role_policy(desired: DesiredState) -> dict[str, Any]:
    """Least privilege for shifting this environment's aliases and watching the new versions."""
    states = f"arn:{desired.partition}:states:{desired.region}:{desired.account_id}:stateMachine:"
    machines = f"{states}{desired.naming_prefix}*{desired.naming_suffix}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ShiftAliases",
                "Effect": "Allow",
                "Action": ["states:DescribeStateMachineAlias", "states:UpdateStateMachineAlias"],
                "Resource": f"{machines}:*",
            },
            {
                "Sid": "CountExecutionsOfVersions",
                "Effect": "Allow",
                "Action": "states:ListExecutions",
                "Resource": [machines, f"{machines}:*"],
            },
            {
                "Sid": "ReadAlarms",
                "Effect": "Allow",
                "Action": "cloudwatch:DescribeAlarms",
                "Resource": f"arn:{desired.partition}:cloudwatch:{desired.region}:{desired.account_id}:alarm:*",
            },
        ],
    }


def _role_name(state_machine_name: str) -> str:
    name = f"{state_machine_name}-role"
    return name if len(name) <= 64 else f"{state_machine_name[:47]}-{sha256_of(state_machine_name)[:11]}-role"


def rollout_workflow(desired: DesiredState, environment: Environment) -> DesiredWorkflow:
    """The rollout workflow of ``desired``'s environment, tagged and hashed like any workflow."""
    name = rollout_workflow_name(desired.project)
    arn = rollout_state_machine_arn(desired)
    machine = arn.rsplit(":", 1)[-1]
    ownership = {TAG_PROJECT: desired.project, TAG_ENVIRONMENT: desired.environment, TAG_WORKFLOW: name}
    context = IamContext(desired.partition, desired.region, desired.account_id, machine, arn, "STANDARD")
    trust, policy = trust_policy(context), rollout_role_policy(desired)
    hashed = policy_hash(trust, {INLINE_POLICY_NAME: policy}, None)
    role_name = _role_name(machine)
    role = DesiredRole(
        name=role_name,
        arn=f"arn:{desired.partition}:iam::{desired.account_id}:role{ROLE_PATH}{role_name}",
        path=ROLE_PATH,
        trust_policy=trust,
        policy=policy,
        permissions_boundary=None,
        tags={**environment.tags, **ownership, TAG_POLICY_HASH: hashed},
    )
    definition = rollout_definition()
    visible = {**environment.tags, **ownership}
    def_hash = definition_hash(definition)
    cfg_hash = config_hash(definition, role.arn, LOGGING_OFF, False, ENCRYPTION)
    return DesiredWorkflow(
        name=name,
        state_machine_name=machine,
        arn=arn,
        type="STANDARD",
        definition=definition,
        role_arn=role.arn,
        role=role,
        logging=dict(LOGGING_OFF),
        tracing=False,
        encryption=dict(ENCRYPTION),
        tags={**visible, TAG_DEFINITION_HASH: def_hash, TAG_CONFIG_HASH: cfg_hash, TAG_TAGS_HASH: tags_hash(visible)},
        alias=None,
        publish=False,
        version_description="",
        definition_hash=def_hash,
        config_hash=cfg_hash,
    )


def with_rollout_workflow(desired: DesiredState, environment: Environment) -> DesiredState:
    """``desired`` plus the rollout workflow when the environment's rollouts run on Step Functions."""
    if not policy_of(environment).on_step_functions:
        return desired
    extra = rollout_workflow(desired, environment)
    if any(workflow.name == extra.name for workflow in desired.workflows):
        raise ConfigError(
            f"the workflow name '{extra.name}' is reserved for the environment's rollout workflow",
            key="name",
            hint="rename the workflow, or set deploy.rollout: client in the environment file",
        )
    return replace(desired, workflows=tuple(sorted((*desired.workflows, extra), key=lambda w: w.name)))


def rollout_workflow_problem(desired: DesiredState, workflow: DesiredWorkflow) -> str | None:
    """For a saved plan: why ``workflow``, named as the rollout workflow, is not the one sfndeploy
    generates for the environment (its definition or its role's rights differ); None when it is."""
    if not is_rollout_workflow(desired, workflow):
        return None
    if workflow.definition != rollout_definition():
        return "has another definition than the rollout workflow sfndeploy generates"
    if workflow.role is None or workflow.role.policy != rollout_role_policy(desired):
        return "grants its role other rights than the rollout workflow's"
    return None
