"""What plans and drift reports print: masked by value, by reference and by name (the second line)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sfndeploy.plan.diff import definition_changes, tag_changes
from sfndeploy.secrets import masking


@pytest.fixture(autouse=True)
def empty_registry() -> Iterator[None]:
    masking.forget_all()
    yield
    masking.forget_all()


def machine(parameters: object) -> dict[str, object]:
    return {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:x", "Parameters": parameters}}}


def test_header_values_are_masked_by_key_and_by_credential_scheme() -> None:
    old = machine({"Headers": {"Authorization": "Bearer old-abc", "X-Api-Key": "k1", "Cookie": "s=1", "Note": "n"}})
    new = machine({"Headers": {"Authorization": "Bearer new-xyz", "X-Api-Key": "k2", "Cookie": "s=2", "Note": "m"}})
    assert definition_changes(old, new) == [
        "~ Call.Parameters.Headers.Authorization: **** → ****",
        "~ Call.Parameters.Headers.Cookie: **** → ****",
        '~ Call.Parameters.Headers.Note: "n" → "m"',
        "~ Call.Parameters.Headers.X-Api-Key: **** → ****",
    ]


def test_credentials_inside_a_value_shown_whole_are_masked() -> None:
    added = machine({"Headers": {"authorization": "Basic dXNlcjpwYXNz", "x-api-key": "k", "Accept": "json"}})
    (line,) = definition_changes(machine({}), added)
    assert line == '+ Call.Parameters.Headers: {"Accept": "json", "authorization": "****", "x-api-key": "****"}'
    bearer = machine({"Body": {"auth": "Bearer eyJhbGciOi.payload.sig"}})
    (line,) = definition_changes(machine({}), bearer)
    assert line == '+ Call.Parameters.Body: {"auth": "Bearer ****"}'


def test_a_resolved_value_is_masked_wherever_it_appears() -> None:
    masking.register("hunter2-long-value")
    old = machine({"Comment": "x"})
    new = machine({"Comment": "connect with hunter2-long-value please"})
    assert definition_changes(old, new) == ['~ Call.Parameters.Comment: "x" → "connect with **** please"']


def test_the_side_facing_a_secret_reference_is_masked() -> None:
    old = machine({"Dsn": "postgres://app:previous-password@db"})
    new = machine({"Dsn": "postgres://app:<secret:db_password>@db"})
    assert definition_changes(old, new) == ['~ Call.Parameters.Dsn: **** → "postgres://app:<secret:db_password>@db"']
    assert definition_changes(new, old) == ['~ Call.Parameters.Dsn: "postgres://app:<secret:db_password>@db" → ****']


def test_tag_values_with_secret_looking_keys_and_values_are_masked() -> None:
    masking.register("resolved-secret-1")
    old = {"db_password": "a", "api-token": "b", "note": "plain", "auth": "Bearer zzz"}
    new = {"db_password": "c", "api-token": "d", "note": "has resolved-secret-1", "auth": "Bearer yyy", "x": "y"}
    assert tag_changes(old, new) == [
        "~ tag api-token: **** → ****",
        '~ tag auth: "Bearer ****" → "Bearer ****"',
        "~ tag db_password: **** → ****",
        '~ tag note: "plain" → "has ****"',
        '+ tag x = "y"',
    ]


def test_values_are_masked_before_they_are_shortened() -> None:
    value = "s" * 70 + "-long-secret-value-that-would-be-cut"
    masking.register(value)
    (line,) = definition_changes(machine({}), machine({"V": "prefix " + value}))
    assert line == '+ Call.Parameters.V: "prefix ****"'
