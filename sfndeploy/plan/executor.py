"""Executors: the same plan is either shown (``plan``) or carried out against AWS (``apply``)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import UNSUPPORTED_CODES, AwsCallError
from sfndeploy.errors import PlanError
from sfndeploy.plan.steps import ApiCall, Plan, Ref, WorkflowPlan
from sfndeploy.plan.write_guard import WriteOwnership

# IAM is eventually consistent: a role created seconds ago may not be assumable by Step Functions yet.
_PROPAGATION_MARKERS = (
    "neither the global service principal",
    "is not authorized to assume the provided role",
)
_RETRIED_OPERATIONS = {"CreateStateMachine", "UpdateStateMachine"}


def is_role_propagation_error(error: AwsCallError) -> bool:
    text = error.message.lower()
    return any(marker in text for marker in _PROPAGATION_MARKERS)


def is_deleting_error(error: AwsCallError) -> bool:
    return error.code == "StateMachineDeleting" or "is being deleted" in error.message.lower()


def is_unsupported_error(error: AwsCallError) -> bool:
    """The endpoint does not implement the operation (moto answers such calls with HTTP 500)."""
    return error.code in UNSUPPORTED_CODES


class Progress(Protocol):
    def step(self, workflow: WorkflowPlan, call: ApiCall, index: int, total: int) -> None: ...

    def retry(self, workflow: WorkflowPlan, call: ApiCall, reason: str, delay: float) -> None: ...


class SilentProgress:
    def step(self, workflow: WorkflowPlan, call: ApiCall, index: int, total: int) -> None:
        return None

    def retry(self, workflow: WorkflowPlan, call: ApiCall, reason: str, delay: float) -> None:
        return None


@dataclass
class ApplyResult:
    calls: int = 0
    workflows: list[str] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)


def resolve(value: Any, outputs: dict[str, Any]) -> Any:
    """Replace every :class:`Ref` in ``value`` with the output an earlier call produced."""
    if isinstance(value, Ref):
        if value.name not in outputs:
            raise PlanError(f"the plan refers to '{value.name}', which no earlier step produced")
        return outputs[value.name]
    if isinstance(value, dict):
        return {key: resolve(item, outputs) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, outputs) for item in value]
    return value


Guard = Callable[[], None]


def _fence_for(guard: Guard | None, step: str, result: ApplyResult) -> Guard:
    """``guard`` with a message that says which step it stopped and what was written before."""

    def fence() -> None:
        if guard is None:
            return
        try:
            guard()
        except PlanError as error:
            done = f"after {result.calls} write call(s)" if result.calls else "before any write"
            raise PlanError(f"{error.message}; apply stopped at {step}, {done}", hint=error.hint) from error

    return fence


def refuse_blocked(plan: Plan) -> None:
    """Stop before any change when a workflow needs something the plan was not allowed to do."""
    blocked = [w for w in plan.changed if w.blocked]
    if blocked:
        names = ", ".join(f"{w.workflow} ({w.blocked})" for w in blocked)
        raise PlanError(f"refusing to apply: {names}")


class AwsExecutor:
    """Runs a plan's calls in order, retrying IAM propagation and in-progress deletions, bounded."""

    def __init__(
        self,
        api: AwsApi,
        *,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retry_attempts: int = 8,
        retry_base: float = 2.0,
        retry_cap: float = 20.0,
    ) -> None:
        self.api = api
        self.progress = progress or SilentProgress()
        self.sleep = sleep
        self.retry_attempts = retry_attempts
        self.retry_base = retry_base
        self.retry_cap = retry_cap

    def execute(self, plan: Plan, *, guard: Guard | None = None) -> ApplyResult:
        """Run the plan; ``guard`` (the lock's fence) runs right before every write and may stop it."""
        refuse_blocked(plan)
        result = ApplyResult()
        owners = WriteOwnership(self.api, plan)
        for workflow in plan.changed:
            self._execute_workflow(workflow, result, guard, owners)
            result.workflows.append(workflow.workflow)
        return result

    def _execute_workflow(
        self, workflow: WorkflowPlan, result: ApplyResult, guard: Guard | None, owners: WriteOwnership
    ) -> None:
        total = len(workflow.calls)
        for index, call in enumerate(workflow.calls, start=1):
            self.progress.step(workflow, call, index, total)
            step = f"step {index}/{total} of workflow '{workflow.workflow}' ({call.summary or call.operation})"
            _fence_for(functools.partial(owners.check, workflow, call), step, result)()
            fence = _fence_for(guard, step, result)
            try:
                response = self._call_with_retries(workflow, call, result.outputs, fence)
            except AwsCallError as error:
                raise AwsCallError(
                    f"apply stopped at step {index}/{total} of workflow '{workflow.workflow}' "
                    f"({call.summary or call.operation}): {error.message}",
                    code=error.code,
                    hint=(error.hint + "; " if error.hint else "") + "run apply again to finish: it converges",
                ) from error
            result.calls += 1
            for ref_name, key in call.produces:
                if response.get(key) is not None:
                    result.outputs[ref_name] = response[key]

    def _call_with_retries(
        self, workflow: WorkflowPlan, call: ApiCall, outputs: dict[str, Any], fence: Guard
    ) -> dict[str, Any]:
        if call.fallback is not None and self.api.lacks(call.operation):
            return self._call_once(workflow, call.fallback, outputs, fence)
        try:
            return self._call_once(workflow, call, outputs, fence)
        except AwsCallError as error:
            if error.code in call.done_codes:
                return {}
            if call.fallback is None or not is_unsupported_error(error):
                raise
            self.api.note_unsupported(call.operation, f"using {call.fallback.operation} instead")
            return self._call_once(workflow, call.fallback, outputs, fence)

    def _call_once(
        self, workflow: WorkflowPlan, call: ApiCall, outputs: dict[str, Any], fence: Guard
    ) -> dict[str, Any]:
        params = resolve(call.params, outputs)
        attempt = 0
        while True:
            fence()  # every attempt is a write: only while this apply still holds the lock
            try:
                return self.api.call(call.service, call.operation, target=call.target, **params)
            except AwsCallError as error:
                reason = self._retry_reason(call, error)
                if reason is None or attempt >= self.retry_attempts:
                    raise
                delay = min(self.retry_cap, self.retry_base * (2**attempt))
                attempt += 1
                self.progress.retry(workflow, call, reason, delay)
                self.sleep(delay)

    @staticmethod
    def _retry_reason(call: ApiCall, error: AwsCallError) -> str | None:
        if call.operation not in _RETRIED_OPERATIONS:
            return None
        if is_role_propagation_error(error):
            return "the new IAM role is not assumable yet (IAM propagation)"
        if call.operation == "CreateStateMachine" and is_deleting_error(error):
            return "the previous state machine is still being deleted"
        return None
