"""Jinja2 rendering that remembers which template line wrote each output line.

Before a template is compiled, the loader puts an invisible marker before every newline of the
template's literal text (never inside tags). The markers travel through includes, imports, macros
and loops like any other text, so after rendering each output line ends with the marker of the
template file and line that produced it. :class:`RenderedText` strips them and keeps the map.
Markers contain no newline, so Jinja's own error line numbers stay right.

Templates come from pull requests, so they run in Jinja's immutable sandbox: no attribute that
starts with an underscore, no method that mutates a value, no Jinja global beyond ``range``,
``dict`` and ``namespace``, and bounded string/list repetition and powers. A sandbox violation is
a :class:`RenderError` at the template line like any other.
"""

from __future__ import annotations

import hashlib
import json
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.lexer import TOKEN_DATA
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sfndeploy.documents import MAX_JSON_BYTES, decode_document
from sfndeploy.errors import RenderError, SourceLocation

_MARK_OPEN = "\ue000"  # private-use characters: not line breaks for str.splitlines
_MARK_CLOSE = "\ue001"
_MARKER = re.compile(f"{_MARK_OPEN}(\\d+):(\\d+){_MARK_CLOSE}")

# Step Functions writes JSONata as "{% expression %}", Jinja's own statement delimiters. A "{%"
# whose first word is a Jinja statement is Jinja; any other is JSONata and is passed through.
_JSONATA_OPEN = "\ue002"
_JSONATA_CLOSE = "\ue003"
_STATEMENT_START = re.compile(r"[-+]?\s*([A-Za-z_][A-Za-z0-9_]*)")
JINJA_STATEMENTS = frozenset(
    [
        "if",
        "elif",
        "else",
        "endif",
        "for",
        "endfor",
        "set",
        "endset",
        "macro",
        "endmacro",
        "call",
        "endcall",
        "filter",
        "endfilter",
        "include",
        "import",
        "from",
        "block",
        "endblock",
        "extends",
        "raw",
        "endraw",
        "with",
        "endwith",
        "autoescape",
        "endautoescape",
        "trans",
        "pluralize",
        "endtrans",
        "break",
        "continue",
        "do",
    ]
)


@dataclass(frozen=True)
class RenderedText:
    """Rendered text without markers, and the template location of each of its lines."""

    text: str
    line_locations: tuple[SourceLocation, ...]
    fallback: SourceLocation

    def origin(self, line: int) -> SourceLocation:
        if 1 <= line <= len(self.line_locations):
            return self.line_locations[line - 1]
        return self.fallback


class _MarkingLoader(jinja2.BaseLoader):
    """Loads templates from one directory, marking line ends and recording every file used."""

    def __init__(
        self, root: Path, files: list[str], digests: dict[str, str], lexer_env: Callable[[], jinja2.Environment]
    ) -> None:
        self.root = root
        self.files = files
        self.digests = digests
        self._lexer_env = lexer_env

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = (self.root / template).resolve()
        if not path.is_relative_to(self.root.resolve()) or not path.is_file():
            raise jinja2.TemplateNotFound(template)
        raw = path.read_bytes()
        mtime = path.stat().st_mtime
        relative = self._display_name(path)
        source = decode_document(raw, relative, limit=MAX_JSON_BYTES).replace("\r\n", "\n").replace("\r", "\n")
        if relative not in self.files:
            self.files.append(relative)
        self.digests[relative] = hashlib.sha256(raw).hexdigest()
        protected = protect_jsonata(source)
        marked = mark_line_ends(protected, self.files.index(relative), self._lexer_env())
        return marked, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime

    def _display_name(self, path: Path) -> str:
        project_root = self.root.resolve().parent
        try:
            return str(path.relative_to(project_root))
        except ValueError:
            return str(path)


