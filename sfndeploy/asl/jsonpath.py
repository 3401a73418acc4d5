"""JSONPath as AWS Step Functions evaluates it.

Step Functions evaluates JSONPath with Jayway JsonPath semantics, which differ from the
JSONPath draft in ways that matter to workflows:

* a *definite* path (only names and single indexes) selects one value, and a missing value is an
  error (:class:`PathNotFound`, with Jayway's wording: ``No results for path: $['a']['b']`` when
  the last step is missing, ``Missing property in path $['a']`` when an intermediate one is);
* an *indefinite* path (wildcard, slice, filter, deep scan, index union, several names in a
  non-final bracket) always yields a list of matches, possibly empty, and never fails;
* negative indexes count from the end; slices have no step;
* filters ``[?(...)]`` support ``== != < <= > >= =~ in nin subsetof anyof noneof size empty``,
  ``&& || !`` and parentheses; ``@`` is the current item, ``$`` the document root;
* a filter literal written without quotes (``[?(@.code==es)]``) is accepted when the definition
  is created, but Jayway cannot read it as a value: the comparison never matches here, and the
  word is listed in :attr:`CompiledPath.unquoted_literals` so that the validator can warn;
* Jayway's path functions (``.length()``, ``.sum()``...) are not available: AWS accepts such a
  path but finds nothing at it (``The JSONPath '$.Jobs.sum()' ... could not be found``), so
  ``name()`` is read as a property that is never there.

Roots: ``$`` (state input), ``$$`` (context object) or ``$name`` (an ``Assign`` variable). The caller
passes the value of that root to :meth:`CompiledPath.evaluate`.

Paths are compiled once (:func:`compile_path` is cached); evaluation walks precomputed selectors
with plain dict/list access.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sfndeploy.asl.jsonfmt import java_number, to_java_string

__all__ = [
    "CompiledPath",
    "JsonPathSyntaxError",
    "PathNotFound",
    "compile_path",
    "is_reference_path",
    "jayway_path",
    "set_at_path",
]


class JsonPathSyntaxError(ValueError):
    """A path does not parse; the message says what is wrong and at which position."""

    def __init__(self, text: str, position: int, problem: str) -> None:
        super().__init__(f"invalid JSONPath '{text}': {problem} at position {position}")
        self.text = text
        self.position = position
        self.problem = problem


class PathNotFound(LookupError):
    """A definite path points at nothing.

    ``detail`` is Jayway's explanation (``No results for path: $['a']``, ``Missing property in
    path $['a']``...); ``str()`` is AWS's ``Invalid path '<path>' : <detail>``.
    """

    def __init__(self, path_text: str, detail: str) -> None:
        super().__init__(f"Invalid path '{path_text}' : {detail}")
        self.path_text = path_text
        self.detail = detail


_MISSING: Any = object()

# ---------------------------------------------------------------------------------------------
# Selectors: one step of a path. ``select`` appends every match of one node (indefinite mode);
# definite paths only use Name and Index, walked by CompiledPath itself.
# ---------------------------------------------------------------------------------------------


class _Selector:
    definite = True
    # the Jayway-style fragment of this step, e.g. "['name']" or "[0]"
    fragment = ""

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        raise NotImplementedError

    def applies_to(self, node: Any) -> bool:
        """Whether a deep scan should apply this selector to ``node``."""
        return isinstance(node, (dict, list))

    def scan(self, node: Any, root: Any, out: list[Any]) -> None:
        """What a deep scan (``..``) collects from one node it walks."""
        if self.applies_to(node):
            self.select(node, root, out)


class _Name(_Selector):
    def __init__(self, name: str) -> None:
        self.name = name
        self.fragment = f"['{name}']"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        if type(node) is dict:
            value = node.get(self.name, _MISSING)
            if value is not _MISSING:
                out.append(value)

    def applies_to(self, node: Any) -> bool:
        return type(node) is dict and self.name in node


class _Call(_Name):
    """``.name()``: a Jayway function call, which AWS evaluates to nothing (see module docs)."""

    def __init__(self, name: str) -> None:
        super().__init__(name + "()")


class _Names(_Selector):
    """Several names in one bracket: a merged object when final, else each value in turn."""

    def __init__(self, names: tuple[str, ...], final: bool) -> None:
        self.names = names
        self.final = final
        self.definite = final
        self.fragment = "[" + ",".join(f"'{name}'" for name in names) + "]"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        if type(node) is not dict:
            return
        if self.final:
            out.append({name: node[name] for name in self.names if name in node})
        else:
            out.extend(node[name] for name in self.names if name in node)

    def applies_to(self, node: Any) -> bool:
        # Jayway scans match a final multi-property step only where every property exists
        return type(node) is dict and (not self.final or all(name in node for name in self.names))


class _Index(_Selector):
    def __init__(self, index: int) -> None:
        self.index = index
        self.fragment = f"[{index}]"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        if type(node) is list:
            index = self.index
            if -len(node) <= index < len(node):
                out.append(node[index])

    def applies_to(self, node: Any) -> bool:
        return type(node) is list


class _Indexes(_Selector):
    definite = False

    def __init__(self, indexes: tuple[int, ...]) -> None:
        self.indexes = indexes
        self.fragment = "[" + ",".join(str(index) for index in indexes) + "]"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        if type(node) is list:
            length = len(node)
            out.extend(node[index] for index in self.indexes if -length <= index < length)

    def applies_to(self, node: Any) -> bool:
        return type(node) is list


class _Slice(_Selector):
    definite = False

    def __init__(self, start: int | None, stop: int | None) -> None:
        self.start = start
        self.stop = stop
        self.fragment = f"[{'' if start is None else start}:{'' if stop is None else stop}]"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        if type(node) is list:
            out.extend(node[self.start : self.stop])

    def applies_to(self, node: Any) -> bool:
        return type(node) is list


class _Wildcard(_Selector):
    definite = False
    fragment = "[*]"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        if type(node) is dict:
            out.extend(node.values())
        elif type(node) is list:
            out.extend(node)


class _Filter(_Selector):
    definite = False

    def __init__(self, predicate: _Predicate, source: str) -> None:
        self.predicate = predicate
        self.fragment = f"[?({source})]"

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        predicate = self.predicate
        if type(node) is list:
            out.extend(item for item in node if predicate(item, root))
        elif type(node) is dict and predicate(node, root):
            out.append(node)

    def scan(self, node: Any, root: Any, out: list[Any]) -> None:
        # under a deep scan Jayway tests every object it walks (not array elements as such)
        if type(node) is dict and self.predicate(node, root):
            out.append(node)


class _DeepScan(_Selector):
    """``..x``: apply ``inner`` to the node and every descendant, in document pre-order."""

    definite = False

    def __init__(self, inner: _Selector) -> None:
        self.inner = inner
        self.fragment = ".." + inner.fragment

    def select(self, node: Any, root: Any, out: list[Any]) -> None:
        self.inner.scan(node, root, out)
        if type(node) is dict:
            for child in node.values():
                if isinstance(child, (dict, list)):
                    self.select(child, root, out)
        elif type(node) is list:
            for child in node:
                if isinstance(child, (dict, list)):
                    self.select(child, root, out)


# ---------------------------------------------------------------------------------------------
# Filter predicates
# ---------------------------------------------------------------------------------------------

_Predicate = Callable[[Any, Any], bool]
_Operand = Callable[[Any, Any], Any]  # (current item, root) -> value or _MISSING


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_BIG_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _as_number(text: str) -> Decimal | None:
    """Jayway's ``StringNode.asNumberNode``: a ``BigDecimal`` or nothing."""
    if not _BIG_DECIMAL.fullmatch(text):
        return None
    return Decimal(text)


