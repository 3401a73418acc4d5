"""A small project whose one workflow, ``orders``, production runs: its sources and its histories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ACCOUNT = "123456789012"
REGION = "us-east-1"
INVOKE = "arn:aws:states:::lambda:invoke"


def orders_definition(threshold: int = 100) -> dict[str, Any]:
    return {
        "StartAt": "Validate",
        "States": {
            "Validate": {
                "Type": "Task",
                "Resource": INVOKE,
                "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
                "ResultSelector": {"valid.$": "$.Payload.valid"},
                "ResultPath": "$.validation",
                "Next": "Charge",
            },
            "Charge": {
                "Type": "Task",
                "Resource": INVOKE,
                "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.total", "card.$": "$.card"}},
                "ResultSelector": {"chargeId.$": "$.Payload.chargeId", "apiToken.$": "$.Payload.apiToken"},
                "ResultPath": "$.charge",
                "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}],
                "Next": "Route",
            },
            "Route": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.total", "NumericGreaterThan": threshold, "Next": "Big"}],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": True},
            "Small": {"Type": "Pass", "End": True},
        },
    }


MOCKS = {
    "Validate": {"return": {"StatusCode": 200, "Payload": {"valid": True}}},
    "Charge": {
        "sequence": [
            {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"},
            {"return": {"StatusCode": 200, "Payload": {"chargeId": "ch-1", "apiToken": "tok-123456"}}, "duration": 1.5},
        ]
    },
}
INPUT = {"total": 120, "card": {"number": "4111111111111111"}}


def write_project(root: Path, env: str, *, express: bool = False, threshold: int = 100, logging: str = "") -> None:
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "environments").mkdir(exist_ok=True)
    (root / "sfndeploy.yaml").write_text("project: shop\n")
    spec = {"name": "orders", "type": "EXPRESS" if express else "STANDARD", "definition": orders_definition(threshold)}
    (root / "templates" / "orders.yaml.j2").write_text(yaml.safe_dump(spec, sort_keys=False))
    (root / "environments" / f"{env}.yaml").write_text(
        f'name: {env}\nregion: {REGION}\naccount_id: "{ACCOUNT}"\nnaming:\n  prefix: {env}-\n{logging}'
    )


def machine_name(env: str) -> str:
    return f"{env}-orders"


def log_records(events: list[dict[str, Any]], execution_arn: str) -> list[dict[str, Any]]:
    """The events as a Step Functions log group holds them at level ALL with execution data."""
    records = []
    for event in events:
        details = next((value for key, value in event.items() if key.endswith("EventDetails")), {})
        records.append(
            {
                "timestamp": int(event["timestamp"].timestamp() * 1000),
                "message": json.dumps(
                    {
                        "id": str(event["id"]),
                        "type": event["type"],
                        "details": details,
                        "previous_event_id": str(event["previousEventId"]),
                        "event_timestamp": str(int(event["timestamp"].timestamp() * 1000)),
                        "execution_arn": execution_arn,
                        "redrive_count": "0",
                    }
                ),
            }
        )
    return records
