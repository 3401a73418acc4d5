"""What a desired state read from a plan file must satisfy before anything is computed from it.

The file is an artifact anyone with write access to a pipeline's storage could edit, so its desired
state gets the checks the sources would have had: it must be for the environment file's account,
region, partition, naming and lock; every name, ARN and ownership tag must belong to the plan's
project and environment; every definition must validate; the trust policy must be the one
sfndeploy derives; and no policy may
carry a broad grant unless the file is signed (only the plan job, which validated the sources and
their ``allow_broad`` markers, holds the signing key).
"""

from __future__ import annotations

import re
from typing import Any

from sfndeploy.errors import PlanError, SourceLocation
from sfndeploy.iam import IamContext
from sfndeploy.iam.broad import broad_grants
from sfndeploy.iam.features import trust_policy
from sfndeploy.model import Environment
from sfndeploy.pipeline import definition_hash
from sfndeploy.plan.desired import (
    ROLE_PATH,
    DesiredRole,
    DesiredState,
    DesiredWorkflow,
    config_hash,
)
from sfndeploy.plan.diff import normalise_policy
from sfndeploy.plan.ownership import owned_by
from sfndeploy.plan.planfile import SavedPlan
from sfndeploy.promote.rollout_machine import rollout_workflow_problem
from sfndeploy.validate import validate_definition

_WORKFLOW_NAME = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
_SIGN_HINT = "sign plans with SFNDEPLOY_PLAN_KEY to apply grants the sources allow with allow_broad"


def check_saved_plan(saved: SavedPlan, environment: Environment) -> None:
    """Raise PlanError (one line) unless the file's desired state is one the sources could have made."""
    desired = saved.desired
    _check_environment(saved, environment)
    names = [workflow.name for workflow in desired.workflows]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _refuse(saved, "workflows", f"name workflow '{repeated[0]}' more than once")
    for workflow in desired.workflows:
        _check_workflow(saved, workflow)
        _check_kinds(saved, workflow)
        problem = rollout_workflow_problem(desired, workflow)
        if problem is not None:
            raise _refuse(saved, f"workflows.{workflow.name}", problem)
        if workflow.role is not None:
            _check_role(saved, workflow, workflow.role)
        elif not workflow.role_arn.startswith(f"arn:{desired.partition}:iam::{desired.account_id}:role/"):
            raise _refuse(saved, f"workflows.{workflow.name}.role_arn", "is not a role of the environment's account")
    _check_adopts(saved)


def _check_kinds(saved: SavedPlan, workflow: DesiredWorkflow) -> None:
    """What each resource kind requires of its items (:meth:`ResourceKind.check_saved`)."""
    from sfndeploy.plan.kinds import all_kinds

    for kind in all_kinds():
        for key, problem in kind.check_saved(saved.desired, workflow):
            raise _refuse(saved, key, problem)


def _check_adopts(saved: SavedPlan) -> None:
    """A reviewed plan adopts only resources of its own workflow, and only when its spec says ``adopt: true``."""
    from sfndeploy.plan.kinds import all_kinds

    by_name = {workflow.name: workflow for workflow in saved.desired.workflows}
    for index, reviewed in enumerate(saved.reviewed["workflows"]):
        adopts = reviewed.get("adopts") if isinstance(reviewed, dict) else None
        if not adopts:
            continue
        key = f"workflows[{index}].adopts"
        workflow = by_name.get(str(reviewed.get("workflow")))
        if not isinstance(adopts, list) or workflow is None or not workflow.adopt:
            problem = "adopt resources of a workflow whose spec does not say adopt: true"
            raise _refuse(saved, key, problem, section="plan")
        allowed = {resource for kind in all_kinds() for resource in kind.adoptable(workflow)}
        for resource in adopts:
            if resource not in allowed:
                problem = f"name {resource!r}, which is no resource of workflow '{workflow.name}' its plan may adopt"
                raise _refuse(saved, key, problem, section="plan")


def _refuse(saved: SavedPlan, key: str, message: str, hint: str | None = None, section: str = "desired") -> PlanError:
    return PlanError(
        f"{message}; nothing was changed",
        location=SourceLocation(str(saved.path)),
        key=f"{section}.{key}",
        hint=hint or "make a new plan with 'sfndeploy plan --out'",
    )


