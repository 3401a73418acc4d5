"""Environment values to template expressions, spec text and environment-file edits, without AWS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sfndeploy.importer.envfile import with_vars
from sfndeploy.importer.live import ImportFailed
from sfndeploy.importer.templated import Expr, Templated, scalar_text, yaml_lines
from sfndeploy.importer.values import Substitutions, var_expression
from sfndeploy.model import Environment, Naming
from sfndeploy.sourcemap import load_yaml


def _env(**vars_: Any) -> Environment:
    return Environment(
        name="dev",
        region="us-east-1",
        account_id="111111111111",
        path=Path("environments/dev.yaml"),
        naming=Naming(suffix="-dev"),
        vars=vars_,
    )


def _code(value: object) -> str:
    assert isinstance(value, Templated), value
    return "".join(p.code if isinstance(p, Expr) else f"<{p}>" for p in value.parts)


def test_known_variables_win_whole_or_inside_text() -> None:
    values = Substitutions(_env(tables={"inventory": "inventory-dev"}, etl={"bucket": "acme-results-dev"}), "wf")
    assert _code(values.string("inventory-dev")) == "vars.tables.inventory"
    assert _code(values.string("s3://acme-results-dev/daily/")) == "<s3://>vars.etl.bucket</daily/>"
    assert values.new_vars == {}


def test_lambda_arns_queue_urls_and_other_arns_use_the_project_functions() -> None:
    values = Substitutions(_env(functions={"charge": "payments-charge-dev"}), "orders")
    lambda_arn = values.string("arn:aws:lambda:us-east-1:111111111111:function:payments-charge-dev:live")
    assert _code(lambda_arn) == "lambda_arn(vars.functions.charge)<:live>"
    queue = values.string("https://sqs.us-east-1.amazonaws.com/111111111111/requests-dev")
    assert _code(queue) == "sqs_queue_url(vars.orders.queues.requests)"
    topic = values.string("arn:aws:sns:us-east-1:111111111111:events-dev")
    assert _code(topic) == "arn('sns', vars.orders.names.events)"
    role = values.string("arn:aws:iam::111111111111:role/service-role/runner")
    assert _code(role) == "arn('iam', 'role/service-role/runner', region='')"
    assert values.new_vars == {"queues": {"requests": "requests-dev"}, "names": {"events": "events-dev"}}


def test_foreign_accounts_and_plain_text_stay_literal() -> None:
    values = Substitutions(_env(), "wf")
    other = "arn:aws:lambda:us-east-1:999999999999:function:shared-tool"
    assert values.string(other) == other
    assert values.string("States.Format('{}', $.id)") == "States.Format('{}', $.id)"
    assert _code(values.string("account 111111111111 pays")) == "<account >env.account_id< pays>"


def test_comments_name_the_environment_and_structure_is_left_alone() -> None:
    values = Substitutions(_env(), "wf")
    definition = {"Comment": "Orders (dev)", "StartAt": "a-dev", "States": {"a-dev": {"Type": "Pass", "Next": "b-dev"}}}
    converted = values.definition(definition)
    assert _code(converted["Comment"]) == "<Orders (>env.name<)>"
    assert converted["States"]["a-dev"]["Next"] == "b-dev"
    assert values.new_vars == {}


def test_the_same_value_twice_is_one_variable_and_keys_stay_unique() -> None:
    values = Substitutions(_env(), "wf")
    first = values.string("reports-dev")
    assert values.string("reports-dev") == first
    values.string("reports!dev")  # not affixed: stays literal
    values.string("Reports-dev")
    assert values.new_vars == {"names": {"reports": "reports-dev", "reports_2": "Reports-dev"}}
    assert var_expression(("a-b", 0, "c")) == "vars['a-b'][0].c"


@pytest.mark.parametrize(
    "value",
    ["yes", "null", "1.0", "~", "- x", "a: b", "#c", "", " padded ", "true", "0x10", "2024-01-01", "@at", "`tick`"],
)
def test_scalars_read_back_as_the_same_string(value: str) -> None:
    parsed, _ = load_yaml(f"k: {scalar_text(value)}\n", file="t")
    assert parsed == {"k": value}


def test_yaml_lines_nest_lists_of_mappings() -> None:
    data = {"Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 2}], "Empty": {}, "List": [[1, 2], []], "n": None}
    text = "\n".join(yaml_lines(data)) + "\n"
    parsed, _ = load_yaml(text, file="t")
    assert parsed == data


def test_templated_values_are_written_as_jinja() -> None:
    assert scalar_text(Templated((Expr("vars.x"),))) == "{{ vars.x | tojson }}"
    assert scalar_text(Templated(("s3://", Expr("vars.b"), '/"q"'))) == '"s3://{{ vars.b }}/\\"q\\""'
    assert scalar_text("{{ literal }}") == "{{ '{{ literal }}' | tojson }}"
    assert scalar_text("{% $states.input %}") == '"{% $states.input %}"'


ENV_TEXT = """\
# A comment that must survive.
name: dev
vars:
  functions:
    charge: payments-charge-dev   # inline comment

# trailing comment
deploy:
  strategy: all-at-once
"""


def test_new_variables_go_after_the_existing_ones() -> None:
    text = with_vars(ENV_TEXT, {"orders": {"names": {"inventory": "inventory-dev"}}}, file="dev.yaml")
    parsed, _ = load_yaml(text, file="dev.yaml")
    assert parsed["vars"] == {
        "functions": {"charge": "payments-charge-dev"},
        "orders": {"names": {"inventory": "inventory-dev"}},
    }
    assert parsed["deploy"] == {"strategy": "all-at-once"}
    assert text.startswith("# A comment that must survive.\n") and "# inline comment" in text
    assert "inventory-dev\n\n# trailing comment\ndeploy:" in text


def test_a_vars_block_is_created_when_missing_and_flow_style_is_refused() -> None:
    text = with_vars("name: dev\n", {"wf": {"names": {"a": "a-dev"}}}, file="dev.yaml")
    assert load_yaml(text, file="dev.yaml")[0] == {"name": "dev", "vars": {"wf": {"names": {"a": "a-dev"}}}}
    with pytest.raises(ImportFailed, match="flow style"):
        with_vars("name: dev\nvars: {a: 1}\n", {"wf": {"names": {"a": "a-dev"}}}, file="dev.yaml")
    assert with_vars(ENV_TEXT, {}, file="dev.yaml") == ENV_TEXT
