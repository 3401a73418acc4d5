"""Java-style printing of JSON values."""

from __future__ import annotations

import pytest

from sfndeploy.asl.jsonfmt import java_number, to_java_string, to_json


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1"),
        (-7, "-7"),
        (1.1, "1.1"),
        (1.0, "1.0"),
        (100.0, "100.0"),
        (0.001, "0.001"),
        (0.0001, "1.0E-4"),
        (9999999.0, "9999999.0"),
        (1e7, "1.0E7"),
        (12345678.9, "1.23456789E7"),
        (1e21, "1.0E21"),
        (-2.5e-10, "-2.5E-10"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
    ],
)
def test_java_number(number: float, expected: str) -> None:
    assert java_number(number) == expected


def test_to_json_is_compact_and_keeps_unicode() -> None:
    assert to_json({"a": [1, 2.5, "é\n"], "b": None, "c": True}) == '{"a":[1,2.5,"é\\n"],"b":null,"c":true}'


def test_to_java_string() -> None:
    assert (
        to_java_string({"Arg1": 1, "Arg2": [], "s": "x", "n": None, "f": 1.5})
        == "{Arg1=1, Arg2=[], s=x, n=null, f=1.5}"
    )


def test_control_characters_use_upper_case_hex_like_jackson() -> None:
    assert to_json("a\x1fb") == '"a\\u001Fb"'
    assert to_json("\\u00ab") == '"\\\\u00ab"'
