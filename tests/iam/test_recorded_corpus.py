"""Against the AWS-recorded corpus: every definition derives, and every call AWS made is permitted.

Each case records the Task calls AWS actually scheduled with their evaluated parameters. Deriving a
policy for one such call with literal parameters gives the permissions it needed; the policy derived
from the original definition (where targets may be dynamic) must allow each of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sfndeploy.iam import DerivedIam, derive_iam
from sfndeploy.iam.policy import wildcard_matches
from tests.data import AWS_RECORDED

from .helpers import allowed, context, machine, task

CORPUS = AWS_RECORDED
CONTEXT = context(region="us-east-1", account_id="111111111111")


def cases() -> Iterator[dict[str, Any]]:
    for path in sorted(CORPUS.glob("*/*.json")):
        yield json.loads(path.read_text())


def permits(derived: DerivedIam, action: str, resource: str) -> bool:
    for statement in derived.policy["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if (
            statement["Effect"] == "Allow"
            and action in actions
            and any(wildcard_matches(r, resource) for r in resources)
        ):
            return True
    return False


def needed_by(request: dict[str, Any]) -> DerivedIam:
    if request["resourceType"] == "lambda-function-arn":
        call = task(request["resource"])
    else:
        call = task(f"arn:aws:states:::{request['resourceType']}:{request['resource']}", params=request["parameters"])
    return derive_iam(machine(Call=call), CONTEXT)


def test_corpus_is_present() -> None:
    assert len(list(CORPUS.glob("*/*.json"))) > 900


def test_every_recorded_definition_derives_a_policy() -> None:
    derived_count = 0
    for case in cases():
        derived = derive_iam(case["definition"], CONTEXT)
        assert derived.policy["Version"] == "2012-10-17"
        derived_count += 1
    assert derived_count > 900


def test_every_recorded_call_is_permitted_by_the_derived_policy() -> None:
    checked = 0
    for case in cases():
        requests = [r for r in case.get("recorded_task_requests") or [] if "<" not in json.dumps(r)]
        if not requests:
            continue
        derived = derive_iam(case["definition"], CONTEXT)
        for request in requests:
            for action, resource in allowed(needed_by(request)):
                assert permits(derived, action, resource), (case["id"], request["state"], action, resource)
                checked += 1
    assert checked > 50


def test_recorded_service_cases_need_more_than_deny_all() -> None:
    for path in sorted((CORPUS / "services").glob("*.json")):
        case = json.loads(path.read_text())
        statements = derive_iam(case["definition"], CONTEXT).policy["Statement"]
        assert all(s["Effect"] == "Allow" for s in statements), case["id"]
