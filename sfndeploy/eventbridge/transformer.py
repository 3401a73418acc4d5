"""What an EventBridge rule's target receives: input transformers and input paths.

An input transformer has two parts:

``InputPathsMap``
    up to 100 variables, each a name (letters, digits, ``_``, ``-``) and a JSONPath into the event
    in dot notation: ``$.detail.order-id``, ``$.resources[0]``, ``$.detail.items[*]``;
``InputTemplate``
    text (at most 8192 characters) where ``<name>`` stands for a variable's value. Besides the
    variables, ``<aws.events.rule-arn>``, ``<aws.events.rule-name>``, ``<aws.events.event>``
    (the whole event), ``<aws.events.event.ingestion-time>`` and ``<aws.events.event.json>`` (the
    event as a string) are always there.

How a placeholder is filled depends on where it stands, as EventBridge does it:

* outside a JSON string it becomes the value's JSON (``"i-123"`` with its quotes, ``42``, an object);
* inside a JSON string it becomes the value's text, not escaped (a string without quotes; other
  values as JSON), so a value holding a quote breaks the JSON;
* a variable whose path selects nothing in the event is not created: its placeholder is left
  out of the output.

A template that starts with ``{`` is JSON and passed on minified; it cannot use a placeholder as
an object key. Any other template is text: ``"order <id> placed"`` (with its quotes) is a JSON
string. A Step Functions target needs JSON: :func:`check_input_transformer` says when a template
can never be JSON, and :func:`apply_input_transformer` when the output for one event is not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sfndeploy.asl.jsonpath import compile_path
from sfndeploy.errors import SfnDeployError
from sfndeploy.eventbridge.problems import WARNING, Problem
from sfndeploy.sourcemap import pointer_join

__all__ = [
    "MAX_TEMPLATE_CHARACTERS",
    "MAX_VARIABLES",
    "PREDEFINED_VARIABLES",
    "InputTransformError",
    "TransformedInput",
    "apply_input_path",
    "apply_input_transformer",
    "check_input_path",
    "check_input_transformer",
    "event_path_problem",
]

MAX_VARIABLES = 100
MAX_TEMPLATE_CHARACTERS = 8192
MAX_PATH_CHARACTERS = 256
MAX_NAME_CHARACTERS = 256
RULE_ARN = "aws.events.rule-arn"
RULE_NAME = "aws.events.rule-name"
EVENT = "aws.events.event"
INGESTION_TIME = "aws.events.event.ingestion-time"
EVENT_JSON = "aws.events.event.json"
PREDEFINED_VARIABLES = (RULE_ARN, RULE_NAME, EVENT, INGESTION_TIME, EVENT_JSON)

_NAME = re.compile(r"[A-Za-z0-9_\-]+")
_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_\-.]+)>")
# EventBridge's JSONPath: dot notation with letters, digits, '-', '_' and '/', indexes, wildcards
_PATH = re.compile(r"\$(?:\.(?:[A-Za-z0-9_\-/]+|\*)|\[(?:\d+|\*)\])*")
_KEY_AFTER = re.compile(r"\s*:")


class InputTransformError(SfnDeployError):
    """An input transformer or input path cannot produce the target's input for an event."""


@dataclass(frozen=True)
class TransformedInput:
    """What the target receives for one event.

    ``text`` is the input as EventBridge passes it (a JSON template minified); ``value`` is that
    text read as JSON, or None when it is not JSON; ``missing`` names the variables whose path
    selected nothing in the event (their placeholders were left out).
    """

    text: str
    value: Any
    is_json: bool
    missing: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def event_path_problem(path: Any) -> str | None:
    """Why EventBridge cannot use ``path`` as a JSONPath into an event, or None."""
    if not isinstance(path, str):
        return "a path must be a string"
    if len(path) > MAX_PATH_CHARACTERS:
        return f"a path is at most {MAX_PATH_CHARACTERS} characters"
    if not _PATH.fullmatch(path):
        return (
            f"{json.dumps(path)} is not a JSONPath EventBridge reads: use dot notation from '$' "
            "(letters, digits, '-', '_', '/'), [n] indexes and '*' ($.detail.order-id, $.resources[0])"
        )
    return None


def check_input_path(path: Any, pointer: str = "") -> tuple[Problem, ...]:
    """The problems of an ``InputPath``."""
    problem = event_path_problem(path)
    return (Problem(pointer, problem),) if problem else ()


def check_input_transformer(
    paths: Any, template: Any, pointer: str = "", *, json_required: bool = True
) -> tuple[Problem, ...]:
    """The problems of an input transformer; ``pointer`` locates it (its keys are ``paths``/``template``).

    ``json_required``: the target needs JSON input (a Step Functions workflow does).
    """
    problems = list(_check_paths(paths, pointer_join(pointer, "paths")))
    if not isinstance(template, str) or not template:
        problems.append(Problem(pointer_join(pointer, "template"), "the input template must be a non-empty string"))
        return tuple(problems)
    variables = set(paths) if isinstance(paths, dict) else set()
    problems.extend(_check_template(template, variables, pointer_join(pointer, "template"), json_required))
    return tuple(problems)


