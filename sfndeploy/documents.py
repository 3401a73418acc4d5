"""Reading the files users give sfndeploy: limits, bytes to text, JSON or YAML.

Every document sfndeploy reads (environment files, workflow specs, definitions, inputs, mock
configurations, test case files, saved plans) goes through here, so bad input ends in one
:class:`~sfndeploy.errors.ConfigError` (or the caller's error class) naming file, line and
column, never in a traceback or a hang. The limits are documented in the README.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from sfndeploy.errors import ConfigError, SfnDeployError, SourceLocation

# Deepest nesting of objects/arrays (mappings/sequences) accepted in any document. Deep enough for
# any real definition or payload; shallow enough that nothing downstream runs out of stack.
MAX_DEPTH = 128
# Largest JSON document (definitions, inputs, mock configurations, saved plans). AWS's own limits
# are far below: 1 MiB for a definition, 256 KiB for an execution input.
MAX_JSON_BYTES = 8 * 1024 * 1024
# Largest YAML document (environment files, workflow specs as rendered, test case files).
MAX_YAML_BYTES = 1024 * 1024
# Values a YAML document may produce through aliases (``*name``); more is an alias bomb.
MAX_ALIAS_VALUES = 10_000

ErrorType = type[SfnDeployError]


def decode_document(raw: bytes, file: str, *, limit: int, error: ErrorType = ConfigError) -> str:
    """The text of a document's bytes: UTF-8 (a leading BOM dropped), no NUL, at most ``limit`` bytes."""
    if len(raw) > limit:
        raise error(
            f"the file is {_size(len(raw))}, larger than the limit of {_size(limit)}", location=SourceLocation(file)
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise error(
            f"not UTF-8: byte 0x{raw[problem.start]:02x} cannot start or continue a character{_utf16_hint(raw)}",
            location=_byte_location(raw, problem.start, file),
        ) from None
    check_text(text, file, error=error)
    return text


def check_text(text: str, file: str, *, error: ErrorType = ConfigError) -> None:
    """Refuse NUL characters and unpaired surrogates (what undecodable command-line bytes become)."""
    nul = text.find("\x00")
    if nul != -1:
        raise error("contains a NUL character; is it a binary file?", location=text_location(text, nul, file))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as problem:
        raise error("not UTF-8 text", location=text_location(text, problem.start, file)) from None


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def read_document(path: Path, display: str, *, limit: int, error: ErrorType = ConfigError, what: str = "file") -> str:
    """The checked text of the file at ``path``; ``display`` names it in messages."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except IsADirectoryError:
        raise error(f"the {what} is a directory", location=SourceLocation(display)) from None
    except OSError as problem:
        raise error(f"cannot read the {what}: {problem.strerror}", location=SourceLocation(display)) from None
    except ValueError:  # a NUL byte or an unencodable character in the path
        raise error(f"cannot read the {what}: the path is not valid", location=SourceLocation(display)) from None
    if len(raw) > limit:
        raise error(f"the {what} is larger than the limit of {_size(limit)}", location=SourceLocation(display))
    return decode_document(raw, display, limit=limit, error=error)


def text_location(text: str, offset: int, file: str) -> SourceLocation:
    """File, line and column (both 1-based) of character ``offset`` of ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return SourceLocation(file, text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _byte_location(raw: bytes, offset: int, file: str) -> SourceLocation:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return SourceLocation(file, raw.count(b"\n", 0, offset) + 1, offset - line_start + 1)


def _utf16_hint(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return " (the file looks UTF-16 encoded; save it as UTF-8)"
    return ""


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB"
    return f"{count} bytes"
