"""IAM's evaluation logic, locally: what a brought invoke role certainly can, certainly cannot, or might do."""

from __future__ import annotations

from typing import Any

import pytest

from sfndeploy.iam.evaluation import Outcome, Policy, Request, condition_holds, evaluate
from sfndeploy.triggers.model import EVENTS_PRINCIPAL, SCHEDULER_PRINCIPAL
from sfndeploy.triggers.role_reach import ReachCheck, RoleFacts, Verdict, judge, role_arn_problem

MACHINE = "arn:aws:states:us-east-1:111111111111:stateMachine:hello-dev"
ALIAS = MACHINE + ":live"
RULE = "arn:aws:events:us-east-1:111111111111:rule/hello-dev-orders"
START = "states:StartExecution"


def _policy(*statements: dict[str, Any]) -> Policy:
    return Policy("inline policy p", {"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action: Any = START, resource: Any = ALIAS, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def _outcome(*statements: dict[str, Any], resource: str = ALIAS) -> Outcome:
    return evaluate([_policy(*statements)], Request(START, resource)).outcome


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (_allow(), Outcome.ALLOWED),
        (_allow(action="states:Start*"), Outcome.ALLOWED),
        (_allow(action="STATES:startexecution"), Outcome.ALLOWED),  # actions ignore case
        (_allow(action=["states:Describe*", "states:*"]), Outcome.ALLOWED),
        (_allow(resource=MACHINE + ":*"), Outcome.ALLOWED),
        (_allow(resource="*"), Outcome.ALLOWED),
        (_allow(resource=MACHINE), Outcome.NOT_ALLOWED),  # the unqualified ARN does not cover the alias
        (_allow(resource=MACHINE.replace("hello-dev", "other-dev") + ":live"), Outcome.NOT_ALLOWED),
        (_allow(action="states:StopExecution"), Outcome.NOT_ALLOWED),
        ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, Outcome.ALLOWED),
        ({"Effect": "Allow", "NotAction": "states:*", "Resource": "*"}, Outcome.NOT_ALLOWED),
        ({"Effect": "Allow", "Action": START, "NotResource": ALIAS}, Outcome.NOT_ALLOWED),
        (_allow(resource=ALIAS.upper()), Outcome.UNDECIDED),  # ARNs match with case: not certain either way
        (_allow(resource=MACHINE.replace("hello-dev", "${aws:PrincipalTag/m}")), Outcome.UNDECIDED),
        (_allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "orders"}}), Outcome.UNDECIDED),
    ],
)
def test_one_statement(statement: dict[str, Any], expected: Outcome) -> None:
    assert _outcome(statement) is expected


def test_an_explicit_deny_wins_and_is_named() -> None:
    deny = {"Sid": "NoStarts", "Effect": "Deny", "Action": "states:Start*", "Resource": "*"}
    decision = evaluate([_policy(_allow()), Policy("managed policy guard", {"Statement": deny})], Request(START, ALIAS))
    assert decision.outcome is Outcome.DENIED
    assert decision.reason == "statement 'NoStarts' of managed policy guard denies it"
    assert decision.refused


