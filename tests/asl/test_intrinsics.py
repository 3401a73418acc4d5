"""The States.* intrinsic functions; expected values from the AWS documentation and recordings."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sfndeploy.asl.intrinsics import (
    FUNCTIONS,
    IntrinsicRuntimeError,
    IntrinsicSyntaxError,
    JavaRandom,
    compile_intrinsic,
    is_intrinsic,
)
from sfndeploy.asl.jsonpath import CompiledPath

INPUT: dict[str, Any] = {
    "inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9],
    "index": 5,
    "dup": [1, 2, 3, 3, 3, 3, 3, 3, 4],
    "text": "Data to encode",
    "encoded": "RGF0YSB0byBlbmNvZGU=",
    "name": "Arnav",
    "json1": {"a": {"a1": 1, "a2": 2}, "b": 2},
    "json2": {"a": {"a3": 1, "a4": 2}, "c": 3},
    "escaped": '{"foo": "bar"}',
    "unescaped": {"foo": "bar"},
    "csv": "1,2,3,4,5",
}
CONTEXT = {"Execution": {"Name": "exec-1"}}
VARIABLES = {"limit": 3}


def run(text: str, data: Any = INPUT) -> Any:
    def resolve(path: CompiledPath) -> Any:
        if path.root == "$$":
            return path.evaluate(CONTEXT)
        if path.variable is not None:
            return path.evaluate(VARIABLES[path.variable])
        return path.evaluate(data)

    return compile_intrinsic(text).evaluate(resolve)


def fails(text: str, data: Any = INPUT) -> IntrinsicRuntimeError:
    with pytest.raises(IntrinsicRuntimeError) as caught:
        run(text, data)
    assert caught.value.error == "States.Runtime"
    return caught.value


def test_there_are_eighteen_functions() -> None:
    assert len(FUNCTIONS) == 18


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Array('a', 1, true, null, 1.5)", ["a", 1, True, None, 1.5]),
        ("States.Array()", []),
        ("States.Array($.index, $$.Execution.Name, $limit)", [5, "exec-1", 3]),
        ("States.ArrayPartition($.inputArray, 4)", [[1, 2, 3, 4], [5, 6, 7, 8], [9]]),
        ("States.ArrayContains($.inputArray, 5)", True),
        ("States.ArrayContains($.inputArray, '5')", False),
        ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
        ("States.ArrayRange(0, 10, 3)", [0, 3, 6, 9]),
        ("States.ArrayRange(10, 0, -5)", [10, 5, 0]),
        ("States.ArrayRange(5, 1, 1)", []),
        ("States.ArrayGetItem($.inputArray, $.index)", 6),
        ("States.ArrayLength($.inputArray)", 9),
        ("States.ArrayUnique($.dup)", [1, 2, 3, 4]),
        ("States.ArrayUnique(States.Array(1, 1.0, 1, '1', true, 1.0))", [1, 1.0, "1", True]),
        ("States.ArrayContains(States.Array(1.0), 1)", False),
        ("States.Base64Encode($.text)", "RGF0YSB0byBlbmNvZGU="),
        ("States.Base64Decode($.encoded)", "Data to encode"),
        ("States.Hash('input data', 'SHA-1')", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("States.JsonMerge($.json1, $.json2, false)", {"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}),
        ("States.StringToJson($.escaped)", {"foo": "bar"}),
        ("States.JsonToString($.unescaped)", '{"foo":"bar"}'),
        ("States.MathAdd(111, -1)", 110),
        ("States.MathAdd(1.5, 2.5)", 5),
        ("States.MathAdd(-1.5, -2.5)", -3),
        ("States.StringSplit($.csv, ',')", ["1", "2", "3", "4", "5"]),
        ("States.StringSplit('This.is+a,test=string', '.+,=')", ["This", "is", "a", "test", "string"]),
        ("States.Format('Hello, my name is {}.', $.name)", "Hello, my name is Arnav."),
        ("States.Format('{} {} {}', 1.5, null, $.unescaped)", "1.5 null {foo=bar}"),
        ("States.Format('{}', States.Array(1, 'a', States.Array()))", "[1, a, []]"),
        ("States.Format('\\{\\} is literal, {} is not', 'this')", "{} is literal, this is not"),
        ("States.Format('it\\'s {}', 'mine')", "it's mine"),
        ("States.Format('back\\\\slash {}', 1)", "back\\slash 1"),
        ("States.Format('{}', 1e21)", "1.0E21"),
        ("States.JsonToString(States.Array(0.0001, 100.0))", "[1.0E-4,100.0]"),
    ],
)
def test_documented_results(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_uuid_is_a_version_4_uuid() -> None:
    value = run("States.UUID()")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
    assert value != run("States.UUID()")


def test_math_random_stays_in_range() -> None:
    values = {run("States.MathRandom(1, 4)") for _ in range(200)}
    assert values <= {1, 2, 3, 4}
    assert len(values) >= 2


def test_seeded_math_random_is_deterministic() -> None:
    first = run("States.MathRandom(1, 999, 1234)")
    assert first == run("States.MathRandom(1, 999, 1234)")
    assert 1 <= first < 999


def test_java_random_matches_the_jvm() -> None:
    # new java.util.Random(42): nextInt(10) x3 = 0, 3, 8; new Random(0).nextInt(100) = 60
    generator = JavaRandom(42)
    assert [generator.next_int(10) for _ in range(3)] == [0, 3, 8]
    assert JavaRandom(0).next_int(100) == 60
    # new Random(42).nextDouble() = 0.7275636800328681
    assert JavaRandom(42).next_double() == pytest.approx(0.7275636800328681, abs=1e-16)


def test_nested_calls() -> None:
    data = {"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:1:image-recipe/my-recipe.v1/1.0.0"}}
    text = (
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
        "States.StringSplit($.ImageRecipe.Arn, '/'), 1), '.'), 0), States.ArrayGetItem("
        "States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 1), '.'), 1))"
    )
    assert run(text, data) == "my-recipe.v1"
    assert compile_intrinsic(text).depth == 5


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("States.ArrayGetItem($.inputArray, 9)", "out of bounds"),
        ("States.ArrayGetItem($.inputArray, -1)", "out of bounds"),
        ("States.ArrayPartition($.inputArray, 0)", "positive"),
        ("States.ArrayRange(0, 1000, 1)", "1001 items"),
        ("States.ArrayRange(0, 1, 0)", "zero"),
        ("States.Hash('x', 'SHA-2')", "unsupported algorithm"),
        ("States.JsonMerge($.json1, $.json2, true)", "must be false"),
        ("States.StringToJson('{not json')", "not valid JSON"),
        ("States.Format('{} {}', 1)", "placeholder"),
        ("States.Format('{}', 1, 2)", "placeholder"),
        ("States.MathAdd(2147483647, 1)", "32-bit"),
        ("States.ArrayLength($.text)", "must be of type array"),
        ("States.Base64Decode('%%%')", "Base64"),
        ("States.MathRandom(5, 5)", "greater than"),
    ],
)
def test_runtime_failures(text: str, fragment: str) -> None:
    assert fragment in fails(text).cause


def test_base64_and_hash_limit_their_input() -> None:
    big = {"s": "x" * 10001}
    assert "10000" in fails("States.Base64Encode($.s)", big).cause
    assert "10000" in fails("States.Hash($.s, 'MD5')", big).cause
    assert len(run("States.Base64Encode($.s)", {"s": "x" * 10000})) > 10000


def test_array_range_allows_exactly_a_thousand_items() -> None:
    assert len(run("States.ArrayRange(1, 1000, 1)")) == 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('x')", True),
        ("  States.Array()", True),
        ("States.Nope(", True),
        ("$.a", False),
        ("States.", False),
        ("Format('x')", False),
        (42, False),
    ],
)
def test_is_intrinsic(text: Any, expected: bool) -> None:
    assert is_intrinsic(text) is expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("States.Nope(1)", "unknown intrinsic function 'States.Nope'"),
        ("States.ArrayLength()", "exactly 1 argument"),
        ("States.MathAdd(1, 2, 3)", "exactly 2 arguments"),
        ("States.MathRandom(1)", "2 to 3 arguments"),
        ("States.Format()", "at least 1 argument"),
        ("States.Format('x'", "missing ')'"),
        ("States.Format('x)", "unterminated string literal"),
        ("States.Array(1) extra", "unexpected"),
        ("States.Array(bogus)", "invalid argument 'bogus'"),
        ("States.Array($.a[)", "invalid path argument"),
        ("States.Array(1,)", "missing argument"),
    ],
)
def test_syntax_errors(text: str, fragment: str) -> None:
    with pytest.raises(IntrinsicSyntaxError) as caught:
        compile_intrinsic(text)
    assert fragment in str(caught.value)


def test_nesting_is_limited_to_ten() -> None:
    ten = "States.Array(" * 10 + ")" * 10
    assert compile_intrinsic(ten).depth == 10
    with pytest.raises(IntrinsicSyntaxError, match="nested at most 10"):
        compile_intrinsic("States.Array(" * 11 + ")" * 11)


def test_path_arguments_may_contain_commas_and_parentheses() -> None:
    data = {"a": [{"x": 1, "y": "p,q"}, {"x": 2, "y": "r"}]}
    assert run("States.Array($.a[?(@.y == 'p,q')].x, $.a[0,1].x)", data) == [[1], [1, 2]]
    assert run("States.Array($.a[?(@.x >= 2)].y)", data) == [["r"]]


def test_paths_lists_every_path_read() -> None:
    call = compile_intrinsic("States.Format('{}{}', $.a, States.ArrayLength($$.b))")
    assert [path.text for path in call.paths] == ["$.a", "$$.b"]
