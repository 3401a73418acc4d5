from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.data import AWS_RECORDED

CONFORMANCE = AWS_RECORDED
CORPUS = Path(__file__).resolve().parent / "corpus"


def _conformance_definitions() -> list[tuple[str, Any]]:
    cases = []
    for path in sorted(CONFORMANCE.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        cases.append((f"{path.parent.name}/{path.stem}", case["definition"]))
    return cases


def _corpus_cases(kind: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted((CORPUS / kind).glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            case["group"] = path.stem
            cases.append(case)
    return cases


@pytest.fixture(scope="session")
def conformance_definitions() -> list[tuple[str, Any]]:
    return _conformance_definitions()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for kind in ("invalid", "valid"):
        fixture = f"{kind}_case"
        if fixture in metafunc.fixturenames:
            cases = _corpus_cases(kind)
            metafunc.parametrize(fixture, cases, ids=[f"{c['group']}-{c['name']}" for c in cases])


@pytest.fixture(scope="session")
def invalid_cases_count() -> int:
    return len(_corpus_cases("invalid"))


@pytest.fixture(scope="session")
def valid_cases_count() -> int:
    return len(_corpus_cases("valid"))


@pytest.fixture(scope="session")
def all_invalid_cases() -> list[dict[str, Any]]:
    return _corpus_cases("invalid")


@pytest.fixture(scope="session")
def all_valid_cases() -> list[dict[str, Any]]:
    return _corpus_cases("valid")
