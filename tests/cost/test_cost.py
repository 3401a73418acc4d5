"""``sfndeploy cost``: figures worked out by hand for small workflows, and on the example project.

Prices (us-east-1, sfndeploy/data/prices.json): $0.025 per 1,000 Standard transitions; Express
$1.00 per million requests and $0.06 per GB-hour for the first 1,000 GB-hours a month.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.cost.prices import prices_for
from sfndeploy.cost.usage import ExpressRun, _memory_mb, execution_usage
from sfndeploy.executor.engine import ExecutionOptions, StateMachine
from sfndeploy.executor.mocks import responder_from_native

REPO_ROOT = Path(__file__).resolve().parents[2]

ENV = """\
name: dev
region: {region}
account_id: "111111111111"
"""

# Three states; Charge fails once and is retried: 3 states entered + 1 retry = 4 transitions.
STANDARD_SPEC = """\
name: charge
type: STANDARD
definition:
  StartAt: Charge
  States:
    Charge:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters: {FunctionName: charge}
      Retry:
        - ErrorEquals: [Lambda.TooManyRequestsException]
          IntervalSeconds: 1
          MaxAttempts: 2
      Next: Record
    Record:
      Type: Pass
      Next: Done
    Done:
      Type: Succeed
"""

STANDARD_TESTS = """\
cases:
  - name: throttled once
    mocks:
      Charge:
        sequence:
          - {error: Lambda.TooManyRequestsException}
          - {return: {Payload: {ok: true}}}
"""

# Express: the Task takes 0.25 s, the Wait 2 s: 2.25 s, billed as 2.3 s.
EXPRESS_SPEC = """\
name: notify
type: EXPRESS
definition:
  StartAt: Send
  States:
    Send:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters: {FunctionName: send}
      Next: Pause
    Pause:
      Type: Wait
      Seconds: 2
      Next: Done
    Done:
      Type: Pass
      End: true
"""

EXPRESS_TESTS = """\
cases:
  - name: sends
    mocks:
      Send: {return: {Payload: {}}, duration: 0.25}
