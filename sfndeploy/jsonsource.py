"""JSON documents read with the json module; positions found only when a message needs one.

``load_json`` parses with Python's C JSON parser (any JSON whitespace, exponent numbers, surrogate
pairs, integers of any size up to Python's 4300-digit limit) and returns a :class:`SourceMap` whose
locations are computed by scanning the text on the first lookup, so a file without diagnostics never
pays for them. What JSON allows but AWS refuses is refused here with file, line and column: ``NaN``,
``Infinity`` and numbers too large for a double, duplicate keys in one object (which key would win
is unspecified; the States Language requires unique state names), unpaired surrogate escapes, and
nesting deeper than :data:`~sfndeploy.documents.MAX_DEPTH`.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from sfndeploy.documents import MAX_DEPTH, MAX_JSON_BYTES, ErrorType, strip_bom
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.sourcemap import LineOrigin, SourceMap, escape_token

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[{}\[\],:]|[^\s{}\[\],:"]+')
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _Refused(Exception):
    """Raised inside the parser's hooks; turned into a located error afterwards."""

    def __init__(self, message: str, token: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.token = token


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"duplicate key '{key}'")
            seen.add(key)
    return result


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused(f"the number {_short(text)} is too large for a double", text)
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number (AWS refuses NaN and Infinity)", name)


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_float=_finite_float, parse_constant=_constant)


def looks_like_json(text: str) -> bool:
    """Whether the document starts like JSON (an object or an array)."""
    return strip_bom(text).lstrip(" \t\r\n")[:1] in ("{", "[")


