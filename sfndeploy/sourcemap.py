"""YAML/JSON parsing that remembers where every value came from.

``load_yaml`` returns plain data plus a :class:`SourceMap` from RFC 6901 JSON pointers
(``/States/Charge/Retry/0``) to the file, line and column that produced them. When the text
was rendered from Jinja templates, a ``line_origin`` function maps rendered lines back to the
template line that wrote them, so errors point at what the user edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

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
    """Where each value of a parsed document was written."""

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
        cut = len(prefix)
        return SourceMap(
            {p[cut:]: loc for p, loc in self.locations.items() if p == prefix or p.startswith(prefix + "/")},
            self.file,
        )

    @staticmethod
    def empty(file: str = "<unknown>") -> SourceMap:
        return SourceMap({}, file)


class _StrictLoader(yaml.SafeLoader):
    """YAML 1.2-like scalars: only true/false are booleans and timestamps stay strings.

    ASL is JSON: ``Version: 1.0`` must not lose its string-ness to ``yes``/``on`` rules, and an
    RFC 3339 timestamp must reach the definition as the text the user wrote.
    """


_DROPPED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _identity_origin(file: str) -> LineOrigin:
    def origin(line: int) -> SourceLocation:
        return SourceLocation(file, line)

    return origin


class _Builder:
    """Turns a composed YAML node tree into plain data, recording a location per pointer."""

    def __init__(self, loader: _StrictLoader, origin: LineOrigin) -> None:
        self.loader = loader
        self.origin = origin
        self.locations: dict[str, SourceLocation] = {}

    def where(self, mark: yaml.Mark) -> SourceLocation:
        base = self.origin(mark.line + 1)
        return SourceLocation(base.file, base.line, mark.column + 1)

    def build(self, node: yaml.Node, pointer: str) -> Any:
        self.locations.setdefault(pointer, self.where(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, pointer_join(pointer, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, pointer: str) -> dict[str, Any]:
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key) if isinstance(key, int | float | bool) or key is None else repr(key)
            child = pointer_join(pointer, key)
            location = self.where(key_node.start_mark)
            if key in result:
                raise ConfigError(f"duplicate key '{key}'", location=location, key=key)
            self.locations[child] = location
            result[key] = self.build(value_node, child)
        return result


def load_yaml(text: str, *, file: str, line_origin: LineOrigin | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML (or JSON) document; raise :class:`ConfigError` naming file and line."""
    origin = line_origin or _identity_origin(file)
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as error:  # the reader rejects control characters before parsing starts
        raise ConfigError(f"not valid YAML: {error}", location=SourceLocation(file)) from error
    try:
        node = loader.get_single_node()
        if node is None:
            return None, SourceMap({}, file)
        builder = _Builder(loader, origin)
        data = builder.build(node, "")
    except yaml.MarkedYAMLError as error:
        raise _parse_error(error, origin, file) from error
    except yaml.YAMLError as error:
        raise ConfigError(f"not valid YAML: {error}", location=SourceLocation(file)) from error
    finally:
        loader.dispose()
    return data, SourceMap(builder.locations, file)


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
