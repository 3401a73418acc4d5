"""The event pattern grammar checker: AWS's documented examples pass, each broken form is named at its key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sfndeploy.eventbridge.patterns import check_event_pattern, pattern_text, wildcard_problem

# Examples from EventBridge's user guide ("Event patterns", "Content filtering", "Arrays") and
# from the States Language's own status-change events.
DOCUMENTED = [
    {
        "source": ["aws.ec2"],
        "detail-type": ["EC2 Instance State-change Notification"],
        "detail": {"state": ["terminated"]},
    },
    {"source": ["aws.ec2", "aws.fargate"]},
    {
        "source": ["aws.autoscaling"],
        "detail-type": ["EC2 Instance Launch Successful"],
        "detail": {"responseElements": [None]},
    },
    {"source": ["aws.macie"], "detail-type": ["Macie Alert"], "detail": {"risk-score": [80], "trigger": {"risk": [8]}}},
    {"time": [{"prefix": "2017-10-02"}]},
    {"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}},
    {"FileName": [{"suffix": ".png"}]},
    {"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}},
    {"detail": {"state": [{"anything-but": "initializing"}]}},
    {"detail": {"x-limit": [{"anything-but": 123}]}},
    {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}},
    {"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}},
    {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}},
    {"FileName": [{"anything-but": {"suffix": ".png"}}]},
    {"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]},
    {"state": [{"anything-but": {"equals-ignore-case": ["initializing", "stopped"]}}]},
    {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]},
    {"FilePath": [{"anything-but": {"wildcard": ["*/lib/*", "*/bin/*"]}}]},
    {
        "detail": {
            "c-count": [{"numeric": [">", 0, "<=", 5]}],
            "d-count": [{"numeric": ["<", 10]}],
            "x-limit": [{"numeric": ["=", 3.018e2]}],
        }
    },
    {"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}},
    {"detail": {"sourceIPAddress": [{"cidr": "2001:db8::/32"}]}},
    {"detail": {"c-count": [{"exists": False}]}},
    {"detail": {"state": [{"exists": True}]}},
    {"source": [{"equals-ignore-case": "EC2"}]},
    {"source": [{"wildcard": "Simple*Service"}]},
    {"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]},
    {"LastName": [""]},
    {
        "source": ["aws.cloudwatch"],
        "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
    },
    {
        "source": ["aws.cloudwatch"],
        "$or": [
            {"metricName": ["CPUUtilization", "ReadLatency"]},
            {
                "metricType": ["MetricType"],
                "namespace": ["AWS/EC2", "AWS/ES"],
                "$or": [{"metricId": [1234]}, {"spaceId": [1000]}],
            },
            {"scope": ["Service"]},
        ],
    },
    {
        "time": [{"prefix": "2017-10-02"}],
        "detail": {
            "state": [{"anything-but": "initializing"}],
            "c-count": [{"numeric": [">", 0, "<=", 5]}],
            "d-count": [{"numeric": ["<", 10]}],
            "x-limit": [{"anything-but": [100, 200, 300]}],
        },
    },
    {
        "source": ["aws.states"],
        "detail-type": ["Step Functions Execution Status Change"],
        "detail": {
            "status": ["FAILED", "TIMED_OUT"],
            "stateMachineArn": ["arn:aws:states:eu-west-1:123456789012:stateMachine:orders-prod"],
        },
    },
    {"detail": {"flag": [True, False], "count": [0, -1.5, 1e3]}},
]


@pytest.mark.parametrize("pattern", DOCUMENTED, ids=lambda p: json.dumps(p)[:60])
def test_documented_patterns_have_no_problem(pattern: dict[str, Any]) -> None:
    assert check_event_pattern(pattern) == ()


FILTERS = "prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr"
INVALID = [
    ([{"source": ["x"]}], "", "an event pattern must be a JSON object of fields, not a list"),
    ("source", "", 'an event pattern must be a JSON object of fields, not the string "source"'),
    ({}, "", "an empty object matches nothing; name at least one field"),
    ({"detail": {}}, "/detail", "an empty object matches nothing; name at least one field"),
    (
        {"source": "aws.ec2"},
        "/source",
        'a field\'s value must be a list of values to match (["aws.ec2"]) or an object of fields, '
        'not the string "aws.ec2"',
    ),
    (
        {"detail": {"risk": 8}},
        "/detail/risk",
        "a field's value must be a list of values to match ([8]) or an object of fields, not the number 8",
    ),
    ({"source": []}, "/source", "an empty match list matches nothing; give at least one value"),
    ({"source": [["aws.ec2"]]}, "/source/0", "a match list holds values and content filters, not another list"),
    (
        {"a": [{}]},
        "/a/0",
        f"a content filter has exactly one key ({FILTERS}); this one has none",
    ),
    (
        {"a": [{"prefix": "x", "suffix": "y"}]},
        "/a/0",
        f"a content filter has exactly one key ({FILTERS}); this one has 'prefix', 'suffix'",
    ),
    ({"a": [{"prefx": "x"}]}, "/a/0/prefx", "unknown content filter 'prefx'; did you mean 'prefix'?"),
    (
        {"a": [{"regex": "x"}]},
        "/a/0/regex",
        f"unknown content filter 'regex'; known filters: {FILTERS}",
    ),
    (
        {"a": [{"prefix": 5}]},
        "/a/0/prefix",
        "'prefix' takes a string or {\"equals-ignore-case\": string}, not the number 5",
    ),
    (
        {"a": [{"suffix": {"ignore-case": ".png"}}]},
        "/a/0/suffix",
        "'suffix' takes a string or {\"equals-ignore-case\": string}, not an object",
    ),
    (
        {"a": [{"prefix": {"equals-ignore-case": 1}}]},
        "/a/0/prefix/equals-ignore-case",
        "'equals-ignore-case' takes a string, not the number 1",
    ),
    (
        {"a": [{"equals-ignore-case": ["x"]}]},
        "/a/0/equals-ignore-case",
        "'equals-ignore-case' takes a string, not a list",
    ),
    ({"a": [{"exists": "true"}]}, "/a/0/exists", "'exists' takes true or false, not the string \"true\""),
    ({"a": [{"cidr": "10.0.0.256/24"}]}, "/a/0/cidr", '"10.0.0.256/24" is not an IPv4 or IPv6 address or CIDR block'),
    ({"a": [{"cidr": 10}]}, "/a/0/cidr", "'cidr' takes a string such as \"10.0.0.0/24\", not the number 10"),
    ({"a": [{"wildcard": "a**b"}]}, "/a/0/wildcard", "a wildcard cannot have two '*' in a row (position 1)"),
    ({"a": [{"wildcard": "a\\b"}]}, "/a/0/wildcard", "in a wildcard a backslash only escapes '*' or '\\' (position 1)"),
    ({"a": [{"wildcard": ["a*"]}]}, "/a/0/wildcard", "'wildcard' takes a string, not a list"),
    ({"a": [{"anything-but": []}]}, "/a/0/anything-but", "'anything-but' needs at least one value in its list"),
    (
        {"a": [{"anything-but": ["x", 1]}]},
        "/a/0/anything-but",
        "an 'anything-but' list holds only strings or only numbers",
    ),
    (
        {"a": [{"anything-but": True}]},
        "/a/0/anything-but",
        "'anything-but' takes a string, a number, a list of only strings or only numbers, "
        "or one of {prefix, suffix, equals-ignore-case, wildcard}, not the boolean true",
    ),
    (
        {"a": [{"anything-but": {"prefix": ["a", "b"]}}]},
        "/a/0/anything-but/prefix",
        "'prefix' takes a string, not a list",
    ),
    (
        {"a": [{"anything-but": {"numeric": [">", 1]}}]},
        "/a/0/anything-but/numeric",
        "'anything-but' takes 'prefix', 'suffix', 'equals-ignore-case', 'wildcard' inside an object, not 'numeric'",
    ),
    (
        {"a": [{"anything-but": {"wildcard": "a**"}}]},
        "/a/0/anything-but/wildcard",
        "a wildcard cannot have two '*' in a row (position 1)",
    ),
    (
        {"a": [{"anything-but": {"wildcard": ["ok*", "a**"]}}]},
        "/a/0/anything-but/wildcard/1",
        "a wildcard cannot have two '*' in a row (position 1)",
    ),
    ({"a": [{"numeric": 5}]}, "/a/0/numeric", '\'numeric\' takes a list of comparisons such as [">", 0, "<=", 5]'),
    ({"a": [{"numeric": []}]}, "/a/0/numeric", '\'numeric\' takes a list of comparisons such as [">", 0, "<=", 5]'),
    (
        {"a": [{"numeric": [">"]}]},
        "/a/0/numeric",
        'a numeric comparison is an operator followed by a number: [">", 0] or [">", 0, "<=", 5]',
    ),
    (
        {"a": [{"numeric": [">", "5"]}]},
        "/a/0/numeric/1",
        "a numeric comparison needs a number after '>', not the string \"5\"",
    ),
    (
        {"a": [{"numeric": [">", True]}]},
        "/a/0/numeric/1",
        "a numeric comparison needs a number after '>', not the boolean true",
    ),
    ({"a": [{"numeric": ["!=", 5]}]}, "/a/0/numeric", 'unknown numeric operator "!="; use =, >, >=, < or <='),
    (
        {"a": [{"numeric": ["<", 5, ">", 1]}]},
        "/a/0/numeric",
        "a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)",
    ),
    (
        {"a": [{"numeric": [">", 5, ">", 1]}]},
        "/a/0/numeric",
        "a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)",
    ),
    (
        {"a": [{"numeric": ["=", 5, "<", 9]}]},
        "/a/0/numeric",
        "'numeric' takes one comparison, or a range: a lower bound (> or >=) then an upper bound (< or <=)",
    ),
    (
        {"a": [{"numeric": [">", 0, "<", 5, "<", 9]}]},
        "/a/0/numeric",
        "'numeric' takes one comparison, or a range: a lower bound (> or >=) then an upper bound (< or <=)",
    ),
    (
        {"a": [{"numeric": [">=", 5, "<", 5]}]},
        "/a/0/numeric",
        "the range's lower bound 5 is not below its upper bound 5",
    ),
    (
        {"a": [{"numeric": [">", 6e9]}]},
        "/a/0/numeric/1",
        "numeric matching works between -5.0e9 and 5.0e9; 6000000000.0 is outside",
    ),
    ({"$or": [{"a": ["x"]}]}, "/$or", "'$or' takes a list of at least two objects of fields"),
    ({"$or": {"a": ["x"]}}, "/$or", "'$or' takes a list of at least two objects of fields"),
    ({"$or": [{"a": ["x"]}, ["b"]]}, "/$or/1", "each '$or' branch must be an object of fields, not a list"),
    ({"$or": [{"a": ["x"]}, {}]}, "/$or/1", "an empty object matches nothing; name at least one field"),
    (
        {"$or": [{"a": ["x"]}, {"b": "y"}]},
        "/$or/1/b",
        'a field\'s value must be a list of values to match (["y"]) or an object of fields, not the string "y"',
    ),
    (
        {"$or": [{"numeric": 123}, {"prefix": "abc"}]},
        "/$or/0/numeric",
        "'numeric' is a content filter, not a field: "
        'write it inside a field\'s match list ("field": [{"numeric": ...}])',
    ),
]


@pytest.mark.parametrize(("pattern", "pointer", "message"), INVALID, ids=lambda v: str(v)[:50])
def test_each_invalid_form_is_named_at_its_key(pattern: Any, pointer: str, message: str) -> None:
    problems = check_event_pattern(pattern)
    assert [(p.pointer, p.message, p.severity) for p in problems][:1] == [(pointer, message, "ERROR")]


def test_every_problem_is_reported_in_document_order() -> None:
    problems = check_event_pattern({"source": "x", "detail": {"a": [], "b": [{"exists": 1}]}})
    assert [p.pointer for p in problems] == ["/source", "/detail/a", "/detail/b/0/exists"]


def test_keys_with_slashes_and_tildes_are_escaped_in_pointers() -> None:
    problems = check_event_pattern({"detail": {"a/b": "x", "c~d": []}})
    assert [p.pointer for p in problems] == ["/detail/a~1b", "/detail/c~0d"]


def test_more_than_six_decimals_is_a_warning_not_an_error() -> None:
    problems = check_event_pattern({"price": [{"numeric": ["=", 1.1234567]}]})
    assert [(p.pointer, p.severity) for p in problems] == [("/price/0/numeric/1", "WARNING")]
    assert check_event_pattern({"price": [{"numeric": ["=", 1.123456]}]}) == ()


def test_size_beyond_the_default_quota_warns_and_beyond_the_api_limit_fails() -> None:
    def pattern_of(length: int) -> dict[str, Any]:
        base = pattern_text({"source": [""]})
        return {"source": ["x" * (length - len(base))]}

    assert len(pattern_text(pattern_of(2048))) == 2048
    assert check_event_pattern(pattern_of(2048)) == ()
    (warning,) = check_event_pattern(pattern_of(2049))
    assert (warning.severity, warning.pointer) == ("WARNING", "")
    assert warning.message.startswith("the pattern is 2049 characters of JSON; the default quota is 2048")
    (error,) = check_event_pattern(pattern_of(4097))
    assert (error.severity, error.message) == (
        "ERROR",
        "the pattern is 4097 characters of JSON; EventBridge takes at most 4096",
    )


def test_pattern_text_is_compact_and_keeps_the_order_written() -> None:
    assert (
        pattern_text({"source": ["é"], "detail": {"b": [1], "a": [2]}}) == '{"source":["é"],"detail":{"b":[1],"a":[2]}}'
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("*", None),
        ("a*b*c", None),
        ("a\\*b", None),
        ("a\\\\*", None),
        ("**", "a wildcard cannot have two '*' in a row (position 0)"),
        ("a\\", "in a wildcard a backslash only escapes '*' or '\\' (position 1)"),
        ("a\\nb", "in a wildcard a backslash only escapes '*' or '\\' (position 1)"),
    ],
)
def test_wildcard_escapes(text: str, problem: str | None) -> None:
    assert wildcard_problem(text) == problem
