"""The States Language JSON Schema shipped in ``sfndeploy/schemas/asl.json``, applied state by state.

A compiled check (fastjsonschema) decides whether a value is valid; only invalid values are walked
by jsonschema, whose errors carry the detail the messages need.

Checking one state at a time against the schema entry for its Type and query language keeps
messages precise ("field 'Parameters' is not allowed in a JSONata Task state") instead of the
noise of a oneOf over every state type, and keeps nesting depth out of the schema's recursion.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:  # jsonschema only words the errors of a value the compiled check rejects
    from jsonschema import Draft202012Validator, ValidationError

from sfndeploy.asl.jsonfmt import json_type_name
from sfndeploy.sourcemap import pointer_join
from sfndeploy.suggest import closest

STATE_TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")

# Fields of one query language, with what to write in the other one instead.
JSONPATH_ONLY = {
    "InputPath": "use $states.input inside Arguments or Output",
    "Parameters": "use Arguments",
    "ResultSelector": "use Output with $states.result",
    "ResultPath": "use Output or Assign",
    "OutputPath": "use Output",
    "Result": "use Output",
    "TimeoutSecondsPath": "use TimeoutSeconds with a {% %} expression",
    "HeartbeatSecondsPath": "use HeartbeatSeconds with a {% %} expression",
    "ItemsPath": "use Items",
    "SecondsPath": "use Seconds with a {% %} expression",
    "TimestampPath": "use Timestamp with a {% %} expression",
    "ErrorPath": "use Error with a {% %} expression",
    "CausePath": "use Cause with a {% %} expression",
    "MaxConcurrencyPath": "use MaxConcurrency with a {% %} expression",
    "ToleratedFailureCountPath": "use ToleratedFailureCount with a {% %} expression",
    "ToleratedFailurePercentagePath": "use ToleratedFailurePercentage with a {% %} expression",
}
JSONATA_ONLY = {
    "Arguments": "use Parameters, or set QueryLanguage to JSONata",
    "Output": "use OutputPath/ResultSelector, or set QueryLanguage to JSONata",
    "Items": "use ItemsPath, or set QueryLanguage to JSONata",
}


@cache
def schema_document() -> dict[str, Any]:
    text = resources.files("sfndeploy").joinpath("schemas/asl.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


STATE_CHECKS = tuple(state_type + language for state_type in STATE_TYPES for language in ("JSONPath", "JSONata"))
_GENERATED_HEADER = '''"""The compiled state checks of sfndeploy/schemas/asl.json (generated: do not edit).

Written by scripts/update_schema_checks.py with fastjsonschema's code generator, so a process does
not spend the time of generating and compiling them; a test checks that this file is current.
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off

