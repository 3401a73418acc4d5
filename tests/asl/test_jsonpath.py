"""JSONPath paths with Jayway semantics, as Step Functions evaluates them."""

from __future__ import annotations

from typing import Any

import pytest

from sfndeploy.asl.jsonpath import (
    JsonPathSyntaxError,
    PathNotFound,
    compile_path,
    is_reference_path,
    jayway_path,
    set_at_path,
)

STORE: dict[str, Any] = {
    "store": {
        "book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    },
    "expensive": 10,
    "a b": {"c": 1},
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$", STORE),
        ("$.expensive", 10),
        ("$.store.bicycle.color", "red"),
        ("$['store']['bicycle']['color']", "red"),
        ('$["store"]["bicycle"]["color"]', "red"),
        ("$['a b'].c", 1),
        ("$.['a b'].c", 1),
        ("$.store.book[0].author", "Nigel Rees"),
        ("$.store.book[-1].title", "LOTR"),
        ("$.store.book[3].isbn", "0-395"),
    ],
)
def test_definite_paths_select_the_value(text: str, expected: Any) -> None:
    path = compile_path(text)
    assert path.definite
    assert path.evaluate(STORE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$.store.book[*].author", ["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]),
        ("$..author", ["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]),
        ("$.store.*.color", ["red"]),
        ("$..book[2].title", ["Moby Dick"]),
        ("$.store.book[0,1].title", ["Sayings", "Sword"]),
        ("$.store.book[:2].title", ["Sayings", "Sword"]),
        ("$.store.book[1:3].title", ["Sword", "Moby Dick"]),
        ("$.store.book[-2:].title", ["Moby Dick", "LOTR"]),
        ("$.store.book[2:].title", ["Moby Dick", "LOTR"]),
        ("$.store.book[?(@.isbn)].title", ["Moby Dick", "LOTR"]),
        ("$.store.book[?(@.price < 10)].title", ["Sayings", "Moby Dick"]),
        ("$.store.book[?(@.price <= $['expensive'])].title", ["Sayings", "Moby Dick"]),
        ("$.store.book[?(@.category == 'reference')].author", ["Nigel Rees"]),
        ("$.store.book[?(@.category != 'fiction')].author", ["Nigel Rees"]),
        ("$.store.book[?(@.author =~ /.*REES/i)].title", ["Sayings"]),
        ("$.store.book[?(@.price > 10 && @.price < 20)].title", ["Sword"]),
        ("$.store.book[?(@.price > 20 || @.price < 9)].title", ["Sayings", "Moby Dick", "LOTR"]),
        ("$.store.book[?(!(@.price > 10))].title", ["Sayings", "Moby Dick"]),
        ("$.store.book[?(@.category in ['reference', 'x'])].title", ["Sayings"]),
        ("$.store.book[?(@.category nin ['fiction'])].title", ["Sayings"]),
        ("$.store.book[?(@.title size 4)].title", ["LOTR"]),
        ("$..price", [8.95, 12.99, 8.99, 22.99, 19.95]),
        ("$.nothing[*]", []),
        ("$.store.book[10:20]", []),
    ],
)
def test_indefinite_paths_return_every_match(text: str, expected: Any) -> None:
    path = compile_path(text)
    assert not path.definite
    assert path.evaluate(STORE) == expected


def test_filters_on_an_object_test_the_object_itself() -> None:
    assert compile_path("$.store.bicycle[?(@.color == 'red')]").evaluate(STORE) == [STORE["store"]["bicycle"]]


def test_filter_equality_converts_the_right_operand_like_jayway() -> None:
    # Jayway's NumberNode/StringNode.equals convert the other operand to their own type
    data = {"items": [{"v": 1}, {"v": 1.0}, {"v": "1"}, {"v": True}, {"v": None}, {"v": "x"}]}
    assert compile_path("$.items[?(@.v == 1)]").evaluate(data) == [{"v": 1}, {"v": 1.0}, {"v": "1"}]
    assert compile_path("$.items[?(@.v == '1')]").evaluate(data) == [{"v": 1}, {"v": 1.0}, {"v": "1"}]
    assert compile_path("$.items[?(@.v == '1.0')]").evaluate(data) == [{"v": 1}, {"v": 1.0}]
    assert compile_path("$.items[?('1.0' == @.v)]").evaluate(data) == [{"v": 1.0}]
    assert compile_path("$.items[?(@.v == true)]").evaluate(data) == [{"v": True}]
    assert compile_path("$.items[?(@.v == null)]").evaluate(data) == [{"v": None}]
    assert compile_path("$.items[?(@.v > 0)]").evaluate(data) == [{"v": 1}, {"v": 1.0}]


