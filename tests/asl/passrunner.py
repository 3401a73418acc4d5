"""A deliberately tiny runner for the conformance cases made only of Pass and Fail states.

It exists to check the expression languages against AWS recordings; it is not the dry-run
executor. JSONPath Pass: InputPath -> Parameters -> Result -> ResultPath -> OutputPath.
JSONata Pass: Output. Fail: Error/Cause, ErrorPath/CausePath.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sfndeploy.asl.intrinsics import IntrinsicRuntimeError, compile_intrinsic, is_intrinsic
from sfndeploy.asl.jsonata import JsonataRuntimeError, compile_jsonata_template, is_jsonata_template
from sfndeploy.asl.jsonpath import CompiledPath, PathNotFound, compile_path, set_at_path
from sfndeploy.asl.payload import PayloadPathNotFound, compile_payload
from tests.data import AWS_RECORDED

CORPUS = AWS_RECORDED
SUPPORTED_TYPES = {"Pass", "Fail"}
STATE_MACHINE_NAME = "<ArnPart_0idx>"
EXECUTION_NAME = "<ExecArnPart_0idx>"
STATE_MACHINE_ARN = f"arn:aws:states:us-east-1:111111111111:stateMachine:{STATE_MACHINE_NAME}"


@dataclass(frozen=True)
class Outcome:
    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None

    def as_expected(self) -> dict[str, Any]:
        if self.status == "SUCCEEDED":
            return {"status": self.status, "output": self.output}
        result: dict[str, Any] = {"status": self.status}
        if self.error is not None:
            result["error"] = self.error
        if self.cause is not None:
            result["cause"] = self.cause
        return result


def load_cases(*areas: str) -> list[dict[str, Any]]:
    cases = []
    for area in areas:
        for path in sorted((CORPUS / area).glob("*.json")):
            cases.append(json.loads(path.read_text(encoding="utf-8")))
    return cases


PAYLOAD_QUOTA = 256 * 1024


def unsupported_reason(case: dict[str, Any]) -> str | None:
    """Why this runner cannot run ``case`` (None when it can)."""
    for name, state in case["definition"]["States"].items():
        if state["Type"] not in SUPPORTED_TYPES:
            return f"state '{name}' is a {state['Type']} state (needs the executor)"
        if "Assign" in state:
            return f"state '{name}' assigns variables (needs the executor)"
    if len(json.dumps(case["input"])) + len(json.dumps(case["definition"])) > PAYLOAD_QUOTA:
        return "payloads over the size quota (the executor checks sizes)"
    return None


def _context(case: dict[str, Any], state_name: str) -> dict[str, Any]:
    return {
        "Execution": {
            "Id": f"arn:aws:states:us-east-1:111111111111:execution:{STATE_MACHINE_NAME}:{EXECUTION_NAME}",
            "Input": case["input"],
            "Name": EXECUTION_NAME,
            "RoleArn": "snf_role_arn",
            "StartTime": "start-time",
            "RedriveCount": 0,
        },
        "StateMachine": {"Id": STATE_MACHINE_ARN, "Name": STATE_MACHINE_NAME},
        "State": {"Name": state_name, "EnteredTime": "entered-time"},
    }


def _prefix(state_name: str, event_id: int) -> str:
    return f"An error occurred while executing the state '{state_name}' (entered at the event id #{event_id}). "


def _select(path_text: str | None, data: Any, context: dict[str, Any]) -> Any:
    if path_text is None:
        return {}
    path = compile_path(path_text)
    return path.evaluate(context if path.root == "$$" else data)


def _run_jsonpath_pass(state: dict[str, Any], data: Any, context: dict[str, Any]) -> Any:
    effective = _select(state.get("InputPath", "$"), data, context)

    def resolve(path: CompiledPath) -> Any:
        return path.evaluate(context if path.root == "$$" else effective)

    result = effective
    if "Parameters" in state:
        result = compile_payload(state["Parameters"]).evaluate(resolve)
    if "Result" in state:
        result = state["Result"]
    result_path = state.get("ResultPath", "$")
    combined = data if result_path is None else set_at_path(data, compile_path(result_path), result)
    return _select(state.get("OutputPath", "$"), combined, context)


def _run_jsonata_pass(state: dict[str, Any], data: Any, context: dict[str, Any]) -> Any:
    if "Output" not in state:
        return data
    states = {"input": data, "context": context}
    return compile_jsonata_template(state["Output"]).evaluate(states, {})


def _fail_field(state: dict[str, Any], name: str, data: Any, context: dict[str, Any]) -> str | None:
    if name in state:
        if is_jsonata_template(state[name]):
            return str(compile_jsonata_template(state[name]).evaluate({"input": data, "context": context}, {}))
        return str(state[name])
    text = state.get(f"{name}Path")
    if text is None:
        return None

    def resolve(path: CompiledPath) -> Any:
        return path.evaluate(context if path.root == "$$" else data)

    if is_intrinsic(text):
        return str(compile_intrinsic(text).evaluate(resolve))
    return str(resolve(compile_path(text)))


def run_case(case: dict[str, Any]) -> Outcome:
    definition = case["definition"]
    top_language = definition.get("QueryLanguage", "JSONPath")
    data = case["input"]
    name = definition["StartAt"]
    event_id = 2
    while True:
        state = definition["States"][name]
        context = _context(case, name)
        language = state.get("QueryLanguage", top_language)
        try:
            if state["Type"] == "Fail":
                error = _fail_field(state, "Error", data, context)
                cause = _fail_field(state, "Cause", data, context)
                return Outcome("FAILED", error=error, cause=cause)
            if language == "JSONata":
                data = _run_jsonata_pass(state, data, context)
            else:
                data = _run_jsonpath_pass(state, data, context)
        except JsonataRuntimeError as error:
            return Outcome("FAILED", error=error.error, cause=_prefix(name, event_id) + error.cause_for("Output"))
        except IntrinsicRuntimeError as error:
            return Outcome("FAILED", error=error.error, cause=_prefix(name, event_id) + error.cause)
        except PayloadPathNotFound as error:
            cause = error.cause(json.dumps(data, separators=(",", ":")))
            return Outcome("FAILED", error="States.Runtime", cause=_prefix(name, event_id) + cause)
        except PathNotFound as error:
            return Outcome("FAILED", error="States.Runtime", cause=_prefix(name, event_id) + str(error))
        if state.get("End"):
            return Outcome("SUCCEEDED", output=data)
        name = state["Next"]
        event_id += 2


def strip_normalised(expected: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """A copy of ``expected`` without the values AWS's recordings normalised."""
    result = json.loads(json.dumps(expected))
    for text in paths:
        path = compile_path(text)
        parent: Any = result
        for key in path.keys[:-1]:
            if isinstance(parent, dict):
                parent = parent.get(key)
            elif isinstance(parent, list) and isinstance(key, int) and -len(parent) <= key < len(parent):
                parent = parent[key]
            else:
                parent = None
        if isinstance(parent, dict):
            parent.pop(path.keys[-1], None)
    return result
