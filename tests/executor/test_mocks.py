"""Mock sources: the Step Functions Local mock config, the native form, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.mocks import load_mock_config, responder_from_mock_config, responder_from_native

CONFIG = {
    "StateMachines": {"Orders": {"TestCases": {"HappyPath": {"Charge": "ChargeOk"}, "Flaky": {"Charge": "Flaky"}}}},
    "MockedResponses": {
        "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": True}}}},
        "Flaky": {
            "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
            "2": {"Return": {"StatusCode": 200, "Payload": {"ok": True}}},
        },
    },
}


def test_sfn_local_ranges_are_indexed_by_invocation() -> None:
    responder = responder_from_mock_config(CONFIG, "Orders", "Flaky")
    assert responder.respond("Charge", 0, {}).error == "Lambda.TooManyRequestsException"
    assert responder.respond("Charge", 1, {}).cause == "slow down"
    assert responder.respond("Charge", 2, {}).result == {"StatusCode": 200, "Payload": {"ok": True}}


def test_missing_test_case_or_machine_is_a_setup_error() -> None:
    with pytest.raises(ExecutionSetupError, match="no test case 'Nope'"):
        responder_from_mock_config(CONFIG, "Orders", "Nope")
    with pytest.raises(ExecutionSetupError, match="no state machine 'Other'"):
        responder_from_mock_config(CONFIG, "Other", "HappyPath")


def test_unparsable_mock_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mocks.json"
    path.write_text('{"StateMachines": {\n  oops}', encoding="utf-8")
    with pytest.raises(ExecutionSetupError) as raised:
        load_mock_config(path)
    assert raised.value.location is not None and raised.value.location.line == 2


def test_native_sequence_repeats_its_last_response() -> None:
    responder = responder_from_native({"T": {"sequence": [{"error": "E", "cause": "c"}, {"return": 5}]}})
    assert responder.respond("T", 0, None).error == "E"
    assert responder.respond("T", 1, None).result == 5
    assert responder.respond("T", 7, None).result == 5


def test_native_mock_without_outcome_is_rejected() -> None:
    with pytest.raises(ExecutionSetupError, match="'T'"):
        responder_from_native({"T": {"duration": 3}})


def test_config_round_trips_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mocks.json"
    path.write_text(json.dumps(CONFIG), encoding="utf-8")
    assert load_mock_config(path) == CONFIG


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"StateMachines": {"Orders": []}}, "'StateMachines.Orders': must be an object"),
        ({"StateMachines": {"Orders": {"TestCases": []}}}, "'StateMachines.Orders.TestCases': must be an object"),
        (
            {"StateMachines": {"Orders": {"TestCases": {"T": []}}}},
            "'StateMachines.Orders.TestCases.T': must be an object",
        ),
        (
            {"StateMachines": {"Orders": {"TestCases": {"T": {"Charge": ["M"]}}}}, "MockedResponses": {}},
            "'StateMachines.Orders.TestCases.T.Charge': test case 'T' maps state 'Charge' to the unknown mocked"
            " response ['M']",
        ),
        (
            {"StateMachines": {"Orders": {"TestCases": {"T": {"Charge": "M"}}}}, "MockedResponses": []},
            "'MockedResponses': must be an object",
        ),
    ],
)
def test_a_mock_config_of_the_wrong_shape_names_the_key(config: dict[str, object], message: str) -> None:
    with pytest.raises(ExecutionSetupError) as raised:
        responder_from_mock_config(config, "Orders", "T", source="mocks.json")
    assert raised.value.one_line() == f"mocks.json: {message}" + (
        " (the name of an entry of 'MockedResponses')" if "unknown mocked" in message else ""
    )
