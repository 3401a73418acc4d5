"""``event:`` triggers: an invalid pattern, input path or input transformer is an error at the template line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfndeploy.errors import ConfigError
from sfndeploy.model import RenderedWorkflow
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory


def _render(root: Path) -> list[RenderedWorkflow]:
    project = load_project(root)
    return list(render_workflows(project, load_environment(project, "dev")))


BAD = [
    (
        "event:\n      pattern:\n        source: acme.shop",
        "source",
        'a field\'s value must be a list of values to match (["acme.shop"]) or an object of fields',
        5,
    ),
    (
        "event:\n      pattern:\n        source: [acme.shop]\n        detail:\n"
        "          total: [{numeric: ['>', 100, '>', 5]}]",
        "numeric",
        "a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)",
        7,
    ),
    (
        "event:\n      pattern:\n        detail:\n          state: [{prefx: shipped}]",
        "prefx",
        "unknown content filter 'prefx'; did you mean 'prefix'?",
        6,
    ),
    (
        "event:\n      pattern:\n        detail:\n          ip: [{cidr: 10.0.0.300/8}]",
        "cidr",
        '"10.0.0.300/8" is not an IPv4 or IPv6 address or CIDR block',
        6,
    ),
    (
        "event:\n      pattern:\n        $or: [{a: [x]}]",
        "$or",
        "'$or' takes a list of at least two objects of fields",
        5,
    ),
    (
        "event: {pattern: {source: [a]}}\n    input_path: detail.order",
        "input_path",
        '"detail.order" is not a JSONPath EventBridge reads',
        4,
    ),
    (
        "event: {pattern: {source: [a]}}\n    input_transformer:\n"
        "      paths: {id: '$[\"id\"]'}\n      template: '<id>'",
        "id",
        "is not a JSONPath EventBridge reads",
        5,
    ),
    (
        "event: {pattern: {source: [a]}}\n    input_transformer:\n"
        "      paths: {id: $.detail.id}\n      template: 'order <id>'",
        "template",
        "the input template does not make JSON, and a workflow's input must be JSON",
        6,
    ),
    (
        "event: {pattern: {source: [a]}}\n    input_transformer:\n"
        "      paths: {id: $.detail.id}\n      template: '{<id>: 1}'",
        "template",
        "'<id>' stands where an object key goes",
        6,
    ),
    (
        "event:\n      pattern: '{\"source\": [acme.shop]'",
        "pattern",
        "an event pattern given as a string must be JSON: Expecting value",
        4,
    ),
    (
        "event:\n      pattern: '[\"acme.shop\"]'",
        "pattern",
        "an event pattern must be a JSON object of fields, not a list",
        4,
    ),
]


@pytest.mark.parametrize(("body", "key", "message", "line"), BAD, ids=[b[1] + str(b[3]) for b in BAD])
def test_an_invalid_event_trigger_is_refused_at_the_template_line(
    make_project: ProjectFactory, body: str, key: str, message: str, line: int
) -> None:
    root = make_project({"templates/hello.yaml.j2": "triggers:\n  placed:\n    " + body + "\n" + HELLO_SPEC})
    with pytest.raises(ConfigError) as caught:
        _render(root)
    assert caught.value.key == key
    assert message in caught.value.message, caught.value.message
    assert caught.value.location is not None
    assert (caught.value.location.file, caught.value.location.line) == ("templates/hello.yaml.j2", line)


def test_a_valid_pattern_with_content_filters_and_a_transformer_renders(make_project: ProjectFactory) -> None:
    body = (
        "event:\n      pattern:\n        source: [acme.shop]\n        detail:\n"
        "          total: [{numeric: ['>', 0, '<=', 500]}]\n          country: [{anything-but: [US, CA]}]\n"
        "    input_transformer:\n      paths: {id: $.detail.id, lines: '$.detail.lines[*].sku'}\n"
        '      template: \'{"orderId": <id>, "skus": <lines>, "note": "order <id>"}\''
    )
    root = make_project({"templates/hello.yaml.j2": "triggers:\n  placed:\n    " + body + "\n" + HELLO_SPEC})
    [workflow] = _render(root)
    [trigger] = workflow.triggers
    assert trigger.kind == "event"


def test_a_pattern_written_as_a_json_string_is_the_object_it_holds(make_project: ProjectFactory) -> None:
    """As the API and CloudFormation or SAM templates carry it."""
    as_text = 'event:\n      pattern: \'{"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}\''
    as_mapping = "event:\n      pattern:\n        source: [acme.shop]\n        detail-type: [OrderPlaced]"
    rendered = []
    for body in (as_text, as_mapping):
        root = make_project({"templates/hello.yaml.j2": "triggers:\n  placed:\n    " + body + "\n" + HELLO_SPEC})
        [workflow] = _render(root)
        rendered.append(workflow.triggers)
    assert rendered[0] == rendered[1]
    assert rendered[0][0].pattern == {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}
