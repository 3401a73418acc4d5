"""YAML/JSON parsing that remembers where every value came from.

``load_yaml`` returns plain data plus a :class:`SourceMap` from RFC 6901 JSON pointers
(``/States/Charge/Retry/0``) to the file, line and column that produced them. When the text
was rendered from Jinja templates, a ``line_origin`` function maps rendered lines back to the
template line that wrote them, so errors point at what the user edits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from sfndeploy.documents import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_YAML_BYTES
from sfndeploy.errors import ConfigError, SourceLocation

LineOrigin = Callable[[int], SourceLocation]


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape_token(token) for token in tokens)


def pointer_tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


@dataclass(frozen=True)
class SourceMap:
    """Where each value of a parsed document was written.

    ``locations`` may compute itself on first use (JSON documents scan their text only when a
    message needs a position); :meth:`under` and :meth:`mount` make views without reading it.
    """

    locations: Mapping[str, SourceLocation]
    file: str = "<unknown>"

    def locate(self, pointer: str) -> SourceLocation:
        """The location of ``pointer``, or of its nearest ancestor that has one."""
        current = pointer
        while True:
            found = self.locations.get(current)
            if found is not None:
                return found
            if not current:
                return SourceLocation(self.file)
            current = current.rsplit("/", 1)[0]

    def under(self, prefix: str) -> SourceMap:
        """The map of a sub-document, with pointers relative to ``prefix``."""
        if not prefix:
            return self
        return SourceMap(_Subtree(self.locations, prefix), self.file)

    def mount(self, prefix: str, inner: SourceMap) -> SourceMap:
        """This map with ``inner`` answering for ``prefix`` and every pointer below it."""
        return SourceMap(_Mounted(self.locations, prefix, inner.locations), self.file)

    @staticmethod
    def empty(file: str = "<unknown>") -> SourceMap:
        return SourceMap({}, file)


class _Subtree(Mapping[str, SourceLocation]):
    def __init__(self, base: Mapping[str, SourceLocation], prefix: str) -> None:
        self._base = base
        self._prefix = prefix

    def __getitem__(self, pointer: str) -> SourceLocation:
        return self._base[self._prefix + pointer]

    def __iter__(self) -> Iterator[str]:
        cut = len(self._prefix)
        return (p[cut:] for p in self._base if p == self._prefix or p.startswith(self._prefix + "/"))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Mounted(Mapping[str, SourceLocation]):
    def __init__(self, base: Mapping[str, SourceLocation], prefix: str, inner: Mapping[str, SourceLocation]) -> None:
        self._base = base
        self._prefix = prefix
        self._inner = inner

    def _inside(self, pointer: str) -> bool:
        return pointer == self._prefix or pointer.startswith(self._prefix + "/")

    def __getitem__(self, pointer: str) -> SourceLocation:
        if self._inside(pointer):
            return self._inner[pointer[len(self._prefix) :]]
        return self._base[pointer]

    def __iter__(self) -> Iterator[str]:
        yield from (p for p in self._base if not self._inside(p))
        yield from (self._prefix + p for p in self._inner)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _StrictLoader(yaml.SafeLoader):
    """YAML 1.2-like scalars: only true/false are booleans, timestamps stay strings, ``1e5`` is a number.

    ASL is JSON: ``Version: 1.0`` must not lose its string-ness to ``yes``/``on`` rules, and an
    RFC 3339 timestamp must reach the definition as the text the user wrote. Nesting is limited while
    composing, so a deep document fails with its line instead of exhausting the stack.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        # The scanner's work per token grows with the flow level: stop before composing starts.
        if self.flow_level >= MAX_DEPTH:
            raise _TooDeep(self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


_DROPPED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
# YAML 1.2 floats (an exponent needs no dot and no sign: 1e5, 2E+2), YAML 1.1's underscores, .inf/.nan
# (refused later as non-finite, with their line).
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)

_MERGE_TAG = "tag:yaml.org,2002:merge"
_SCALAR_TYPES = (str, int, float, bool, type(None))


def _identity_origin(file: str) -> LineOrigin:
    def origin(line: int) -> SourceLocation:
        return SourceLocation(file, line)

    return origin