def test_missing_operands_never_equal() -> None:
    data = {"items": [{"v": 1}, {"w": 2}]}
    assert compile_path("$.items[?(@.v != 1)]").evaluate(data) == [{"w": 2}]
    assert compile_path("$.items[?(@.v nin [1])]").evaluate(data) == [{"w": 2}]
    assert compile_path("$.items[?(@.v in [1])]").evaluate(data) == [{"v": 1}]


def test_collection_operators() -> None:
    data = {"items": [{"t": ["a", "b"]}, {"t": ["c"]}, {"t": []}, {"t": {"k": 1}}]}
    assert compile_path("$.items[?(@.t subsetof ['a', 'b', 'z'])]").evaluate(data) == [{"t": ["a", "b"]}, {"t": []}]
    assert compile_path("$.items[?(@.t anyof ['c'])]").evaluate(data) == [{"t": ["c"]}]
    assert compile_path("$.items[?(@.t noneof ['a'])]").evaluate(data) == [{"t": ["c"]}, {"t": []}]
    assert compile_path("$.items[?(@.t contains 'a')]").evaluate(data) == [{"t": ["a", "b"]}]
    assert compile_path("$.items[?(@.t size 1)]").evaluate(data) == [{"t": ["c"]}, {"t": {"k": 1}}]
    assert compile_path("$.items[?(@.t empty true)]").evaluate(data) == [{"t": []}]


def test_regex_matches_the_whole_text_of_strings_and_numbers() -> None:
    data = {"items": [{"v": "abc"}, {"v": 123}, {"v": "xabc"}]}
    assert compile_path("$.items[?(@.v =~ /a.c/)]").evaluate(data) == [{"v": "abc"}]
    assert compile_path("$.items[?(@.v =~ /\\d+/)]").evaluate(data) == [{"v": 123}]


def test_several_names_in_a_final_bracket_merge_into_one_object() -> None:
    path = compile_path("$.store.bicycle['color','price']")
    assert path.definite
    assert path.evaluate(STORE) == {"color": "red", "price": 19.95}


def test_functions_parse_but_select_nothing_like_aws() -> None:
    # AWS: "The JSONPath '$.Jobs.sum()' specified for the field 'Jobs.$' could not be found in the input"
    path = compile_path("$.store.bicycle.length()")
    assert path.definite
    assert not path.reference
    with pytest.raises(PathNotFound) as caught:
        path.evaluate(STORE)
    assert caught.value.detail == "No results for path: $['store']['bicycle']['length()']"
    with pytest.raises(PathNotFound):
        compile_path("$.store.book.sum()").evaluate(STORE)
    assert compile_path("$.store.book[?(@.title.length() > 1)]").evaluate(STORE) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("$.missing", "No results for path: $['missing']"),
        ("$.no.such.result.path", "Missing property in path $['no']"),
        ("$.store.book[10]", "No results for path: $['store']['book'][10]"),
        ("$.store.book[10].title", "No results for path: $['store']['book'][10]['title']"),
        ("$.store.missing.x", "Missing property in path $['store']['missing']"),
    ],
)
def test_missing_definite_paths_raise_with_jaywayish_detail(text: str, detail: str) -> None:
    with pytest.raises(PathNotFound) as caught:
        compile_path(text).evaluate(STORE)
    assert caught.value.detail == detail
    assert str(caught.value) == f"Invalid path '{text}' : {detail}"


def test_property_of_a_non_object_is_not_found() -> None:
    with pytest.raises(PathNotFound) as caught:
        compile_path("$.expensive.x").evaluate(STORE)
    assert "Expected to find an object with property ['x'] in path $['expensive']" in caught.value.detail


@pytest.mark.parametrize(
    ("text", "root", "variable"),
    [
        ("$", "$", None),
        ("$.a", "$", None),
        ("$$", "$$", None),
        ("$$.Execution.Id", "$$", None),
        ("$myVar", "$myVar", "myVar"),
        ("$my_var2.items[0]", "$my_var2", "my_var2"),
    ],
)
def test_roots(text: str, root: str, variable: str | None) -> None:
    path = compile_path(text)
    assert path.root == root
    assert path.variable == variable


def test_variable_paths_evaluate_against_the_variable_value() -> None:
    assert compile_path("$order.lines[1].sku").evaluate({"lines": [{"sku": "a"}, {"sku": "b"}]}) == "b"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a.b", 0),
        ("", 0),
        ("$.a[", 3),
        ("$.a[x]", 4),
        ("$.a[1:2:3]", 4),
        ("$..", 3),
        ("$.a[?(@.x == )]", 13),
        ("$.a]", 3),
        ("$.a['b", 4),
    ],
)
def test_syntax_errors_say_where(text: str, position: int) -> None:
    with pytest.raises(JsonPathSyntaxError) as caught:
        compile_path(text)
    assert caught.value.position == position
    assert f"position {position}" in str(caught.value)


