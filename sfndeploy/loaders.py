"""One entry point per kind of document: JSON files as JSON, YAML files as YAML, both checked the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sfndeploy.documents import MAX_JSON_BYTES, MAX_YAML_BYTES, ErrorType, check_text, read_document
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.jsonsource import JsonRefused, looks_like_json, parse_json
from sfndeploy.sourcemap import LineOrigin, SourceMap, load_yaml


def is_json_name(name: str) -> bool:
    """Whether a file name says JSON (``.json``, or ``.json.j2`` for a template)."""
    return name.removesuffix(".j2").lower().endswith(".json")


def load_document(
    text: str,
    *,
    file: str,
    line_origin: LineOrigin | None = None,
    json_only: bool = False,
    error: ErrorType = ConfigError,
) -> tuple[Any, SourceMap]:
    """A JSON or YAML document with its source map.

    A text that starts like JSON is parsed as JSON; when it is not valid JSON but is valid YAML
    (YAML's flow style, as in ``{a: 1}``), the YAML reading is used unless ``json_only``.
    """
    check_text(text, file, error=error)
    if json_only or looks_like_json(text):
        try:
            return parse_json(text, file=file, line_origin=line_origin)
        except JsonRefused as refused:
            if json_only or not refused.syntax:
                raise error(refused.message, location=refused.location) from None
            try:
                return load_yaml(text, file=file, line_origin=line_origin)
            except ConfigError:
                raise error(refused.message, location=refused.location) from None
    return _yaml(text, file, line_origin, error)


def load_json_file(
    path: Path, display: str | None = None, *, error: ErrorType = ConfigError, what: str = "file"
) -> tuple[Any, SourceMap]:
    """A JSON file (definitions, inputs, mock configurations, saved plans); ``what`` names it in messages."""
    name = display or str(path)
    text = read_document(path, name, limit=MAX_JSON_BYTES, error=error, what=what)
    return load_document(text, file=name, json_only=True, error=error)


def load_yaml_file(
    path: Path, display: str | None = None, *, error: ErrorType = ConfigError, what: str = "file"
) -> tuple[Any, SourceMap]:
    """A YAML file (environment and project files, test cases); a ``.json`` name is read as JSON."""
    name = display or str(path)
    json_only = is_json_name(path.name)
    limit = MAX_JSON_BYTES if json_only else MAX_YAML_BYTES
    text = read_document(path, name, limit=limit, error=error, what=what)
    return load_document(text, file=name, json_only=json_only, error=error)


def _yaml(text: str, file: str, line_origin: LineOrigin | None, error: ErrorType) -> tuple[Any, SourceMap]:
    try:
        return load_yaml(text, file=file, line_origin=line_origin)
    except ConfigError as problem:
        if error is ConfigError:
            raise
        raise error(problem.message, location=problem.location or SourceLocation(file), key=problem.key) from None
