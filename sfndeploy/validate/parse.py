"""Reading a raw definition file (JSON or YAML) into data and a source map, never raising."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from sfndeploy.errors import SfnDeployError, SourceLocation
from sfndeploy.sourcemap import SourceMap, load_yaml
from sfndeploy.validate.diagnostics import ERROR, Diagnostic

INVALID_JSON = "INVALID_JSON_DESCRIPTION"
# Above this size a JSON definition (already over AWS's 1 MiB limit) is parsed with the json module:
# the line-tracking YAML parser would take seconds, and the diagnostics are about the size anyway.
LARGE_TEXT = 2 * 1024 * 1024
MISSING_DESCRIPTION = "MISSING_DESCRIPTION"


@dataclass(frozen=True)
class UnparsableDefinition:
    """Stands in for the data of a file that could not be parsed; validating it reports why."""

    diagnostic: Diagnostic


def parse_or_diagnose(text: str, file: str) -> tuple[Any, SourceMap, Diagnostic | None]:
    """The parsed definition and its source map, or the diagnostic that says why it cannot be read."""
    if not text.strip():
        diagnostic = Diagnostic(ERROR, MISSING_DESCRIPTION, "the definition file is empty", "", SourceLocation(file))
        return None, SourceMap.empty(file), diagnostic
    if len(text) > LARGE_TEXT:
        large = _parse_large_json(text, file)
        if large is not None:
            return large, SourceMap.empty(file), None
    try:
        data, source_map = load_yaml(text, file=file)
    except SfnDeployError as error:
        location = error.location or SourceLocation(file)
        diagnostic = Diagnostic(ERROR, INVALID_JSON, f"cannot parse the definition: {error.message}", "", location)
        return None, SourceMap.empty(file), diagnostic
    except yaml.YAMLError as error:
        # load_yaml lets a few reader errors (control characters) escape as plain YAMLError.
        message = f"cannot parse the definition: not valid JSON or YAML ({getattr(error, 'reason', error)})"
        return None, SourceMap.empty(file), Diagnostic(ERROR, INVALID_JSON, message, "", SourceLocation(file))
    except RecursionError:
        message = "cannot parse the definition: it is nested too deeply"
        return None, SourceMap.empty(file), Diagnostic(ERROR, INVALID_JSON, message, "", SourceLocation(file))
    return data, source_map, None


def _parse_large_json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON: the YAML parser says why, with a line
