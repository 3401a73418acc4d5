"""Secret placeholders, the AWS gate, the resolver, and value-based masking, without AWS."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from sfndeploy.errors import SecretError
from sfndeploy.secrets import masking
from sfndeploy.secrets.gate import outgoing_params
from sfndeploy.secrets.references import conceal, fill_text, names_in, placeholder
from sfndeploy.secrets.resolver import SecretResolver
from sfndeploy.secrets.sources import SecretSource, SecretSources, split_secret_id


@pytest.fixture(autouse=True)
def empty_registry() -> Iterator[None]:
    masking.forget_all()
    yield
    masking.forget_all()


class NoStore:
    """A reader for tests that only use environment-variable secrets: any store read is a failure."""

    def parameter(self, name: str) -> str:
        raise AssertionError(f"read SSM parameter {name}")

    def secret_string(self, secret_id: str) -> str:
        raise AssertionError(f"read secret {secret_id}")


def resolver(environ: dict[str, str], *names: str) -> SecretResolver:
    sources = SecretSources(tuple(SecretSource(n, "env", n.upper()) for n in names), "environments/dev.yaml")
    return SecretResolver(sources, NoStore(), environ)


def test_fill_text_escapes_values_inside_json() -> None:
    definition = json.dumps({"Result": {"k": f"x {placeholder('a')} y"}})
    filled = fill_text(definition, {"a": 'va"l\\ue'}.__getitem__, json_text=True)
    assert json.loads(filled) == {"Result": {"k": 'x va"l\\ue y'}}


def test_conceal_restores_placeholders_only_where_the_live_string_is_the_current_value() -> None:
    desired = {"A": f"Bearer {placeholder('t')}", "B": placeholder("t"), "C": "plain", "L": [placeholder("t")]}
    live = {"A": "Bearer s3cr3t-value", "B": "old-value-1", "C": "s3cr3t-value", "L": ["s3cr3t-value"], "X": 1}
    assert conceal(desired, live, {"t": "s3cr3t-value"}) == {
        "A": f"Bearer {placeholder('t')}",
        "B": "old-value-1",  # not the current value: left alone, never guessed at
        "C": "s3cr3t-value",  # the desired string refers to no secret here
        "L": [placeholder("t")],
        "X": 1,
    }


def test_names_in_finds_references_in_keys_and_values() -> None:
    assert names_in({"a": [f"x{placeholder('one')}", {placeholder("two"): 1}], "b": "<secret:>"}) == {"one", "two"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prod/webhook", ("prod/webhook", None)),
        ("prod/webhook:url", ("prod/webhook", "url")),
        ("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/w-AbCdEf", (
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/w-AbCdEf", None)),
        ("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/w-AbCdEf:url", (
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/w-AbCdEf", "url")),
    ],
)
def test_secret_ids_and_json_keys(text: str, expected: tuple[str, str | None]) -> None:
    assert split_secret_id(text) == expected


def test_gate_fills_definitions_and_refuses_secrets_anywhere_else() -> None:
    resolve = resolver({"TOKEN": "value-of-token"}, "token").value
    definition = json.dumps({"K": placeholder("token")})
    sent = outgoing_params("stepfunctions", "UpdateStateMachine", {"definition": definition}, resolve)
    assert json.loads(sent["definition"]) == {"K": "value-of-token"}
    validated = outgoing_params("stepfunctions", "ValidateStateMachineDefinition", {"definition": definition}, None)
    assert validated["definition"] == definition
    for params in (
        {"tags": [{"key": "k", "value": placeholder("token")}]},
        {"tags": [{"key": "k", "value": "has value-of-token inside"}]},
        {"versionDescription": "rev=value-of-token"},
    ):
        with pytest.raises(SecretError, match="refusing UpdateStateMachine: parameter"):
            outgoing_params("stepfunctions", "UpdateStateMachine", {"definition": "{}", **params}, resolve)
    with pytest.raises(SecretError, match="refusing PutRolePolicy: parameter 'PolicyDocument' refers to secret"):
        outgoing_params("iam", "PutRolePolicy", {"PolicyDocument": definition}, resolve)


def test_resolver_reads_once_registers_for_masking_and_names_the_problem() -> None:
    environ = {"TOKEN": "value-of-token", "SHORT": "abc"}
    found = resolver(environ, "token", "short", "unset")
    assert found.value("token") == "value-of-token"
    environ["TOKEN"] = "changed-later"
    assert found.value("token") == "value-of-token"
    assert masking.mask("a value-of-token b") == "a **** b"
    with pytest.raises(SecretError, match=r"^secret 'short' .* is shorter than 4 characters"):
        found.value("short")
    with pytest.raises(SecretError, match=r"^secret 'unset': environment variable UNSET is not set$"):
        found.value("unset")
    with pytest.raises(SecretError) as caught:
        found.value("other")
    assert caught.value.message == (
        "secret 'other' is not declared in environments/dev.yaml (declared: token, short, unset)"
    )


def test_masking_covers_json_escaped_forms() -> None:
    masking.register('quo"te-and\\slash')
    assert masking.mask(json.dumps({"v": 'quo"te-and\\slash'})) == '{"v": "****"}'
    assert masking.mask_data({"k": ['x quo"te-and\\slash']}) == {"k": ["x ****"]}
