"""Building definitions and reading derived policies in IAM tests."""

from __future__ import annotations

from typing import Any

from sfndeploy.iam import DerivedIam, IamContext, derive_iam

ACCOUNT = "123456789012"
REGION = "eu-west-1"
MACHINE = "orders-dev"
MACHINE_ARN = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{MACHINE}"


def context(**overrides: Any) -> IamContext:
    values: dict[str, Any] = {
        "partition": "aws",
        "region": REGION,
        "account_id": ACCOUNT,
        "state_machine_name": MACHINE,
        "state_machine_arn": MACHINE_ARN,
        "workflow_type": "STANDARD",
    }
    values.update(overrides)
    return IamContext(**values)


def task(
    resource: str, *, params: dict[str, Any] | None = None, arguments: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task", "Resource": resource, "End": True}
    if params is not None:
        state["Parameters"] = params
    if arguments is not None:
        state["Arguments"] = arguments
    state.update(extra)
    return state


def machine(**states: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


def derive_task(resource: str, **kwargs: Any) -> DerivedIam:
    ctx = kwargs.pop("ctx", None) or context()
    return derive_iam(machine(Call=task(resource, **kwargs)), ctx)


def grants(derived: DerivedIam) -> set[tuple[str, str, str]]:
    """Every (action, resource, condition-repr) triple the policy allows: order-free comparison."""
    found = set()
    for statement in derived.policy["Statement"]:
        assert statement["Effect"] == "Allow"
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        condition = repr(statement.get("Condition", ""))
        for action in actions:
            for resource in resources:
                found.add((action, resource, condition))
    return found


def allowed(derived: DerivedIam) -> set[tuple[str, str]]:
    """(action, resource) pairs, ignoring conditions."""
    return {(action, resource) for action, resource, _ in grants(derived)}


def arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"
