"""The example project's rendered ASL and IAM, pinned per environment.

Refresh with ``python scripts/update_golden.py`` after an intended change and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sfndeploy.render.build import build

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
ENVIRONMENTS = ("dev", "staging", "prod", "local")
WORKFLOWS = ("dataset-fanout", "etl-pipeline", "human-approval", "ml-pipeline", "order-processing")


@pytest.mark.parametrize("env_name", ENVIRONMENTS)
def test_example_project_renders_as_pinned(env_name: str) -> None:
    result = build(ROOT, env_name)
    assert not result.failed, [d for r in result.reports for d in r.report.errors]
    assert sorted(wf.name for wf in result.workflows) == list(WORKFLOWS)
    expected = {path.name: path.read_text(encoding="utf-8") for path in (GOLDEN / env_name).iterdir()}
    assert sorted(result.files) == sorted(expected)
    for name, text in result.files.items():
        assert text == expected[name], f"{env_name}/{name} differs from the golden file"


def test_environments_really_differ() -> None:
    dev = build(ROOT, "dev").files["order-processing.asl.json"]
    prod = build(ROOT, "prod").files["order-processing.asl.json"]
    assert "function:orders-validate-dev" in dev
    assert "arn:aws:lambda:eu-west-1:333333333333:function:orders-validate\"" in prod
