"""Loading what the promotion commands work on: environments and one workflow's deployment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import make_api
from sfndeploy.errors import ConfigError
from sfndeploy.model import Environment
from sfndeploy.plan.desired import DesiredWorkflow
from sfndeploy.plan.service import Target, load_target
from sfndeploy.promote.deploy import rollout_target
from sfndeploy.promote.policy import RolloutPolicy, policy_of, watching_own_alarms
from sfndeploy.promote.rollout import RolloutError, RolloutTarget
from sfndeploy.promote.versions import is_not_found, require_managed


def load_environment(project_dir: Path, env_name: str) -> Environment:
    return pipeline.load_environment(pipeline.load_project(project_dir), env_name)


@dataclass(frozen=True)
class WorkflowDeployment:
    """One workflow in one environment: its desired model, its alias and the environment's policy."""

    target: Target
    workflow: DesiredWorkflow
    policy: RolloutPolicy
    api: AwsApi

    @property
    def rollout(self) -> RolloutTarget:
        return rollout_target(self.workflow)


def open_workflow(
    project_dir: Path, env_name: str, workflow: str, *, profile: str | None = None, region: str | None = None
) -> WorkflowDeployment:
    target = load_target(project_dir, env_name, [workflow], profile=profile, region=region)
    (desired,) = target.desired.workflows
    if not desired.alias:
        raise ConfigError(
            f"workflow '{desired.name}' has no alias, so it has no traffic to shift or roll back",
            key="alias",
            hint="give the workflow spec an 'alias:' (for example 'alias: live')",
        )
    api = make_api(target.settings)
    require_deployed(api, desired, env_name)
    policy = watching_own_alarms(policy_of(target.environment), target.desired)
    deployment = WorkflowDeployment(target, desired, policy, api)
    require_managed(api, desired.arn, deployment.rollout.owner)
    return deployment


def require_deployed(api: AwsApi, workflow: DesiredWorkflow, env_name: str) -> None:
    try:
        api.call("stepfunctions", "DescribeStateMachine", target=workflow.arn, stateMachineArn=workflow.arn)
    except AwsCallError as error:
        if is_not_found(error):
            raise RolloutError(
                f"workflow '{workflow.name}' is not deployed in {env_name} (no state machine "
                f"{workflow.state_machine_name})",
                hint=f"deploy it first: sfndeploy apply -e {env_name}",
            ) from None
        raise


def open_targets(
    project_dir: Path, env_name: str, names: Sequence[str], *, profile: str | None = None
) -> tuple[Target, AwsApi]:
    target = load_target(project_dir, env_name, names, profile=profile)
    return target, make_api(target.settings)
