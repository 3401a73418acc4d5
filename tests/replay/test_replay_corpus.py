"""Every AWS-recorded conformance case, dry-run, read back as a GetExecutionHistory, replayed.

The histories are the executor's, converted to AWS's shape and checked against botocore's model
of ``GetExecutionHistory``'s response (every event and ``*EventDetails`` field by name and type);
where the executor reproduces AWS (``tests/conformance``), their event types are exactly the ones
AWS recorded. Each replayed case must pass against the definition it came from, and the replay
must find no divergence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from botocore.validate import validate_parameters

from sfndeploy.errors import SfnDeployError
from sfndeploy.executor import ExecutionOptions, StateMachine, responder_from_mock_config
from sfndeploy.executor.mocks import NoMocks
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.replay_shape import aws_history
from tests.conformance.corpus import KNOWN_FAILURES_FILE, case_files, load_case
from tests.replay.helpers import replay, stepfunctions_model

# A dry run draws other random values than AWS did: their outputs cannot be replayed exactly.
_RANDOM = ("States.UUID", "States.MathRandom", "$random(", "$uuid(")
CONFORMANCE = ExecutionOptions(execution_name="conformance", account_id="111111111111")


def _replayable(path: Path) -> bool:
    case = load_case(path)
    return case["area"] != "choiceoperators" and not any(word in json.dumps(case["definition"]) for word in _RANDOM)


def _production(case: dict[str, Any]) -> list[dict[str, Any]]:
    mocks: Any = NoMocks()
    if case.get("mock_config"):
        name = next(iter(case["mock_config"]["StateMachines"]))
        mocks = responder_from_mock_config(case["mock_config"], name, case["test_case"])
    return aws_history(StateMachine(case["definition"]).execute(case["input"], mocks=mocks, options=CONFORMANCE))


def test_every_recorded_case_replays_as_a_passing_case_without_divergence() -> None:
    known_failures = set(yaml.safe_load(KNOWN_FAILURES_FILE.read_text()) or {})
    output_shape = stepfunctions_model().operation_model("GetExecutionHistory").output_shape
    replayed, refused, same_types = 0, [], 0
    problems: list[str] = []
    for path in filter(_replayable, case_files()):
        case = load_case(path)
        try:
            events = _production(case)
        except SfnDeployError:
            continue
        validate_parameters({"events": events}, output_shape)  # AWS's own field names and types
        recorded = case.get("history_types")
        if recorded and case["id"] not in known_failures and not case["flags"].get("history_order_normalised"):
            assert [event["type"] for event in events] == recorded, case["id"]
            same_types += 1
        try:
            _, ran, divergence = replay(case["definition"], events, options=CONFORMANCE)
        except OperateError as refusal:
            refused.append(f"{case['id']}: {refusal.message}")
            continue
        replayed += 1
        if ran.failures or divergence is not None:
            problems.append(f"{case['id']}: {ran.failures} {divergence}")
    assert problems == []
    assert refused == []  # the corpus's Distributed Maps run Pass states over their input: replayable
    assert replayed >= 485 and same_types >= 476, (replayed, same_types)