def test_a_deny_under_a_condition_leaves_an_allow_undecided() -> None:
    deny = {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    decision = evaluate([_policy(_allow(), deny)], Request(START, ALIAS))
    assert decision.outcome is Outcome.UNDECIDED
    assert decision.reason == "statement 2 of inline policy p may deny it (a condition on aws:SecureTransport)"
    assert not decision.refused


def test_a_deny_that_does_not_match_changes_nothing() -> None:
    deny = {"Effect": "Deny", "Action": START, "Resource": MACHINE.replace("hello", "other")}
    assert _outcome(_allow(), deny) is Outcome.ALLOWED


def test_no_policy_at_all_is_an_implicit_deny() -> None:
    decision = evaluate([], Request(START, ALIAS))
    assert (decision.outcome, decision.reason) == (Outcome.NOT_ALLOWED, "no statement allows it")


TRUST_CONTEXT = {"aws:sourceaccount": "111111111111", "aws:sourcearn": RULE}


def _trust(statement: dict[str, Any], principal: str = EVENTS_PRINCIPAL) -> Outcome:
    request = Request("sts:AssumeRole", service_principal=principal, context=TRUST_CONTEXT)
    return evaluate([Policy("its trust policy", {"Statement": [statement]})], request).outcome


def _trusting(principal: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra}


def _events_if(condition: dict[str, Any]) -> dict[str, Any]:
    return _trusting({"Service": EVENTS_PRINCIPAL}, Condition=condition)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (_trusting({"Service": EVENTS_PRINCIPAL}), Outcome.ALLOWED),
        (_trusting({"Service": [SCHEDULER_PRINCIPAL, EVENTS_PRINCIPAL]}), Outcome.ALLOWED),
        (_trusting({"Service": SCHEDULER_PRINCIPAL}), Outcome.NOT_ALLOWED),
        (_trusting({"AWS": "arn:aws:iam::111111111111:root"}), Outcome.NOT_ALLOWED),
        (_trusting("*"), Outcome.ALLOWED),
        (_trusting({"AWS": "*"}), Outcome.UNDECIDED),
        ({"Effect": "Allow", "NotPrincipal": {"AWS": "x"}, "Action": "sts:AssumeRole"}, Outcome.UNDECIDED),
        (
            _trusting(
                {"Service": EVENTS_PRINCIPAL},
                Condition={"StringEquals": {"aws:SourceAccount": "111111111111"}, "ArnEquals": {"aws:SourceArn": RULE}},
            ),
            Outcome.ALLOWED,
        ),
        (_events_if({"ArnLike": {"aws:SourceArn": "arn:aws:events:*:rule/hello-*"}}), Outcome.ALLOWED),
        (_events_if({"ArnEquals": {"aws:SourceArn": RULE + "x"}}), Outcome.NOT_ALLOWED),
        (_events_if({"StringEquals": {"aws:SourceAccount": "222222222222"}}), Outcome.NOT_ALLOWED),
        (_events_if({"StringEquals": {"aws:sourceaccount": ["2", "111111111111"]}}), Outcome.ALLOWED),
        # One known key fails: the statement does not apply, whatever the unknown one says.
        (
            _trusting(
                {"Service": EVENTS_PRINCIPAL},
                Condition={"StringEquals": {"aws:SourceAccount": "2", "aws:PrincipalOrgID": "o-1"}},
            ),
            Outcome.NOT_ALLOWED,
        ),
        (_events_if({"StringEquals": {"aws:PrincipalOrgID": "o-1"}}), Outcome.UNDECIDED),
    ],
)
def test_a_trust_statement(statement: dict[str, Any], expected: Outcome) -> None:
    assert _trust(statement) is expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"StringEqualsIfExists": {"aws:SourceAccount": "111111111111"}}, True),
        ({"StringNotEquals": {"aws:SourceAccount": "222222222222"}}, True),
        ({"ArnNotLike": {"aws:SourceArn": "arn:aws:events:*"}}, False),
        ({"StringEqualsIgnoreCase": {"aws:SourceArn": RULE.upper()}}, True),
        ({"ForAnyValue:StringEquals": {"aws:SourceAccount": "111111111111"}}, None),
        ({"NumericLessThan": {"aws:SourceAccount": "5"}}, None),
        ({"Null": {"aws:SourceArn": "false"}}, None),
    ],
)
def test_condition_operators(condition: dict[str, Any], expected: bool | None) -> None:
    assert condition_holds(condition, TRUST_CONTEXT) is expected


def test_a_role_arn_must_be_one_of_the_environments_partition_and_for_a_rule_its_account() -> None:
    def problem(arn: str, principal: str = EVENTS_PRINCIPAL) -> str | None:
        return role_arn_problem(arn, partition="aws", account_id="111111111111", principal=principal)

    assert problem("arn:aws:iam::111111111111:role/team/invoker") is None
    assert problem("arn:aws:iam::111111111111:role/has space") == (
        "'arn:aws:iam::111111111111:role/has space' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/[PATH/]NAME)"
    )
    assert problem("arn:aws:iam::111111111111:user/me") is not None
    assert problem("arn:aws-cn:iam::111111111111:role/r") == (
        "the role is in partition aws-cn; the environment is in aws"
    )
    assert problem("arn:aws:iam::222222222222:role/r") == (
        "the role is in account 222222222222; EventBridge assumes a rule target's role only in the rule's account "
        "(111111111111)"
    )
    assert problem("arn:aws:iam::222222222222:role/r", SCHEDULER_PRINCIPAL) is None  # warned at plan time


ROLE_ARN = "arn:aws:iam::111111111111:role/team-invoker"
TRUST = {"Statement": [_trusting({"Service": EVENTS_PRINCIPAL})]}
BROUGHT = ReachCheck(
    owner="trigger orders",
    key="triggers.orders.role.arn",
    file="templates/hello.yaml.j2",
    line=14,
    column=7,
    role_arn=ROLE_ARN,
    principal=EVENTS_PRINCIPAL,
    action=START,
    target_arn=ALIAS,
    source_arn=RULE,
    source_account="111111111111",
)


