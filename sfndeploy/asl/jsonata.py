"""JSONata in Step Functions, on top of the ``jsonata-python`` package.

Step Functions evaluates ``{% <expression> %}`` strings with JSONata 2.0 plus a few functions of
its own, and binds:

* ``$states`` - ``{"input": ..., "result": ..., "errorOutput": ..., "context": ...}`` (which keys
  exist depends on the field being evaluated);
* every workflow variable (``Assign``) as ``$<name>``.

Added functions: ``$partition(array, size)``, ``$range(start, end, step)``, ``$hash(text,
algorithm)``, ``$random([seed])``, ``$uuid()``, ``$parse(jsonString)``. ``$eval`` is not available
(calling it fails like any undefined function, ``T1006``).

An expression that evaluates to nothing (JSONata *undefined*) is an error in Step Functions, as is
one that returns a function. Errors carry AWS's wording: :class:`JsonataRuntimeError` has
``error`` (``States.QueryEvaluationError``), ``reason`` (``returned nothing (undefined).``,
``threw an error during evaluation. T1006: Attempted to invoke a non-function``...) and
:meth:`JsonataRuntimeError.cause_for` builds AWS's sentence for a given field.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jsonata import jsonata as _jsonata_module
from jsonata.functions import Functions
from jsonata.jexception import JException
from jsonata.utils import Utils

from sfndeploy.asl.intrinsics import (
    HASH_ALGORITHMS,
    MAX_ARRAY_RANGE_ITEMS,
    JavaRandom,
)
from sfndeploy.asl.jsonata_templates import is_jsonata_template, jsonata_expression

__all__ = [
    "QUERY_EVALUATION_ERROR",
    "CompiledJsonata",
    "CompiledJsonataTemplate",
    "JsonataRuntimeError",
    "JsonataSyntaxError",
    "compile_jsonata",
    "compile_jsonata_template",
    "is_jsonata_template",
    "jsonata_expression",
]

QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"
EVALUATION_TIME_LIMIT = 10.0  # seconds one expression may run before it is stopped as a runaway
UNDEFINED_REASON = "returned nothing (undefined)."
UNSUPPORTED_REASON = "returned an unsupported result type."
_UNDEFINED: Any = object()
_NOT_SIMPLE: Any = object()

_Jsonata = _jsonata_module.Jsonata


class JsonataSyntaxError(ValueError):
    """A JSONata expression does not parse: ``code`` (e.g. ``S0202``), message and position."""

    def __init__(self, expression: str, code: str, message: str, position: int) -> None:
        super().__init__(f"invalid JSONata expression '{expression}': {code}: {message} (position {position})")
        self.expression = expression
        self.code = code
        self.message = message
        self.position = position


class JsonataRuntimeError(Exception):
    """A JSONata expression failed, returned nothing, or returned a function.

    ``field`` is the path of the value inside a template (``"FunctionResult"``, ``"a/0/b"``), or
    ``""`` for a whole field. :meth:`cause_for` gives AWS's full sentence.
    """

    def __init__(self, expression: str, reason: str, field: str = "", code: str | None = None) -> None:
        self.expression = expression
        self.reason = reason
        self.field = field
        self.code = code
        self.error = QUERY_EVALUATION_ERROR
        self.cause = f"The JSONata expression '{expression}' {reason}"
        super().__init__(self.cause)

    def cause_for(self, field_name: str) -> str:
        """AWS's cause for this failure in ``field_name`` (e.g. ``Output``, ``Arguments``)."""
        full = f"{field_name}/{self.field}" if self.field else field_name
        return f"The JSONata expression '{self.expression}' specified for the field '{full}' {self.reason}"

    def within(self, key: str) -> JsonataRuntimeError:
        """The same failure, one level deeper in a template (``key`` is prefixed to ``field``)."""
        nested = f"{key}/{self.field}" if self.field else key
        return JsonataRuntimeError(self.expression, self.reason, nested, self.code)


# ---------------------------------------------------------------------------------------------
# Functions Step Functions adds
# ---------------------------------------------------------------------------------------------


class _AddedFunctionError(Exception):
    pass


