"""Saved plans are data, not scripts.

A plan file holds the desired state the plan was computed from, the options it was computed
with, and the plan as it was shown for review. ``apply PLANFILE`` reads the desired state
strictly (:mod:`desired_data`), computes the plan again from it against the live state with
sfndeploy's own planner, and applies that plan only if it equals the reviewed one (same calls,
same parameters). The calls stored in the file are compared, never executed.

A SHA-256 over the body catches accidental damage; it proves nothing, since whoever edits the file
can recompute it. With a key in ``SFNDEPLOY_PLAN_KEY``, ``plan --out`` adds an HMAC-SHA256 over the
canonical body and ``apply`` refuses a file without a valid one: only a holder of the key (the plan
job) can make a file that applies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sfndeploy.errors import PlanError, SourceLocation
from sfndeploy.loaders import load_json_file
from sfndeploy.outputs import write_text_atomically
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.desired_data import desired_from_data, desired_to_data
from sfndeploy.plan.hashing import canonical_json, sha256_of
from sfndeploy.plan.steps import Plan, PlanOptions, plan_to_data

FORMAT = "sfndeploy-plan/2"
KEY_VARIABLE = "SFNDEPLOY_PLAN_KEY"
SIGNATURE_ALGORITHM = "HMAC-SHA256"
_DOCUMENT_KEYS = ("format", "checksum", "signature", "plan", "desired", "options")
_NEW_PLAN = "make a new plan with 'sfndeploy plan --out'"


@dataclass(frozen=True)
class SavedPlan:
    desired: DesiredState
    options: PlanOptions
    reviewed: dict[str, Any]  # the plan as shown for review (plain data): compared, never executed
    signed: bool  # True when a key was given and the file's signature matched it
    path: Path

    @property
    def project(self) -> str:
        return self.desired.project

    @property
    def environment(self) -> str:
        return self.desired.environment


def plan_key() -> bytes | None:
    """The signing key from ``SFNDEPLOY_PLAN_KEY``, or None when it is unset or empty."""
    value = os.environ.get(KEY_VARIABLE, "")
    return value.encode("utf-8") if value else None


def signature_of(body: Any, key: bytes) -> str:
    return hmac.new(key, canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


def _body(plan: Plan, desired: DesiredState, options: PlanOptions) -> dict[str, Any]:
    return {
        "plan": json.loads(json.dumps(plan_to_data(plan), default=str)),
        "desired": desired_to_data(desired),
        "options": {"prune": options.prune, "allow_replace": options.allow_replace},
    }


def save_plan(
    path: Path, plan: Plan, desired: DesiredState, options: PlanOptions | None = None, *, key: bytes | None = None
) -> None:
    """Write the plan file whole or not at all (a temporary file renamed into place)."""
    body = _body(plan, desired, options or PlanOptions())
    document: dict[str, Any] = {"format": FORMAT, "checksum": sha256_of(body), **body}
    if key is not None:
        document["signature"] = {"algorithm": SIGNATURE_ALGORITHM, "value": signature_of(body, key)}
    write_text_atomically(path, json.dumps(document, indent=1, sort_keys=True))


def load_plan(path: Path, *, key: bytes | None = None) -> SavedPlan:
    """Read and check a plan file: format, checksum, signature (when ``key`` is given), then its schema."""
    document, _ = load_json_file(path, error=PlanError, what="plan file")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise PlanError(
            f"{path} is not an sfndeploy plan file of format {FORMAT}" + (f" (found {found})" if found else ""),
            hint=_NEW_PLAN,
        )
    unknown = sorted(str(k) for k in document if k not in _DOCUMENT_KEYS)
    if unknown:
        raise PlanError(f"plan file {path} has unknown key '{unknown[0]}'", hint=_NEW_PLAN)
    body = {"plan": document.get("plan"), "desired": document.get("desired"), "options": document.get("options")}
    if sha256_of(body) != document.get("checksum"):
        raise PlanError(f"plan file {path} was altered after it was made (checksum mismatch)", hint=_NEW_PLAN)
    signed = _check_signature(path, document.get("signature"), body, key)

    def fail(where: str, message: str) -> PlanError:
        return PlanError(message, location=SourceLocation(str(path)), key=where, hint=_NEW_PLAN)

    desired = desired_from_data(body["desired"], fail)
    options = _options_from(body["options"], fail)
    reviewed = body["plan"]
    if not isinstance(reviewed, dict) or not isinstance(reviewed.get("workflows"), list):
        raise fail("plan.workflows", "must be a list")
    return SavedPlan(desired=desired, options=options, reviewed=reviewed, signed=signed, path=path)


def _check_signature(path: Path, signature: Any, body: Any, key: bytes | None) -> bool:
    if key is None:
        return False
    if signature is None:
        raise PlanError(
            f"plan file {path} is not signed, and {KEY_VARIABLE} is set: refusing it",
            hint=f"make the plan with the same {KEY_VARIABLE}",
        )
    value = signature.get("value") if isinstance(signature, dict) else None
    algorithm = signature.get("algorithm") if isinstance(signature, dict) else None
    expected = signature_of(body, key)
    if algorithm != SIGNATURE_ALGORITHM or not isinstance(value, str) or not hmac.compare_digest(value, expected):
        raise PlanError(
            f"plan file {path} has no valid signature for the key in {KEY_VARIABLE}: refusing it",
            hint="it was altered, or made with another key",
        )
    return True


def _options_from(data: Any, fail: Any) -> PlanOptions:
    if not isinstance(data, dict):
        raise fail("options", "must be an object")
    for name in data:
        if name not in ("prune", "allow_replace"):
            raise fail(f"options.{name}", "unknown key")
    values = {}
    for name in ("prune", "allow_replace"):
        if not isinstance(data.get(name), bool):
            raise fail(f"options.{name}", "must be true or false")
        values[name] = data[name]
    return PlanOptions(prune=values["prune"], allow_replace=values["allow_replace"])


def check_plan_target(saved: SavedPlan, project: str, environment: str, path: Path) -> None:
    if saved.project != project:
        raise PlanError(f"plan file {path} was made for project '{saved.project}', not '{project}'")
    if saved.environment != environment:
        raise PlanError(
            f"plan file {path} was made for environment '{saved.environment}', not '{environment}'",
            hint=f"run 'sfndeploy apply -e {saved.environment} {path}' or make a new plan",
        )


# --- the recomputed plan against the reviewed one -------------------------------------------------

_COMPARED = ("workflow", "state_machine_name", "action", "role_name", "blocked", "adopts")


def _call_essence(call: Any) -> Any:
    """A call without its wording: service, operation, parameters, target, outputs, fallback."""
    if not isinstance(call, dict):
        return call
    essence = {key: value for key, value in call.items() if key != "summary"}
    if isinstance(essence.get("fallback"), dict):
        essence["fallback"] = _call_essence(essence["fallback"])
    return essence


def _workflow_essence(workflow: Any) -> Any:
    if not isinstance(workflow, dict):
        return workflow
    calls = workflow.get("calls")
    essence = {key: workflow.get(key) for key in _COMPARED}
    essence["calls"] = [_call_essence(call) for call in calls] if isinstance(calls, list) else calls
    return canonical_json(essence)


def _by_workflow(workflows: list[Any]) -> dict[str, Any]:
    """Workflow plans by name (a role left without its state machine is named after its role)."""
    result: dict[str, Any] = {}
    for index, workflow in enumerate(workflows):
        if not isinstance(workflow, dict):
            result[f"#{index}"] = workflow
        elif workflow.get("state_machine_name") == "" and workflow.get("action") == "delete":
            result[f"{workflow.get('workflow')} (role {workflow.get('role_name')})"] = workflow
        else:
            result[f"{workflow.get('workflow')}"] = workflow
    return result


def _fingerprint(workflow: Any) -> Any:
    return workflow.get("live_fingerprint") if isinstance(workflow, dict) else None


def check_matches_review(saved: SavedPlan, recomputed: Plan) -> None:
    """Refuse unless ``recomputed`` makes exactly the calls of the reviewed plan.

    A workflow whose live fingerprint moved is reported as a stale plan; one whose calls differ
    although the live state did not move means the file's reviewed plan is not what its desired
    state gives (it was edited).
    """
    reviewed = _by_workflow(saved.reviewed["workflows"])
    fresh_data = json.loads(json.dumps(plan_to_data(recomputed), default=str))
    fresh = _by_workflow(fresh_data["workflows"])
    names = sorted(set(reviewed) | set(fresh))
    differ = [n for n in names if _workflow_essence(reviewed.get(n)) != _workflow_essence(fresh.get(n))]
    moved = [
        n
        for n in names
        if _fingerprint(reviewed.get(n)) != _fingerprint(fresh.get(n))
        and (n in differ or (isinstance(reviewed.get(n), dict) and reviewed[n].get("action") != "noop"))
    ]
    if moved:
        raise PlanError(
            f"the live state changed since the plan was made (workflows: {', '.join(moved)})",
            hint="make a new plan and review it",
        )
    if differ:
        raise PlanError(
            f"plan file {saved.path} does not match its own desired state: computed again against the live "
            f"state, workflows {', '.join(differ)} make other calls than the reviewed plan; nothing was changed",
            hint="was it altered? " + _NEW_PLAN,
        )
