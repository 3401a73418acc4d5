"""Reading a raw definition file (JSON or YAML) into data and a source map, never raising."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfndeploy.documents import MAX_JSON_BYTES, decode_document
from sfndeploy.errors import SfnDeployError, SourceLocation
from sfndeploy.loaders import is_json_name, load_document
from sfndeploy.sourcemap import SourceMap
from sfndeploy.validate.diagnostics import ERROR, Diagnostic

INVALID_JSON = "INVALID_JSON_DESCRIPTION"
MISSING_DESCRIPTION = "MISSING_DESCRIPTION"


@dataclass(frozen=True)
class UnparsableDefinition:
    """Stands in for the data of a file that could not be parsed; validating it reports why."""

    diagnostic: Diagnostic


def parse_or_diagnose(text: str | bytes, file: str) -> tuple[Any, SourceMap, Diagnostic | None]:
    """The parsed definition and its source map, or the diagnostic that says why it cannot be read.

    A ``.json`` file is read as JSON only (as AWS reads it); other files as JSON when they start
    like JSON, else as YAML. ``text`` may be the file's bytes: they are checked (UTF-8, NUL, size).
    """
    try:
        if isinstance(text, bytes):
            text = decode_document(text, file, limit=MAX_JSON_BYTES)
        if not text.strip(" \t\r\n\ufeff"):
            diagnostic = Diagnostic(
                ERROR, MISSING_DESCRIPTION, "the definition file is empty", "", SourceLocation(file)
            )
            return None, SourceMap.empty(file), diagnostic
        data, source_map = load_document(text, file=file, json_only=is_json_name(file))
    except SfnDeployError as error:
        location = error.location or SourceLocation(file)
        diagnostic = Diagnostic(ERROR, INVALID_JSON, f"cannot parse the definition: {error.message}", "", location)
        return None, SourceMap.empty(file), diagnostic
    return data, source_map, None