def _equals(left: Any, right: Any) -> bool:
    """Jayway's ``left.equals(right)``: numbers and strings convert to the left operand's type."""
    if left is _MISSING or right is _MISSING:
        return False
    if _is_number(left):
        if _is_number(right):
            return bool(left == right)
        if isinstance(right, str):
            number = _as_number(right)
            return number is not None and number == Decimal(repr(left))
        return False
    if isinstance(left, str):
        if isinstance(right, str):
            return left == right
        return _is_number(right) and left == _number_text(right)
    if isinstance(left, bool) or left is None:
        return isinstance(right, bool) == isinstance(left, bool) and left is right
    return isinstance(right, (dict, list)) and _json_equal(left, right)


def _number_text(number: Any) -> str:
    return java_number(number)


def _json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_json_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_json_equal(left[key], right[key]) for key in left)
    return type(left) is type(right) and bool(left == right)


def _ordered(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(left: Any, right: Any) -> bool:
        if _is_number(left) and _is_number(right):
            return test(left, right)
        if isinstance(left, str) and isinstance(right, str):
            return test(left, right)
        return False

    return compare


def _value_list(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


def _contains_value(container: Any, value: Any) -> bool:
    """Java's ``list.contains(value)``: ``value.equals(item)`` for some item."""
    items = _value_list(container)
    return items is not None and any(_equals(value, item) for item in items)


def _subsetof(left: Any, right: Any) -> bool:
    items = _value_list(left)
    return items is not None and _value_list(right) is not None and all(_contains_value(right, item) for item in items)


def _anyof(left: Any, right: Any) -> bool:
    items = _value_list(left)
    return items is not None and any(_contains_value(right, item) for item in items)


def _noneof(left: Any, right: Any) -> bool:
    items = _value_list(left)
    return (
        items is not None and _value_list(right) is not None and not any(_contains_value(right, item) for item in items)
    )


def _size(left: Any, right: Any) -> bool:
    return isinstance(left, (list, dict, str)) and _is_number(right) and len(left) == int(right)


def _empty(left: Any, right: Any) -> bool:
    return isinstance(left, (list, dict, str)) and isinstance(right, bool) and (len(left) == 0) == right


def _regex_input(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return _number_text(value)
    return ""


def _matches(left: Any, right: Any) -> bool:
    if not isinstance(right, re.Pattern) or left is _MISSING:
        return False
    if isinstance(left, list):
        return any(right.fullmatch(_regex_input(item)) is not None for item in left)
    return right.fullmatch(_regex_input(left)) is not None


def _contains(left: Any, right: Any) -> bool:
    if isinstance(left, str):
        return isinstance(right, str) and right in left
    return _contains_value(left, right)


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _equals,
    "!=": lambda left, right: not _equals(left, right),
    "<": _ordered(lambda left, right: left < right),
    "<=": _ordered(lambda left, right: left <= right),
    ">": _ordered(lambda left, right: left > right),
    ">=": _ordered(lambda left, right: left >= right),
    "=~": _matches,
    "in": lambda left, right: _contains_value(right, left),
    "nin": lambda left, right: not _contains_value(right, left),
    "subsetof": _subsetof,
    "anyof": _anyof,
    "noneof": _noneof,
    "size": _size,
    "empty": _empty,
    "contains": _contains,
}
_WORD_OPERATORS = ("subsetof", "contains", "noneof", "anyof", "empty", "size", "nin", "in")
_SYMBOL_OPERATORS = ("==", "!=", "<=", ">=", "=~", "<", ">")

# ---------------------------------------------------------------------------------------------
# The compiled path
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledPath:
    """A parsed path, ready to evaluate many times.

    ``root`` is ``"$"`` (state input), ``"$$"`` (context object) or ``"$<name>"`` (a variable);
    ``definite`` is True when the path can only select one value; ``reference`` is True when the
    path is a reference path (names and single indexes only).
    """

    text: str
    root: str
    definite: bool
    reference: bool
    selectors: tuple[_Selector, ...] = field(repr=False)
    # for reference paths: the keys (str names, int indexes) to walk, precomputed
    keys: tuple[str | int, ...] = field(default=(), repr=False)
    # bare words compared in filters ([?(@.code==es)]): they never match
    unquoted_literals: tuple[str, ...] = ()

    @property
    def variable(self) -> str | None:
        """The variable name of a ``$name`` path, else None."""
        if self.root in ("$", "$$"):
            return None
        return self.root[1:]

    def evaluate(self, data: Any) -> Any:
        """The value this path selects in ``data`` (the value of its root).

        Definite paths return the value itself and raise :class:`PathNotFound` when it is missing;
        indefinite paths return the list of matches (possibly empty).
        """
        if self.reference:
            return self._walk_keys(data)
        if self.definite:
            return self._evaluate_definite(data)
        return self._evaluate_all(data)

    def find(self, data: Any, default: Any = None) -> Any:
        """Like :meth:`evaluate`, but ``default`` instead of :class:`PathNotFound` (cheaper)."""
        if self.reference:
            node = data
            for key in self.keys:
                if isinstance(key, str):
                    if type(node) is not dict:
                        return default
                    node = node.get(key, _MISSING)
                    if node is _MISSING:
                        return default
                elif type(node) is list and -len(node) <= key < len(node):
                    node = node[key]
                else:
                    return default
            return node
        try:
            return self.evaluate(data)
        except PathNotFound:
            return default

    def _walk_keys(self, data: Any) -> Any:
        node = data
        for key in self.keys:
            if isinstance(key, str):
                if type(node) is not dict:
                    raise self._not_found(data)
                node = node.get(key, _MISSING)
                if node is _MISSING:
                    raise self._not_found(data)
            else:
                if type(node) is not list:
                    raise self._not_found(data)
                try:
                    node = node[key]
                except IndexError:
                    raise self._not_found(data) from None
        return node

    def _evaluate_definite(self, data: Any) -> Any:
        nodes = [data]
        for selector in self.selectors:
            found: list[Any] = []
            selector.select(nodes[0], data, found)
            if not found:
                raise self._not_found(data)
            nodes = found
        return nodes[0]

    def _evaluate_all(self, data: Any) -> list[Any]:
        nodes = [data]
        for selector in self.selectors:
            found: list[Any] = []
            for node in nodes:
                selector.select(node, data, found)
            if not found:
                return found
            nodes = found
        return nodes

    def _not_found(self, data: Any) -> PathNotFound:
        """Jayway's explanation of why this definite path selects nothing in ``data``."""
        node = data
        trail = "$"
        last = len(self.selectors) - 1
        for position, selector in enumerate(self.selectors):
            if isinstance(selector, (_Name, _Names)) and type(node) is not dict:
                found_type = "null" if node is None else _java_type(node)
                detail = (
                    f"Expected to find an object with property {selector.fragment} in path {trail} "
                    f"but found '{found_type}'. This is not a json object according to the JsonProvider: "
                    "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'."
                )
                return PathNotFound(self.text, detail)
            if isinstance(selector, _Index) and type(node) is not list:
                if node is None:
                    return PathNotFound(self.text, f"The path {trail} is null")
                detail = (
                    f"Filter: {selector.fragment} can only be applied to arrays. "
                    f"Current context is: {_java_string(node)}"
                )
                return PathNotFound(self.text, detail)
            found: list[Any] = []
            selector.select(node, data, found)
            trail += selector.fragment
            if not found:
                if position < last and isinstance(selector, _Name):
                    return PathNotFound(self.text, f"Missing property in path {trail}")
                break
            node = found[0]
        return PathNotFound(self.text, f"No results for path: {jayway_path(self)}")


def jayway_path(path: CompiledPath) -> str:
    """The path in Jayway's normalised bracket notation, as AWS quotes it: ``$['a'][0]``."""
    return "$" + "".join(selector.fragment for selector in path.selectors)


def _java_type(value: Any) -> str:
    if isinstance(value, str):
        return "java.lang.String"
    if isinstance(value, bool):
        return "java.lang.Boolean"
    if isinstance(value, int):
        return "java.lang.Integer"
    if isinstance(value, float):
        return "java.lang.Double"
    if isinstance(value, list):
        return "net.minidev.json.JSONArray"
    return "java.util.LinkedHashMap"


def _java_string(value: Any) -> str:
    return to_java_string(value)


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

_VARIABLE_CHARS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_BARE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*")
_INTEGER = re.compile(r"\s*(-?\d+)\s*")
_NAME_STOP = frozenset(".[]() \t\r\n")
_FILTER_NAME_STOP = _NAME_STOP | frozenset("=!<>&|,~")


class _Parser:
    def __init__(self, text: str, in_filter: bool = False) -> None:
        self.text = text
        self.pos = 0
        self.in_filter = in_filter
        self.unquoted_literals: list[str] = []

    # -- helpers ------------------------------------------------------------------------------

    def error(self, problem: str, position: int | None = None) -> JsonPathSyntaxError:
        return JsonPathSyntaxError(self.text, self.pos if position is None else position, problem)

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t", "\r", "\n") and not self.at_end():
            self.pos += 1

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = self.peek() or "end of path"
            raise self.error(f"expected '{char}' but found '{found}'")
        self.pos += 1

    # -- roots and steps ----------------------------------------------------------------------

    def parse_root(self) -> str:
        if self.text.startswith("$$", self.pos):
            self.pos += 2
            return "$$"
        if self.peek() == "@" and self.in_filter:
            self.pos += 1
            return "@"
        if self.peek() != "$":
            raise self.error("a path must start with '$'")
        self.pos += 1
        match = _VARIABLE_CHARS.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            return "$" + match.group()
        return "$"

    def parse_steps(self, stop: frozenset[str]) -> list[_Selector]:
        """Selectors up to the end of the text (or a char in ``stop``)."""
        selectors: list[_Selector] = []
        while not self.at_end() and self.peek() not in stop:
            char = self.peek()
            if char == ".":
                if self.peek(1) == ".":
                    self.pos += 2
                    selectors.append(_DeepScan(self.parse_scan_target()))
                    continue
                self.pos += 1
                if self.peek() == "[":  # Jayway accepts "$.['a']"
                    selectors.append(self.parse_bracket())
                    continue
                selectors.append(self.parse_dot_step())
            elif char == "[":
                selectors.append(self.parse_bracket())
            else:
                raise self.error(f"unexpected character '{char}'")
        return selectors

    def parse_scan_target(self) -> _Selector:
        if self.peek() == "[":
            return self.parse_bracket()
        if self.peek() == "*":
            self.pos += 1
            return _Wildcard()
        name = self.read_name()
        return _Name(name)

    def parse_dot_step(self) -> _Selector:
        if self.peek() == "*":
            self.pos += 1
            return _Wildcard()
        name = self.read_name()
        if self.peek() == "(":
            self.pos += 1
            self.skip_spaces()
            self.expect(")")
            return _Call(name)
        return _Name(name)

    def read_name(self) -> str:
        stop = _FILTER_NAME_STOP if self.in_filter else _NAME_STOP
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos] not in stop:
            self.pos += 1
        if self.pos == start:
            found = self.peek() or "end of path"
            raise self.error(f"expected a property name but found '{found}'")
        return text[start : self.pos]

    # -- brackets -----------------------------------------------------------------------------

    def parse_bracket(self) -> _Selector:
        open_at = self.pos
        self.expect("[")
        self.skip_spaces()
        char = self.peek()
        if char == "?":
            selector: _Selector = self.parse_filter()
        elif char == "*":
            self.pos += 1
            selector = _Wildcard()
        elif char in ("'", '"'):
            selector = self.parse_quoted_names()
        elif char == "":
            raise self.error("unclosed '['", open_at)
        else:
            selector = self.parse_indexes()
        self.skip_spaces()
        if self.peek() != "]":
            raise self.error("expected ']'" if self.peek() else "unclosed '['")
        self.pos += 1
        return selector

    def parse_quoted_names(self) -> _Selector:
        names = [self.read_quoted()]
        self.skip_spaces()
        while self.peek() == ",":
            self.pos += 1
            self.skip_spaces()
            if self.peek() not in ("'", '"'):
                raise self.error("expected a quoted property name")
            names.append(self.read_quoted())
            self.skip_spaces()
        if len(names) == 1:
            return _Name(names[0])
        final = self.is_final_bracket()
        return _Names(tuple(names), final)

    def is_final_bracket(self) -> bool:
        rest = self.text[self.pos :]
        closing = rest.find("]")
        return closing >= 0 and not rest[closing + 1 :].strip()

    def read_quoted(self) -> str:
        quote = self.peek()
        start = self.pos
        self.pos += 1
        chars: list[str] = []
        while True:
            char = self.peek()
            if char == "":
                raise self.error("unterminated quoted name", start)
            self.pos += 1
            if char == "\\" and self.peek() in (quote, "\\"):
                chars.append(self.peek())
                self.pos += 1
            elif char == quote:
                return "".join(chars)
            else:
                chars.append(char)

    def parse_indexes(self) -> _Selector:
        start = self.pos
        closing = self.text.find("]", start)
        if closing < 0:
            raise self.error("unclosed '['", start - 1)
        body = self.text[start:closing]
        self.pos = closing
        if ":" in body:
            return self.parse_slice(body, start)
        indexes = []
        for part in body.split(","):
            match = _INTEGER.fullmatch(part)
            if not match:
                raise self.error(f"invalid array index '{part.strip()}'", start)
            indexes.append(int(match.group(1)))
        if len(indexes) == 1:
            return _Index(indexes[0])
        return _Indexes(tuple(indexes))

    def parse_slice(self, body: str, start: int) -> _Selector:
        parts = body.split(":")
        if len(parts) != 2:
            raise self.error(f"invalid array slice '{body.strip()}' (slices take no step)", start)
        bounds: list[int | None] = []
        for part in parts:
            if not part.strip():
                bounds.append(None)
                continue
            match = _INTEGER.fullmatch(part)
            if not match:
                raise self.error(f"invalid array slice bound '{part.strip()}'", start)
            bounds.append(int(match.group(1)))
        return _Slice(bounds[0], bounds[1])

    # -- filters ------------------------------------------------------------------------------

    def parse_filter(self) -> _Selector:
        self.expect("?")
        self.skip_spaces()
        self.expect("(")
        start = self.pos
        outer, self.in_filter = self.in_filter, True
        predicate = self.parse_or()
        self.in_filter = outer
        self.skip_spaces()
        source = self.text[start : self.pos]
        self.expect(")")
        return _Filter(predicate, source.strip())

    def parse_or(self) -> _Predicate:
        terms = [self.parse_and()]
        while self.consume("||"):
            terms.append(self.parse_and())
        if len(terms) == 1:
            return terms[0]
        return lambda item, root: any(term(item, root) for term in terms)

    def parse_and(self) -> _Predicate:
        terms = [self.parse_unary()]
        while self.consume("&&"):
            terms.append(self.parse_unary())
        if len(terms) == 1:
            return terms[0]
        return lambda item, root: all(term(item, root) for term in terms)

    def consume(self, token: str) -> bool:
        self.skip_spaces()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def parse_unary(self) -> _Predicate:
        self.skip_spaces()
        if self.peek() == "!" and self.peek(1) != "=":
            self.pos += 1
            inner = self.parse_unary()
            return lambda item, root: not inner(item, root)
        if self.peek() == "(":
            self.pos += 1
            inner = self.parse_or()
            self.skip_spaces()
            self.expect(")")
            return inner
        return self.parse_comparison()

    def parse_comparison(self) -> _Predicate:
        left, left_is_path = self.parse_operand()
        operator = self.read_operator()
        if operator is None:
            if left is _UNQUOTED:
                return lambda item, root: False
            if not left_is_path:
                raise self.error("a filter needs a comparison or a path")
            return lambda item, root: left(item, root) is not _MISSING
        right, _ = self.parse_operand()
        if _UNQUOTED in (left, right):
            return lambda item, root: False
        compare = _COMPARISONS[operator]
        return lambda item, root: compare(left(item, root), right(item, root))

    def read_operator(self) -> str | None:
        self.skip_spaces()
        for symbol in _SYMBOL_OPERATORS:
            if self.text.startswith(symbol, self.pos):
                self.pos += len(symbol)
                return symbol
        for word in _WORD_OPERATORS:
            end = self.pos + len(word)
            if self.text.startswith(word, self.pos) and not self.text[end : end + 1].isalnum():
                self.pos = end
                return word
        return None

    def parse_operand(self) -> tuple[_Operand, bool]:
        self.skip_spaces()
        char = self.peek()
        if char in ("@", "$"):
            return self.parse_path_operand(), True
        if char in ("'", '"'):
            text = self.read_quoted()
            return (lambda item, root: text), False
        if char == "/":
            pattern = self.read_regex()
            return (lambda item, root: pattern), False
        if char in ("[", "{"):
            value = self.read_json_literal()
            return (lambda item, root: value), False
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            literal: Any = float(number.group()) if number.group(1) or number.group(2) else int(number.group())
            return (lambda item, root: literal), False
        bare = _BARE_WORD.match(self.text, self.pos)
        if bare:
            self.pos = bare.end()
            constants = {"true": True, "false": False, "null": None}
            if bare.group() in constants:
                constant = constants[bare.group()]
                return (lambda item, root: constant), False
            self.unquoted_literals.append(bare.group())
            return _UNQUOTED, False
        raise self.error(f"unexpected '{char or 'end of path'}' in filter")

    def parse_path_operand(self) -> _Operand:
        root = self.parse_root()
        selectors = self.parse_steps(_FILTER_NAME_STOP - {".", "["})
        text = root + "".join(selector.fragment for selector in selectors)
        sub = _build(text, "$" if root == "@" else root, selectors)
        relative = root == "@"

        def operand(item: Any, root_value: Any) -> Any:
            return sub.find(item if relative else root_value, _MISSING)

        return operand

    def read_regex(self) -> re.Pattern[str]:
        start = self.pos
        end = self.pos + 1
        while end < len(self.text) and self.text[end] != "/":
            end += 2 if self.text[end] == "\\" else 1
        if end >= len(self.text):
            raise self.error("unterminated regular expression", start)
        body = self.text[start + 1 : end]
        self.pos = end + 1
        flags = 0
        while self.peek() in ("i", "m", "s", "x") and self.peek():
            flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}[self.peek()]
            self.pos += 1
        try:
            return re.compile(body, flags)
        except re.error as error:
            raise self.error(f"invalid regular expression: {error}", start) from None

    def read_json_literal(self) -> Any:
        import json

        decoder = json.JSONDecoder()
        source = self.text[self.pos :].replace("'", '"')
        try:
            value, length = decoder.raw_decode(source)
        except json.JSONDecodeError as error:
            raise self.error(f"invalid JSON literal: {error.msg}") from None
        self.pos += length
        return value


