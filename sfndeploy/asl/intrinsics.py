"""The ``States.*`` intrinsic functions of JSONPath states.

:func:`compile_intrinsic` parses an expression such as
``States.Format('{} of {}', $.a, States.ArrayLength($$.Execution.Input.items))`` once into a tree;
:meth:`CompiledIntrinsic.evaluate` runs it, asking the caller to resolve each path argument
against the right root (state input, context object or variables).

Semantics follow AWS Step Functions (checked against recordings of real executions):

* string literals are quoted with ``'``; ``\\'``, ``\\{``, ``\\}`` and ``\\\\`` escape those
  characters (in ``States.Format`` an escaped brace is a literal brace, not a placeholder);
* ``States.Format`` prints strings as they are, numbers the Java way, ``null``, and objects and
  arrays with Java's ``toString`` (``{a=1, b=[]}``);
* ``States.MathAdd`` rounds each argument like Java's ``Math.round`` (half up) and adds integers;
* ``States.StringSplit`` splits on *each* character of the delimiter string and drops empty
  tokens (Java ``StringTokenizer``);
* ``States.StringToJson`` of a blank string is ``null``;
* ``States.JsonToString`` writes compact JSON;
* ``States.ArrayContains`` / ``States.ArrayUnique`` compare like Java ``equals`` (``1 != 1.0``);
* ``States.MathRandom`` with a seed is deterministic (``java.util.Random``).

Failures raise :class:`IntrinsicRuntimeError` with ``error`` ``States.Runtime`` and a ``cause``
(the recordings hold no failing call, so the cause texts are ours; see
``tests/asl/known_differences.md``). A path argument that selects nothing raises
:class:`~sfndeploy.asl.jsonpath.PathNotFound` from the caller's ``resolve``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from sfndeploy.asl.jsonfmt import java_number, json_type_name, to_java_string, to_json
from sfndeploy.asl.jsonpath import CompiledPath, JsonPathSyntaxError, compile_path

__all__ = [
    "FUNCTIONS",
    "CompiledIntrinsic",
    "IntrinsicRuntimeError",
    "IntrinsicSyntaxError",
    "JavaRandom",
    "compile_intrinsic",
    "is_intrinsic",
]

Resolve = Callable[[CompiledPath], Any]

FUNCTIONS: Mapping[str, tuple[int, int | None]] = {
    "States.Format": (1, None),
    "States.StringToJson": (1, 1),
    "States.JsonToString": (1, 1),
    "States.Array": (0, None),
    "States.ArrayPartition": (2, 2),
    "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3),
    "States.ArrayGetItem": (2, 2),
    "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1),
    "States.Base64Encode": (1, 1),
    "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2),
    "States.JsonMerge": (3, 3),
    "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2),
    "States.StringSplit": (2, 2),
    "States.UUID": (0, 0),
}

MAX_NESTING = 10  # AWS: "You can nest up to 10 intrinsic functions within a field"
MAX_ARRAY_RANGE_ITEMS = 1000
MAX_ENCODE_INPUT = 10000  # characters, Base64Encode / Base64Decode / Hash
HASH_ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class IntrinsicSyntaxError(ValueError):
    """An intrinsic expression does not parse or calls a function wrongly."""

    def __init__(self, text: str, position: int, problem: str) -> None:
        super().__init__(f"invalid intrinsic function '{text}': {problem} at position {position}")
        self.text = text
        self.position = position
        self.problem = problem


class IntrinsicRuntimeError(Exception):
    """An intrinsic failed while evaluating; ``error`` and ``cause`` are what AWS reports."""

    def __init__(self, cause: str, error: str = "States.Runtime") -> None:
        super().__init__(cause)
        self.error = error
        self.cause = cause


def is_intrinsic(text: Any) -> bool:
    """Whether ``text`` looks like an intrinsic call: ``States.<Name>(...``."""
    if not isinstance(text, str):
        return False
    stripped = text.lstrip()
    if not stripped.startswith("States."):
        return False
    paren = stripped.find("(")
    return paren > len("States.") and stripped[len("States.") : paren].strip().isidentifier()


# ---------------------------------------------------------------------------------------------
# Argument nodes
# ---------------------------------------------------------------------------------------------


class _Literal:
    __slots__ = ("raw", "value")

    def __init__(self, value: Any, raw: str | None = None) -> None:
        self.value = value
        self.raw = raw  # for string literals: the text between the quotes, escapes kept

    def evaluate(self, resolve: Resolve) -> Any:
        return self.value


class _PathArg:
    __slots__ = ("path",)

    def __init__(self, path: CompiledPath) -> None:
        self.path = path

    def evaluate(self, resolve: Resolve) -> Any:
        return resolve(self.path)


class _Arg(Protocol):
    """An argument: a literal, a path or a nested call."""

    def evaluate(self, resolve: Resolve) -> Any: ...


@dataclass(frozen=True)
class CompiledIntrinsic:
    """A parsed intrinsic call: ``name``, its ``args`` and how deep calls are nested."""

    text: str
    name: str
    args: tuple[_Arg, ...]
    depth: int
    _run: Callable[[list[Any]], Any] = field(repr=False, compare=False)
    # States.Format with a literal template: the template split at its placeholders
    format_parts: tuple[str, ...] | None = None

    @property
    def paths(self) -> tuple[CompiledPath, ...]:
        """Every path this expression reads, nested calls included."""
        found: list[CompiledPath] = []
        for arg in self.args:
            if isinstance(arg, _PathArg):
                found.append(arg.path)
            elif isinstance(arg, CompiledIntrinsic):
                found.extend(arg.paths)
        return tuple(found)

    def evaluate(self, resolve: Resolve) -> Any:
        """Run the call; ``resolve`` returns the value of a path argument (its own root)."""
        values = [arg.evaluate(resolve) for arg in self.args]
        if self.format_parts is not None:
            _check_placeholders(len(self.format_parts) - 1, len(values) - 1)
            return _format_parts(self.format_parts, values[1:])
        return self._run(values)


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


_ESCAPABLE = ("'", "{", "}", "\\")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, problem: str, position: int | None = None) -> IntrinsicSyntaxError:
        return IntrinsicSyntaxError(self.text, self.pos if position is None else position, problem)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t", "\r", "\n") and self.peek():
            self.pos += 1

    def parse(self) -> CompiledIntrinsic:
        self.skip_spaces()
        call = self.parse_call(1)
        self.skip_spaces()
        if self.pos < len(self.text):
            raise self.error(f"unexpected '{self.text[self.pos :]}' after the closing parenthesis")
        return call

    def parse_call(self, depth: int) -> CompiledIntrinsic:
        start = self.pos
        open_paren = self.text.find("(", self.pos)
        if open_paren < 0:
            raise self.error("expected '(' after the function name")
        name = self.text[self.pos : open_paren].strip()
        if name not in FUNCTIONS:
            raise self.error(f"unknown intrinsic function '{name}'", start)
        if depth > MAX_NESTING:
            raise self.error(f"intrinsic functions can be nested at most {MAX_NESTING} deep", start)
        self.pos = open_paren + 1
        args = self.parse_args(depth)
        minimum, maximum = FUNCTIONS[name]
        if len(args) < minimum or (maximum is not None and len(args) > maximum):
            raise self.error(f"{name} takes {_arity_text(minimum, maximum)}, got {len(args)}", start)
        text = self.text[start : self.pos]
        depth_below = max((arg.depth for arg in args if isinstance(arg, CompiledIntrinsic)), default=0)
        format_parts = _literal_format_parts(self, name, args, start)
        return CompiledIntrinsic(text, name, tuple(args), depth_below + 1, _IMPLEMENTATIONS[name], format_parts)

    def parse_args(self, depth: int) -> list[_Arg]:
        args: list[_Arg] = []
        self.skip_spaces()
        if self.peek() == ")":
            self.pos += 1
            return args
        while True:
            self.skip_spaces()
            args.append(self.parse_arg(depth))
            self.skip_spaces()
            char = self.peek()
            if char == ",":
                self.pos += 1
                continue
            if char == ")":
                self.pos += 1
                return args
            raise self.error("expected ',' or ')'" if char else "missing ')'")

    def parse_arg(self, depth: int) -> _Arg:
        char = self.peek()
        if char == "'":
            return self.parse_string()
        if char == "$":
            return self.parse_path()
        if self.text.startswith("States.", self.pos):
            return self.parse_call(depth + 1)
        return self.parse_constant()

    def parse_string(self) -> _Literal:
        start = self.pos
        self.pos += 1
        chars: list[str] = []
        raw_start = self.pos
        while True:
            char = self.peek()
            if char == "":
                raise self.error("unterminated string literal", start)
            if char == "\\":
                escaped = self.text[self.pos + 1 : self.pos + 2]
                # only \' \{ \} \\ are escapes; any other backslash stays as it is
                chars.append(escaped if escaped in _ESCAPABLE else "\\" + escaped)
                self.pos += 2
                continue
            if char == "'":
                raw = self.text[raw_start : self.pos]
                self.pos += 1
                return _Literal("".join(chars), raw)
            chars.append(char)
            self.pos += 1

    def parse_path(self) -> _PathArg:
        start = self.pos
        depth = 0
        quote = ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                if char == "\\":
                    self.pos += 1
                elif char == quote:
                    quote = ""
            elif char in ("'", '"') and depth > 0:
                quote = char
            elif char in "[(":
                depth += 1
            elif char in "])":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                break
            self.pos += 1
        text = self.text[start : self.pos].strip()
        try:
            return _PathArg(compile_path(text))
        except JsonPathSyntaxError as error:
            raise self.error(f"invalid path argument: {error.problem}", start + error.position) from None

    def parse_constant(self) -> _Literal:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",) \t\r\n":
            self.pos += 1
        token = self.text[start : self.pos]
        if token in ("true", "false", "null"):
            return _Literal({"true": True, "false": False, "null": None}[token])
        try:
            number = json.loads(token)
        except ValueError:
            number = None
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            return _Literal(number)
        raise self.error(f"invalid argument '{token}'" if token else "missing argument", start)


def _arity_text(minimum: int, maximum: int | None) -> str:
    if maximum is None:
        return f"at least {minimum} argument{'s' if minimum != 1 else ''}"
    if minimum == maximum:
        return f"exactly {minimum} argument{'s' if minimum != 1 else ''}"
    return f"{minimum} to {maximum} arguments"


def _literal_format_parts(parser: _Parser, name: str, args: Sequence[_Arg], start: int) -> tuple[str, ...] | None:
    """The split template of ``States.Format`` when it is a literal (escapes still known)."""
    if name != "States.Format":
        return None
    template = args[0]
    if not isinstance(template, _Literal):
        return None
    if not isinstance(template.value, str):
        raise parser.error("the first argument of States.Format must be a string", start)
    return _split_template(template.raw if template.raw is not None else template.value)


def _split_template(raw: str) -> tuple[str, ...]:
    """Split a template (escapes kept) at each unescaped ``{}``; escapes become their character."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw) and raw[index + 1] in _ESCAPABLE:
            current.append(raw[index + 1])
            index += 2
            continue
        if char == "{" and raw.startswith("{}", index):
            parts.append("".join(current))
            current = []
            index += 2
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    return tuple(parts)


@lru_cache(maxsize=4096)
def compile_intrinsic(text: str) -> CompiledIntrinsic:
    """Parse an intrinsic expression; raises :class:`IntrinsicSyntaxError`."""
    if not is_intrinsic(text):
        raise IntrinsicSyntaxError(text, 0, "an intrinsic function starts with 'States.<Name>('")
    return _Parser(text).parse()


# ---------------------------------------------------------------------------------------------
# Implementations
# ---------------------------------------------------------------------------------------------




def _fail(function: str, problem: str) -> IntrinsicRuntimeError:
    return IntrinsicRuntimeError(f"The {function} intrinsic function failed: {problem}")


def _expect(function: str, position: int, value: Any, kind: str) -> Any:
    matches = {
        "string": isinstance(value, str),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }[kind]
    if not matches:
        raise _fail(
            function,
            f"argument {position} must be of type {kind}, but was {json_type_name(value)}: {to_json(value)}",
        )
    return value


def _integer(function: str, position: int, value: Any) -> int:
    _expect(function, position, value, "number")
    if isinstance(value, float):
        if not value.is_integer():
            raise _fail(function, f"argument {position} must be an integer, but was {java_number(value)}")
        return int(value)
    return int(value)


def _format_value(value: Any) -> str:
    return to_java_string(value)


def _format_parts(parts: Sequence[str], values: Sequence[Any]) -> str:
    pieces = [parts[0]]
    for value, part in zip(values, parts[1:], strict=True):
        pieces.append(_format_value(value))
        pieces.append(part)
    return "".join(pieces)


def _format(values: list[Any]) -> str:
    template = _expect("States.Format", 1, values[0], "string")
    parts = _split_template(template)
    _check_placeholders(len(parts) - 1, len(values) - 1)
    return _format_parts(parts, values[1:])


def _check_placeholders(placeholders: int, arguments: int) -> None:
    if placeholders != arguments:
        raise _fail(
            "States.Format",
            f"the format string has {placeholders} placeholder(s) but {arguments} argument(s) were given",
        )


def _string_to_json(values: list[Any]) -> Any:
    text = _expect("States.StringToJson", 1, values[0], "string")
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail("States.StringToJson", f"the string is not valid JSON ({error.msg})") from None


def _json_to_string(values: list[Any]) -> str:
    return to_json(values[0])


def _array(values: list[Any]) -> list[Any]:
    return list(values)


def _array_partition(values: list[Any]) -> list[list[Any]]:
    items = _expect("States.ArrayPartition", 1, values[0], "array")
    size = _integer("States.ArrayPartition", 2, values[1])
    if size <= 0:
        raise _fail("States.ArrayPartition", f"the chunk size must be a positive integer, but was {size}")
    return [items[start : start + size] for start in range(0, len(items), size)]


def _json_equal(left: Any, right: Any) -> bool:
    """Java ``equals`` of the decoded values: an integer never equals a decimal (1 != 1.0)."""
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_json_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_json_equal(left[key], right[key]) for key in left)
    return type(left) is type(right) and left == right


