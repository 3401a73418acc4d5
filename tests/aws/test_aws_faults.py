"""Interrupted, throttled and eventually-consistent applies converge when run again."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from aws_doubles import FaultyApi, inject_error_responses, json_error, no_sleep, query_error
from botocore.awsrequest import AWSResponse
from plan_factory import LAMBDA_STATEMENT, definition, desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import compute_plan


def apply(api: AwsApi, state: DesiredState, executor_api: AwsApi | None = None, prune: bool = False) -> int:
    plan = compute_plan(api, state, PlanOptions(prune=prune))
    return AwsExecutor(executor_api or api, sleep=no_sleep).execute(plan).calls


def inventory(api: AwsApi, prefix: str) -> tuple[list[str], list[str], dict[str, int]]:
    """Every state machine and role named with ``prefix``, and each machine's alias count."""
    machines = [
        m for m in api.pages("stepfunctions", "ListStateMachines", "stateMachines") if m["name"].startswith(prefix)
    ]
    roles = sorted(r["RoleName"] for r in api.pages("iam", "ListRoles", "Roles") if r["RoleName"].startswith(prefix))
    aliases = {
        m["name"]: len(list(api.pages(
            "stepfunctions", "ListStateMachineAliases", "stateMachineAliases", stateMachineArn=m["stateMachineArn"]
        )))
        for m in machines
    }
    return sorted(m["name"] for m in machines), roles, aliases


def _scenarios() -> list[str]:
    return ["create", "update", "prune"]


def _states(kind: str, env_name: str) -> tuple[DesiredState | None, DesiredState, bool]:
    env = environment(env_name, prefix=f"{env_name}-")
    if kind == "create":
        return None, desired(workflow("orders", env, tags={"team": "a"})), False
    if kind == "update":
        before = desired(workflow("orders", env, tags={"team": "a"}))
        extra = {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
        after = desired(
            workflow(
                "orders", env, tags={"team": "b"}, body=definition(attempts=6), statements=(LAMBDA_STATEMENT, extra)
            )
        )
        return before, after, False
    before = desired(workflow("orders", env), workflow("refunds", env))
    return before, desired(workflow("orders", env)), True


WRITE_COUNTS = {"create": 5, "update": 5, "prune": 4}
_names = itertools.count()


@pytest.mark.parametrize("kind", _scenarios())
def test_scenarios_write_the_expected_number_of_calls(api: AwsApi, kind: str) -> None:
    name = f"w{kind}{next(_names)}"
    before, after, prune = _states(kind, name)
    if before is not None:
        apply(api, before)
    assert apply(api, after, prune=prune) == WRITE_COUNTS[kind]


@pytest.mark.parametrize(
    ("kind", "fail_at", "when"),
    [(k, n, w) for k in _scenarios() for n in range(1, WRITE_COUNTS[k] + 1) for w in ("before", "after")],
)
def test_a_fault_at_any_call_then_a_reapply_converges_with_nothing_orphaned(
    api: AwsApi, kind: str, fail_at: int, when: str
) -> None:
    name = f"f{kind}{fail_at}{when[0]}{next(_names)}"
    before, after, prune = _states(kind, name)
    if before is not None:
        apply(api, before)

    with pytest.raises(AwsCallError, match="injected fault"):
        apply(api, after, FaultyApi(fail_at, when), prune=prune)
    apply(api, after, prune=prune)

    final = compute_plan(api, after, PlanOptions(prune=prune))
    assert not final.has_changes, [w.changes for w in final.changed]
    machines, roles, aliases = inventory(api, f"{name}-")
    expected = [w.state_machine_name for w in after.workflows]
    assert machines == expected
    assert roles == [f"{m}-role" for m in expected]
    assert aliases == dict.fromkeys(expected, 1)


def test_throttling_on_a_third_of_the_calls_is_retried(moto_endpoint: str, unique: str) -> None:
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    calls = itertools.count(1)

    def every_third(error: AWSResponse) -> Callable[[str], AWSResponse | None]:
        return lambda operation: error if next(calls) % 3 == 0 else None

    injected_sfn = inject_error_responses(
        api, "stepfunctions", every_third(json_error("ThrottlingException", "Rate exceeded"))
    )
    injected_iam = inject_error_responses(api, "iam", every_third(query_error("Throttling", "Rate exceeded")))
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env), workflow("refunds", env))

    apply(api, state)

    assert len(injected_sfn) + len(injected_iam) >= 5
    assert not compute_plan(api, state).has_changes


def test_iam_propagation_error_on_the_first_two_creates_is_retried(api: AwsApi, unique: str) -> None:
    message = (
        "Neither the global service principal states.amazonaws.com, nor the regional one is authorized "
        "to assume the provided role."
    )
    remaining = iter([True, True])
    injected = inject_error_responses(
        api,
        "stepfunctions",
        lambda op: json_error("AccessDeniedException", message)
        if op == "CreateStateMachine" and next(remaining, False)
        else None,
    )
    delays: list[float] = []
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env))

    plan = compute_plan(api, state)
    AwsExecutor(api, sleep=delays.append).execute(plan)

    assert injected == ["CreateStateMachine", "CreateStateMachine"]
    assert delays == [2.0, 4.0]
    assert not compute_plan(api, state).has_changes


def test_iam_propagation_retries_are_bounded(api: AwsApi, unique: str) -> None:
    message = "Neither the global service principal states.amazonaws.com, nor the regional one is authorized"
    denied = json_error("AccessDeniedException", message)
    inject_error_responses(api, "stepfunctions", lambda op: denied if op == "CreateStateMachine" else None)
    env = environment(unique, prefix=f"{unique}-")
    plan = compute_plan(api, desired(workflow("orders", env)))
    with pytest.raises(AwsCallError, match=r"apply stopped at step 4/5 of workflow 'orders'.*run apply again"):
        AwsExecutor(api, sleep=no_sleep, retry_attempts=3).execute(plan)


def test_access_denied_on_one_call_says_what_and_where(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    state = desired(workflow("orders", env))
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, state))
    denied = json_error("AccessDeniedException", "User: ci is not authorized to perform: states:DescribeStateMachine")
    inject_error_responses(api, "stepfunctions", lambda op: denied if op == "DescribeStateMachine" else None)

    with pytest.raises(AwsCallError) as caught:
        compute_plan(api, state)

    text = str(caught.value)
    assert text.startswith(f"DescribeStateMachine on {state.workflow('orders').arn} failed: AccessDeniedException")
    assert "grant this permission" in text


def test_a_role_left_without_its_state_machine_is_pruned(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    with pytest.raises(AwsCallError, match="injected fault"):
        apply(api, desired(workflow("refunds", env)), FaultyApi(2, "after"))
    remaining = desired(workflow("orders", env))

    kept = compute_plan(api, remaining, PlanOptions(prune=True))
    assert [(w.workflow, w.action) for w in kept.workflows] == [("orders", "create"), ("refunds", "delete")]
    apply(api, remaining, prune=True)

    assert inventory(api, f"{unique}-")[:2] == ([f"{unique}-orders"], [f"{unique}-orders-role"])
    assert f"role {unique}-refunds-role" not in compute_plan(api, remaining).kept_orphans