def _plain(value: Any) -> Any:
    return None if value is Utils.NULL_VALUE else value


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _partition(array: Any, size: Any) -> Any:
    array = _plain(array)
    if not isinstance(array, list):
        raise _AddedFunctionError("The first argument of $partition must be an array")
    if not _is_integer(size) or int(size) <= 0:
        raise _AddedFunctionError("The second argument of $partition must be a positive integer")
    chunk = int(size)
    return [list(array[start : start + chunk]) for start in range(0, len(array), chunk)]


def _range(start: Any, end: Any, step: Any) -> Any:
    if not (_is_integer(start) and _is_integer(end) and _is_integer(step)):
        raise _AddedFunctionError("The arguments of $range must be integers")
    first, last, increment = int(start), int(end), int(step)
    if increment == 0:
        raise _AddedFunctionError("The step of $range must not be zero")
    count = max(0, (last - first) // increment + 1)
    if count > MAX_ARRAY_RANGE_ITEMS:
        raise _AddedFunctionError(f"$range cannot produce more than {MAX_ARRAY_RANGE_ITEMS} items")
    return Utils.create_sequence_from_iter(first + increment * index for index in range(count))


def _hash(data: Any, algorithm: Any) -> Any:
    import hashlib

    if not isinstance(data, str):
        raise _AddedFunctionError("The first argument of $hash must be a string")
    if algorithm not in HASH_ALGORITHMS:
        raise _AddedFunctionError(
            f"The algorithm of $hash must be one of {', '.join(HASH_ALGORITHMS)}, but was {algorithm}"
        )
    return hashlib.new(HASH_ALGORITHMS[algorithm], data.encode("utf-8")).hexdigest()


def _random(seed: Any = None) -> Any:
    import random

    seed = _plain(seed)
    if seed is None:
        return random.random()
    if not _is_integer(seed):
        raise _AddedFunctionError("The seed of $random must be an integer")
    return JavaRandom(int(seed)).next_double()


def _uuid() -> Any:
    return str(uuid.uuid4())


def _parse(text: Any) -> Any:
    if not isinstance(text, str):
        raise _AddedFunctionError("The argument of $parse must be a string")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _AddedFunctionError(f"The argument of $parse is not valid JSON: {error.msg}") from None
    return _to_jsonata(value)


_ADDED_FUNCTIONS = {
    "partition": _partition,
    "range": _range,
    "hash": _hash,
    "random": _random,
    "uuid": _uuid,
    "parse": _parse,
}

# ---------------------------------------------------------------------------------------------
# Values in and out
# ---------------------------------------------------------------------------------------------


def _to_jsonata(value: Any) -> Any:
    """JSON null at the top of a binding must be JSONata null, not undefined."""
    return Utils.NULL_VALUE if value is None else value


def _from_jsonata(value: Any) -> Any:
    if value is Utils.NULL_VALUE:
        return None
    if isinstance(value, list):
        return [_from_jsonata(item) for item in value]
    if isinstance(value, dict):
        return {key: _from_jsonata(item) for key, item in value.items()}
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def _is_function(value: Any) -> bool:
    return isinstance(value, (_Jsonata.JFunctionCallable, _jsonata_module.parser.Parser.Symbol))


class _Runaway(Exception):
    pass


_STACK_OVERFLOW = (
    "Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive."
)
_TIMEOUT = "Expression evaluation timeout: Check for infinite loop"


def _runaway_guard(deadline: float) -> Any:
    """An evaluation-entry hook that stops an expression running past ``deadline``."""
    steps = 0

    def check(expr: Any, input: Any, environment: Any) -> None:
        nonlocal steps
        steps += 1
        if steps & 1023 == 0 and time.monotonic() > deadline:
            raise _Runaway

    return check


def _clock_functions(now_ms: int) -> dict[str, Any]:
    def now(picture: Any = None, timezone: Any = None) -> Any:
        return Functions.datetime_from_millis(now_ms, _plain(picture), _plain(timezone))

    def millis() -> Any:
        return now_ms

    return {"now": _Jsonata.JLambda(now), "millis": _Jsonata.JLambda(millis)}


@dataclass(frozen=True)
class CompiledJsonata:
    """A parsed JSONata expression (the text inside ``{% %}``)."""

    text: str
    _program: Any = field(repr=False, compare=False)
    # "$states.input.a.b" / "$var.a": the root name and keys, looked up directly when possible
    _lookup: tuple[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], *, now_ms: int | None = None) -> Any:
        """The value of the expression with ``$states`` and the variables bound.

        ``now_ms`` (milliseconds since the epoch) fixes what ``$now()`` and ``$millis()`` return,
        for a virtual clock; by default they use the real time of this call.
        Raises :class:`JsonataRuntimeError` on an evaluation error, an undefined result or a
        function result.
        """
        if self._lookup is not None:
            found = self._look_up(states, variables)
            if found is _UNDEFINED:
                raise JsonataRuntimeError(self.text, UNDEFINED_REASON)
            if found is not _NOT_SIMPLE:
                return _from_jsonata(found)
        return self._evaluate_program(states, variables, now_ms)

    def _look_up(self, states: Mapping[str, Any], variables: Mapping[str, Any]) -> Any:
        """The value of a plain dotted path over objects, or _NOT_SIMPLE to use JSONata itself.

        Over objects only, a JSONata path is a plain lookup; arrays (which JSONata maps over) and
        unknown names go to the real evaluator.
        """
        assert self._lookup is not None
        root, keys = self._lookup
        if root == "states":
            node: Any = states
        elif root in variables:
            node = variables[root]
        else:
            return _NOT_SIMPLE
        for key in keys:
            if isinstance(node, Mapping):
                node = node.get(key, _UNDEFINED)
                if node is _UNDEFINED:
                    return _UNDEFINED
            else:
                return _NOT_SIMPLE
        return node

    def _evaluate_program(self, states: Mapping[str, Any], variables: Mapping[str, Any], now_ms: int | None) -> Any:
        bindings: dict[str, Any] = {name: _to_jsonata(value) for name, value in variables.items()}
        bindings["states"] = dict(states)
        bindings["eval"] = None  # $eval is not available in Step Functions
        bindings["__evaluate_entry"] = _runaway_guard(time.monotonic() + EVALUATION_TIME_LIMIT)
        if now_ms is not None:
            bindings.update(_clock_functions(now_ms))
        # jsonata-python reads $now()/$millis() from the thread's "current" program
        _Jsonata.CURRENT.jsonata = self._program
        try:
            result = self._program.evaluate(None, bindings)
        except JException as error:
            raise self._failed(error.error, str(error)) from None
        except _Runaway:
            raise self._failed("U1001", _TIMEOUT) from None
        except _AddedFunctionError as error:
            raise JsonataRuntimeError(self.text, f"threw an error during evaluation. {error}") from None
        except RecursionError:
            raise self._failed("U1001", _STACK_OVERFLOW) from None
        except ZeroDivisionError:
            raise self._failed("D1001", "Number out of range: Infinity") from None
        except (ValueError, TypeError, ArithmeticError, LookupError) as error:
            # jsonata-python lets some Python errors through where JSONata raises its own
            raise JsonataRuntimeError(self.text, f"threw an error during evaluation. {error}") from None
        if result is None:
            raise JsonataRuntimeError(self.text, UNDEFINED_REASON)
        if _is_function(result):
            raise JsonataRuntimeError(self.text, UNSUPPORTED_REASON)
        return _from_jsonata(result)

    def _failed(self, code: str, message: str) -> JsonataRuntimeError:
        return JsonataRuntimeError(self.text, f"threw an error during evaluation. {code}: {message}", code=code)