def _facts(
    *statements: dict[str, Any], trust: Any = TRUST, boundary: str | None = None, capped: Any = None
) -> RoleFacts:
    policies = (_policy(*statements),) if statements else ()
    document = None if capped is None else Policy(f"permissions boundary {boundary}", {"Statement": capped})
    return RoleFacts(ROLE_ARN, trust, policies, boundary, document)


def test_judge_a_role_that_can_start_the_target() -> None:
    verdict = judge(BROUGHT, _facts(_allow()))
    assert (verdict.error, verdict.warning) == (None, None)


def test_judge_names_the_role_the_action_and_the_target() -> None:
    assert judge(BROUGHT, _facts(_allow(resource=MACHINE))).error == (
        f"the role {ROLE_ARN} cannot states:StartExecution on {ALIAS}: no statement of its policies allows it"
    )
    assert judge(BROUGHT, _facts()).error == (
        f"the role {ROLE_ARN} cannot states:StartExecution on {ALIAS}: it has no policy"
    )
    assert judge(BROUGHT, RoleFacts(ROLE_ARN, missing=True)).error == f"the role {ROLE_ARN} does not exist"


def test_judge_a_trust_policy_for_another_service() -> None:
    trust = {"Statement": [_trusting({"Service": SCHEDULER_PRINCIPAL})]}
    assert judge(BROUGHT, _facts(_allow(), trust=trust)).error == (
        f"events.amazonaws.com cannot assume the role {ROLE_ARN} (sts:AssumeRole): no statement allows it"
    )


def test_judge_warns_on_what_it_cannot_decide() -> None:
    condition = {"StringEquals": {"aws:PrincipalTag/team": "orders"}}
    assert judge(BROUGHT, _facts(_allow(Condition=condition))).warning == (
        f"the role {ROLE_ARN} may not states:StartExecution on {ALIAS}: "
        "statement 1 of inline policy p may allow it (a condition on aws:PrincipalTag/team)"
    )
    boundary = "arn:aws:iam::111111111111:policy/boundary"
    assert judge(BROUGHT, _facts(_allow(), boundary=boundary)).warning == (
        f"the role {ROLE_ARN} may not states:StartExecution on {ALIAS}: "
        f"its permissions boundary {boundary} was not read"
    )
    unread = RoleFacts(ROLE_ARN, unread="IAM refused to let it be read (AccessDenied)")
    verdict = judge(BROUGHT, unread)
    assert (verdict.error, verdict.warning) == (
        None,
        f"the role {ROLE_ARN} was not checked: IAM refused to let it be read (AccessDenied)",
    )


BOUNDARY = "arn:aws:iam::111111111111:policy/boundary"


def test_a_permissions_boundary_must_allow_the_action_too() -> None:
    everything = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    assert judge(BROUGHT, _facts(_allow(), boundary=BOUNDARY, capped=[_allow(action="states:*")])) == Verdict()
    assert judge(BROUGHT, _facts(_allow(), boundary=BOUNDARY, capped=[_allow(action="lambda:*")])).error == (
        f"the role {ROLE_ARN} cannot states:StartExecution on {ALIAS}: its permissions boundary {BOUNDARY} does "
        "not allow it"
    )
    deny = {"Sid": "Fence", "Effect": "Deny", "Action": "states:Start*", "Resource": "*"}
    assert judge(BROUGHT, _facts(_allow(), boundary=BOUNDARY, capped=[everything, deny])).error == (
        f"the role {ROLE_ARN} cannot states:StartExecution on {ALIAS}: statement 'Fence' of permissions boundary "
        f"{BOUNDARY} denies it"
    )
    tagged = _allow(resource="*", Condition={"StringEquals": {"aws:ResourceTag/team": "orders"}})
    assert judge(BROUGHT, _facts(_allow(), boundary=BOUNDARY, capped=[tagged])).warning == (
        f"the role {ROLE_ARN} may not states:StartExecution on {ALIAS}: statement 1 of permissions boundary "
        f"{BOUNDARY} may allow it (a condition on aws:ResourceTag/team)"
    )


def test_a_boundary_does_not_grant_what_the_policies_do_not() -> None:
    everything = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    assert judge(BROUGHT, _facts(boundary=BOUNDARY, capped=[everything])).error == (
        f"the role {ROLE_ARN} cannot states:StartExecution on {ALIAS}: it has no policy"
    )
