"""Resolving a secret's value from its declared source, once per process, registering it for masking."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from typing import Protocol

from sfndeploy.errors import SecretError, SfnDeployError
from sfndeploy.secrets import masking
from sfndeploy.secrets.sources import SecretSource, SecretSources


class SecretReader(Protocol):
    """Reads stored secrets; :class:`sfndeploy.aws.secrets.AwsSecretReader` is the real one."""

    def parameter(self, name: str) -> str: ...

    def secret_string(self, secret_id: str) -> str: ...


class SecretResolver:
    """The value of each declared secret, read when first needed and then kept in memory only."""

    def __init__(
        self, declared: SecretSources, reader: SecretReader, environ: Mapping[str, str] | None = None
    ) -> None:
        self.declared = declared
        self.reader = reader
        self.environ = os.environ if environ is None else environ
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def value(self, name: str) -> str:
        with self._lock:
            if name not in self._values:
                value = self._read(self._source(name))
                masking.register(value)
                self._values[name] = value
            return self._values[name]

    def values(self, names: set[str]) -> dict[str, str]:
        return {name: self.value(name) for name in sorted(names)}

    def _source(self, name: str) -> SecretSource:
        source = self.declared.get(name)
        if source is None:
            declared = ", ".join(self.declared.names) or "none"
            raise SecretError(
                f"secret '{name}' is not declared in {self.declared.declared_in or 'the environment file'} "
                f"(declared: {declared})"
            )
        return source

    def _read(self, source: SecretSource) -> str:
        try:
            value = self._raw(source)
        except SecretError:
            raise
        except SfnDeployError as error:
            raise SecretError(
                f"secret '{source.name}': cannot read the {source.describe()}: {masking.mask(error.message)}",
                hint=error.hint,
            ) from error
        if len(value) < masking.MIN_LENGTH:
            raise SecretError(
                f"secret '{source.name}' ({source.describe()}) is shorter than {masking.MIN_LENGTH} characters, "
                "too short to be masked in output"
            )
        return value

    def _raw(self, source: SecretSource) -> str:
        if source.kind == "env":
            if source.reference not in self.environ:
                raise SecretError(f"secret '{source.name}': environment variable {source.reference} is not set")
            return self.environ[source.reference]
        if source.kind == "ssm":
            return self.reader.parameter(source.reference)
        text = self.reader.secret_string(source.reference)
        return text if source.json_key is None else _json_field(text, source)


def _json_field(text: str, source: SecretSource) -> str:
    """One key of a JSON secret string; the message never quotes the string itself."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        masking.register(text)
        raise SecretError(f"secret '{source.name}': Secrets Manager secret {source.reference} is not a JSON object")
    for value in data.values():
        if isinstance(value, str):
            masking.register(value)
    if source.json_key not in data:
        raise SecretError(
            f"secret '{source.name}': Secrets Manager secret {source.reference} has no JSON key '{source.json_key}'"
        )
    value = data[source.json_key]
    if not isinstance(value, str):
        raise SecretError(f"secret '{source.name}': the {source.describe()} is not a string")
    return value