def _check_environment(saved: SavedPlan, env: Environment) -> None:
    desired = saved.desired
    expected = {
        "region": env.region,
        "account_id": env.account_id,
        "partition": env.partition,
        "naming_prefix": env.naming.prefix,
        "naming_suffix": env.naming.suffix,
        "lock": dict(env.lock),
    }
    for key, value in expected.items():
        found = getattr(desired, key)
        if found != value:
            raise _refuse(saved, key, f"is {found!r}, but environment {env.name} says {value!r}")


def _check_workflow(saved: SavedPlan, wf: DesiredWorkflow) -> None:
    desired = saved.desired
    key = f"workflows.{wf.name}"
    if not _WORKFLOW_NAME.match(wf.name):
        raise _refuse(saved, key, "is not a workflow name (letters, digits, '-', '_'; at most 60)")
    machine = f"{desired.naming_prefix}{wf.name}{desired.naming_suffix}"
    if wf.state_machine_name != machine:
        raise _refuse(saved, f"{key}.state_machine_name", f"must be '{machine}' (the environment's naming)")
    arn = f"arn:{desired.partition}:states:{desired.region}:{desired.account_id}:stateMachine:{machine}"
    if wf.arn != arn:
        raise _refuse(saved, f"{key}.arn", f"must be '{arn}'")
    if not owned_by(wf.tags, desired.project, desired.environment, wf.name):
        raise _refuse(saved, f"{key}.tags", f"do not name project '{desired.project}', environment "
                      f"'{desired.environment}' and workflow '{wf.name}' as owner")
    errors = validate_definition(wf.definition, workflow_type=wf.type, name=wf.name).errors
    if errors:
        first = errors[0]
        where = first.pointer or "/"
        problem = f"is not a valid definition ({len(errors)} error(s); first: {first.code} at {where}: {first.message})"
        raise _refuse(saved, f"{key}.definition", problem)
    if wf.definition_hash != definition_hash(wf.definition):
        raise _refuse(saved, f"{key}.definition_hash", "is not the hash of the definition")
    if wf.config_hash != config_hash(wf.definition, wf.role_arn, wf.logging, wf.tracing, wf.encryption):
        raise _refuse(saved, f"{key}.config_hash", "is not the hash of the definition and configuration")


def _check_role(saved: SavedPlan, wf: DesiredWorkflow, role: DesiredRole) -> None:
    desired = saved.desired
    key = f"workflows.{wf.name}.role"
    arn = f"arn:{desired.partition}:iam::{desired.account_id}:role{ROLE_PATH}{role.name}"
    if not _ROLE_NAME.match(role.name) or role.path != ROLE_PATH or role.arn != arn or wf.role_arn != arn:
        raise _refuse(saved, key, f"must be a role under {ROLE_PATH} of the environment's account ({arn})")
    if not owned_by(role.tags, desired.project, desired.environment, wf.name):
        raise _refuse(saved, f"{key}.tags", f"do not name project '{desired.project}', environment "
                      f"'{desired.environment}' and workflow '{wf.name}' as owner")
    if normalise_policy(role.trust_policy) != normalise_policy(_derived_trust_policy(desired, wf)):
        raise _refuse(saved, f"{key}.trust_policy", "is not the trust policy sfndeploy derives for this state machine")
    if not saved.signed:
        _check_grants(saved, f"{key}.policy", role.policy)


def _derived_trust_policy(desired: DesiredState, wf: DesiredWorkflow) -> dict[str, Any]:
    context = IamContext(
        partition=desired.partition,
        region=desired.region,
        account_id=desired.account_id,
        state_machine_name=wf.state_machine_name,
        state_machine_arn=wf.arn,
        workflow_type=wf.type,
    )
    return trust_policy(context)


def _check_grants(saved: SavedPlan, key: str, policy: dict[str, Any]) -> None:
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not all(isinstance(s, dict) for s in statements):
        raise _refuse(saved, f"{key}.Statement", "must be a list of statements")
    for grant in broad_grants(statements):
        raise _refuse(saved, key, f"{grant.code}: {grant.message}, in an unsigned plan file", _SIGN_HINT)