def _array_contains(values: list[Any]) -> bool:
    items = _expect("States.ArrayContains", 1, values[0], "array")
    return any(_json_equal(item, values[1]) for item in items)


def _array_range(values: list[Any]) -> list[int]:
    start = _integer("States.ArrayRange", 1, values[0])
    end = _integer("States.ArrayRange", 2, values[1])
    step = _integer("States.ArrayRange", 3, values[2])
    if step == 0:
        raise _fail("States.ArrayRange", "the step must not be zero")
    count = max(0, (end - start) // step + 1)
    if count > MAX_ARRAY_RANGE_ITEMS:
        raise _fail(
            "States.ArrayRange",
            f"the range would have {count} items, more than the maximum of {MAX_ARRAY_RANGE_ITEMS}",
        )
    return [start + step * index for index in range(count)]


def _array_get_item(values: list[Any]) -> Any:
    items = _expect("States.ArrayGetItem", 1, values[0], "array")
    index = _integer("States.ArrayGetItem", 2, values[1])
    if not 0 <= index < len(items):
        raise _fail("States.ArrayGetItem", f"index {index} is out of bounds for an array of length {len(items)}")
    return items[index]


def _array_length(values: list[Any]) -> int:
    return len(_expect("States.ArrayLength", 1, values[0], "array"))


def _array_unique(values: list[Any]) -> list[Any]:
    items = _expect("States.ArrayUnique", 1, values[0], "array")
    unique: list[Any] = []
    for item in items:
        if not any(_json_equal(item, seen) for seen in unique):
            unique.append(item)
    return unique


def _checked_size(function: str, text: str) -> str:
    if len(text) > MAX_ENCODE_INPUT:
        raise _fail(function, f"the input string has {len(text)} characters, more than {MAX_ENCODE_INPUT}")
    return text


def _base64_encode(values: list[Any]) -> str:
    text = _checked_size("States.Base64Encode", _expect("States.Base64Encode", 1, values[0], "string"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _base64_decode(values: list[Any]) -> str:
    text = _checked_size("States.Base64Decode", _expect("States.Base64Decode", 1, values[0], "string"))
    try:
        return base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise _fail("States.Base64Decode", "the input is not valid Base64-encoded UTF-8 text") from None


def _hash(values: list[Any]) -> str:
    text = _checked_size("States.Hash", _expect("States.Hash", 1, values[0], "string"))
    algorithm = _expect("States.Hash", 2, values[1], "string")
    if algorithm not in HASH_ALGORITHMS:
        raise _fail(
            "States.Hash",
            f"unsupported algorithm '{algorithm}' (supported: {', '.join(HASH_ALGORITHMS)})",
        )
    return hashlib.new(HASH_ALGORITHMS[algorithm], text.encode("utf-8")).hexdigest()


def _json_merge(values: list[Any]) -> dict[str, Any]:
    left = _expect("States.JsonMerge", 1, values[0], "object")
    right = _expect("States.JsonMerge", 2, values[1], "object")
    deep = _expect("States.JsonMerge", 3, values[2], "boolean")
    if deep:
        raise _fail("States.JsonMerge", "deep merging is not supported: the third argument must be false")
    merged = dict(left)
    merged.update(right)
    return merged


def _java_round(function: str, position: int, value: Any) -> int:
    number = _expect(function, position, value, "number")
    if isinstance(number, int):
        return number
    return math.floor(float(number) + 0.5)


def _math_random(values: list[Any]) -> int:
    start = _java_round("States.MathRandom", 1, values[0])
    end = _java_round("States.MathRandom", 2, values[1])
    if end <= start:
        raise _fail("States.MathRandom", f"the end ({end}) must be greater than the start ({start})")
    if len(values) == 3:
        seed = _java_round("States.MathRandom", 3, values[2])
        return start + JavaRandom(seed).next_int(end - start)
    return random.randrange(start, end)


def _math_add(values: list[Any]) -> int:
    total = _java_round("States.MathAdd", 1, values[0]) + _java_round("States.MathAdd", 2, values[1])
    if not _INT_MIN <= total <= _INT_MAX:
        raise _fail("States.MathAdd", f"the result {total} is outside the 32-bit integer range")
    return total


def _string_split(values: list[Any]) -> list[str]:
    text = _expect("States.StringSplit", 1, values[0], "string")
    delimiters = _expect("States.StringSplit", 2, values[1], "string")
    tokens: list[str] = []
    current: list[str] = []
    for char in text:
        if char in delimiters:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


def _uuid(values: list[Any]) -> str:
    return str(uuid.uuid4())


_IMPLEMENTATIONS: dict[str, Callable[[list[Any]], Any]] = {
    "States.Format": _format,
    "States.StringToJson": _string_to_json,
    "States.JsonToString": _json_to_string,
    "States.Array": _array,
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _array_length,
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode,
    "States.Base64Decode": _base64_decode,
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _math_random,
    "States.MathAdd": _math_add,
    "States.StringSplit": _string_split,
    "States.UUID": _uuid,
}


class JavaRandom:
    """``java.util.Random``: the same seed gives the same numbers as on the JVM."""

    _MULTIPLIER = 0x5DEECE66D
    _MASK = (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self._seed = (seed ^ self._MULTIPLIER) & self._MASK

    def _next(self, bits: int) -> int:
        self._seed = (self._seed * self._MULTIPLIER + 0xB) & self._MASK
        value = self._seed >> (48 - bits)
        return value - (1 << 32) if value >= 1 << 31 else value  # Java's (int) cast

    def next_double(self) -> float:
        """A number in ``[0, 1)``, exactly like ``Random.nextDouble()``."""
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))

    def next_int(self, bound: int) -> int:
        """A number in ``[0, bound)``, exactly like ``Random.nextInt(int bound)``."""
        if bound <= 0:
            raise ValueError("bound must be positive")
        if bound & -bound == bound:
            return (bound * self._next(31)) >> 31
        while True:
            bits = self._next(31)
            value = bits % bound
            if bits - value + (bound - 1) < (1 << 31):
                return value
