"""Payload templates of JSONPath states: Parameters, ItemSelector, ResultSelector (and Assign).

A field whose key ends in ``.$`` takes its value from a path (``"$.a"``, ``"$$.Execution.Id"``,
``"$var.x"``) or an intrinsic function (``"States.Format(...)"``); the ``.$`` is dropped from the
output key. Objects and arrays are walked recursively; everything else is copied as it is.

:func:`compile_payload` compiles a template once; :meth:`CompiledPayload.evaluate` then only does
dictionary building and path lookups::

    payload = compile_payload({"id.$": "$.order.id", "static": 1})
    payload.evaluate(lambda path: path.evaluate(state_input))  # {"id": ..., "static": 1}

The ``resolve`` callback gets each :class:`~sfndeploy.asl.jsonpath.CompiledPath` and returns its
value, choosing the root from ``path.root`` (``$`` input, ``$$`` context, ``$name`` variable).
When a path selects nothing, :class:`PayloadPathNotFound` says which field (``value.$``) and path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.asl.intrinsics import CompiledIntrinsic, compile_intrinsic, is_intrinsic
from sfndeploy.asl.jsonpath import CompiledPath, PathNotFound, compile_path

__all__ = ["CompiledPayload", "PayloadPathNotFound", "PayloadSyntaxError", "compile_payload"]

Resolve = Callable[[CompiledPath], Any]


class PayloadSyntaxError(ValueError):
    """A ``.$`` field holds something that is neither a path nor an intrinsic function."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"field '{field_name}': {problem}")
        self.field_name = field_name
        self.problem = problem


class PayloadPathNotFound(LookupError):
    """A path in field ``field_name`` (e.g. ``value.$``) selected nothing.

    ``path_text`` is the path as written (``$.a``); ``detail`` Jayway's explanation.
    AWS reports: ``The JSONPath '<path_text>' specified for the field '<field_name>' could not be
    found in the input '<input JSON>'``.
    """

    def __init__(self, field_name: str, path_text: str, detail: str) -> None:
        super().__init__(f"The JSONPath '{path_text}' specified for the field '{field_name}' could not be found")
        self.field_name = field_name
        self.path_text = path_text
        self.detail = detail

    def cause(self, input_json: str) -> str:
        """AWS's sentence, given the input the path was evaluated against (as JSON text)."""
        return (
            f"The JSONPath '{self.path_text}' specified for the field '{self.field_name}' "
            f"could not be found in the input '{input_json}'"
        )


class _Node:
    def evaluate(self, resolve: Resolve) -> Any:
        raise NotImplementedError


class _Constant(_Node):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def evaluate(self, resolve: Resolve) -> Any:
        return _copy_json(self.value)


class _Path(_Node):
    __slots__ = ("field_name", "path")

    def __init__(self, field_name: str, path: CompiledPath) -> None:
        self.field_name = field_name
        self.path = path

    def evaluate(self, resolve: Resolve) -> Any:
        try:
            return resolve(self.path)
        except PathNotFound as error:
            raise PayloadPathNotFound(self.field_name, self.path.text, error.detail) from None


class _Intrinsic(_Node):
    __slots__ = ("call", "field_name")

    def __init__(self, field_name: str, call: CompiledIntrinsic) -> None:
        self.field_name = field_name
        self.call = call

    def evaluate(self, resolve: Resolve) -> Any:
        try:
            return self.call.evaluate(resolve)
        except PathNotFound as error:
            raise PayloadPathNotFound(self.field_name, error.path_text, error.detail) from None


class _Object(_Node):
    __slots__ = ("items",)

    def __init__(self, items: tuple[tuple[str, _Node], ...]) -> None:
        self.items = items

    def evaluate(self, resolve: Resolve) -> Any:
        return {key: node.evaluate(resolve) for key, node in self.items}


class _Array(_Node):
    __slots__ = ("items",)

    def __init__(self, items: tuple[_Node, ...]) -> None:
        self.items = items

    def evaluate(self, resolve: Resolve) -> Any:
        return [node.evaluate(resolve) for node in self.items]


def _copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


def _is_dynamic(value: Any) -> bool:
    if isinstance(value, dict):
        return any(key.endswith(".$") or _is_dynamic(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_is_dynamic(item) for item in value)
    return False


def _compile_field(key: str, text: Any) -> _Node:
    if not isinstance(text, str):
        raise PayloadSyntaxError(key, "the value of a '.$' field must be a string (a path or an intrinsic)")
    if is_intrinsic(text):
        return _Intrinsic(key, compile_intrinsic(text))
    if not text.lstrip().startswith("$"):
        raise PayloadSyntaxError(key, f"'{text}' is neither a JSONPath nor an intrinsic function")
    return _Path(key, compile_path(text))


def _compile_node(value: Any) -> _Node:
    if not _is_dynamic(value):
        return _Constant(value)
    if isinstance(value, dict):
        items: list[tuple[str, _Node]] = []
        for key, item in value.items():
            if key.endswith(".$"):
                items.append((key[:-2], _compile_field(key, item)))
            else:
                items.append((key, _compile_node(item)))
        return _Object(tuple(items))
    return _Array(tuple(_compile_node(item) for item in value))


def _collect(node: _Node, paths: list[CompiledPath], calls: list[CompiledIntrinsic]) -> None:
    if isinstance(node, _Path):
        paths.append(node.path)
    elif isinstance(node, _Intrinsic):
        calls.append(node.call)
        paths.extend(node.call.paths)
    elif isinstance(node, _Object):
        for _, child in node.items:
            _collect(child, paths, calls)
    elif isinstance(node, _Array):
        for child in node.items:
            _collect(child, paths, calls)


@dataclass(frozen=True)
class CompiledPayload:
    """A compiled payload template; ``paths`` and ``intrinsics`` list what it reads."""

    template: Any = field(repr=False)
    paths: tuple[CompiledPath, ...]
    intrinsics: tuple[CompiledIntrinsic, ...]
    _root: _Node = field(repr=False, compare=False)

    def evaluate(self, resolve: Resolve) -> Any:
        """The payload: constants copied, each ``.$`` field replaced by its value.

        Raises :class:`PayloadPathNotFound` when a path selects nothing and
        :class:`~sfndeploy.asl.intrinsics.IntrinsicRuntimeError` when an intrinsic fails.
        """
        return self._root.evaluate(resolve)


def compile_payload(template: Any) -> CompiledPayload:
    """Compile a payload template; raises :class:`PayloadSyntaxError`,
    :class:`~sfndeploy.asl.jsonpath.JsonPathSyntaxError` or
    :class:`~sfndeploy.asl.intrinsics.IntrinsicSyntaxError`."""
    root = _compile_node(template)
    paths: list[CompiledPath] = []
    calls: list[CompiledIntrinsic] = []
    _collect(root, paths, calls)
    return CompiledPayload(template, tuple(paths), tuple(calls), root)
