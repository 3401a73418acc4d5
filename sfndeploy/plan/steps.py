"""The plan: frozen dataclasses of API calls, grouped by workflow.

A parameter value may be a :class:`Ref`, a placeholder for a value that only exists once an earlier
call has run (a role ARN, a version ARN). The AWS executor fills them in; the display executor
prints them as ``(known after apply)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACTIONS = ("create", "update", "replace", "delete", "noop")


@dataclass(frozen=True)
class PlanOptions:
    prune: bool = False
    allow_replace: bool = False


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class ApiCall:
    service: str
    operation: str
    params: dict[str, Any]
    target: str
    produces: tuple[tuple[str, str], ...] = ()  # (ref name, key of the response)
    summary: str = ""  # what the call does, in the user's words
    fallback: ApiCall | None = None  # the same effect through another API, where an endpoint lacks this one
    done_codes: tuple[str, ...] = ()  # error codes that mean the call's effect is already there


@dataclass(frozen=True)
class WorkflowPlan:
    workflow: str
    state_machine_name: str
    action: str  # one of ACTIONS
    changes: tuple[str, ...]
    calls: tuple[ApiCall, ...]
    live_fingerprint: str
    role_name: str | None = None
    warnings: tuple[str, ...] = ()
    blocked: str | None = None  # why apply must refuse this workflow as planned (e.g. replacement)
    adopts: tuple[str, ...] = ()  # untagged resources (OwnedResource.key) this plan adopts


@dataclass(frozen=True)
class PlanCounts:
    create: int
    update: int
    delete: int

    def sentence(self) -> str:
        return f"Plan: {self.create} to create, {self.update} to update, {self.delete} to delete."


@dataclass(frozen=True)
class Plan:
    project: str
    environment: str
    region: str
    account_id: str
    workflows: tuple[WorkflowPlan, ...]
    kept_orphans: tuple[str, ...] = ()  # managed state machines no longer in the sources, kept without --prune
    api_calls: int = 0

    @property
    def changed(self) -> tuple[WorkflowPlan, ...]:
        return tuple(w for w in self.workflows if w.action != "noop")

    @property
    def has_changes(self) -> bool:
        return bool(self.changed)

    @property
    def counts(self) -> PlanCounts:
        actions = [w.action for w in self.workflows]
        return PlanCounts(
            create=actions.count("create") + actions.count("replace"),
            update=actions.count("update"),
            delete=actions.count("delete") + actions.count("replace"),
        )


def encode_value(value: Any) -> Any:
    """Plain JSON for a parameter value; a Ref becomes ``{"$ref": name}``."""
    if isinstance(value, Ref):
        return {"$ref": value.name}
    if isinstance(value, dict):
        return {key: encode_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_value(item) for item in value]
    return value


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$ref"}:
            return Ref(str(value["$ref"]))
        return {key: decode_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode_value(item) for item in value]
    return value


def plan_to_data(plan: Plan) -> dict[str, Any]:
    return {
        "project": plan.project,
        "environment": plan.environment,
        "region": plan.region,
        "account_id": plan.account_id,
        "kept_orphans": list(plan.kept_orphans),
        "api_calls": plan.api_calls,
        "workflows": [_workflow_to_data(w) for w in plan.workflows],
    }


def _workflow_to_data(workflow: WorkflowPlan) -> dict[str, Any]:
    return {
        "workflow": workflow.workflow,
        "state_machine_name": workflow.state_machine_name,
        "action": workflow.action,
        "changes": list(workflow.changes),
        "live_fingerprint": workflow.live_fingerprint,
        "role_name": workflow.role_name,
        "warnings": list(workflow.warnings),
        "blocked": workflow.blocked,
        "adopts": list(workflow.adopts),
        "calls": [_call_to_data(call) for call in workflow.calls],
    }


def _call_to_data(call: ApiCall) -> dict[str, Any]:
    return {
        "service": call.service,
        "operation": call.operation,
        "params": encode_value(call.params),
        "target": call.target,
        "produces": [list(pair) for pair in call.produces],
        "summary": call.summary,
        "fallback": _call_to_data(call.fallback) if call.fallback else None,
        "done_codes": list(call.done_codes),
    }


def _call_from_data(call: dict[str, Any]) -> ApiCall:
    return ApiCall(
        service=call["service"],
        operation=call["operation"],
        params=decode_value(call["params"]),
        target=call["target"],
        produces=tuple((pair[0], pair[1]) for pair in call["produces"]),
        summary=call.get("summary", ""),
        fallback=_call_from_data(call["fallback"]) if call.get("fallback") else None,
        done_codes=tuple(call.get("done_codes", ())),
    )


def plan_from_data(data: dict[str, Any]) -> Plan:
    return Plan(
        project=str(data["project"]),
        environment=str(data["environment"]),
        region=str(data["region"]),
        account_id=str(data["account_id"]),
        kept_orphans=tuple(data.get("kept_orphans", ())),
        api_calls=int(data.get("api_calls", 0)),
        workflows=tuple(_workflow_from_data(w) for w in data["workflows"]),
    )


def _workflow_from_data(data: dict[str, Any]) -> WorkflowPlan:
    return WorkflowPlan(
        workflow=data["workflow"],
        state_machine_name=data["state_machine_name"],
        action=data["action"],
        changes=tuple(data["changes"]),
        live_fingerprint=data["live_fingerprint"],
        role_name=data.get("role_name"),
        warnings=tuple(data.get("warnings", ())),
        blocked=data.get("blocked"),
        calls=tuple(_call_from_data(call) for call in data["calls"]),
        adopts=tuple(data.get("adopts", ())),
    )
