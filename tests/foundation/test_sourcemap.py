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
