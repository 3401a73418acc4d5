"""Environment-specific values of a live definition turned into template expressions.

In order of preference a string becomes: a variable the environment file already has (same
value), an ARN or queue URL rebuilt with the project's ``arn``/``lambda_arn``/``sqs_queue_url``
functions (account id and region from the environment), and names carrying the environment's
naming prefix or suffix as new variables, which the importer adds to the environment file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.importer.templated import Expr, Templated, simplify
from sfndeploy.model import Environment

# Fields whose strings are the definition's own structure, never environment values.
STRUCTURAL_KEYS = frozenset({"Type", "Next", "Default", "StartAt", "ErrorEquals", "Variable", "QueryLanguage"})
MIN_SUBSTRING_MATCH = 6  # shorter variable values are only matched as whole strings

_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>\d{12}|):(?P<resource>.+)$"
)
_LAMBDA = re.compile(r"^function:(?P<name>[A-Za-z0-9_-]+)(?P<qualifier>:[A-Za-z0-9$_-]+)?$")
_QUEUE_URL = re.compile(
    r"^https://sqs\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<account>\d{12})/(?P<queue>[A-Za-z0-9_.-]+)$"
)
_TOKEN = re.compile(r"[A-Za-z0-9_.-]+")
_SEGMENT = re.compile(r"([:/])")


def var_expression(path: tuple[str | int, ...]) -> str:
    """``vars.functions.charge``, with subscripts for keys that are not identifiers."""
    text = "vars"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}"
        else:
            text += f"[{part!r}]"
    return text


def _string_leaves(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_leaves(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


@dataclass
class Substitutions:
    """Turns strings into :class:`Templated` values, collecting the new variables it needs."""

    env: Environment
    group: str  # the key under ``vars`` new variables of this workflow go to
    known: dict[str, tuple[str | int, ...]] = field(default_factory=dict)  # value -> existing var path
    new_vars: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> key -> value
    _by_value: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path, value in _string_leaves(self.env.vars):
            if len(value) >= 3:
                self.known.setdefault(value, path)

    # --- the whole definition --------------------------------------------------------------

    def definition(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.definition(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.definition(v, key) for v in value]
        if isinstance(value, str) and key not in STRUCTURAL_KEYS:
            if key == "Comment":
                return self.comment(value)
            return self.string(value)
        return value

    def comment(self, text: str) -> str | Templated:
        pattern = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(self.env.name)}(?![A-Za-z0-9_-])")
        parts: list[str | Expr] = []
        cursor = 0
        for match in pattern.finditer(text):
            parts.extend([text[cursor : match.start()], Expr("env.name")])
            cursor = match.end()
        parts.append(text[cursor:])
        return simplify(parts)

    def string(self, text: str, kind: str = "names") -> str | Templated:
        if text in self.known:
            return Templated((Expr(var_expression(self.known[text])),))
        arn = _ARN.match(text)
        if arn and arn.group("account") == self.env.account_id:
            return self._arn(arn)
        queue = _QUEUE_URL.match(text)
        if queue and queue.group("account") == self.env.account_id and queue.group("region") == self.env.region:
            return Templated((Expr(f"sqs_queue_url({self._name(queue.group('queue'), 'queues', force=True)})"),))
        return self._free_text(text, kind)

    # --- pieces ----------------------------------------------------------------------------

    def _arn(self, arn: re.Match[str]) -> str | Templated:
        service, region, resource = arn.group("service"), arn.group("region"), arn.group("resource")
        if arn.group("partition") != self.env.partition:
            return self._free_text(arn.group(0), "names")
        lambda_match = _LAMBDA.match(resource)
        if service == "lambda" and region == self.env.region and lambda_match:
            call = f"lambda_arn({self._name(lambda_match.group('name'), 'functions', force=True)})"
            return simplify([Expr(call), lambda_match.group("qualifier") or ""])
        arguments = [repr(service), self._resource(resource, service)]
        if region != self.env.region:
            arguments.append(f"region={region!r}")
        return Templated((Expr(f"arn({', '.join(arguments)})"),))

    def _resource(self, resource: str, service: str) -> str:
        """The resource part of an ARN as a Jinja expression joining literals and variables with ``~``."""
        if resource in self.known:
            return var_expression(self.known[resource])
        for match in _SEGMENT.finditer(resource):  # job-definition/etl-report-dev:1 with a variable for the tail
            tail = resource[match.end() :]
            if tail in self.known:
                return f"{resource[: match.end()]!r} ~ {var_expression(self.known[tail])}"
        force = service == "sqs"
        pieces: list[str] = []
        for segment in _SEGMENT.split(resource):
            if not segment:
                continue
            if segment in {":", "/"}:
                pieces.append(repr(segment))
                continue
            found = self._name(segment, "queues" if force else "names", force=force, optional=True)
            pieces.append(found if found is not None else repr(segment))
        return " ~ ".join(_merge_literals(pieces)) or "''"

    def _free_text(self, text: str, kind: str) -> str | Templated:
        """Known values and affixed names inside a longer text (S3 URIs, JSONata, intrinsics)."""
        parts: list[str | Expr] = []
        cursor = 0
        for match in _TOKEN.finditer(text):
            token = match.group(0)
            expression = self._token(token, kind)
            if expression is None:
                continue
            parts.extend([text[cursor : match.start()], Expr(expression)])
            cursor = match.end()
        parts.append(text[cursor:])
        return simplify(parts)

    def _token(self, token: str, kind: str) -> str | None:
        if token in self.known and len(token) >= MIN_SUBSTRING_MATCH:
            return var_expression(self.known[token])
        if token == self.env.account_id:
            return "env.account_id"
        return self._name(token, kind, optional=True)

    def _name(self, name: str, kind: str, *, force: bool = False, optional: bool = False) -> str | None:
        """The expression for a resource name: an existing variable, else a new one when it is env-specific."""
        if name in self.known:
            return var_expression(self.known[name])
        if not (force or self._affixed(name)):
            return None if optional else repr(name)
        return var_expression(self._new_var(name, kind))

    def _affixed(self, name: str) -> bool:
        naming = self.env.naming
        if naming.suffix and name.endswith(naming.suffix) and len(name) > len(naming.suffix):
            return True
        return bool(naming.prefix and name.startswith(naming.prefix) and len(name) > len(naming.prefix))

    def _new_var(self, value: str, kind: str) -> tuple[str, ...]:
        if value in self._by_value:
            return self._by_value[value]
        base = value
        naming = self.env.naming
        if naming.suffix and base.endswith(naming.suffix):
            base = base[: -len(naming.suffix)]
        if naming.prefix and base.startswith(naming.prefix):
            base = base[len(naming.prefix) :]
        key = re.sub(r"[^A-Za-z0-9]+", "_", base).strip("_").lower() or "value"
        if key[0].isdigit():
            key = "v_" + key
        keys = self.new_vars.setdefault(kind, {})
        candidate, counter = key, 2
        while candidate in keys:
            candidate, counter = f"{key}_{counter}", counter + 1
        keys[candidate] = value
        path = (self.group, kind, candidate)
        self._by_value[value] = path
        return path


def _merge_literals(pieces: list[str]) -> list[str]:
    """Join adjacent Python string literals (``'job-queue' ~ '/'`` is ``'job-queue/'``)."""
    merged: list[str] = []
    for piece in pieces:
        if merged and _is_literal(piece) and _is_literal(merged[-1]):
            merged[-1] = repr(eval_literal(merged[-1]) + eval_literal(piece))
        else:
            merged.append(piece)
    return merged


def _is_literal(piece: str) -> bool:
    return len(piece) >= 2 and piece[0] == piece[-1] and piece[0] in "'\""


def eval_literal(piece: str) -> str:
    import ast

    value = ast.literal_eval(piece)
    assert isinstance(value, str)
    return value
