"""The shared precomputation behind the rules: the value scan, the fast accepts and the index.

The fast accepts may only take texts the parsers accept, with the same meaning; the size bound
may never be below the real size. Both are checked here against the real thing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sfndeploy.asl.jsonata import compile_jsonata, is_jsonata_template, jsonata_expression
from sfndeploy.asl.jsonpath import JsonPathSyntaxError, compile_path
from sfndeploy.validate import validate_definition
from sfndeploy.validate.context import VARIABLE_READ, build_context, scan_values
from sfndeploy.validate.quick import is_plain_jsonata, plain_path_root
from sfndeploy.validate.walkers import strings_in

PATHS = [
    "$",
    "$$",
    "$.a",
    "$.a.b[0].c",
    "$$.Execution.Id",
    "$$.Map.Item.Value",
    "$total",
    "$total.items[12]",
    "$.with-dash",
    "$.123",
    "$[0][1]",
    "$.a[*]",
    "$..a",
    "$.a[?(@.b > 1)]",
    "$.a['b']",
    "$.length()",
    " $.a",
    "$.a ",
    "$.",
    "$a$",
    "$$x",
    "$.a[-1]",
    "$.a[0:2]",
    "$.a[1,2]",
    "$.é",
    "$.a[٣]",
]


def _corpus_strings(definitions: list[Any]) -> list[str]:
    found: list[str] = []
    for definition in definitions:
        found.extend(text for _, text in strings_in(definition, ""))
    return found


@pytest.fixture(scope="module")
def corpus_strings(
    conformance_definitions: list[tuple[str, Any]],
    all_invalid_cases: list[dict[str, Any]],
    all_valid_cases: list[dict[str, Any]],
) -> list[str]:
    definitions = [d for _, d in conformance_definitions] + [
        c["definition"] for c in all_invalid_cases + all_valid_cases
    ]
    return _corpus_strings(definitions)


def _agrees_with_parser(text: str) -> bool:
    root = plain_path_root(text)
    if root is None:
        return True  # the parser decides: nothing to compare
    try:
        compiled = compile_path(text)
    except JsonPathSyntaxError:
        return False
    return compiled.reference and compiled.root == root


@pytest.mark.parametrize("text", PATHS)
def test_plain_path_fast_accept_agrees_with_the_parser(text: str) -> None:
    assert _agrees_with_parser(text)


def test_plain_path_fast_accept_takes_the_common_forms_and_leaves_the_rest() -> None:
    assert [plain_path_root(t) for t in ("$", "$$.Execution.Id", "$total.items[12]")] == ["$", "$$", "$total"]
    assert [plain_path_root(t) for t in ("$..a", "$.a[*]", "$.a['b']", " $.a", "$.length()")] == [None] * 5


def test_plain_path_fast_accept_agrees_on_every_corpus_string(corpus_strings: list[str]) -> None:
    paths = [text for text in corpus_strings if text.startswith("$")]
    assert len(paths) > 100
    assert [text for text in paths if not _agrees_with_parser(text)] == []


@pytest.mark.parametrize(
    ("expression", "plain"),
    [
        ("$states.input", True),
        ("$x", True),
        ("$states.input.order.id", True),
        ("$sum", True),
        ("$states.input.and", False),
        ("$x.true", False),
        ("$x.1", False),
        ("$x + 1", True),
        ("$", False),
        ("$x.", False),
        ("$x..y", False),
        ("$partition($states.input.a, $states.input.b)", True),
        ("$f( $x , 'a' , \"b\", 2.5, true, null)", True),
        ("$f()", True),
        ("'text'", True),
        ("1.5", True),
        ("01", False),
        ("$f(,)", False),
        ("$f($x,)", False),
        ("$f('a\\'b')", False),
        ("'a' 'b'", False),
        ("$f($x.and)", False),
        ("$f($g($x))", False),
        ("$states.input.value >= 20 and $states.input.value < 30", True),
        ("$sum($states.input.v) + $c", True),
        ("$x = 'a' or $y != \"b\"", True),
        ("$x and", False),
        ("$x andy", False),
        ("$x := 1", False),
        ("$x\u00a0= 1", False),
    ],
)
def test_plain_jsonata(expression: str, plain: bool) -> None:
    assert is_plain_jsonata(expression) is plain
    if plain:
        compile_jsonata.cache_clear()
        assert compile_jsonata(expression).text == expression


def test_plain_jsonata_agrees_on_every_corpus_expression(corpus_strings: list[str]) -> None:
    expressions = [jsonata_expression(t) for t in corpus_strings if is_jsonata_template(t)]
    plain = [e for e in expressions if is_plain_jsonata(e)]
    assert len(plain) > 50
    for expression in plain:
        compile_jsonata(expression)  # raises if the fast accept took an invalid expression


SIZED_VALUES: list[Any] = [
    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": [1, 2.5, None, True, "é", {"k/~": "\n"}]}}},
    {"a": "\x00\x01\x1f", "b": "\u2028😀", "c": '"\\', "d": [[], {}, [[1]]]},
    [10**40, -(10**40), 0, -1, 1e308, -2.2250738585072014e-308, float("inf"), float("nan"), False],
    "text",
    {},
    [],
]


@pytest.mark.parametrize("value", SIZED_VALUES)
def test_size_bound_is_never_below_the_real_size(value: Any) -> None:
    bound, _ = scan_values(value)
    assert bound is not None
    assert bound >= len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def test_size_bound_is_unknown_for_values_json_cannot_write_as_is() -> None:
    assert scan_values({1: "a"})[0] is None
    assert scan_values({"a": {1, 2}})[0] is None


def test_size_rule_serialises_when_the_bound_is_over_the_limit() -> None:
    wide = "é" * 300_000  # bound 1.8 MB (escapes counted 6 bytes a character), real size 600 KB
    fits = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": wide, "End": True}}}
    assert scan_values(fits)[0] > 1024 * 1024  # type: ignore[operator]
    assert "DEFINITION_TOO_LARGE" not in validate_definition(fits).codes()
    escaped = "\x01" * 200_000  # 6 bytes each as JSON: 1.2 MB
    too_large = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": escaped, "End": True}}}
    assert "DEFINITION_TOO_LARGE" in validate_definition(too_large).codes()


def test_variable_token_only_when_a_string_may_read_a_variable() -> None:
    plain = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": True}}}
    reads = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "$total"}, "End": True}}}
    keyed = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"$name": 1}, "End": True}}}
    assert VARIABLE_READ not in build_context(plain).present
    assert VARIABLE_READ in build_context(reads).present
    assert VARIABLE_READ not in build_context(keyed).present
    assert "VARIABLE_NOT_ASSIGNED" in validate_definition(reads).codes()


def test_index_lists_states_breadth_first_with_pointers_and_languages() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}],
                "Next": "a/b",
            },
            "a/b": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True},
        },
    }
    context = build_context(definition)
    assert [(s.name, s.pointer, s.query_language) for s in context.states] == [
        ("P", "/States/P", "JSONata"),
        ("a/b", "/States/a~1b", "JSONPath"),
        ("B", "/States/P/Branches/0/States/B", "JSONata"),
    ]
    assert [scope.pointer for scope in context.scopes] == ["", "/States/P/Branches/0"]
    assert {"Type:Parallel", "Branches", "JSONata"} <= context.present


@pytest.mark.parametrize("start", [{"a": 1}, [1], 3])
def test_unhashable_or_odd_start_at_and_type_are_findings_not_crashes(start: Any) -> None:
    definition = {"StartAt": start, "States": {"A": {"Type": {"x": 1}, "End": True}, "B": {"Type": ["Pass"]}}}
    report = validate_definition(definition)
    pointers = {d.pointer for d in report.errors}
    assert {"/StartAt", "/States/A/Type", "/States/B/Type"} <= pointers


def test_plain_jsonata_never_takes_what_the_parser_rejects() -> None:
    """Random token sequences: whatever the fast accept takes, the parser must accept too."""
    import random

    pieces = ["$f", "$x", ".a", ".and", ".in", "(", ")", ",", " ", "'s'", '"t"', "1", "01", "2.5", "true", "null"]
    pieces += ["$states", ".input", "-", "+", "'", "\\", "..", "$", "[", "]", "{", "}", "%"]
    pieces += [" and ", "and", " or ", "=", "<=", "!", ">", "&", "*", "/", "\n", "\u00a0"]
    generator = random.Random(20261128)
    taken = 0
    for _ in range(3000):
        expression = "".join(generator.choice(pieces) for _ in range(generator.randint(1, 7))).strip()
        if expression and is_plain_jsonata(expression):
            taken += 1
            compile_jsonata(expression)
    assert taken > 50


def test_plain_path_never_takes_what_the_parser_rejects_or_reads_otherwise() -> None:
    import random

    pieces = ["$", "$$", "$x", ".a", ".1", ".-", "[0]", "[01]", "[-1]", "[*]", "..", ".", "[", "]", " ", "(", ")"]
    pieces += ["'b'", "x", "_", "é"]
    generator = random.Random(20261128)
    taken = 0
    for _ in range(3000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(1, 6)))
        if plain_path_root(text) is not None:
            taken += 1
            assert _agrees_with_parser(text), text
    assert taken > 50


def _tokens(value: Any) -> frozenset[str]:
    return scan_values(value)[1]


def test_value_scan_tokens_say_what_the_values_look_like() -> None:
    from sfndeploy.validate.context import ASSIGN_BLOCK, DOLLAR_KEY, INTRINSIC_LIKE, PATH_LIKE, TIMESTAMP_KEY

    assert _tokens({"a": "plain", "b": [1, {"c": None}]}) == frozenset()
    assert _tokens({"x.$": 1}) == {DOLLAR_KEY, PATH_LIKE}
    assert _tokens(["States.Format('{}', 1)"]) == {INTRINSIC_LIKE, PATH_LIKE}
    assert _tokens({"Catch": [{"Assign": {}}]}) == {ASSIGN_BLOCK}
    assert _tokens({"TimestampEquals": "x"}) == {TIMESTAMP_KEY}
    assert _tokens({1: "a"}) >= {DOLLAR_KEY, ASSIGN_BLOCK, TIMESTAMP_KEY}  # keys it cannot read: assume all


def test_rules_gated_by_tokens_still_fire_where_the_token_is_deep() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "And": [{"Variable": "$.t", "TimestampEquals": "2026-13-01T00:00:00Z"}],
                        "Next": "T",
                        "Assign": {"states": 1},
                    }
                ],
                "Default": "T",
            },
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "TimeoutSeconds": 5,
                "Parameters": {"a.$": "States.Nope(", "b": 1, "b.$": "$.b", "c.$": 3},
                "End": True,
            },
        },
    }
    rules = {d.rule for d in validate_definition(definition).diagnostics}
    assert {
        "rfc3339-timestamp",
        "variable-name",
        "intrinsic-syntax",
        "payload-duplicate-key",
        "dollar-field-value",
    } <= rules
