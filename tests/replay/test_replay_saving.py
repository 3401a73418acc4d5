"""Appending a replayed case to a test file, and keeping secrets out of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sfndeploy.errors import UsageError
from sfndeploy.executor.testing.cases import load_test_file
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.replay_file import append_case
from sfndeploy.operate.replay_redact import parse_redact_path, redact_case

CASE: dict[str, Any] = {
    "name": "replayed run-7",
    "input": {"orderId": "o-7", "when": "2024-01-01", "flag": "yes", "n": 1e-5},
    "mocks": {"Charge": {"iterations": {0: {"return": 1}, "1/2": {"error": "Busy", "cause": "later"}}}},
    "expect": {"status": "SUCCEEDED", "output": {"ok": True}, "path": ["Charge"]},
}
MINE = "# my cases\ncases:\n    - name: mine   # hand-written\n      input: {a: 1}\n"


def test_a_case_is_appended_after_the_users_bytes_and_reads_back_whole(tmp_path: Path) -> None:
    for original in (MINE, MINE.rstrip("\n"), MINE.replace("\n", "\r\n")):
        path = tmp_path / "orders.tests.yaml"
        path.write_bytes(original.encode())
        append_case(path, CASE)
        written = path.read_bytes().decode()
        assert written.startswith(original)
        assert ("\r\n" in written[len(original) :]) == ("\r\n" in original)
        cases = load_test_file(path)
        assert [case.name for case in cases] == ["mine", "replayed run-7"]
        added = cases[1]
        iterations = {"0": {"return": 1}, "1/2": {"error": "Busy", "cause": "later"}}  # YAML keys read as text
        assert (added.input, added.expect.path) == (CASE["input"], ("Charge",))
        assert added.mocks == {"Charge": {"iterations": iterations}}


def test_a_missing_file_is_created_and_a_taken_name_or_odd_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.tests.yaml"
    append_case(path, CASE)
    assert path.read_text().startswith("cases:\n  - name: replayed run-7\n")
    with pytest.raises(OperateError, match="a test case named 'replayed run-7' exists already"):
        append_case(path, CASE)
    for layout in ("cases:\n  - name: a\nsettings: {}\n", "cases: [{name: a}]\n"):
        odd = tmp_path / "odd.tests.yaml"
        odd.write_text(layout)
        with pytest.raises(OperateError, match=r"is not the last thing in the file .* nothing was written"):
            append_case(odd, CASE)
        assert odd.read_text() == layout
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_secret_keys_credentials_and_what_they_became_elsewhere_are_replaced() -> None:
    case = {
        "name": "c",
        "input": {"user": "ada", "apiKey": "k-12345", "card": {"number": "4111", "cvc": 123}},
        "mocks": {
            "Login": {"return": {"Payload": {"sessionToken": "tok-98765", "kind": "Bearer abc.def"}}},
            "Call": {"error": "Denied", "cause": "expired: tok-98765"},
        },
        "expect": {"status": "FAILED", "output": {"t": "tok-98765", "n": 1}, "cause": "bad tok-98765"},
    }
    seen = [{"headers": {"Authorization": "Basic c2VjcmV0"}}, {"echo": "Basic c2VjcmV0 at end"}]
    masked, count = redact_case(case, (parse_redact_path("$.card.number"),), seen)
    assert masked["input"] == {"user": "ada", "apiKey": "****", "card": {"number": "****", "cvc": 123}}
    assert masked["mocks"] == {
        "Login": {"return": {"Payload": {"sessionToken": "****", "kind": "Bearer ****"}}},
        "Call": {"error": "Denied", "cause": "expired: ****"},
    }
    assert masked["expect"] == {"status": "FAILED", "output": {"t": "****", "n": 1}, "cause": "bad ****"}
    assert count == 7
    assert case["input"]["apiKey"] == "k-12345"  # the original is left alone


def test_redact_paths() -> None:
    document = {"a": {"email": "x@y.z", "list": [{"v": 1}, {"v": 2}]}, "b": {"email": "p@q.r"}, "odd key": 5}
    cases = {
        "$..email": ("****", [1, 2], "****", 5),
        "$.a.list[1].v": ("x@y.z", [1, "****"], "p@q.r", 5),
        "$.a.list[*].v": ("x@y.z", ["****", "****"], "p@q.r", 5),
        "$.b.*": ("x@y.z", [1, 2], "****", 5),
        "$['odd key']": ("x@y.z", [1, 2], "p@q.r", "****"),
    }
    for path, (email_a, values, email_b, odd) in cases.items():
        masked, _ = redact_case({"name": "c", "input": document}, (parse_redact_path(path),), [])
        listed = [{"v": v} for v in values]
        assert masked["input"] == {"a": {"email": email_a, "list": listed}, "b": {"email": email_b}, "odd key": odd}
    for bad in ("email", "$", "$.a..", "$.a[x]", "$.a b"):
        with pytest.raises(UsageError, match="is not a path"):
            parse_redact_path(bad)