def _unquoted(item: Any, root: Any) -> Any:
    return _MISSING


# The operand of a bare word in a filter (Jayway reads it as a number and fails): never matches.
_UNQUOTED: _Operand = _unquoted


def _build(text: str, root: str, selectors: Sequence[_Selector], unquoted_literals: Sequence[str] = ()) -> CompiledPath:
    definite = all(selector.definite for selector in selectors)
    reference = all(type(selector) in (_Name, _Index) for selector in selectors)
    keys: tuple[str | int, ...] = ()
    if reference:
        keys = tuple(
            selector.name if isinstance(selector, _Name) else selector.index  # type: ignore[attr-defined]
            for selector in selectors
        )
    return CompiledPath(
        text=text,
        root=root,
        definite=definite,
        reference=reference,
        selectors=tuple(selectors),
        keys=keys,
        unquoted_literals=tuple(unquoted_literals),
    )


@lru_cache(maxsize=4096)
def compile_path(text: str) -> CompiledPath:
    """Parse a JSONPath (``$...``, ``$$...`` or ``$variable...``); raises :class:`JsonPathSyntaxError`."""
    if not isinstance(text, str):
        raise JsonPathSyntaxError(str(text), 0, "a path must be a string")
    stripped = text.strip()
    parser = _Parser(stripped)
    root = parser.parse_root()
    selectors = parser.parse_steps(frozenset())
    return _build(text, root, selectors, parser.unquoted_literals)


