"""Warn about a JSONPath filter that compares with an unquoted word ($[?(@.code==es)]).

AWS accepts such a definition (it does not check filter expressions when the state machine is
created), but the word is no JSON value: Jayway, which evaluates the path at run time, cannot read
it, so the filter cannot match what the author meant. A warning, not an error: see RULES.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.asl.jsonpath import JsonPathSyntaxError, compile_path
from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.rules.paths.jsonpath_syntax import PATH_KEYS
from sfndeploy.validate.walkers import PATH_HOLDERS, path_index


@rule(
    "jsonpath-filter-literal",
    code="JSONPATH_UNQUOTED_LITERAL",
    severity=WARNING,
    summary="A JSONPath filter compares with an unquoted word ([?(@.code==es)]), which may not match at run time.",
    triggers=PATH_HOLDERS,
)
def jsonpath_filter_literal(context: DefinitionContext) -> Iterator[Finding]:
    index = path_index(context)
    written = [(field.pointer, field.value) for field in index.fields]
    for current in index.choices:
        if isinstance(current.body, dict):
            written += [
                (pointer_join(current.pointer, key), current.body[key]) for key in current.body if key in PATH_KEYS
            ]
    written += [(where, value) for where, _, _, value in index.dollar_entries]
    for pointer, text in written:
        for word in _unquoted_words(text):
            yield Finding(
                pointer,
                f"the filter in '{text}' compares with the unquoted word {word}, which is not a JSON value: AWS "
                f"accepts the definition, but the filter may not match at run time (the dry run matches nothing); "
                f"quote it: '{word}'",
            )


def _unquoted_words(text: object) -> tuple[str, ...]:
    if not isinstance(text, str) or "?" not in text or not text.startswith("$"):
        return ()
    try:
        return compile_path(text).unquoted_literals
    except JsonPathSyntaxError:
        return ()  # jsonpath-syntax reports it