@lru_cache(maxsize=2048)
def compile_jsonata(text: str) -> CompiledJsonata:
    """Parse a JSONata expression (without the ``{% %}``); raises :class:`JsonataSyntaxError`."""
    expression = text.strip()
    if not expression:
        raise JsonataSyntaxError(text, "S0000", "the expression is empty", 0)
    try:
        program = _Jsonata(expression)
    except JException as error:
        raise JsonataSyntaxError(text, error.error, str(error), error.location) from None
    if program.errors:
        first = program.errors[0]
        code = getattr(first, "error", "S0500")
        raise JsonataSyntaxError(text, code, str(first), getattr(first, "location", 0))
    program.set_output_convert_nulls(False)
    program.set_validate_input(False)
    for name, function in _ADDED_FUNCTIONS.items():
        program.register_lambda(name, function)
    return CompiledJsonata(expression, program, _simple_lookup(expression))


_SIMPLE_PATH = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)")


def _simple_lookup(expression: str) -> tuple[str, tuple[str, ...]] | None:
    match = _SIMPLE_PATH.fullmatch(expression)
    if match is None:
        return None
    keys = tuple(match.group(2).split(".")[1:])
    return match.group(1), keys


# ---------------------------------------------------------------------------------------------
# Templates: Arguments / Output / Assign values whose string leaves may be {% %}
# ---------------------------------------------------------------------------------------------