class _Builder:
    """Turns a composed YAML node tree into plain data, recording a location per pointer.

    Aliases are expanded here (the composer shares their nodes), so this is where an alias bomb is
    stopped: at most :data:`MAX_ALIAS_VALUES` values may come from aliases, no alias may contain
    itself and nothing may nest deeper than :data:`MAX_DEPTH`.
    """

    def __init__(self, loader: _StrictLoader, origin: LineOrigin) -> None:
        self.loader = loader
        self.origin = origin
        self.locations: dict[str, SourceLocation] = {}
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.alias_values = 0

    def where(self, mark: yaml.Mark) -> SourceLocation:
        base = self.origin(mark.line + 1)
        return SourceLocation(base.file, base.line, mark.column + 1)

    def build(self, node: yaml.Node, pointer: str, depth: int = 1, *, aliased: bool = False) -> Any:
        self.locations.setdefault(pointer, self.where(node.start_mark))
        aliased = aliased or self._first_use(node)
        if aliased:
            self._count_alias_value(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth > MAX_DEPTH:
            raise ConfigError(f"nested deeper than {MAX_DEPTH} levels", location=self.where(node.start_mark))
        if id(node) in self.active:
            raise ConfigError("an alias refers to a value that contains it", location=self.where(node.start_mark))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, pointer, depth, aliased)
            return [
                self.build(item, pointer_join(pointer, i), depth + 1, aliased=aliased)
                for i, item in enumerate(node.value)
            ]
        finally:
            self.active.discard(id(node))

    def _first_use(self, node: yaml.Node) -> bool:
        """Whether this node's value is a copy made by an alias (counted against the bound)."""
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return False
        return True

    def _count_alias_value(self, node: yaml.Node) -> None:
        self.alias_values += 1
        if self.alias_values > MAX_ALIAS_VALUES:
            raise ConfigError(
                f"aliases expand to more than {MAX_ALIAS_VALUES} values (an alias bomb?)",
                location=self.where(node.start_mark),
            )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError as error:  # e.g. an integer beyond Python's digit limit
            raise ConfigError(f"cannot read the value: {error}", location=self.where(node.start_mark)) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(
                f"'{node.value}' is not a finite number (JSON and AWS have no NaN or Infinity)",
                location=self.where(node.start_mark),
            )
        if not isinstance(value, _SCALAR_TYPES):
            raise ConfigError(f"a {node.tag} value has no JSON equivalent", location=self.where(node.start_mark))
        return value

    def _mapping(self, node: yaml.MappingNode, pointer: str, depth: int, aliased: bool) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                for key, value in self._merged(value_node, pointer, depth):
                    merged.setdefault(key, value)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node)
            child = pointer_join(pointer, key)
            location = self.where(key_node.start_mark)
            if key in result:
                raise ConfigError(f"duplicate key '{key}'", location=location, key=key)
            self.locations[child] = location
            result[key] = self.build(value_node, child, depth + 1, aliased=aliased)
        return {**merged, **result}

    def _merged(self, value_node: yaml.Node, pointer: str, depth: int) -> list[tuple[str, Any]]:
        """The entries a merge key (``<<: *defaults``) brings in; earlier mappings win, own keys win over all."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        entries: list[tuple[str, Any]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                message = "a merge key ('<<') takes a mapping or a list of mappings"
                raise ConfigError(message, location=self.where(source.start_mark))
            value = self.build(source, pointer, depth, aliased=True)
            entries.extend(value.items())
        return entries

    def _key(self, key_node: yaml.Node) -> str:
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConfigError(
                "a key must be a plain value, not a mapping or a list", location=self.where(key_node.start_mark)
            )
        key = self._scalar(key_node)
        if not isinstance(key, str):
            key = str(key).lower() if isinstance(key, bool) else "null" if key is None else str(key)
        return key


def load_yaml(text: str, *, file: str, line_origin: LineOrigin | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML (or JSON) document; raise :class:`ConfigError` naming file and line."""
    origin = line_origin or _identity_origin(file)
    if len(text) > MAX_YAML_BYTES:
        raise ConfigError(
            f"the document is larger than the limit of {MAX_YAML_BYTES // (1024 * 1024)} MiB",
            location=SourceLocation(file),
        )
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as error:  # the reader rejects control characters before parsing starts
        raise _reader_error(error, text, origin, file) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, SourceMap({}, file)
        builder = _Builder(loader, origin)
        data = builder.build(node, "")
    except _TooDeep as too_deep:
        base = origin(too_deep.mark.line + 1)
        location = SourceLocation(base.file, base.line, too_deep.mark.column + 1)
        raise ConfigError(f"nested deeper than {MAX_DEPTH} levels", location=location) from None
    except yaml.MarkedYAMLError as error:
        raise _parse_error(error, origin, file) from error
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, text, origin, file) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"not valid YAML: {error}", location=SourceLocation(file)) from error
    finally:
        loader.dispose()
    return data, SourceMap(builder.locations, file)


def _reader_error(error: yaml.reader.ReaderError, text: str, origin: LineOrigin, file: str) -> ConfigError:
    offset = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, offset) + 1
    base = origin(line)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    message = f"not valid YAML: the character U+{ord(character):04X} is not allowed"
    return ConfigError(message, location=SourceLocation(base.file, base.line, column))


def _parse_error(error: yaml.MarkedYAMLError, origin: LineOrigin, file: str) -> ConfigError:
    mark = error.problem_mark or error.context_mark
    location = SourceLocation(file)
    if mark is not None:
        base = origin(mark.line + 1)
        location = SourceLocation(base.file, base.line, mark.column + 1)
    problem = error.problem or "cannot be parsed"
    if error.context:
        problem = f"{error.context}, {problem}"
    return ConfigError(f"not valid YAML: {problem}", location=location)


def walk(data: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) pair of a document, parents before children."""
    yield pointer, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, pointer_join(pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, pointer_join(pointer, index))
