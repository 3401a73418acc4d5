"""What the operate commands work on: the environment's account, and one deployed workflow in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import make_api
from sfndeploy.model import Environment
from sfndeploy.plan.desired import DesiredWorkflow
from sfndeploy.plan.live import tag_dict
from sfndeploy.plan.ownership import require_owned
from sfndeploy.plan.service import environment_settings, load_target
from sfndeploy.promote.targets import require_deployed


@dataclass(frozen=True)
class OperatedEnvironment:
    project: str
    environment: Environment
    api: AwsApi

    def require_owned_machine(self, state_machine_arn: str, state_machine_name: str) -> None:
        """Refuse unless the state machine carries this project's and environment's ownership tags."""
        found = self.api.call(
            "stepfunctions", "ListTagsForResource", target=state_machine_arn, resourceArn=state_machine_arn
        )
        tags = tag_dict(found.get("tags", []))
        require_owned(tags, "state machine", state_machine_name, self.project, self.environment.name)


@dataclass(frozen=True)
class OperatedWorkflow:
    workflow: DesiredWorkflow
    environment: Environment
    api: AwsApi

    @property
    def start_arn(self) -> str:
        """Where executions start: the alias when the spec has one, else the state machine."""
        return self.workflow.alias_arn or self.workflow.arn

    @property
    def express(self) -> bool:
        return self.workflow.type.upper() == "EXPRESS"


def open_environment(project_dir: Path, env_name: str, *, profile: str | None = None) -> OperatedEnvironment:
    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    return OperatedEnvironment(project.name, env, make_api(environment_settings(env, profile=profile)))


def open_workflow(project_dir: Path, env_name: str, name: str, *, profile: str | None = None) -> OperatedWorkflow:
    """The workflow as the sources name it in ``env_name``; refused unless it is deployed there."""
    target = load_target(project_dir, env_name, [name], profile=profile)
    (workflow,) = target.desired.workflows
    api = make_api(target.settings)
    require_deployed(api, workflow, env_name)
    return OperatedWorkflow(workflow, target.environment, api)
