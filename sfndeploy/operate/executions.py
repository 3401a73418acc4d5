"""Starting, waiting for, listing, stopping and redriving executions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.operate.arns import ExecutionRef
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.targets import OperatedEnvironment

TERMINAL = frozenset({"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"})


@dataclass(frozen=True)
class ExecutionResult:
    """An execution as DescribeExecution (or StartSyncExecution) reports it."""

    arn: str
    status: str
    start: datetime | None
    stop: datetime | None = None
    output: str | None = None
    error: str | None = None
    cause: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    @property
    def seconds(self) -> float | None:
        return (self.stop - self.start).total_seconds() if self.start and self.stop else None


@dataclass(frozen=True)
class ExecutionSummary:
    """One row of ListExecutions."""

    arn: str
    name: str
    status: str
    start: datetime
    stop: datetime | None
    version: int | None  # the version it ran, when AWS says (started through an alias or a version ARN)


def _result(response: dict[str, Any], arn: str) -> ExecutionResult:
    return ExecutionResult(
        arn=str(response.get("executionArn", arn)),
        status=str(response["status"]),
        start=response.get("startDate"),
        stop=response.get("stopDate"),
        output=response.get("output"),
        error=response.get("error"),
        cause=response.get("cause"),
    )


def start_execution(api: AwsApi, target_arn: str, execution_input: Any, name: str | None = None) -> str:
    params: dict[str, Any] = {"stateMachineArn": target_arn, "input": json.dumps(execution_input)}
    if name:
        params["name"] = name
    response = api.call("stepfunctions", "StartExecution", target=target_arn, **params)
    return str(response["executionArn"])


def start_sync_execution(
    api: AwsApi, target_arn: str, execution_input: Any, name: str | None = None
) -> ExecutionResult:
    """An Express execution, run to its end by StartSyncExecution."""
    params: dict[str, Any] = {"stateMachineArn": target_arn, "input": json.dumps(execution_input)}
    if name:
        params["name"] = name
    response = api.call("stepfunctions", "StartSyncExecution", target=target_arn, **params)
    return _result(response, "")


def describe_execution(api: AwsApi, arn: str) -> ExecutionResult:
    return _result(api.call("stepfunctions", "DescribeExecution", target=arn, executionArn=arn), arn)


def wait_for(
    api: AwsApi,
    arn: str,
    *,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    timeout: float | None = None,
    first_delay: float = 1.0,
    longest_delay: float = 20.0,
) -> ExecutionResult:
    """Poll DescribeExecution until the execution ends, doubling the delay up to ``longest_delay``."""
    deadline = None if timeout is None else clock() + timeout
    delay = first_delay
    while True:
        result = describe_execution(api, arn)
        if result.status in TERMINAL:
            return result
        if deadline is not None and clock() + delay > deadline:
            raise OperateError(
                f"execution {arn} is still {result.status} after {timeout:g} s",
                hint="it keeps running; follow it with 'sfndeploy history'",
            )
        sleep(delay)
        delay = min(delay * 2, longest_delay)


def _version_of(row: dict[str, Any]) -> int | None:
    version_arn = row.get("stateMachineVersionArn")
    if not version_arn:
        return None
    tail = str(version_arn).rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def list_executions(
    api: AwsApi,
    state_machine_arn: str,
    *,
    status: str | None = None,
    since: datetime | None = None,
    version: int | None = None,
    limit: int | None = None,
) -> list[ExecutionSummary]:
    """Newest first. ``status`` is filtered by AWS, ``since`` here: paging stops at the first older one."""
    listed = f"{state_machine_arn}:{version}" if version is not None else state_machine_arn
    params: dict[str, Any] = {"stateMachineArn": listed}
    if status:
        params["statusFilter"] = status
    found: list[ExecutionSummary] = []
    for row in _rows(api, params, listed):
        start: datetime = row["startDate"]
        if since is not None and start < since:
            break
        found.append(
            ExecutionSummary(
                arn=str(row["executionArn"]),
                name=str(row["name"]),
                status=str(row["status"]),
                start=start,
                stop=row.get("stopDate"),
                version=_version_of(row) if version is None else version,
            )
        )
        if limit is not None and len(found) >= limit:
            break
    return found


def _rows(api: AwsApi, params: dict[str, Any], target: str) -> Iterator[dict[str, Any]]:
    yield from api.pages("stepfunctions", "ListExecutions", "executions", target=target, **params)


def stop_execution(
    operated: OperatedEnvironment, ref: ExecutionRef, *, error: str | None = None, cause: str | None = None
) -> ExecutionResult:
    """Stop a running execution of a state machine this project and environment own."""
    operated.require_owned_machine(ref.state_machine_arn, ref.state_machine_name)
    current = describe_execution(operated.api, ref.arn)
    if current.status in TERMINAL:
        raise OperateError(f"execution '{ref.name}' already ended ({current.status}); nothing was changed")
    params: dict[str, Any] = {"executionArn": ref.arn}
    if error:
        params["error"] = error
    if cause:
        params["cause"] = cause
    operated.api.call("stepfunctions", "StopExecution", target=ref.arn, **params)
    return describe_execution(operated.api, ref.arn)


def redrive_execution(operated: OperatedEnvironment, ref: ExecutionRef) -> datetime | None:
    """Redrive a failed, timed-out or aborted Standard execution from where it stopped."""
    if ref.kind != "execution":
        raise OperateError(f"execution '{ref.name}' is an Express execution; only Standard executions can be redriven")
    operated.require_owned_machine(ref.state_machine_arn, ref.state_machine_name)
    current = describe_execution(operated.api, ref.arn)
    if current.status not in {"FAILED", "TIMED_OUT", "ABORTED"}:
        raise OperateError(
            f"execution '{ref.name}' is {current.status}; only a failed, timed-out or aborted execution can be "
            "redriven; nothing was changed"
        )
    response = operated.api.call("stepfunctions", "RedriveExecution", target=ref.arn, executionArn=ref.arn)
    redriven: datetime | None = response.get("redriveDate")
    return redriven
