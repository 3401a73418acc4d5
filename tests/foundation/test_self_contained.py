"""The test suite reads nothing outside the repository, and the data it reads is complete.

``.ci/run`` proves the first by running ``make test`` in a fresh clone with nothing beside it; this
test names the offending line sooner, and checks the copied conformance corpus against its index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.data import AWS_RECORDED

REPO_ROOT = Path(__file__).resolve().parents[2]
SCANNED_DIRS = ("tests", "scripts", "benchmarks", ".ci")
SCANNED_FILES = ("Makefile", "pyproject.toml")
SCANNED_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".yaml", ".yml", ""}
# A sibling "shared" folder spelt as a path or as pathlib parts, and a pathlib step above the root.
OUTSIDE = re.compile(
    r"""\.\.[/\\]shared\b"""
    r"""|['"]\.\.['"]\s*[/,]\s*['"]shared['"]"""
    r"""|parents\[\d+\]\s*/\s*['"]\.\.['"]"""
)


def scanned_files() -> list[Path]:
    files = [REPO_ROOT / name for name in SCANNED_FILES]
    for top in SCANNED_DIRS:
        for path in sorted((REPO_ROOT / top).rglob("*")):
            skipped = path.is_relative_to(REPO_ROOT / "tests" / "data") or "__pycache__" in path.parts
            skipped = skipped or path == Path(__file__).resolve()
            if path.is_file() and path.suffix in SCANNED_SUFFIXES and not skipped:
                files.append(path)
    return files


def test_no_test_script_or_benchmark_reads_beside_the_repository() -> None:
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in scanned_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offending == []


def test_the_scan_sees_the_places_that_used_to_read_beside_the_repository() -> None:
    names = {path.relative_to(REPO_ROOT).as_posix() for path in scanned_files()}
    assert {"Makefile", ".ci/run", "tests/conformance/corpus.py", "benchmarks/validate_bench.py"} <= names
    assert OUTSIDE.search("CORPUS = ROOT / " + '".." / ' + '"shared" / "conformance"')
    assert OUTSIDE.search("see " + "../" + "shared/conformance")
    assert not OUTSIDE.search('pieces = ["$", ".."]')


def test_the_conformance_corpus_is_complete_and_attributed() -> None:
    index = json.loads((AWS_RECORDED / "index.json").read_text(encoding="utf-8"))
    files = sorted(path.relative_to(AWS_RECORDED).as_posix() for path in AWS_RECORDED.glob("*/*.json"))
    assert index["count"] == len(index["cases"]) == len(files) == 982
    assert sorted(case["file"] for case in index["cases"]) == files
    assert index["source"]["license"] == "Apache-2.0"
    assert "Apache License" in (AWS_RECORDED / "LICENSE").read_text(encoding="utf-8")
    assert index["source"]["commit"] in (AWS_RECORDED / "NOTICE").read_text(encoding="utf-8")
