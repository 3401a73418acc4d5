"""validate reports what EventBridge accepts in an event pattern but may not match as meant, at the pattern's line."""

from __future__ import annotations

from pathlib import Path

from tests.promote.conftest import ORDERS_SPEC, make_project

TRIGGERS = """\
triggers:
  placed:
    event:
      pattern:
        source: [acme.shop]
        detail:
          total: [{numeric: [">", 0.1234567]}]
  big:
    event:
      pattern:
        source: [acme.shop]
        detail-type: [{% for i in range(120) %}"OrderPlacedEvent{{ i }}", {% endfor %}"last"]
"""


def test_pattern_warnings_are_validation_warnings_at_the_template_line(tmp_path: Path) -> None:
    made = make_project(tmp_path / "project", "v")
    made.write("templates/orders.yaml.j2", ORDERS_SPEC + TRIGGERS)
    lines = (ORDERS_SPEC + TRIGGERS).splitlines()
    decimals_line = next(n for n, line in enumerate(lines, 1) if "0.1234567" in line)
    big_line = lines.index("  big:") + 3  # the size is the whole pattern's: its 'pattern:' line

    result = made.run("validate", "-e", "staging", "orders")

    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "EVENT_PATTERN" in line]
    assert [line.split(": warning", 1)[0].rsplit(":", 1)[0] for line in warnings] == [
        f"templates/orders.yaml.j2:{decimals_line}",
        f"templates/orders.yaml.j2:{big_line}",
    ], result.output
    assert "trigger placed: numeric matching keeps 6 digits after the decimal point; 0.1234567 has more" in warnings[0]
    assert "trigger big: the pattern is " in warnings[1] and "the default quota is 2048" in warnings[1]
    assert "no errors, 3 warnings" in result.output  # with the Task's missing timeout