def _check_paths(paths: Any, pointer: str) -> Iterator[Problem]:
    if not isinstance(paths, dict):
        yield Problem(pointer, "input paths must be a mapping of variable names to JSONPaths")
        return
    if len(paths) > MAX_VARIABLES:
        yield Problem(pointer, f"an input transformer has at most {MAX_VARIABLES} variables, not {len(paths)}")
    for name, path in paths.items():
        here = pointer_join(pointer, name)
        if name in PREDEFINED_VARIABLES or str(name).lower().startswith("aws."):
            yield Problem(here, f"'{name}' is reserved by EventBridge; choose another variable name")
        elif not _NAME.fullmatch(str(name)) or len(str(name)) > MAX_NAME_CHARACTERS:
            yield Problem(here, f"variable name '{name}' may only use letters, digits, '_' and '-'")
        problem = event_path_problem(path)
        if problem:
            yield Problem(here, problem)


def _check_template(template: str, variables: set[str], pointer: str, json_required: bool) -> Iterator[Problem]:
    if len(template) > MAX_TEMPLATE_CHARACTERS:
        yield Problem(
            pointer,
            f"the input template is {len(template)} characters; EventBridge takes at most {MAX_TEMPLATE_CHARACTERS}",
        )
    known = variables | set(PREDEFINED_VARIABLES)
    for placeholder in _placeholders(template):
        if placeholder.name not in known:
            yield Problem(
                pointer,
                f"'<{placeholder.name}>' is not a variable of the input paths; "
                "EventBridge leaves it in the text as written",
                WARNING,
            )
        elif placeholder.is_key:
            yield Problem(
                pointer, f"'<{placeholder.name}>' stands where an object key goes; EventBridge does not allow that"
            )
    if json_required:
        sample = _fill(template, {name: "x" for name in known}, frozenset())
        if not _is_json(sample):
            yield Problem(
                pointer,
                "the input template does not make JSON, and a workflow's input must be JSON "
                '(a text template needs quotes: "\\"order <id> placed\\"")',
            )


# ---------------------------------------------------------------------------------------------
# Applying them to an event
# ---------------------------------------------------------------------------------------------


def apply_input_path(event: Any, path: str) -> Any:
    """The part of ``event`` that ``InputPath`` sends the target."""
    problem = event_path_problem(path)
    if problem:
        raise InputTransformError(problem, key="input_path")
    found = _select(event, path)
    if found is _NOTHING:
        raise InputTransformError(f"the input path {path} selects nothing in the event", key="input_path")
    return found


def apply_input_transformer(
    paths: Mapping[str, str],
    template: str,
    event: Any,
    *,
    rule_name: str = "",
    rule_arn: str = "",
    ingestion_time: str = "",
    json_required: bool = True,
) -> TransformedInput:
    """What the target receives when ``event`` matches; InputTransformError when it is not JSON but must be."""
    values: dict[str, Any] = {
        RULE_ARN: rule_arn,
        RULE_NAME: rule_name,
        EVENT: event,
        INGESTION_TIME: ingestion_time or _event_time(event),
        EVENT_JSON: json.dumps(event, separators=(",", ":"), ensure_ascii=False),
    }
    missing: list[str] = []
    for name, path in paths.items():
        problem = event_path_problem(path)
        if problem:
            raise InputTransformError(problem, key=name)
        found = _select(event, path)
        if found is _NOTHING:
            missing.append(name)
        else:
            values[name] = found
    text = _fill(template, values, frozenset(missing))
    try:
        value = json.loads(text)
    except ValueError:
        if json_required:
            left_out = f" ({', '.join(missing)} selected nothing in the event and was left out)" if missing else ""
            raise InputTransformError(
                f"the input transformer's output is not JSON{left_out}: {_shorten(text)}", key="input_transformer"
            ) from None
        return TransformedInput(text, None, False, tuple(missing))
    if template.lstrip().startswith("{"):
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return TransformedInput(text, value, True, tuple(missing))


# ---------------------------------------------------------------------------------------------
# The template scanner
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Placeholder:
    name: str
    start: int
    end: int
    in_string: bool
    is_key: bool


def _placeholders(template: str) -> Iterator[_Placeholder]:
    """Every ``<name>`` in the template, and whether it stands inside a JSON string or as a key."""
    in_string = False
    index = 0
    json_object = template.lstrip().startswith("{")
    while index < len(template):
        char = template[index]
        if in_string and char == "\\":
            index += 2
            continue
        if char == '"':
            in_string = not in_string
        elif char == "<":
            match = _PLACEHOLDER.match(template, index)
            if match:
                is_key = json_object and not in_string and bool(_KEY_AFTER.match(template, match.end()))
                yield _Placeholder(match.group(1), match.start(), match.end(), in_string, is_key)
                index = match.end()
                continue
        index += 1


def _fill(template: str, values: Mapping[str, Any], missing: frozenset[str]) -> str:
    parts: list[str] = []
    position = 0
    for placeholder in _placeholders(template):
        if placeholder.name not in values and placeholder.name not in missing:
            continue
        parts.append(template[position : placeholder.start])
        if placeholder.name in values:
            parts.append(_rendered(values[placeholder.name], placeholder.in_string))
        position = placeholder.end
    parts.append(template[position:])
    return "".join(parts)


def _rendered(value: Any, in_string: bool) -> str:
    if in_string and isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

_NOTHING: Any = object()


def _select(event: Any, path: str) -> Any:
    compiled = compile_path(path)
    if compiled.definite:
        return compiled.find(event, _NOTHING)
    matches = compiled.evaluate(event)
    return matches if matches else _NOTHING


def _event_time(event: Any) -> str:
    time = event.get("time") if isinstance(event, dict) else None
    return time if isinstance(time, str) else ""


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