def test_compiling_is_cached() -> None:
    assert compile_path("$.cached.path") is compile_path("$.cached.path")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$", True),
        ("$.a.b[0]", True),
        ("$['a b'].c", True),
        ("$.a[*]", False),
        ("$..a", False),
        ("$.a[0:1]", False),
        ("$.a[?(@.b)]", False),
        ("$.a[0,1]", False),
        ("$.a.length()", False),
        ("$.a.sum()", False),
        ("not a path", False),
    ],
)
def test_reference_paths(text: str, expected: bool) -> None:
    assert is_reference_path(text) is expected


def test_jayway_normalised_form() -> None:
    assert jayway_path(compile_path("$.a['b c'][0].d")) == "$['a']['b c'][0]['d']"


class TestSetAtPath:
    def test_dollar_replaces_everything(self) -> None:
        assert set_at_path({"a": 1}, compile_path("$"), [1]) == [1]

    def test_adds_a_field_without_touching_the_original(self) -> None:
        data = {"a": {"b": 1}}
        result = set_at_path(data, compile_path("$.a.c"), 2)
        assert result == {"a": {"b": 1, "c": 2}}
        assert data == {"a": {"b": 1}}

    def test_creates_missing_objects(self) -> None:
        assert set_at_path({}, compile_path("$.x.y.z"), True) == {"x": {"y": {"z": True}}}

    def test_replaces_an_existing_value(self) -> None:
        assert set_at_path({"a": 1, "b": 2}, compile_path("$.a"), {"n": 1}) == {"a": {"n": 1}, "b": 2}

    def test_sets_an_array_element(self) -> None:
        assert set_at_path({"a": [1, 2]}, compile_path("$.a[1]"), 9) == {"a": [1, 9]}

    def test_cannot_go_through_a_string(self) -> None:
        with pytest.raises(PathNotFound):
            set_at_path({"a": "text"}, compile_path("$.a.b"), 1)

    def test_needs_a_reference_path(self) -> None:
        with pytest.raises(PathNotFound):
            set_at_path({"a": []}, compile_path("$.a[*]"), 1)


@pytest.mark.parametrize(
    "text", ["$.store.bicycle.color", "$.store.book[9].title", "$.x.y", "$.store.book[*].isbn", "$.a"]
)
def test_find_is_evaluate_with_a_default(text: str) -> None:
    path = compile_path(text)
    try:
        expected = path.evaluate(STORE)
    except PathNotFound:
        expected = "default"
    assert path.find(STORE, "default") == expected


def test_deep_scan_filters_test_every_object_walked() -> None:
    # Jayway: the filter is applied to each object met by the scan, the root included
    assert compile_path("$..[?(@.price > 15)]").evaluate(STORE) == [
        STORE["store"]["book"][3],
        STORE["store"]["bicycle"],
    ]


def test_deep_scan_of_several_names_needs_all_of_them() -> None:
    data = {"a": 1, "b": 2, "x": {"a": 3}, "y": [{"a": 4, "b": 5}]}
    assert compile_path("$..['a','b']").evaluate(data) == [{"a": 1, "b": 2}, {"a": 4, "b": 5}]


def test_deep_scan_order_is_document_pre_order() -> None:
    data = {"a": {"a": {"a": 1}}, "b": [{"a": 2}, [{"a": 3}]]}
    assert compile_path("$..a").evaluate(data) == [{"a": {"a": 1}}, {"a": 1}, 1, 2, 3]
    assert compile_path("$..[0]").evaluate(data) == [{"a": 2}, {"a": 3}]


def test_an_unquoted_filter_word_parses_is_listed_and_never_matches() -> None:
    items = [{"code": "es", "text": "hola"}, {"code": "fr", "text": "salut"}]
    for text in ("$[?(@.code==es)].text", "$[?(@.code!=es)].text", "$[?(es==@.code)].text", "$[?(es)].text"):
        path = compile_path(text)
        assert path.unquoted_literals == ("es",)
        assert path.evaluate(items) == []
    assert compile_path("$[?(@.code=='es')].text").evaluate(items) == ["hola"]
    assert compile_path("$[?(@.code=='es' || @.ok==true)]").unquoted_literals == ()
    assert compile_path("$[?(@.v==nullable)]").unquoted_literals == ("nullable",)
