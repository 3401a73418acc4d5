"""Real public definitions (tests/validate/realworld/): everything AWS deploys is accepted.

Each file under ``definitions/`` was deployed by a public sample or documented by AWS; it must get
no error (warnings are fine). Each file under ``rejected/`` is a public definition AWS refuses; it
must get errors, and only the codes its index entry names.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sfndeploy.validate import validate_text

ROOT = Path(__file__).parent / "realworld"
INDEX: dict[str, list[dict[str, Any]]] = json.loads((ROOT / "index.json").read_text(encoding="utf-8"))
DEPLOYABLE = [entry for entry in INDEX["definitions"] if entry.get("deployable", True)]
REJECTED = [entry for entry in INDEX["definitions"] if not entry.get("deployable", True)]
LICENCES = {"MIT-0", "Apache-2.0", "MIT-0 (sample code, LICENSE-SAMPLECODE)"}


def _validate(entry: dict[str, Any]):  # type: ignore[no-untyped-def]
    path = ROOT / entry["file"]
    return validate_text(path.read_text(encoding="utf-8"), str(path), workflow_type=entry.get("type", "STANDARD"))


@pytest.mark.parametrize("entry", DEPLOYABLE, ids=[Path(e["file"]).stem for e in DEPLOYABLE])
def test_deployable_definition_is_accepted(entry: dict[str, Any]) -> None:
    report = _validate(entry)
    assert report.errors == (), [(d.code, d.pointer, d.message) for d in report.errors]


@pytest.mark.parametrize("entry", REJECTED, ids=[Path(e["file"]).stem for e in REJECTED])
def test_refused_definition_gets_only_its_errors(entry: dict[str, Any]) -> None:
    report = _validate(entry)
    assert report.errors, entry["reason"]
    assert {d.code for d in report.errors} <= set(entry["errors"]), report.errors


def test_corpus_size_and_index_match_the_files() -> None:
    listed = {entry["file"] for entry in INDEX["definitions"]}
    on_disk = {f"{path.parent.name}/{path.name}" for path in ROOT.glob("*/*.json")}
    assert listed == on_disk
    assert len(DEPLOYABLE) >= 350


def test_every_file_names_its_source_and_a_redistributable_licence() -> None:
    for entry in INDEX["definitions"] + INDEX["excluded"]:
        assert entry["repository"].startswith("https://github.com/"), entry
        assert len(entry["commit"]) == 40 and entry["path"], entry
        assert entry["licence"] in LICENCES, entry
