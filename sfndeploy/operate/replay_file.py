"""A replayed case as YAML, and appended to a workflow's test file.

The user's file is kept byte for byte: the case is added after its last line, indented like the
file's own cases and with its line endings, and the result is read back before anything is
written: unless it holds exactly the old cases and the new one, nothing is written. The file is
replaced whole (a temporary sibling, then a rename), never half-written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.loaders import load_document
from sfndeploy.operate.errors import OperateError
from sfndeploy.outputs import write_text_atomically

_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_CASES_KEY = re.compile(r"^cases:[ \t]*(#[^\r\n]*)?\r?$", re.MULTILINE)


def case_yaml(case: dict[str, Any], indent: int = 2) -> str:
    """The case as one item of a YAML list, each line indented by ``indent`` spaces."""
    text = yaml.safe_dump([case], sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def append_case(path: Path, case: dict[str, Any]) -> None:
    """Add ``case`` at the end of the test file ``path`` (created when missing)."""
    if not path.exists():
        text = "cases:\n" + case_yaml(case)
        _check(text, [], case, path)
        write_text_atomically(path, text)
        return
    original = _read(path)
    existing = _cases(original, path)
    if any(isinstance(each, dict) and each.get("name") == case["name"] for each in existing):
        raise OperateError(f"{path}: a test case named '{case['name']}' exists already; choose another --save name")
    addition = case_yaml(case, _item_indent(original))
    if original and not original.endswith("\n"):
        addition = "\n" + addition
    if "\r\n" in original:
        addition = addition.replace("\r\n", "\n").replace("\n", "\r\n")
    text = original + addition
    _check(text, existing, case, path)
    write_text_atomically(path, text)


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OperateError(f"cannot read {path}: {error}") from None


def _cases(text: str, path: Path) -> list[Any]:
    data, _ = load_document(text, file=str(path), error=ExecutionSetupError)
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise OperateError(f"{path}: a test file needs a list under 'cases'; the case was not added")
    cases: list[Any] = data["cases"]
    return cases


def _item_indent(text: str) -> int:
    """The indentation of the items of the top-level ``cases:`` list (2 when it has none yet)."""
    key = _CASES_KEY.search(text)
    item = _ITEM.search(text, key.end()) if key else None
    return len(item.group(1)) if item else 2


def _check(text: str, existing: list[Any], case: dict[str, Any], path: Path) -> None:
    """Read back, the file holds the old cases and the new one (keys compared as YAML reads them: text)."""
    try:
        whole = _textual_keys(_cases(text, path)) == _textual_keys([*existing, case])
    except ExecutionSetupError:
        whole = False
    if not whole:
        raise OperateError(
            f"cannot append to {path}: its 'cases' list is not the last thing in the file (or is written "
            "inline); nothing was written",
            hint="move 'cases:' to the end of the file, or print the case without --save and paste it",
        )


def _textual_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _textual_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_textual_keys(item) for item in value]
    return value