class _Node:
    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], now_ms: int | None) -> Any:
        raise NotImplementedError


class _Constant(_Node):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], now_ms: int | None) -> Any:
        return _copy_json(self.value)


class _Expression(_Node):
    __slots__ = ("compiled",)

    def __init__(self, compiled: CompiledJsonata) -> None:
        self.compiled = compiled

    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], now_ms: int | None) -> Any:
        return self.compiled.evaluate(states, variables, now_ms=now_ms)


class _Object(_Node):
    __slots__ = ("items",)

    def __init__(self, items: tuple[tuple[str, _Node], ...]) -> None:
        self.items = items

    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], now_ms: int | None) -> Any:
        result = {}
        for key, node in self.items:
            try:
                result[key] = node.evaluate(states, variables, now_ms)
            except JsonataRuntimeError as error:
                raise error.within(key) from None
        return result


class _Array(_Node):
    __slots__ = ("items",)

    def __init__(self, items: tuple[_Node, ...]) -> None:
        self.items = items

    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], now_ms: int | None) -> Any:
        result = []
        for index, node in enumerate(self.items):
            try:
                result.append(node.evaluate(states, variables, now_ms))
            except JsonataRuntimeError as error:
                raise error.within(str(index)) from None
        return result


def _copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


def _has_expression(value: Any) -> bool:
    if is_jsonata_template(value):
        return True
    if isinstance(value, dict):
        return any(_has_expression(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_expression(item) for item in value)
    return False


def _compile_node(value: Any) -> _Node:
    if not _has_expression(value):
        return _Constant(value)
    if isinstance(value, str):
        return _Expression(compile_jsonata(jsonata_expression(value)))
    if isinstance(value, dict):
        return _Object(tuple((key, _compile_node(item)) for key, item in value.items()))
    return _Array(tuple(_compile_node(item) for item in value))


@dataclass(frozen=True)
class CompiledJsonataTemplate:
    """A JSON value whose string leaves may be ``{% %}`` expressions (Arguments, Output...).

    ``expressions`` lists every expression in it, for validators.
    """

    template: Any = field(repr=False)
    expressions: tuple[CompiledJsonata, ...]
    _root: _Node = field(repr=False, compare=False)

    def evaluate(self, states: Mapping[str, Any], variables: Mapping[str, Any], *, now_ms: int | None = None) -> Any:
        """The value with each expression replaced by its result (constants are fresh copies).

        A failure raises :class:`JsonataRuntimeError` whose ``field`` says where (``a/0/b``).
        """
        return self._root.evaluate(states, variables, now_ms)


def _collect(node: _Node, found: list[CompiledJsonata]) -> None:
    if isinstance(node, _Expression):
        found.append(node.compiled)
    elif isinstance(node, _Object):
        for _, child in node.items:
            _collect(child, found)
    elif isinstance(node, _Array):
        for child in node.items:
            _collect(child, found)


def compile_jsonata_template(value: Any) -> CompiledJsonataTemplate:
    """Compile a value whose strings may be ``{% %}``; raises :class:`JsonataSyntaxError`."""
    root = _compile_node(value)
    found: list[CompiledJsonata] = []
    _collect(root, found)
    return CompiledJsonataTemplate(value, tuple(found), root)