'''


def schema_checks_source() -> str:
    """The text of :mod:`sfndeploy.validate.schema_checks`: the state checks and a ``CHECKS`` table by entry name."""
    document = schema_document()
    combined = {"anyOf": [{"$ref": f"#/$defs/{name}"} for name in STATE_CHECKS], "$defs": document["$defs"]}
    code = fastjsonschema.compile_to_code(combined, use_default=False, detailed_exceptions=False)
    namespace: dict[str, Any] = {}
    exec(compile(code, "<schema checks>", "exec"), namespace)
    table = []
    for name in STATE_CHECKS:
        (function,) = [key for key in namespace if key.startswith("validate") and key.endswith("_defs_" + name.lower())]
        table.append(f"    {name!r}: {function},\n")
    return _GENERATED_HEADER + code.rstrip("\n") + "\n\n\nCHECKS = {\n" + "".join(table) + "}\n"


@cache
def _fast_check(definition_name: str) -> Callable[[Any], Any]:
    """A compiled validity check; only a value it rejects is walked by jsonschema for messages."""
    from sfndeploy.validate.schema_checks import CHECKS  # generated ahead of time: see schema_checks_source

    generated: Callable[[Any], Any] | None = CHECKS.get(definition_name)
    if generated is not None:
        return generated
    document = {key: value for key, value in schema_document().items() if key not in ("$schema", "$id")}
    if definition_name:
        document = {"$ref": f"#/$defs/{definition_name}", "$defs": document["$defs"]}
    # Without detailed exceptions the generated code is less than half the size, so it compiles faster.
    check: Callable[[Any], Any] = fastjsonschema.compile(document, use_default=False, detailed_exceptions=False)
    return check


_CHECKS: dict[str, Callable[[Any], Any]] = {}  # _fast_check by name, looked up without a call


def _is_valid(definition_name: str, instance: Any) -> bool:
    check = _CHECKS.get(definition_name)
    if check is None:
        check = _CHECKS[definition_name] = _fast_check(definition_name)
    try:
        check(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def _validator(definition_name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    document = schema_document()
    if definition_name == "":
        return Draft202012Validator(document)
    # The entry itself at the root (with the $defs its own references use), not a "$ref" to it:
    # resolving that reference on every state checked was most of the cost of wording errors.
    return Draft202012Validator({**document["$defs"][definition_name], "$defs": document["$defs"]})


def top_level_errors(definition: Any) -> Iterator[tuple[str, str]]:
    """(pointer, message) for the top level of a definition (not its states)."""
    if not _is_valid("", definition):
        yield from _errors(_validator(""), definition, "", "the definition")


_STATE_TYPES = frozenset(STATE_TYPES)


def state_is_valid(body: Any, state_type: str | None, query_language: str) -> bool:
    """The quick answer for the usual state: a known Type and a body its compiled schema accepts."""
    if state_type not in _STATE_TYPES or not isinstance(body, dict):
        return False
    name = state_type + query_language
    check = _CHECKS.get(name) or _CHECKS.setdefault(name, _fast_check(name))
    try:
        check(body)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def state_errors(body: Any, pointer: str, query_language: str) -> Iterator[tuple[str, str]]:
    """(pointer, message) for one state checked against the schema of its Type and language."""
    if not isinstance(body, dict):
        yield pointer, f"a state must be an object, not {_json_type(body)}"
        return
    state_type = body.get("Type")
    if state_type not in STATE_TYPES:
        if "Type" not in body:
            yield pointer, "missing required field 'Type'"
        else:
            yield pointer_join(pointer, "Type"), f"unknown state Type {state_type!r} (one of {', '.join(STATE_TYPES)})"
        return
    name = state_type + query_language
    if not _is_valid(name, body):
        yield from _errors(_validator(name), body, pointer, f"a {query_language} {state_type} state")


def _errors(validator: Draft202012Validator, instance: Any, pointer: str, what: str) -> Iterator[tuple[str, str]]:
    for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        yield from _describe(error, pointer, what)


def _describe(error: ValidationError, base: str, what: str) -> Iterator[tuple[str, str]]:
    path = list(error.absolute_path)
    pointer = pointer_join(base, *path)
    field = str(path[-1]) if path else None
    subject = f"'{field}'" if field is not None else "the value"
    kind = error.validator
    instance: Any = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    if kind == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        where = what if not path else f"'{_dotted(path)}' of {what}"
        for extra in sorted(set(instance) - allowed):
            yield pointer_join(pointer, extra), _unknown_field_message(extra, where, allowed)
    elif kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        place = what if not path else f"'{_dotted(path)}' of {what}"
        yield pointer, f"missing required field '{missing}' in {place}"
    elif kind == "type":
        yield pointer, f"{subject} must be {_type_words(error.validator_value)}, not {_json_type(error.instance)}"
    elif kind == "enum":
        options = ", ".join(json.dumps(option) for option in expected)
        yield pointer, f"{subject} must be one of {options}, not {json.dumps(error.instance)}"
    elif kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        yield pointer, f"{subject} must be {bound} {error.validator_value}, not {error.instance}"
    elif kind == "minItems":
        yield pointer, f"{subject} must have at least {error.validator_value} item(s)"
    elif kind == "minLength":
        yield pointer, f"{subject} must not be empty"
    elif kind == "maxLength":
        yield pointer, f"{subject} must be at most {error.validator_value} characters long"
    elif kind == "pattern":
        yield pointer, f"{subject} must be a JSONata expression written as '{{% ... %}}'"
    elif kind == "anyOf":
        yield pointer, f"{subject} must be {_alternatives(expected)}, not {json.dumps(error.instance)}"
    else:
        yield pointer, f"{subject}: {error.message}"


def _dotted(path: list[Any]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


def _unknown_field_message(field: str, where: str, allowed: set[str]) -> str:
    if "JSONata" in where and field in JSONPATH_ONLY:
        return f"field '{field}' is JSONPath-only and not allowed in {where} ({JSONPATH_ONLY[field]})"
    if "JSONPath" in where and field in JSONATA_ONLY:
        return f"field '{field}' is JSONata-only and not allowed in {where} ({JSONATA_ONLY[field]})"
    close = closest(field, sorted(allowed))
    return f"field '{field}' is not allowed in {where}" + (f"; did you mean '{close}'?" if close else "")


def _alternatives(options: list[dict[str, Any]]) -> str:
    words = []
    for option in options:
        if option.get("$ref") == "#/$defs/jsonata":
            words.append("a JSONata expression '{% ... %}'")
        elif "type" in option:
            words.append(_type_words(option["type"]))
    return " or ".join(words) or "a valid value"


_ARTICLES = {"object": "an object", "array": "an array", "integer": "an integer", "null": "null"}


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_ARTICLES.get(str(name), f"a {name}") for name in names)


def _json_type(value: Any) -> str:
    name = json_type_name(value)
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"
