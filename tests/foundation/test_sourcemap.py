from __future__ import annotations

import pytest

from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.sourcemap import load_yaml, pointer_join, pointer_tokens


def test_every_value_has_a_location() -> None:
    data, source_map = load_yaml("a: 1\nb:\n  - x: 2\n  - y: 3\n", file="f.yaml")
    assert data == {"a": 1, "b": [{"x": 2}, {"y": 3}]}
    assert source_map.locate("/a") == SourceLocation("f.yaml", 1, 1)
    assert source_map.locate("/b/1/y") == SourceLocation("f.yaml", 4, 5)


def test_unknown_pointer_falls_back_to_nearest_ancestor() -> None:
    _, source_map = load_yaml("a:\n  b: 1\n", file="f.yaml")
    assert source_map.locate("/a/b/c/d") == SourceLocation("f.yaml", 2, 3)
    assert source_map.locate("/zzz").file == "f.yaml"


def test_only_true_and_false_are_booleans_and_timestamps_stay_text() -> None:
    data, _ = load_yaml("a: yes\nb: off\nc: true\nd: 2024-01-02T03:04:05Z\ne: 2024-01-02\n", file="f")
    assert data == {"a": "yes", "b": "off", "c": True, "d": "2024-01-02T03:04:05Z", "e": "2024-01-02"}


def test_duplicate_keys_are_an_error_with_the_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("a: 1\nb: 2\na: 3\n", file="f.yaml")
    assert caught.value.location == SourceLocation("f.yaml", 3, 1)
    assert "duplicate key 'a'" in caught.value.one_line()


def test_broken_yaml_names_file_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n", file="broken.yaml")
    assert caught.value.location is not None
    assert caught.value.location.file == "broken.yaml"
    assert caught.value.location.line == 3
    assert caught.value.one_line().startswith("broken.yaml:3:")


def test_json_documents_parse_too() -> None:
    data, source_map = load_yaml('{\n  "StartAt": "A",\n  "States": {"A": {"Type": "Succeed"}}\n}', file="d.json")
    assert data["States"]["A"]["Type"] == "Succeed"
    assert source_map.locate("/States/A").line == 3


def test_pointer_escaping_round_trips() -> None:
    pointer = pointer_join("", "a/b", "c~d", 0)
    assert pointer == "/a~1b/c~0d/0"
    assert pointer_tokens(pointer) == ["a/b", "c~d", "0"]


def test_control_characters_are_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("a: 1\x00\x01\n", file="bin.yaml")
    assert caught.value.location == SourceLocation("bin.yaml", 1, 5)
    assert "not valid YAML" in caught.value.message


def test_yaml_1_2_exponents_are_numbers() -> None:
    data, _ = load_yaml("a: 1e5\nb: 1.5e3\nc: 2E+2\nd: -1e-3\ne: 1.5\nf: '1e5'\ng: 12e\n", file="n.yaml")
    assert data == {"a": 100000.0, "b": 1500.0, "c": 200.0, "d": -0.001, "e": 1.5, "f": "1e5", "g": "12e"}


@pytest.mark.parametrize("literal", [".nan", ".inf", "-.Inf", "1e400"])
def test_non_finite_yaml_numbers_are_refused(literal: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(f"a:\n  b: {literal}\n", file="n.yaml")
    assert caught.value.location == SourceLocation("n.yaml", 2, 6)
    assert "not a finite number" in caught.value.message


def test_merge_keys_yield_to_the_mappings_own_keys() -> None:
    text = "d: &d {x: 1, y: 2}\ne:\n  <<: *d\n  y: 3\nf:\n  y: 4\n  <<: [{z: 5}, *d]\n"
    data, source_map = load_yaml(text, file="m.yaml")
    assert data["e"] == {"x": 1, "y": 3}
    assert data["f"] == {"x": 1, "y": 4, "z": 5}
    assert source_map.locate("/e/y") == SourceLocation("m.yaml", 4, 3)


def test_an_alias_bomb_stops_at_the_bound() -> None:
    laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
    )
    with pytest.raises(ConfigError) as caught:
        load_yaml(laughs, file="bomb.yaml")
    assert "aliases expand to more than 10000 values" in caught.value.message


def test_an_alias_inside_itself_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("a: &a [1, *a]\n", file="loop.yaml")
    assert "refers to a value that contains it" in caught.value.message


@pytest.mark.parametrize("text", ["[" * 100_000, "- " * 100_000 + "x", "".join(" " * i + "k:\n" for i in range(200))])
def test_deep_yaml_is_refused_at_the_limit(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(text, file="deep.yaml")
    assert caught.value.message == "nested deeper than 128 levels"
    assert caught.value.location is not None and caught.value.location.line is not None


def test_yaml_at_the_depth_limit_is_accepted() -> None:
    data, _ = load_yaml("[" * 128 + "]" * 128, file="deep.yaml")
    assert isinstance(data, list)
