"""The ``secrets:`` and ``template_env:`` keys of an environment file, checked and as data."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sfndeploy.errors import ConfigError, SourceLocation

SOURCE_KINDS = ("env", "ssm", "secretsmanager")
# Names a template may not read with env_var(): credentials and anything that looks secret belong in secrets:.
_SECRET_LOOKING = re.compile(
    r"^AWS_|SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY", re.IGNORECASE
)

Locate = Callable[[str], SourceLocation]


@dataclass(frozen=True)
class SecretSource:
    """Where one secret's value comes from: an environment variable, an SSM parameter or Secrets Manager."""

    name: str
    kind: str  # one of SOURCE_KINDS
    reference: str  # variable name, parameter name, or secret id
    json_key: str | None = None  # Secrets Manager: a key of a JSON secret string

    def describe(self) -> str:
        key = f" (JSON key '{self.json_key}')" if self.json_key else ""
        words = {"env": "environment variable", "ssm": "SSM parameter", "secretsmanager": "Secrets Manager secret"}
        return f"{words[self.kind]} {self.reference}{key}"


def split_secret_id(text: str) -> tuple[str, str | None]:
    """``secret-id[:json-key]``; an ARN has six colons of its own (``arn:aws:secretsmanager:r:a:secret:name``)."""
    limit = 7 if text.startswith("arn:") else 1
    parts = text.split(":", limit)
    if len(parts) > limit and parts[limit]:
        return ":".join(parts[:limit]), parts[limit]
    return text, None


def secret_sources(data: Mapping[str, Any], declared_in: str) -> SecretSources:
    """The ``secrets:`` map of a schema-checked environment file."""
    sources = []
    for name, entry in (data.get("secrets") or {}).items():
        kind, reference = next(iter(entry.items()))
        json_key = None
        if kind == "secretsmanager":
            reference, json_key = split_secret_id(reference)
        sources.append(SecretSource(name, kind, reference, json_key))
    return SecretSources(tuple(sources), declared_in)


def template_env_names(data: Mapping[str, Any], locate: Locate) -> tuple[str, ...]:
    """The ``template_env:`` allow-list; names that look like credentials are refused."""
    names: Sequence[str] = data.get("template_env") or ()
    for index, name in enumerate(names):
        if _SECRET_LOOKING.search(name):
            raise ConfigError(
                f"'{name}' looks like a credential and cannot be read by templates",
                location=locate(f"/template_env/{index}"),
                key="template_env",
                hint=f"declare a secret with 'env: {name}' under secrets: and use secret() for it",
            )
    return tuple(names)


@dataclass(frozen=True)
class SecretSources:
    """An environment's declared secrets and the file that declares them (for messages)."""

    sources: tuple[SecretSource, ...] = ()
    declared_in: str = ""

    def get(self, name: str) -> SecretSource | None:
        return next((s for s in self.sources if s.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sources)

    def __bool__(self) -> bool:
        return bool(self.sources)