"""


def make_project(root: Path, files: dict[str, str], region: str = "us-east-1") -> Path:
    for relative, text in {"environments/dev.yaml": ENV.format(region=region), **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def run_cost(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "cost", *args])
    assert not isinstance(result.exception, AssertionError)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_standard_workflow_with_one_retry(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"templates/charge.yaml.j2": STANDARD_SPEC, "templates/charge.tests.yaml": STANDARD_TESTS}
    )
    code, out, _ = run_cost(root, "charge", "-e", "dev", "--json")
    assert code == 0
    data = json.loads(out)
    (case,) = data["cases"]
    assert (case["transitions"], case["retries"]) == (4, 1)
    # 1,000,000 x 4 transitions = 4,000,000 x $0.025 / 1,000 = $100
    assert case["standard_per_month"] == pytest.approx(100.0)
    # Express: 1 s (the retry's back-off) x 64 MB = 0.0625 GB-s; x 1,000,000 = 62,500 GB-s = 17.3611 GB-h
    # x $0.06 = $1.041667, plus 1,000,000 requests x $1.00 / million = $2.041667
    assert (case["billed_duration_seconds"], case["billed_memory_mb"]) == (1.0, 64)
    assert case["express_per_month"] == pytest.approx(2.041667, abs=1e-6)
    assert data["cheaper"] == "EXPRESS"
    assert data["express_blockers"] == []


def test_standard_workflow_text(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"templates/charge.yaml.j2": STANDARD_SPEC, "templates/charge.tests.yaml": STANDARD_TESTS}
    )
    code, out, _ = run_cost(root, "charge", "-e", "dev")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "charge (STANDARD): cost a month of 1,000,000 executions in us-east-1 (US East (N. Virginia))"
    assert lines[3].split() == ["throttled", "once", "SUCCEEDED", "1", "4", "1.0", "s", "64", "MB", "$100.00", "$2.04"]
    assert "Cheaper: Express, by $97.96 a month (weighted over 1 case(s))." in lines
    assert any(line.startswith("Express memory is an estimate: 50 MB") for line in lines)
    assert any("free tier (4,000 transitions a month" in line and "not subtracted" in line for line in lines)


def test_express_workflow_with_known_duration(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"templates/notify.yaml.j2": EXPRESS_SPEC, "templates/notify.tests.yaml": EXPRESS_TESTS}
    )
    code, out, _ = run_cost(root, "notify", "-e", "dev", "--executions-per-month", "10000", "--json")
    assert code == 0
    data = json.loads(out)
    (case,) = data["cases"]
    assert case["duration_seconds"] == pytest.approx(2.25)
    assert case["billed_duration_seconds"] == pytest.approx(2.3)
    # 2.3 s x 64/1024 GB = 0.14375 GB-s; x 10,000 = 1,437.5 GB-s = 0.399306 GB-h x $0.06 = $0.023958,
    # plus 10,000 requests = $0.01: $0.033958
    assert case["express_per_month"] == pytest.approx(0.033958, abs=1e-6)
    # as Standard: 3 transitions x 10,000 = 30,000 x $0.025 / 1,000 = $0.75
    assert case["standard_per_month"] == pytest.approx(0.75)
    assert data["type"] == "EXPRESS"
    assert data["cheaper"] == "EXPRESS"


def test_weights_share_out_the_executions(tmp_path: Path) -> None:
    tests = STANDARD_TESTS + textwrap.indent(
        textwrap.dedent(
            """\
            - name: first try
              weight: 3
              mocks:
                Charge: {return: {Payload: {ok: true}}}
            """
        ),
        "  ",
    )
    root = make_project(tmp_path, {"templates/charge.yaml.j2": STANDARD_SPEC, "templates/charge.tests.yaml": tests})
    code, out, _ = run_cost(root, "charge", "-e", "dev", "--json")
    assert code == 0
    data = json.loads(out)
    assert [case["transitions"] for case in data["cases"]] == [4, 3]
    # (4 x 1 + 3 x 3) / 4 = 3.25 transitions; 3,250,000 x $0.025 / 1,000 = $81.25
    assert data["weighted"]["transitions_per_execution"] == pytest.approx(3.25)
    assert data["weighted"]["standard_per_month"] == pytest.approx(81.25)


def test_bad_weight_is_one_line(tmp_path: Path) -> None:
    tests = STANDARD_TESTS.replace("  - name: throttled once\n", "  - name: throttled once\n    weight: 0\n")
    root = make_project(tmp_path, {"templates/charge.yaml.j2": STANDARD_SPEC, "templates/charge.tests.yaml": tests})
    code, out, err = run_cost(root, "charge", "-e", "dev")
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and "charge.tests.yaml:" in err
    assert "'weight': 'weight' must be a number above 0" in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_region_is_one_line(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"templates/charge.yaml.j2": STANDARD_SPEC, "templates/charge.tests.yaml": STANDARD_TESTS},
        region="me-central-1",
    )
    code, out, err = run_cost(root, "charge", "-e", "dev")
    assert code == 1
    assert out == ""
    assert err.startswith("error: no Step Functions prices for region me-central-1 in sfndeploy's price file")
    assert len(err.strip().splitlines()) == 1


def test_region_without_express_prices_shows_standard_only(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"templates/charge.yaml.j2": STANDARD_SPEC, "templates/charge.tests.yaml": STANDARD_TESTS},
        region="us-west-1",
    )
    code, out, _ = run_cost(root, "charge", "-e", "dev", "--json")
    assert code == 0
    data = json.loads(out)
    # 4,000,000 x $0.0279 / 1,000
    assert data["weighted"]["standard_per_month"] == pytest.approx(111.6)
    assert data["weighted"]["express_per_month"] is None
    assert data["cheaper"] is None


def test_workflow_without_test_cases(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"templates/charge.yaml.j2": STANDARD_SPEC})
    code, _, err = run_cost(root, "charge", "-e", "dev")
    assert code == 1
    assert err.startswith("error: workflow charge has no test cases to estimate its cost from (charge.tests.yaml")


DISTRIBUTED = {
    "StartAt": "Fan",
    "States": {
        "Fan": {
            "Type": "Map",
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work",
                "States": {
                    "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Tidy"},
                    "Tidy": {"Type": "Pass", "End": True},
                },
            },
            "End": True,
        }
    },
}


@pytest.mark.parametrize("child_type", ["STANDARD", "EXPRESS"])
def test_distributed_map_children_count_by_their_own_type(child_type: str) -> None:
    definition = json.loads(json.dumps(DISTRIBUTED))
    definition["States"]["Fan"]["ItemProcessor"]["ProcessorConfig"]["ExecutionType"] = child_type
    mocks = responder_from_native(
        {"Work": {"sequence": [{"error": "Boom"}, {"return": 1, "duration": 0.5}]}}, source="test"
    )
    definition["States"]["Fan"]["ItemProcessor"]["States"]["Work"]["Retry"] = [{"ErrorEquals": ["Boom"]}]
    result = StateMachine(definition).execute(
        [1, 2, 3], mocks=mocks, options=ExecutionOptions(keep_child_histories=True)
    )
    assert result.status == "SUCCEEDED"
    usage = execution_usage(result, definition)
    assert usage.transitions == 1  # the parent enters Fan only
    if child_type == "STANDARD":
        # 3 children x 2 states, and the first child's retry
        assert usage.standard_child_transitions == 7
        assert usage.express_children == ()
    else:
        assert usage.standard_child_transitions == 0
        # the first child: 1 s back-off + 0.5 s; the others 0.5 s
        assert [child.billed_seconds for child in usage.express_children] == [1.5, 0.5, 0.5]
        assert all(child.billed_memory_mb == 64 for child in usage.express_children)


def test_awss_pricing_examples() -> None:
    """AWS's own Express examples: memory (50 KB definition, 400 Map steps of 32 KB: 62.85 MB,
    billed 64 MB) and a month of 100 million 10-second executions ($100.00 + $382.97)."""
    assert _memory_mb(50_000, 32_000, 400) == pytest.approx(62.85)
    assert ExpressRun(10.0, 62.85).billed_memory_mb == 64
    assert ExpressRun(10.0, 64.01).billed_memory_mb == 128
    assert ExpressRun(0.0, 1.0).billed_seconds == 0.1  # at least one 100 ms step
    express = prices_for("us-east-1").express
    assert express is not None
    gb_seconds = 100_000_000 * ExpressRun(10.0, 62.85).gb_seconds
    assert express.duration_cost(gb_seconds) == pytest.approx(382.97, abs=0.005)
    assert express.request_cost(100_000_000) == pytest.approx(100.0)


def test_example_project() -> None:
    """order-processing: 'confirms a valid order' enters 6 states (its expected path), the throttled
    payment case the same 6 and retries once: 7. At 1,000,000 executions: $150.00 and $175.00 as
    Standard; as Express the first takes 0 s of virtual time, billed 100 ms x 64 MB = 0.00625 GB-s,
    6,250 GB-s a month = 1.7361 GB-h x $0.06 = $0.1042, plus $1.00 of requests."""
    code, out, _ = run_cost(REPO_ROOT, "order-processing", "-e", "dev", "--json")
    assert code == 0
    data = json.loads(out)
    cases = {case["case"]: case for case in data["cases"]}
    valid = cases["confirms a valid order"]
    throttled = cases["payment throttled then retried succeeds"]
    assert (valid["transitions"], valid["retries"]) == (6, 0)
    assert (throttled["transitions"], throttled["retries"]) == (7, 1)
    assert valid["standard_per_month"] == pytest.approx(150.0)
    assert throttled["standard_per_month"] == pytest.approx(175.0)
    assert valid["express_per_month"] == pytest.approx(1.104167, abs=1e-6)
    mean = sum(case["transitions"] for case in data["cases"]) / len(data["cases"])
    assert data["weighted"]["transitions_per_execution"] == pytest.approx(mean)
    assert data["weighted"]["standard_per_month"] == pytest.approx(mean * 25)
    assert data["express_blockers"] == []
    assert data["prices"]["source"] == "https://aws.amazon.com/step-functions/pricing/"
