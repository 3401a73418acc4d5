"""JSON documents are read by the json module; positions are found on demand."""

from __future__ import annotations

import pytest

from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.jsonsource import load_json
from sfndeploy.sourcemap import SourceMap, load_yaml

TABBED = '{\n\t"StartAt": "A",\n\t"States": {\n\t\t"A": {"Type": "Pass", "Result": [1, {"x": 2}], "End": true}\n\t}\n}'


def test_tabs_exponents_surrogate_pairs_big_integers_and_a_bom() -> None:
    text = '\ufeff{"a": 1e5, "b": 1.5e3, "c": 2E+2, "d": "\\ud83e\\udd41", "e": 123456789012345678901234567890}'
    data, _ = load_json(text, file="f.json")
    assert data == {"a": 100000.0, "b": 1500.0, "c": 200.0, "d": "\U0001f941", "e": 123456789012345678901234567890}
    assert isinstance(data["a"], float)


def test_positions_of_members_and_items() -> None:
    data, source_map = load_json(TABBED, file="d.json")
    assert data["States"]["A"]["Result"][1] == {"x": 2}
    assert source_map.locate("") == SourceLocation("d.json", 1, 1)
    assert source_map.locate("/StartAt") == SourceLocation("d.json", 2, 2)
    assert source_map.locate("/States/A") == SourceLocation("d.json", 4, 3)
    assert source_map.locate("/States/A/Result/1/x") == SourceLocation("d.json", 4, 40)
    assert source_map.locate("/States/A/Result/0") == SourceLocation("d.json", 4, 36)
    assert source_map.locate("/States/A/Nope/deeper") == SourceLocation("d.json", 4, 3)


def test_positions_are_the_same_as_the_yaml_reading() -> None:
    spaced = TABBED.replace("\t", "  ")
    _, json_map = load_json(spaced, file="d.json")
    _, yaml_map = load_yaml(spaced, file="d.json")
    assert dict(json_map.locations) == dict(yaml_map.locations)


def test_keys_with_escapes_and_slashes_have_positions() -> None:
    _, source_map = load_json('{"a/b": {"t\\u00e9~": 1}}', file="k.json")
    assert source_map.locate("/a~1b/t\u00e9~0") == SourceLocation("k.json", 1, 10)


def test_a_lookup_scans_only_its_path_and_agrees_with_the_whole_table() -> None:
    text = '{ "a" :[ [] ,{}, [1 ,\r\n\t{"k\\"/": "v"}] ], "b": {"c": {"d": 1e3}, "e": []}, "f": "x,]}"}'
    _, source_map = load_json(text, file="w.json")
    table = {pointer: source_map.locations[pointer] for pointer in source_map.locations}
    assert len(table) == 13
    _, fresh = load_json(text, file="w.json")
    for pointer in reversed(list(table)):
        assert fresh.locations[pointer] == table[pointer]
    assert fresh.locate('/a/2/1/k"~1') == SourceLocation("w.json", 2, 3)
    for absent in ("/a/01", "/a/3", "/f/0", "/b/c/d/e", "/nope", "/b/x~2"):
        assert absent not in fresh.locations
        assert absent not in table


def test_a_sub_map_and_a_mounted_map_answer_without_copying() -> None:
    _, definition_map = load_json(TABBED, file="d.json")
    spec_map = SourceMap({"/name": SourceLocation("s.yaml", 1, 1)}, "s.yaml")
    merged = spec_map.mount("/definition", definition_map)
    assert merged.locate("/name") == SourceLocation("s.yaml", 1, 1)
    assert merged.locate("/definition/States/A") == SourceLocation("d.json", 4, 3)
    assert merged.under("/definition").locate("/StartAt") == SourceLocation("d.json", 2, 2)


@pytest.mark.parametrize(
    ("text", "message", "location"),
    [
        ('{"a": NaN}', "NaN is not a JSON number", SourceLocation("n.json", 1, 7)),
        ('{\n  "a": [1, -Infinity]\n}', "-Infinity is not a JSON number", SourceLocation("n.json", 2, 12)),
        ('{"a": 1e400}', "the number 1e400 is too large for a double", SourceLocation("n.json", 1, 7)),
        ('{"a": 1,\n "b": 2,\n "a": 3}', "duplicate key 'a'", SourceLocation("n.json", 3, 2)),
        ('{"a": "\\ud83e"}', "unpaired surrogate", SourceLocation("n.json", 1, 7)),
        ('{"a": [1,]}', "not valid JSON", SourceLocation("n.json", 1, 10)),
        ("[" * 129 + "]" * 129, "nested deeper than 128 levels", SourceLocation("n.json", 1, 129)),
        ('{"a": ' + "9" * 5000 + "}", "more than 4300 digits", SourceLocation("n.json", 1, 7)),
    ],
)
def test_refused_json_names_file_line_and_column(text: str, message: str, location: SourceLocation) -> None:
    with pytest.raises(ConfigError) as caught:
        load_json(text, file="n.json")
    assert message in caught.value.message
    assert caught.value.location == location


def test_nesting_at_the_limit_is_accepted() -> None:
    data, _ = load_json("[" * 128 + "]" * 128, file="n.json")
    assert isinstance(data, list)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    data, _ = load_json('{"a": "' + "[" * 500 + '"}', file="n.json")
    assert data == {"a": "[" * 500}
