"""The event pattern matcher against the examples of EventBridge's user guide: each documented pattern
with an event it matches and, where the guide gives or implies one, an event it does not.

Sources: the user guide's "Event patterns", "Content filtering", "Arrays in event patterns",
"Matching null values and empty strings" and "Comparison operators" pages, and the Event Ruler
README whose examples the guide repeats (its sample event is ``RULER_EVENT``).
"""

from __future__ import annotations

from typing import Any

import pytest

from sfndeploy.eventbridge.matching import Mismatch, match_event
from sfndeploy.eventbridge.patterns import check_event_pattern

EC2_EVENT = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"},
}

AUTOSCALING_EVENT = {
    "version": "0",
    "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
    "detail-type": "EC2 Instance Launch Successful",
    "source": "aws.autoscaling",
    "account": "123456789012",
    "time": "2015-11-11T21:31:47Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {"eventVersion": "", "responseElements": None},
}

MACIE_EVENT = {
    "version": "0",
    "detail-type": "Macie Finding",
    "source": "aws.macie",
    "detail": {"severity": {"score": 1, "description": "Low"}, "count": 2},
}

RULER_EVENT = {
    "version": "0",
    "id": "ddddd4-aaaa-7777-4444-345dd43cc333",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "012345679012",
    "time": "2017-10-02T16:24:49Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
    "detail": {
        "c-count": 5,
        "d-count": 3,
        "x-limit": 301.8,
        "source-ip": "10.0.0.33",
        "instance-id": "i-000000aaaaaa00000",
        "state": "running",
    },
}

EMPLOYEES = {
    "employees": [
        [
            {"firstName": "John", "lastName": "Doe", "ids": [1234, 1000, 9999]},
            {"firstName": "Anna", "lastName": "Smith"},
        ],
        [{"firstName": "Peter", "lastName": "Jones", "ids": []}],
    ]
}


def _with(event: dict[str, Any], **detail: Any) -> dict[str, Any]:
    return {**event, "detail": {**event["detail"], **detail}}


def _without(event: dict[str, Any], key: str) -> dict[str, Any]:
    return {**event, "detail": {k: v for k, v in event["detail"].items() if k != key}}


EC2_TERMINATED = {
    "source": ["aws.ec2"],
    "detail-type": ["EC2 Instance State-change Notification"],
    "detail": {"state": ["terminated"]},
}
RESOURCES = {
    "resources": [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
    ]
}
RESOURCES_EVENT = {
    "resources": [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:"
        "autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
    ]
}
NUMERIC = {
    "detail": {
        "c-count": [{"numeric": [">", 0, "<=", 5]}],
        "d-count": [{"numeric": ["<", 10]}],
        "x-limit": [{"numeric": ["=", 3.018e2]}],
    }
}
COMPLEX = {
    "time": [{"prefix": "2017-10-02"}],
    "detail": {
        "state": [{"anything-but": "initializing"}],
        "c-count": [{"numeric": [">", 0, "<=", 5]}],
        "d-count": [{"numeric": ["<", 10]}],
        "x-limit": [{"anything-but": [100, 200, 300]}],
        "source-ip": [{"cidr": "10.0.0.0/8"}],
    },
}
CLOUDWATCH_OR = {
    "source": ["aws.cloudwatch"],
    "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
}
NESTED_OR = {
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
}
DETAIL_OR = {
    "detail": {
        "$or": [
            {"c-count": [{"numeric": [">", 0, "<=", 5]}]},
            {"d-count": [{"numeric": ["<", 10]}]},
            {"x-limit": [{"numeric": ["=", 3.018e2]}]},
        ]
    }
}

