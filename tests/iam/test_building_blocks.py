"""The pieces under derive_iam: reading parameter values, ARN building, wildcard merging, coverage."""

from __future__ import annotations

import pytest

from sfndeploy.iam.model import Grant
from sfndeploy.iam.policy import build_policy, drop_covered, merge, statement_allows, wildcard_matches
from sfndeploy.iam.values import lookup, pattern_of_path_expression


@pytest.mark.parametrize(
    ("expression", "pattern"),
    [
        ("$.name", "*"),
        ("$$.Execution.Input.fn", "*"),
        ("$myVariable", "*"),
        ("States.Format('fn-{}', $.env)", "fn-*"),
        ("States.Format('{}-{}', $.a, $.b)", "*-*"),
        ("States.Format('{}{}.csv', 'daily/', $.day)", "daily/*.csv"),
        ("States.Format('{}/{}', States.ArrayGetItem($.a, 0), 'x')", "*/x"),
        ("States.Format('it\\'s {}', $.x)", "it's *"),
        ("States.StringToJson($.x)", "*"),
        ("States.Format('unbalanced {}', $.x", "*"),
    ],
)
def test_pattern_of_path_expression(expression: str, pattern: str) -> None:
    assert pattern_of_path_expression(expression) == pattern


def test_lookup_literal_dynamic_nested_and_absent() -> None:
    params = {
        "Name": "fixed",
        "Dyn.$": "$.x",
        "Outer": {"Inner": "deep"},
        "Whole.$": "$.obj",
        "Expr": "{% $states.input.x %}",
        "Count": 3,
        "Flag": True,
    }
    assert lookup(params, "Name").static == "fixed"
    assert lookup(params, "Dyn").dynamic and lookup(params, "Dyn").text == "*"
    assert lookup(params, "Outer", "Inner").static == "deep"
    assert lookup(params, "Whole", "Inner").dynamic
    assert lookup(params, "Expr").dynamic
    assert lookup(params, "Count").static == "3"
    assert not lookup(params, "Flag").present
    assert not lookup(params, "Missing").present
    assert not lookup(params, "Outer", "Missing").present
    assert lookup("{% $states.input %}", "Any").dynamic


def test_wildcard_matching_is_iam_style() -> None:
    assert wildcard_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/v[1].json")
    assert wildcard_matches("glue:Get?obRun", "glue:GetJobRun")
    assert not wildcard_matches("arn:aws:s3:::b/*", "arn:aws:s3:::c/k")
    assert wildcard_matches("LAMBDA:*", "lambda:InvokeFunction", ignore_case=True)
    assert not wildcard_matches("LAMBDA:*", "lambda:InvokeFunction")


def test_drop_covered_keeps_only_uncovered_resources() -> None:
    assert drop_covered(["arn:x:fn:a", "arn:x:fn:*", "arn:y:fn:b"]) == ("arn:x:fn:*", "arn:y:fn:b")
    assert drop_covered(["a", "*", "b"]) == ("*",)
    assert drop_covered(["b", "a", "b"]) == ("a", "b")


def test_merge_groups_by_condition_and_resources() -> None:
    condition = '{"StringEquals":{"k":"v"}}'
    merged = merge(
        [
            Grant(("s3:PutObject",), ("arn:aws:s3:::b/*",)),
            Grant(("s3:GetObject",), ("arn:aws:s3:::b/*",)),
            Grant(("s3:GetObject",), ("arn:aws:s3:::b/*",), condition),
            Grant(("s3:PutObject",), ("arn:aws:s3:::b/*",)),
        ]
    )
    assert merged == [
        Grant(("s3:GetObject", "s3:PutObject"), ("arn:aws:s3:::b/*",)),
        Grant(("s3:GetObject",), ("arn:aws:s3:::b/*",), condition),
    ]


def test_empty_policy_denies_everything() -> None:
    assert build_policy([], []) == {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}],
    }


def test_colliding_sids_are_numbered() -> None:
    policy = build_policy(
        [Grant(("lambda:InvokeFunction",), ("a",)), Grant(("lambda:InvokeFunction",), ("b",), '{"X":{"y":"z"}}')],
        [],
    )
    assert [s["Sid"] for s in policy["Statement"]] == ["LambdaInvokeFunction", "LambdaInvokeFunction2"]


@pytest.mark.parametrize(
    ("statement", "covers"),
    [
        ({"Effect": "Allow", "Action": "emr-serverless:StartJobRun", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": ["s3:*", "emr-serverless:*"], "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "EMR-SERVERLESS:startjobrun", "Resource": "*"}, True),
        ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, True),
        ({"Effect": "Allow", "NotAction": "emr-serverless:*", "Resource": "*"}, False),
        ({"Effect": "Deny", "Action": "emr-serverless:*", "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "emr-serverless:GetJobRun", "Resource": "*"}, False),
    ],
)
def test_statement_allows(statement: dict[str, object], covers: bool) -> None:
    assert statement_allows(statement, "emr-serverless:StartJobRun") is covers