def protect_jsonata(source: str) -> str:
    """Hide the delimiters of JSONata expressions from Jinja (restored after rendering)."""
    pieces: list[str] = []
    cursor = 0
    position = source.find("{%")
    while position != -1:
        word = _STATEMENT_START.match(source, position + 2)
        end = source.find("%}", position + 2)
        if (word and word.group(1) in JINJA_STATEMENTS) or end == -1:
            position = source.find("{%", position + 2)
            continue
        pieces.append(source[cursor:position])
        pieces.append(_JSONATA_OPEN + source[position + 2 : end] + _JSONATA_CLOSE)
        cursor = end + 2
        position = source.find("{%", cursor)
    pieces.append(source[cursor:])
    return "".join(pieces)


def restore_jsonata(text: str) -> str:
    return text.replace(_JSONATA_OPEN, "{%").replace(_JSONATA_CLOSE, "%}")


def mark_line_ends(source: str, file_index: int, environment: jinja2.Environment) -> str:
    """Insert a marker before each newline that belongs to the template's literal text."""
    try:
        newline_positions = _literal_newlines(source, environment)
    except jinja2.TemplateSyntaxError:
        return source  # compiling the unmarked source reports the error with its line
    pieces: list[str] = []
    line = 1
    start = 0
    for position in newline_positions:
        line += source.count("\n", start, position)
        pieces.append(source[start:position])
        pieces.append(f"{_MARK_OPEN}{file_index}:{line}{_MARK_CLOSE}")
        start = position
    pieces.append(source[start:])
    return "".join(pieces)


def _literal_newlines(source: str, environment: jinja2.Environment) -> list[int]:
    """Positions of the newlines that sit in data tokens (the text Jinja copies to its output)."""
    positions: list[int] = []
    cursor = 0
    for _lineno, token, value in environment.lexer.tokeniter(source, None):
        cursor = _find_token(source, value, cursor)
        if token == TOKEN_DATA:
            offset = value.find("\n")
            while offset != -1:
                positions.append(cursor + offset)
                offset = value.find("\n", offset + 1)
        cursor += len(value)
    return positions


def _find_token(source: str, value: str, cursor: int) -> int:
    # The lexer drops only whitespace (``-`` modifiers, trim_blocks, lstrip_blocks) between tokens.
    while not source.startswith(value, cursor) and cursor < len(source) and source[cursor].isspace():
        cursor += 1
    return cursor


def _to_json(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False)


# Jinja's default globals that templates do not need; ``lipsum`` and ``cycler`` are the classic
# doors to Python's module globals.
_REMOVED_GLOBALS = ("lipsum", "cycler", "joiner")
MAX_REPEAT = 1_000_000  # characters or items a template may build with ``*``
MAX_EXPONENT = 1_000


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with ``*`` and ``**`` bounded so a template cannot exhaust memory."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is larger than {MAX_EXPONENT}")
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, jinja2.Undefined):  # say what is undefined, not which attribute of it is unsafe
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)


def _check_repeat(sequence: Any, count: Any) -> None:
    if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and len(sequence) * count > MAX_REPEAT:
        raise SecurityError(f"repeating a {type(sequence).__name__} would make more than {MAX_REPEAT:,} items")


MAX_RENDER_SECONDS = 30.0  # per template: loops nested without end must not hang a pipeline