# (name, pattern, an event it matches, an event it does not match or None)
DOCUMENTED: list[tuple[str, dict[str, Any], Any, Any]] = [
    ("event patterns: EC2 terminated", EC2_TERMINATED, EC2_EVENT, _with(EC2_EVENT, state="running")),
    ("match values: either source", {"source": ["aws.ec2", "aws.fargate"]}, EC2_EVENT, {"source": "aws.ecs"}),
    (
        "field matching: null",
        {
            "source": ["aws.autoscaling"],
            "detail-type": ["EC2 Instance Launch Successful"],
            "detail": {"responseElements": [None]},
        },
        AUTOSCALING_EVENT,
        _with(AUTOSCALING_EVENT, responseElements={}),
    ),
    (
        "null values: empty string",
        {"detail": {"eventVersion": [""]}},
        AUTOSCALING_EVENT,
        _with(AUTOSCALING_EVENT, eventVersion=None),
    ),
    (
        "null values: null is not the empty string",
        {"detail": {"responseElements": [None]}},
        AUTOSCALING_EVENT,
        _with(AUTOSCALING_EVENT, responseElements=""),
    ),
    (
        "value matching: Macie severity and count",
        {
            "source": ["aws.macie"],
            "detail-type": ["Macie Finding"],
            "detail": {"severity": {"score": [1]}, "count": [2]},
        },
        MACIE_EVENT,
        _with(MACIE_EVENT, count=3),
    ),
    ("arrays: a common element", RESOURCES, RESOURCES_EVENT, {"resources": RESOURCES_EVENT["resources"][:1]}),
    (
        "prefix",
        {"time": [{"prefix": "2017-10-02"}]},
        {"time": "2017-10-02T18:43:48Z"},
        {"time": "2017-10-03T18:43:48Z"},
    ),
    (
        "prefix ignoring case",
        {"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}},
        {"detail": {"service": "eventbridge"}},
        {"detail": {"service": "events"}},
    ),
    ("suffix", {"FileName": [{"suffix": ".png"}]}, {"FileName": "image.png"}, {"FileName": "image.PNG"}),
    (
        "suffix ignoring case",
        {"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}},
        {"detail": {"FileName": "IMAGE.PNG"}},
        {"detail": {"FileName": "image.jpg"}},
    ),
    (
        "equals-ignore-case, the event's value in an array",
        {"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]},
        {"detail-type": ["EC2 Instance State-change Notification"], "detail": {"c-count": {"c1": 100}}},
        {"detail-type": ["EC2 Instance State-change"]},
    ),
    (
        "comparison operators: equals ignoring case",
        {"Name": [{"equals-ignore-case": "alice"}]},
        {"Name": "Alice"},
        {"Name": "Alicia"},
    ),
    (
        "anything-but a string",
        {"detail": {"state": [{"anything-but": "initializing"}]}},
        {"detail": {"state": "running"}},
        {"detail": {"state": "initializing"}},
    ),
    (
        "anything-but a number",
        {"detail": {"x-limit": [{"anything-but": 123}]}},
        {"detail": {"x-limit": 456}},
        {"detail": {"x-limit": 123}},
    ),
    (
        "anything-but a list of strings",
        {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}},
        {"detail": {"state": "running"}},
        {"detail": {"state": "overloaded"}},
    ),
    (
        "anything-but a list of numbers",
        {"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}},
        {"detail": {"x-limit": 301.8}},
        {"detail": {"x-limit": 200}},
    ),
    (
        "anything-but a prefix",
        {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}},
        {"detail": {"state": "running"}},
        {"detail": {"state": "initializing"}},
    ),
    (
        "comparison operators: region not in the US",
        {"Region": [{"anything-but": {"prefix": "us-"}}]},
        {"Region": "eu-west-1"},
        {"Region": "us-east-1"},
    ),
    (
        "anything-but a suffix",
        {"FileName": [{"anything-but": {"suffix": ".png"}}]},
        {"FileName": "notes.txt"},
        {"FileName": "image.png"},
    ),
    (
        "anything-but ignoring case",
        {"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]},
        {"state": "running"},
        {"state": "INITIALIZING"},
    ),
    (
        "anything-but ignoring case, a list",
        {"state": [{"anything-but": {"equals-ignore-case": ["initializing", "stopped"]}}]},
        {"state": "running"},
        {"state": "Stopped"},
    ),
    (
        "anything-but a wildcard",
        {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]},
        {"FilePath": "/usr/bin/env"},
        {"FilePath": "/usr/lib/libc.so"},
    ),
    (
        "anything-but wildcards",
        {"FilePath": [{"anything-but": {"wildcard": ["*/lib/*", "*/bin/*"]}}]},
        {"FilePath": "/etc/hosts"},
        {"FilePath": "/usr/bin/env"},
    ),
    ("numeric", NUMERIC, RULER_EVENT, _with(RULER_EVENT, **{"c-count": 0})),
    ("numeric: a range's upper bound is inclusive with <=", NUMERIC, RULER_EVENT, _with(RULER_EVENT, **{"c-count": 6})),
    (
        "comparison operators: numeric equals",
        {"Price": [{"numeric": ["=", 100]}]},
        {"Price": 100.0},
        {"Price": "100"},
    ),
    (
        "IP address: IPv4",
        {"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}},
        {"detail": {"sourceIPAddress": "10.0.0.255"}},
        {"detail": {"sourceIPAddress": "10.0.1.0"}},
    ),
    (
        "IP address: IPv6",
        {"detail": {"sourceIPAddress": [{"cidr": "2001:db8::/32"}]}},
        {"detail": {"sourceIPAddress": "2001:db8::1"}},
        {"detail": {"sourceIPAddress": "2001:db9::1"}},
    ),
    (
        "exists true",
        {"detail": {"state": [{"exists": True}]}},
        {**EC2_EVENT, "detail": {"instance-id": "i-abcd1111", "state": "pending"}},
        {"detail-type": ["EC2 Instance State-change Notification"], "detail": {"c-count": {"c1": 100}}},
    ),
    (
        "exists false",
        {"detail": {"c-count": [{"exists": False}]}},
        {"detail-type": ["EC2 Instance State-change Notification"], "detail": {"state": ["initializing", "running"]}},
        RULER_EVENT,
    ),
    (
        "exists false: an object is not a leaf",
        {"detail": {"c-count": [{"exists": False}]}},
        {"detail": {"state": ["initializing", "running"], "c-count": {"c1": 100}}},
        {"detail": {"c-count": None}},
    ),
    (
        "wildcard",
        {"source": [{"wildcard": "Simple*Service"}]},
        {"source": "SimpleQueueService"},
        {"source": "SimpleQueueServices"},
    ),
    (
        "wildcard in an ARN",
        {"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]},
        {"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
        {"EventBusArn": "arn:aws:events:eu-west-1:123456789012:event-bus/orders"},
    ),
    ("comparison operators: empty", {"LastName": [""]}, {"LastName": ""}, {"LastName": None}),
    (
        "comparison operators: and",
        {"Location": ["New York"], "Day": ["Monday"]},
        {"Location": "New York", "Day": "Monday"},
        {"Location": "New York", "Day": "Tuesday"},
    ),
    (
        "$or: one of two fields",
        CLOUDWATCH_OR,
        {"source": "aws.cloudwatch", "namespace": "AWS/EC2"},
        {"source": "aws.cloudwatch", "namespace": "AWS/Lambda", "metricName": "Errors"},
    ),
    (
        "$or: nested",
        NESTED_OR,
        {"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/ES", "spaceId": 1000},
        {"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/ES", "spaceId": 1001},
    ),
    ("$or inside detail", DETAIL_OR, {"detail": {"d-count": 9}}, {"detail": {"c-count": 0, "d-count": 10}}),
    ("complex: several filters", COMPLEX, RULER_EVENT, _with(RULER_EVENT, **{"x-limit": 200})),
    ("arrays of objects: fields of one element", {"employees": {"firstName": ["Anna"]}}, EMPLOYEES, None),
    (
        "arrays of objects: a value and exists false in the same element",
        {"employees": {"firstName": ["Anna"], "ids": [{"exists": False}]}},
        EMPLOYEES,
        None,
    ),
    (
        "arrays of objects: a value in an element's array",
        {"employees": {"firstName": ["John"], "ids": [1000]}},
        EMPLOYEES,
        None,
    ),
]

# Patterns each documented example implies do not match EMPLOYEES.
EMPLOYEES_NOT_MATCHING = [
    {"employees": {"firstName": ["Alice"]}},
    {"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}},
    {"employees": ["b"]},
    {"employees": {"firstName": ["Anna"], "ids": [1000]}},
    {"employees": {"firstName": ["Anna"], "ids": [{"exists": True}]}},
    {"employees": {"firstName": ["Peter"], "ids": [{"exists": True}]}},
]


@pytest.mark.parametrize(("name", "pattern", "matching", "other"), DOCUMENTED, ids=[case[0] for case in DOCUMENTED])
def test_documented_examples(name: str, pattern: dict[str, Any], matching: Any, other: Any) -> None:
    assert [problem for problem in check_event_pattern(pattern) if problem.is_error] == [], name
    assert match_event(pattern, matching) is None
    if other is not None:
        assert isinstance(match_event(pattern, other), Mismatch)


@pytest.mark.parametrize("pattern", EMPLOYEES_NOT_MATCHING, ids=str)
def test_objects_in_arrays_match_one_element_at_a_time(pattern: dict[str, Any]) -> None:
    assert isinstance(match_event(pattern, EMPLOYEES), Mismatch)


def test_numbers_match_exactly_by_their_json_text_and_numerically_by_value() -> None:
    assert isinstance(match_event({"x": [300]}, {"x": 300.0}), Mismatch)
    assert match_event({"x": [300]}, {"x": 300}) is None
    assert match_event({"x": [{"numeric": ["=", 300]}]}, {"x": 300.0}) is None
    assert isinstance(match_event({"x": [1]}, {"x": True}), Mismatch)
    assert isinstance(match_event({"x": [True]}, {"x": 1}), Mismatch)
    assert isinstance(match_event({"x": ["true"]}, {"x": True}), Mismatch)
    assert isinstance(match_event({"x": [{"numeric": [">", 0]}]}, {"x": True}), Mismatch)


def test_anything_but_needs_a_value() -> None:
    pattern = {"detail": {"tier": [{"anything-but": ["gold", "silver"]}]}}
    assert match_event(pattern, {"detail": {"tier": "bronze"}}) is None
    assert match_event(pattern, {"detail": {}}) == Mismatch(
        "detail.tier",
        'the event has no such field (the pattern wants a value matching [{"anything-but": ["gold", "silver"]}])',
    )
    either = {"detail": {"tier": [{"anything-but": ["gold", "silver"]}, {"exists": False}]}}
    assert match_event(either, {"detail": {}}) is None
    assert isinstance(match_event(either, {"detail": {"tier": "gold"}}), Mismatch)


def test_anything_but_compares_types_and_lets_non_strings_past_string_filters() -> None:
    assert match_event({"b": [{"anything-but": [111, 222]}]}, {"b": "111"}) is None
    assert match_event({"w": [{"anything-but": {"prefix": "zax"}}]}, {"w": 7}) is None
    assert match_event({"a": [{"anything-but": "a"}]}, {"a": ["a", "b"]}) is None
    assert isinstance(match_event({"a": [{"anything-but": "a"}]}, {"a": ["a"]}), Mismatch)


def test_exists_sees_null_as_a_value_and_an_empty_array_as_none() -> None:
    assert match_event({"a": [{"exists": True}]}, {"a": None}) is None
    assert isinstance(match_event({"a": [{"exists": False}]}, {"a": None}), Mismatch)
    assert match_event({"a": [{"exists": False}]}, {"a": []}) is None
    assert isinstance(match_event({"a": [{"exists": True}]}, {"a": []}), Mismatch)
    assert match_event({"d": {"a": [{"exists": False}]}}, {}) is None


def test_wildcards_escape_stars_and_backslashes() -> None:
    assert match_event({"a": [{"wildcard": "a\\*b"}]}, {"a": "a*b"}) is None
    assert isinstance(match_event({"a": [{"wildcard": "a\\*b"}]}, {"a": "axb"}), Mismatch)
    assert match_event({"a": [{"wildcard": "a\\\\b"}]}, {"a": "a\\b"}) is None
    assert match_event({"a": [{"wildcard": "*"}]}, {"a": ""}) is None
    assert match_event({"a": [{"wildcard": "line*end"}]}, {"a": "line\nend"}) is None


def test_cidr_keeps_ip_versions_apart_and_ignores_non_addresses() -> None:
    assert isinstance(match_event({"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": "::ffff:10.0.0.1"}), Mismatch)
    assert isinstance(match_event({"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": "10.0.0.1/32"}), Mismatch)
    assert match_event({"ip": [{"cidr": "10.0.0.1"}]}, {"ip": "10.0.0.1"}) is None


MESSAGES = [
    (
        {"detail": {"status": ["OrderPlaced"]}},
        {"detail": {"status": "PLACED"}},
        'detail.status: "PLACED" is not one of ["OrderPlaced"]',
    ),
    (
        {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]},
        {"source": "acme.shop"},
        'detail-type: the event has no such field (the pattern wants one of ["OrderPlaced"])',
    ),
    (
        {"detail": {"total": [{"numeric": [">", 0]}]}},
        {"detail": {"total": "12"}},
        'detail.total: "12" matches none of [{"numeric": [">", 0]}]',
    ),
    (
        {"detail": {"customer": ["a@example.com"]}},
        {"detail": {"customer": {"email": "a@example.com"}}},
        'detail.customer: is an object, and the pattern compares values (the pattern wants one of ["a@example.com"])',
    ),
    (
        {"detail": {"tags": ["urgent"]}},
        {"detail": {"tags": ["late", "big"]}},
        'detail.tags: no element of ["late", "big"] matches (the pattern wants one of ["urgent"])',
    ),
    (
        {"detail": {"tags": ["urgent"]}},
        {"detail": {"tags": []}},
        'detail.tags: is an empty array, which has no values to match (the pattern wants one of ["urgent"])',
    ),
    (
        {"detail": {"coupon": [{"exists": False}]}},
        {"detail": {"coupon": "SAVE10"}},
        'detail.coupon: is "SAVE10", and the pattern wants the field absent',
    ),
    (
        {"detail": {"coupon": [{"exists": True}]}},
        {"detail": {}},
        "detail.coupon: the event has no such field (the pattern wants it to exist)",
    ),
    (
        {"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]},
        {"source": "aws.cloudwatch", "namespace": "AWS/ES"},
        "(event): no '$or' branch matches (metricName: the event has no such field "
        '(the pattern wants one of ["CPUUtilization"]); namespace: "AWS/ES" is not one of ["AWS/EC2"])',
    ),
    (
        {"items": {"sku": ["sku-1"]}},
        {"items": [{"sku": "sku-2"}, {"sku": "sku-3"}]},
        'items: none of its 2 elements matches; the first: items[0].sku: "sku-2" is not one of ["sku-1"]',
    ),
    (
        {"items": {"sku": ["sku-1"]}},
        {"items": [{"sku": "sku-2"}]},
        'items[0].sku: "sku-2" is not one of ["sku-1"]',
    ),
]


@pytest.mark.parametrize(("pattern", "event", "message"), MESSAGES, ids=[m[2][:40] for m in MESSAGES])
def test_a_mismatch_names_the_first_failing_field_and_why(pattern: dict[str, Any], event: Any, message: str) -> None:
    mismatch = match_event(pattern, event)
    assert mismatch is not None
    assert str(mismatch) == message


def test_the_first_failing_field_in_pattern_order_is_reported() -> None:
    pattern = {"source": ["acme.shop"], "detail-type": ["OrderPlaced"], "detail": {"total": [{"numeric": [">", 0]}]}}
    mismatch = match_event(pattern, {"source": "acme.web", "detail-type": "OrderCancelled", "detail": {"total": 0}})
    assert mismatch == Mismatch("source", '"acme.web" is not one of ["acme.shop"]')