def is_reference_path(text: str) -> bool:
    """Whether ``text`` is a reference path: parses, and only names and single indexes."""
    try:
        path = compile_path(text)
    except JsonPathSyntaxError:
        return False
    return path.reference


# ---------------------------------------------------------------------------------------------
# Assignment (ResultPath)
# ---------------------------------------------------------------------------------------------


def set_at_path(data: Any, path: CompiledPath, value: Any) -> Any:
    """ResultPath semantics: a copy of ``data`` with ``value`` placed at ``path``.

    ``$`` replaces the whole input. Missing objects along the way are created; the containers on
    the path are copied, the rest is shared with ``data``. Raises :class:`PathNotFound` when the
    path is not a reference path or crosses a value that is not an object (or an index outside
    an array).
    """
    if not path.reference:
        raise PathNotFound(path.text, "ResultPath must be a reference path (names and indexes only)")
    if not path.keys:
        return value
    return _set(data, path, 0, value)


def _set(node: Any, path: CompiledPath, depth: int, value: Any) -> Any:
    key = path.keys[depth]
    last = depth == len(path.keys) - 1
    updated: Any
    if isinstance(key, str):
        if node is None or node is _MISSING:
            node = {}
        if type(node) is not dict:
            trail = "$" + "".join(selector.fragment for selector in path.selectors[:depth])
            raise PathNotFound(
                path.text,
                f"Expected to find an object with property ['{key}'] in path {trail} but found '{_java_type(node)}'.",
            )
        updated = dict(node)
        child = node.get(key, _MISSING)
    else:
        if type(node) is not list or not -len(node) <= key < len(node):
            raise PathNotFound(path.text, f"No results for path: {jayway_path(path)}")
        updated = list(node)
        child = node[key]
    updated[key] = value if last else _set(child, path, depth + 1, value)
    return updated
