"""Builders of rendered workflows and desired states for plan and AWS tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sfndeploy.model import Environment, LoggingConfig, Naming, RenderedWorkflow, RoleSpec
from sfndeploy.plan.desired import DesiredState, desired_state
from sfndeploy.sourcemap import SourceMap

ACCOUNT = "123456789012"
REGION = "us-east-1"


def environment(name: str = "dev", prefix: str = "", lock: dict[str, Any] | None = None, **extra: Any) -> Environment:
    return Environment(
        name=name,
        region=REGION,
        account_id=ACCOUNT,
        path=Path(f"environments/{name}.yaml"),
        naming=Naming(prefix=prefix),
        lock=lock or {},
        **extra,
    )


def definition(*, attempts: int = 3, next_after_validate: str = "Charge", comment: str = "orders") -> dict[str, Any]:
    return {
        "Comment": comment,
        "StartAt": "ValidateOrder",
        "States": {
            "ValidateOrder": {"Type": "Pass", "Next": next_after_validate},
            "CheckStock": {"Type": "Pass", "Next": "Charge"},
            "Charge": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": attempts}],
                "End": True,
            },
        },
    }


LAMBDA_STATEMENT = {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}


def workflow(
    name: str = "orders",
    env: Environment | None = None,
    *,
    wf_type: str = "STANDARD",
    body: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
    statements: tuple[Any, ...] = (LAMBDA_STATEMENT,),
    alias: str | None = "live",
    role_arn: str | None = None,
    logging: LoggingConfig | None = None,
    tracing: bool = False,
) -> RenderedWorkflow:
    env = env or environment()
    return RenderedWorkflow(
        name=name,
        state_machine_name=env.naming.apply(name),
        type=wf_type,
        definition=body if body is not None else definition(),
        spec_path=Path(f"workflows/{name}.yaml"),
        source_map=SourceMap.empty(),
        definition_pointer="/definition",
        environment=env,
        role=RoleSpec(arn=role_arn, statements=statements),
        tags=tags or {},
        alias=alias,
        logging=logging or LoggingConfig(),
        tracing=tracing,
    )


def desired(*workflows: RenderedWorkflow, project: str = "shop", env: Environment | None = None) -> DesiredState:
    env = env or (workflows[0].environment if workflows else environment())
    return desired_state(list(workflows), project, env, "abc123")
