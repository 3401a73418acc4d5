"""Keeping production's secrets out of a replayed test case.

Replaced by ``****`` in the execution input, every Task result and the expected output:

* a value under a key that looks secret (the rule ``plan`` masks by: ``secret``, ``password``,
  ``token``, ``authorization``, ``api_key``, ``cookie``, ``credential``, ``private-key``, ...),
  and a string that starts with an HTTP credential scheme (``Bearer ...``);
* a value at a ``--redact`` path (below);
* and everywhere else in the case (other documents, error causes), every string of 4 characters
  or more that one of the rules above replaced, whole or inside a longer text: a token a task
  returned under ``token`` and the workflow passed on under another name is caught too.

``--redact`` paths are JSONPath-like, relative to the root of each of those documents::

    $.customer.email      a field            $..email        a field at any depth
    $.cards[0].number     an array element   $.cards[*].cvc  every element
    $.payload.*           every field        $['odd key']    a field by its quoted name
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sfndeploy.errors import UsageError
from sfndeploy.plan.diff import is_secret, redact
from sfndeploy.secrets.masking import MASK, MIN_LENGTH

Location = tuple[str | int, ...]

_STEP = re.compile(
    r"""\.\.(?P<descend>[A-Za-z0-9_$@:-]+|\*)"""
    r"""|\.(?P<key>[A-Za-z0-9_$@:-]+)"""
    r"""|\.(?P<dot_star>\*)"""
    r"""|\[(?P<index>\d+)\]"""
    r"""|\[(?P<star>\*)\]"""
    r"""|\[(?P<quote>['"])(?P<quoted>(?:(?!(?P=quote)).)*)(?P=quote)\]"""
)


@dataclass(frozen=True)
class Step:
    kind: str  # "key", "index", "any" (one level), "descend" (any depth, then ``name``; None: anything)
    name: str | int | None = None


@dataclass(frozen=True)
class RedactPath:
    text: str
    steps: tuple[Step, ...]

    def matches(self, location: Location) -> bool:
        return _matches(self.steps, location)


def parse_redact_path(text: str) -> RedactPath:
    """``$.a.b[0]``, ``$..name``, ``$.a[*]``, ``$.a.*``, ``$['a b']``; anything else is a usage error."""
    source = text.strip()
    if not source.startswith("$") or source == "$":
        raise _bad(text, "it must start with '$' and name at least one field")
    steps: list[Step] = []
    position = 1
    while position < len(source):
        found = _STEP.match(source, position)
        if found is None:
            raise _bad(text, f"unexpected {source[position:]!r}")
        steps.append(_step(found))
        position = found.end()
    return RedactPath(text, tuple(steps))


def _step(found: re.Match[str]) -> Step:
    if found["descend"] is not None:
        return Step("descend", None if found["descend"] == "*" else found["descend"])
    if found["key"] is not None:
        return Step("key", found["key"])
    if found["index"] is not None:
        return Step("index", int(found["index"]))
    if found["quote"] is not None:
        return Step("key", found["quoted"])
    return Step("any")


def _bad(text: str, why: str) -> UsageError:
    return UsageError(
        f"--redact {text!r} is not a path: {why}",
        hint="use $.field, $.a.b[0], $.list[*].field, $.object.* or $..field (any depth)",
    )


def _matches(steps: tuple[Step, ...], location: Location) -> bool:
    if not steps:
        return not location
    step, rest = steps[0], steps[1:]
    if step.kind == "descend":
        return any(
            (step.name is None or location[at] == step.name) and _matches(rest, location[at + 1 :])
            for at in range(len(location))
        )
    if not location:
        return False
    head = location[0]
    fits = (
        step.kind == "any"
        or (step.kind == "key" and head == step.name and isinstance(head, str))
        or (step.kind == "index" and head == step.name and isinstance(head, int))
    )
    return fits and _matches(rest, location[1:])


class Redactor:
    """Masks one case: first collect what to hide, then replace it everywhere."""

    def __init__(self, paths: tuple[RedactPath, ...] = ()) -> None:
        self.paths = paths
        self.values: set[str] = set()
        self.replaced = 0

    def collect(self, document: Any, *, with_paths: bool = True) -> None:
        """Note the secret strings in ``document`` (a secret-named key's, a credential, at a path)."""
        for value, hidden in self._walk(document, (), with_paths=with_paths):
            if hidden:
                self.values.update(text for text in _strings(value) if len(text) >= MIN_LENGTH)
            elif isinstance(value, str) and redact(value) != value:
                self.values.add(value)

    def _walk(self, value: Any, location: Location, *, with_paths: bool) -> Iterator[tuple[Any, bool]]:
        if location and (
            (isinstance(location[-1], str) and is_secret(location[-1]))
            or (with_paths and any(path.matches(location) for path in self.paths))
        ):
            yield value, True
            return
        yield value, False
        if isinstance(value, dict):
            for key, item in value.items():
                yield from self._walk(item, (*location, str(key)), with_paths=with_paths)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from self._walk(item, (*location, index), with_paths=with_paths)

    def document(self, value: Any, location: Location = ()) -> Any:
        """``value`` with every secret replaced."""
        if location and (
            (isinstance(location[-1], str) and is_secret(location[-1]))
            or any(path.matches(location) for path in self.paths)
        ):
            if value != MASK:
                self.replaced += 1
            return MASK
        if isinstance(value, dict):
            return {key: self.document(item, (*location, str(key))) for key, item in value.items()}
        if isinstance(value, list):
            return [self.document(item, (*location, index)) for index, item in enumerate(value)]
        if isinstance(value, str):
            return self.text(value)
        return value

    def text(self, value: str) -> str:
        masked: str = redact(value)
        for secret in sorted(self.values, key=len, reverse=True):
            if secret in masked:
                masked = MASK if masked == secret else masked.replace(secret, MASK)
        if masked != value:
            self.replaced += 1
        return masked


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def redact_case(
    case: dict[str, Any], paths: tuple[RedactPath, ...], also_seen: list[Any]
) -> tuple[dict[str, Any], int]:
    """The case with secrets replaced, and how many values were replaced.

    ``also_seen``: what else production handled (the requests tasks were sent, state inputs and
    outputs), searched for secret-named values that may show up in the case under other names.
    """
    redactor = Redactor(paths)
    documents = _documents(case)
    for document in documents:
        redactor.collect(document)
    for seen in also_seen:
        redactor.collect(seen, with_paths=False)
    masked = dict(case)
    if "input" in masked:
        masked["input"] = redactor.document(masked["input"])
    if "mocks" in masked:
        masked["mocks"] = {state: _mask_mock(mock, redactor) for state, mock in masked["mocks"].items()}
    if "expect" in masked:
        expect = dict(masked["expect"])
        if "output" in expect:
            expect["output"] = redactor.document(expect["output"])
        if isinstance(expect.get("cause"), str):
            expect["cause"] = redactor.text(expect["cause"])
        masked["expect"] = expect
    return masked, redactor.replaced


def _documents(case: dict[str, Any]) -> list[Any]:
    documents: list[Any] = [case.get("input")]
    for mock in (case.get("mocks") or {}).values():
        documents.extend(_returns(mock))
    expect = case.get("expect") or {}
    if "output" in expect:
        documents.append(expect["output"])
    return documents


def _returns(mock: Any) -> list[Any]:
    if not isinstance(mock, dict):
        return []
    if "iterations" in mock:
        return [value for each in mock["iterations"].values() for value in _returns(each)]
    if "sequence" in mock:
        return [value for each in mock["sequence"] for value in _returns(each)]
    return [mock["return"]] if "return" in mock else []


def _mask_mock(mock: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    if "iterations" in mock:
        return {"iterations": {key: _mask_mock(each, redactor) for key, each in mock["iterations"].items()}}
    if "sequence" in mock:
        return {"sequence": [_mask_mock(each, redactor) for each in mock["sequence"]]}
    masked = dict(mock)
    if "return" in masked:
        masked["return"] = redactor.document(masked["return"])
    if isinstance(masked.get("cause"), str):
        masked["cause"] = redactor.text(masked["cause"])
    return masked