class _RenderTimeout(Exception):
    """Raised by the timer into the rendering template (an Exception, so Jinja maps it to the template line)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only: where the CLI renders)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_remaining <= seconds:
        yield  # a timer the caller set fires first: leave it in charge
        return

    def expired(_signum: int, _frame: object) -> None:
        raise _RenderTimeout

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:  # give the caller's timer back what it had left
            signal.setitimer(signal.ITIMER_REAL, max(outer_remaining - (time.monotonic() - started), 0.001))


class TemplateRenderer:
    """Renders templates under one directory with a fixed context, StrictUndefined, YAML-friendly
    whitespace (``trim_blocks``/``lstrip_blocks``) and the project's helper filters."""

    def __init__(
        self,
        templates_dir: Path,
        context: Mapping[str, Any],
        filters: Mapping[str, Callable[..., Any]] | None = None,
        time_limit: float = MAX_RENDER_SECONDS,
    ) -> None:
        self.templates_dir = templates_dir
        self.time_limit = time_limit
        self.files: list[str] = []
        self.digests: dict[str, str] = {}  # file -> sha256 of the bytes that were rendered
        self.environment = TemplateSandbox(
            loader=_MarkingLoader(templates_dir, self.files, self.digests, lambda: self.environment),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        for name in _REMOVED_GLOBALS:
            self.environment.globals.pop(name, None)
        self.environment.filters["tojson"] = _to_json
        self.environment.filters.update(filters or {})
        self.context = dict(context)

    def sources_digest(self) -> str:
        """One hash of every template rendered so far, by name and content."""
        digest = hashlib.sha256()
        for name in sorted(self.digests):
            digest.update(f"{name}\0{self.digests[name]}\0".encode())
        return digest.hexdigest()

    def display_name(self, template: str) -> str:
        return str(Path(self.templates_dir.name) / template)

    def render(self, template: str) -> RenderedText:
        """Render ``template`` (a path relative to the templates directory)."""
        fallback = SourceLocation(self.display_name(template))
        try:
            with _time_limit(self.time_limit):
                output = self.environment.get_template(template).render(self.context)
        except _RenderTimeout as error:
            raise RenderError(
                f"rendering took longer than {self.time_limit:g} s (a loop that runs too often?)",
                location=self._error_location(error) or fallback,
            ) from None
        except jinja2.TemplateNotFound as error:
            raise RenderError(
                f"template '{error.name}' not found under {self.templates_dir.name}/",
                location=self._error_location(error) or fallback,
            ) from error
        except jinja2.TemplateSyntaxError as error:
            location = SourceLocation(self._relative(error.filename) or fallback.file, error.lineno)
            raise RenderError(f"Jinja syntax error: {error.message}", location=location) from error
        except SecurityError as error:
            raise RenderError(
                f"not allowed in a template: {error}",
                location=self._error_location(error) or fallback,
                hint="templates see only env, vars, project and the documented functions",
            ) from error
        except RenderError as error:  # raised by a context function: env_var(), secret()
            if error.location is None:
                error.location = self._error_location(error) or fallback
            raise
        except jinja2.UndefinedError as error:
            raise RenderError(
                f"undefined variable: {error.message}",
                location=self._error_location(error) or fallback,
                hint="define it in the environment's vars or guard it with 'is defined'",
            ) from error
        except jinja2.TemplateError as error:
            raise RenderError(f"template error: {error}", location=self._error_location(error) or fallback) from error
        except RecursionError as error:
            raise RenderError(
                "template recursion too deep (a macro or include that calls itself without end?)",
                location=self._error_location(error) or fallback,
            ) from None
        except (TypeError, ValueError, ArithmeticError, LookupError) as error:
            raise RenderError(
                f"template expression failed: {error}", location=self._error_location(error) or fallback
            ) from error
        return self._unmark(output, fallback)

    def _unmark(self, output: str, fallback: SourceLocation) -> RenderedText:
        lines = output.split("\n")
        locations: list[SourceLocation] = [fallback] * len(lines)
        clean: list[str] = []
        pending: SourceLocation | None = None
        for index in range(len(lines) - 1, -1, -1):
            found = list(_MARKER.finditer(lines[index]))
            if found:
                last = found[-1]
                pending = SourceLocation(self.files[int(last.group(1))], int(last.group(2)))
            locations[index] = pending or fallback
            clean.append(restore_jsonata(_MARKER.sub("", lines[index])))
        clean.reverse()
        return RenderedText("\n".join(clean), tuple(locations), fallback)

    def _relative(self, filename: str | None) -> str | None:
        if not filename:
            return None
        path = Path(filename)
        try:
            return str(path.resolve().relative_to(self.templates_dir.resolve().parent))
        except ValueError:
            return filename

    def _error_location(self, error: BaseException) -> SourceLocation | None:
        """The innermost template frame of a rendering error's traceback."""
        root = str(self.templates_dir.resolve())
        found: SourceLocation | None = None
        for frame in traceback.extract_tb(error.__traceback__):
            if frame.filename.startswith(root) and frame.lineno is not None:
                found = SourceLocation(self._relative(frame.filename) or frame.filename, frame.lineno)
        return found
