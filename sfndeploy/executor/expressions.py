"""The executor's adapters over :mod:`sfndeploy.asl`: paths, payload templates, JSONata, Assign.

Everything here is compiled when the definition is compiled; the ``evaluate``/``read`` methods
are what runs per state execution. Failures surface as :class:`EvaluationProblem` with AWS's
wording; the state wraps them into ``An error occurred while executing the state ...``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfndeploy.asl.jsonfmt import to_json
from sfndeploy.asl.jsonpath import CompiledPath, PathNotFound, compile_path, set_at_path
from sfndeploy.executor.failures import (
    STATES_QUERY_EVALUATION_ERROR,
    STATES_RUNTIME,
    EvaluationProblem,
)
from sfndeploy.executor.runtime import StateRun

# ---------------------------------------------------------------------------------------------
# JSONPath
# ---------------------------------------------------------------------------------------------


def resolve_root(path: CompiledPath, data: Any, run: StateRun) -> Any:
    """The value a path's root stands for: the data, ``$$``, or a variable."""
    root = path.root
    if root == "$":
        return data
    if root == "$$":
        return run.context()
    name = root[1:]
    try:
        return run.scope.lookup(name)
    except KeyError:
        raise EvaluationProblem(
            STATES_RUNTIME, f"The variable '{name}' referenced in '{path.text}' is not defined."
        ) from None


class PathReader:
    """InputPath / OutputPath / ItemsPath and the other ``*Path`` fields of JSONPath states.

    ``None`` (a JSON ``null`` path) reads as ``{}``; ``$`` is the data itself.
    """

    __slots__ = ("field", "path", "text")

    def __init__(self, text: str | None, field: str) -> None:
        self.text = text
        self.field = field
        self.path = None if text is None or text == "$" else compile_path(text)

    @property
    def identity(self) -> bool:
        return self.text == "$"

    def read(self, data: Any, run: StateRun) -> Any:
        path = self.path
        if path is None:
            return {} if self.text is None else data
        try:
            return path.evaluate(resolve_root(path, data, run))
        except PathNotFound as missing:
            raise EvaluationProblem(STATES_RUNTIME, str(missing)) from None

    def read_field(self, data: Any, run: StateRun) -> Any:
        """Like :meth:`read`, with the wording AWS uses for ErrorPath, CausePath, ``.$`` fields."""
        path = self.path
        if path is None:
            return {} if self.text is None else data
        try:
            return path.evaluate(resolve_root(path, data, run))
        except PathNotFound:
            raise EvaluationProblem(
                STATES_RUNTIME,
                f"The JSONPath '{self.text}' specified for the field '{self.field}' "
                f"could not be found in the input '{to_json(data)}'",
            ) from None


class ResultPathWriter:
    """ResultPath: where the result goes in the state's raw input (``null``: discard the result)."""

    __slots__ = ("path", "text")

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.path = None if text is None or text == "$" else compile_path(text)

    def write(self, raw_input: Any, result: Any) -> Any:
        if self.path is None:
            return raw_input if self.text is None else result
        try:
            return set_at_path(raw_input, self.path, result)
        except PathNotFound as problem:
            raise EvaluationProblem(STATES_RUNTIME, str(problem)) from None


# ---------------------------------------------------------------------------------------------
# Payload templates (Parameters, ItemSelector, ResultSelector, Assign in JSONPath states)
# ---------------------------------------------------------------------------------------------

Evaluator = Callable[[Any, StateRun], Any]


def compile_template(template: Any, field: str) -> Evaluator:
    """A JSONPath payload template: ``"key.$"`` fields are paths or intrinsic functions."""
    from sfndeploy.executor.payloads import compile_payload_evaluator

    return compile_payload_evaluator(template, field)


# ---------------------------------------------------------------------------------------------
# JSONata
# ---------------------------------------------------------------------------------------------

JsonataEvaluator = Callable[[StateRun, dict[str, Any]], Any]


def compile_jsonata_value(value: Any, field: str) -> JsonataEvaluator:
    """A JSONata field: ``{% %}`` strings anywhere inside ``value`` are evaluated, the rest is literal."""
    from sfndeploy.executor.jsonata_values import compile_jsonata_evaluator

    return compile_jsonata_evaluator(value, field)


def query_problem(detail: str) -> EvaluationProblem:
    return EvaluationProblem(STATES_QUERY_EVALUATION_ERROR, detail)


