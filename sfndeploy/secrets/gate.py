"""The last step before a request leaves for AWS: secrets are filled in where they belong, refused elsewhere.

A placeholder may reach AWS only inside the ``definition`` of ``CreateStateMachine`` or
``UpdateStateMachine`` (filled in with the value) or of ``ValidateStateMachineDefinition`` (sent
as the placeholder, since validation needs no value). In any other parameter, such as tags,
version and alias descriptions or policies, a placeholder or a resolved secret value stops the
call before it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfndeploy.errors import SecretError
from sfndeploy.secrets import masking
from sfndeploy.secrets.references import fill_text, names_in_text, strings

Resolve = Callable[[str], str]

_FILLED = frozenset({("stepfunctions", "CreateStateMachine"), ("stepfunctions", "UpdateStateMachine")})
_SENT_AS_IS = frozenset({("stepfunctions", "ValidateStateMachineDefinition")})


def outgoing_params(service: str, operation: str, params: dict[str, Any], resolve: Resolve | None) -> dict[str, Any]:
    """``params`` as they may be sent: definitions with secret values, or a SecretError."""
    call = (service, operation)
    definition_ok = call in _FILLED or call in _SENT_AS_IS
    for key, value in params.items():
        if key == "definition" and definition_ok:
            continue
        _refuse_secrets(operation, key, value)
    definition = params.get("definition")
    if call not in _FILLED or not isinstance(definition, str) or not names_in_text(definition):
        return params
    if resolve is None:
        raise SecretError(
            f"refusing {operation}: the definition refers to secrets and this command does not resolve them",
            hint="deploy with 'sfndeploy apply'",
        )
    return {**params, "definition": fill_text(definition, resolve, json_text=True)}


def _refuse_secrets(operation: str, key: str, value: Any) -> None:
    for text in strings(value):
        names = names_in_text(text)
        if names:
            raise SecretError(
                f"refusing {operation}: parameter '{key}' refers to secret '{names[0]}'; "
                "secrets go only into state machine definitions, never into tags or descriptions"
            )
        if masking.contains_secret(text):
            raise SecretError(
                f"refusing {operation}: parameter '{key}' contains the value of a secret; "
                "secrets go only into state machine definitions, never into tags or descriptions"
            )
