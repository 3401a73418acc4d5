"""``sfndeploy test --against-aws`` against ministack's TestState, on a workflow deployed by apply.

ministack 1.5.33 serves TestState, with differences from AWS's documentation that this test
keeps clear of (AWS's documentation is what sfndeploy follows): for a mocked error it tries the
Catch before the Retry (AWS retries first while attempts remain, status RETRIABLE), it returns no
``inspectionData.variables`` and ignores the ``variables`` parameter, and it does not run Map or
Parallel states. The workflow here has no Retry, no variables, no Map and no Parallel. Without a
mock, it uses its own context object, as AWS does.
"""

from __future__ import annotations

import json

from tests.e2e.conftest import DEV_ACCOUNT, E2EProject

PAYMENTS_SPEC = """\
name: payments
definition:
  StartAt: Amount
  States:
    Amount:
      Type: Pass
      Parameters:
        orderId.$: $.orderId
        label.$: States.Format('order {} for {}', $.orderId, $.total)
        total.$: $.total
      Next: Large
    Large:
      Type: Choice
      Choices:
        - Variable: $.total
          NumericGreaterThan: 100
          Next: Charge
      Default: Done
    Charge:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: charge-{{ env.name }}
        Payload.$: $
      ResultSelector:
        chargeId.$: $.Payload.id
      ResultPath: $.charge
      Catch:
        - ErrorEquals: [Payments.Declined]
          ResultPath: $.error
          Next: Declined
      Next: Done
    Declined:
      Type: Fail
      Error: Declined
      Cause: the card was declined
    Done:
      Type: Succeed
"""

PAYMENTS_TESTS = """\
cases:
  - name: a small order is not charged
    input: {orderId: o-1, total: 20}
  - name: a large order is charged
    input: {orderId: o-2, total: 500}
    mocks:
      Charge: {return: {StatusCode: 200, Payload: {id: ch-2}}}
    expect:
      output_contains: {charge: {chargeId: ch-2}}
  - name: a declined card fails
    input: {orderId: o-3, total: 500}
    mocks:
      Charge: {error: Payments.Declined, cause: insufficient funds}
    expect: {status: FAILED, error: Declined}
"""


def deployed_payments(project: E2EProject, spec: str = PAYMENTS_SPEC) -> None:
    project.write("templates/payments.yaml.j2", spec)
    project.write("templates/payments.tests.yaml", PAYMENTS_TESTS)
    project.commit("payments")
    project.ok("apply", "-e", "dev", "--auto-approve")


def test_every_state_the_cases_entered_agrees_with_test_state(project: E2EProject) -> None:
    deployed_payments(project)
    report = project.root / "against.json"

    done = project.ok("test", "-e", "dev", "payments", "--against-aws", "--json", str(report))

    assert "payments against AWS: 3/3 cases agree, 11 state run(s) checked with 11 TestState call(s)" in done.stdout
    (checked,) = json.loads(report.read_text())["against_aws"]
    assert checked["role_arn"].startswith(f"arn:aws:iam::{DEV_ACCOUNT}:role/")
    assert [(case["name"], case["agrees"], case["state_runs_sent"]) for case in checked["cases"]] == [
        ("a small order is not charged", True, 3),
        ("a large order is charged", True, 4),
        ("a declined card fails", True, 4),
    ]


def test_a_state_that_reads_the_context_object_differs_and_says_why(project: E2EProject) -> None:
    total = "        total.$: $.total\n"
    spec = PAYMENTS_SPEC.replace(total, total + "        run.$: $$.Execution.Name\n")
    deployed_payments(project, spec)

    done = project.sfn("test", "-e", "dev", "payments", "--against-aws")

    assert done.returncode == 1, done.stderr
    differing = [line.strip() for line in done.stdout.splitlines() if "state 'Amount'" in line]
    assert len(differing) == 3
    assert all(": state 'Amount': output: at $.run local " in line for line in differing)
    assert all(line.endswith("(the state reads the context object, which TestState takes only with a mock: "
                              "AWS used its own)") for line in differing)
    assert done.stdout.splitlines()[-1] == "against AWS: 0 case(s) agree, 3 differ (3 disagreement(s))"
