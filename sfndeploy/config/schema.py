"""Check loaded YAML against the JSON Schemas shipped in ``sfndeploy/schemas``.

A violation becomes a :class:`ConfigError` whose one line names the file, line and key.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from sfndeploy.errors import ConfigError
from sfndeploy.sourcemap import SourceMap, pointer_join
from sfndeploy.suggest import closest


@cache
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    text = resources.files("sfndeploy").joinpath(f"schemas/{schema_name}.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    return jsonschema.Draft202012Validator(schema)


def schema_properties(schema_name: str) -> list[str]:
    schema: Any = _validator(schema_name).schema
    return sorted(schema.get("properties", {}))


def check(data: Any, schema_name: str, source_map: SourceMap, *, what: str) -> None:
    """Raise a ConfigError for the first schema violation, in document order."""
    errors = sorted(_validator(schema_name).iter_errors(data), key=_document_order(source_map))
    if not errors:
        return
    first = errors[0]
    pointer, key, message = describe(first)
    more = f" (and {len(errors) - 1} more problem{'s' * (len(errors) > 2)})" if len(errors) > 1 else ""
    raise ConfigError(f"{what}: {message}{more}", location=source_map.locate(pointer), key=key)


def _document_order(source_map: SourceMap) -> Any:
    def order(error: ValidationError) -> tuple[int, int]:
        location = source_map.locate(describe(error)[0])
        return (location.line or 0, location.column or 0)

    return order


def _pointer(error: ValidationError) -> str:
    return pointer_join("", *error.absolute_path)


def describe(error: ValidationError) -> tuple[str, str | None, str]:
    """(JSON pointer, key, message) for one schema error, in words a user can act on."""
    pointer = _pointer(error)
    key = str(error.absolute_path[-1]) if error.absolute_path else None
    validator = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    if validator == "additionalProperties":
        return _unknown_key(error, pointer)
    if validator == "required":
        missing = str(error.message).split("'")[1]
        return pointer, missing, f"missing required key '{missing}'"
    if validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in expected)
        return pointer, key, f"{json.dumps(instance)} is not one of {allowed}"
    if validator == "type":
        return pointer, key, f"must be {_type_words(expected)}, not {_type_of(instance)}"
    if validator == "pattern":
        return pointer, key, f"{json.dumps(instance)} does not match the pattern {expected}"
    if validator == "oneOf" and error.schema_path and list(error.schema_path) == ["oneOf"]:
        return pointer, None, "give exactly one of 'definition' or 'definition_file'"
    sub_schema: Any = error.schema
    if validator in ("minProperties", "maxProperties") and expected == 1 and "properties" in sub_schema:
        return pointer, key, "give exactly one of " + ", ".join(f"'{k}'" for k in sub_schema["properties"])
    if validator == "not":
        return pointer, key, "these keys cannot be used together: " + _conflicting(error)
    return pointer, key, str(error.message)


def _unknown_key(error: ValidationError, pointer: str) -> tuple[str, str | None, str]:
    sub_schema: Any = error.schema
    instance: Any = error.instance
    allowed = sorted(sub_schema.get("properties", {}))
    extras = [k for k in instance if k not in allowed]
    key = str(extras[0]) if extras else None
    message = f"unknown key '{key}'"
    close = closest(key or "", allowed)
    if close:
        message += f"; did you mean '{close}'?"
    elif allowed:
        message += f"; allowed keys: {', '.join(allowed)}"
    return pointer_join(pointer, key or ""), key, message


def _conflicting(error: ValidationError) -> str:
    expected: Any = error.validator_value
    groups = expected.get("anyOf", [])
    present = set(error.instance) if isinstance(error.instance, dict) else set()
    for group in groups:
        keys = group.get("required", [])
        if set(keys) <= present:
            return " and ".join(f"'{k}'" for k in keys if k)
    return "see the reference"


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    return "null"