class JsonRefused(Exception):
    """Why a text is not accepted as JSON, and where (``syntax``: it is not JSON at all)."""

    def __init__(self, message: str, location: SourceLocation, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.syntax = syntax


def load_json(
    text: str,
    *,
    file: str,
    line_origin: LineOrigin | None = None,
    error: ErrorType = ConfigError,
    limit: int = MAX_JSON_BYTES,
) -> tuple[Any, SourceMap]:
    """Parse one JSON document; raise ``error`` (a one-line message with file, line, column) if it is refused."""
    try:
        return parse_json(text, file=file, line_origin=line_origin, limit=limit)
    except JsonRefused as refused:
        raise error(refused.message, location=refused.location) from None


def parse_json(
    text: str, *, file: str, line_origin: LineOrigin | None = None, limit: int = MAX_JSON_BYTES
) -> tuple[Any, SourceMap]:
    """:func:`load_json` raising :class:`JsonRefused`."""
    text = strip_bom(text)
    positions = _Positions(text, file, line_origin)
    if len(text) > limit:
        raise JsonRefused(
            f"the document is larger than the limit of {limit // (1024 * 1024)} MiB", SourceLocation(file)
        )
    if _too_deep(text):
        raise JsonRefused(f"nested deeper than {MAX_DEPTH} levels", positions.at(_first_too_deep(text)))
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as problem:
        raise JsonRefused(f"not valid JSON: {problem.msg}", positions.at(problem.pos), syntax=True) from None
    except _Refused as refused:
        raise JsonRefused(refused.message, positions.at(_offending_offset(text, refused))) from None
    except ValueError:  # an integer beyond Python's digit limit
        digits = sys.get_int_max_str_digits()
        message = f"a number has more than {digits} digits"
        raise JsonRefused(message, positions.at(_long_number_offset(text, digits))) from None
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(data):
        message = "an unpaired surrogate escape (\\ud800-\\udfff) is not a character"
        raise JsonRefused(message, positions.at(_lone_surrogate_offset(text)))
    return data, SourceMap(positions, file)


class _Positions(Mapping[str, SourceLocation]):
    """JSON pointer to location, found by scanning the text when a message asks for one.

    A lookup scans only the containers on the pointer's path (each once: their members are
    remembered), skipping the values beside it with the C scanner; the whole table of pointers is
    built only if the mapping is iterated.
    """

    def __init__(self, text: str, file: str, line_origin: LineOrigin | None) -> None:
        self._text = text
        self._file = file
        self._origin = line_origin
        self._offsets: dict[str, int] | None = None
        self._found: dict[str, tuple[int, int]] = {}  # pointer -> (where it is reported, where its value starts)
        self._scanned: set[str] = set()

    def at(self, offset: int | None) -> SourceLocation:
        if offset is None:
            return SourceLocation(self._file)
        # Counting the newlines before the offset is quicker than a table for the few lookups of a file.
        line = self._text.count("\n", 0, offset) + 1
        column = offset - self._text.rfind("\n", 0, offset)
        if self._origin is None:
            return SourceLocation(self._file, line, column)
        base = self._origin(line)
        return SourceLocation(base.file, base.line, column)

    def _table(self) -> dict[str, int]:
        if self._offsets is None:
            self._offsets = _pointer_offsets(self._text)
        return self._offsets

    def __getitem__(self, pointer: str) -> SourceLocation:
        found = self._find(pointer)
        if found is None:
            raise KeyError(pointer)
        return self.at(found[0])

    def _find(self, pointer: str) -> tuple[int, int] | None:
        found = self._found.get(pointer)
        if found is not None:
            return found
        if not pointer:
            start = _after_space(self._text, 0)
            if start >= len(self._text):
                return None
            self._found[""] = (start, start)
            return self._found[""]
        parent, _ = pointer.rsplit("/", 1)
        if parent in self._scanned:
            return None
        container = self._find(parent)
        if container is None:
            return None
        self._scanned.add(parent)
        self._found.update(_members(self._text, parent, container[1]))
        return self._found.get(pointer)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _members(text: str, pointer: str, start: int) -> Iterator[tuple[str, tuple[int, int]]]:
    """The members of the container whose value starts at ``start`` (none for a scalar).

    An object member is reported where its key starts, an array item where its value starts; the
    text is known to be valid JSON.
    """
    opening = text[start]
    if opening not in "{[":
        return
    index = _after_space(text, start + 1)
    if text[index] in "}]":
        return
    position = 0
    while True:
        if opening == "{":
            key_start = index
            key, index = _SCAN(text, index)
            index = _after_space(text, _after_space(text, index) + 1)
            yield pointer + "/" + escape_token(key), (key_start, index)
        else:
            yield f"{pointer}/{position}", (index, index)
            position += 1
        index = _after_space(text, _SCAN(text, index)[1])
        if text[index] in "}]":
            return
        index = _after_space(text, index + 1)


def _after_space(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


_SCAN = json.JSONDecoder().raw_decode  # (value, end) of the JSON value starting at an index


class _Frame:
    __slots__ = ("index", "is_object", "key_pointer", "keys", "pointer")

    def __init__(self, is_object: bool, pointer: str) -> None:
        self.is_object = is_object
        self.pointer = pointer
        self.index = 0
        self.key_pointer = pointer
        self.keys: set[str] = set()


def _pointer_offsets(text: str) -> dict[str, int]:
    """Where each pointer's value starts (for object members: where the key starts)."""
    offsets: dict[str, int] = {}
    stack: list[_Frame] = []
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == ":":
            continue
        if first == ",":
            if stack and stack[-1].is_object:
                expect_key = True
            elif stack:
                stack[-1].index += 1
            continue
        if first in "}]":
            if stack:
                stack.pop()
            expect_key = False
            continue
        if expect_key and stack:
            frame = stack[-1]
            frame.key_pointer = frame.pointer + "/" + escape_token(_decode_string(token))
            offsets[frame.key_pointer] = match.start()
            expect_key = False
            continue
        pointer = _value_pointer(stack, offsets, match.start())
        if first == "{":
            stack.append(_Frame(True, pointer))
            expect_key = True
        elif first == "[":
            stack.append(_Frame(False, pointer))
    return offsets


def _value_pointer(stack: list[_Frame], offsets: dict[str, int], offset: int) -> str:
    if not stack:
        offsets.setdefault("", offset)
        return ""
    frame = stack[-1]
    if frame.is_object:
        return frame.key_pointer
    pointer = f"{frame.pointer}/{frame.index}"
    offsets[pointer] = offset
    return pointer


def _decode_string(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _first_too_deep(text: str) -> int | None:
    depth = 0
    for match in _TOKEN.finditer(text):
        first = match.group()[0]
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif first in "]}":
            depth -= 1
    return None


def _offending_offset(text: str, refused: _Refused) -> int | None:
    if refused.token is not None:
        return next((m.start() for m in _TOKEN.finditer(text) if m.group() == refused.token), None)
    return _duplicate_key_offset(text)


def _duplicate_key_offset(text: str) -> int | None:
    stack: list[_Frame] = []
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == ",":
            expect_key = bool(stack) and stack[-1].is_object
        elif first in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif expect_key and stack:
            key = _decode_string(token)
            if key in stack[-1].keys:
                return match.start()
            stack[-1].keys.add(key)
            expect_key = False
        elif first in "[{":
            stack.append(_Frame(first == "{", ""))
            expect_key = first == "{"
    return None


def _long_number_offset(text: str, digits: int) -> int | None:
    return next(
        (m.start() for m in _TOKEN.finditer(text) if m.group()[0] in "-0123456789" and len(m.group()) > digits), None
    )


def _has_lone_surrogate(data: Any) -> bool:
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if _is_unpaired(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _is_unpaired(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lone_surrogate_offset(text: str) -> int | None:
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"' and _SURROGATE_ESCAPE.search(token) and _is_unpaired(_decode_string(token)):
            return match.start()
    return None


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:21] + "..."
