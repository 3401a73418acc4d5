"""Executions on the endpoint: a synchronous Express execution (StartSyncExecution, which moto does
not serve) and a Standard one that fails."""

from __future__ import annotations

import json

from tests.e2e.conftest import E2EProject


def test_start_sync_runs_an_express_workflow_and_prints_its_result(project: E2EProject) -> None:
    project.ok("apply", "-e", "dev", "--auto-approve")

    done = project.sfn("start", "quotes", "-e", "dev", "--sync", "--input", '{"item": "tea"}', "--json")

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "SUCCEEDED"
    assert result["output"] == {"item": "tea", "price": 42}


def test_a_failed_execution_exits_1_with_its_error(project: E2EProject) -> None:
    project.ok("apply", "-e", "dev", "--auto-approve")

    done = project.sfn("start", "orders", "-e", "dev", "--wait", "--timeout", "60", "--input", '{"fail": true}')

    assert done.returncode == 1, done.stderr
    assert "FAILED" in done.stdout
    assert "Orders.Refused" in done.stdout
