from __future__ import annotations

from pathlib import Path

import pytest

from sfndeploy.errors import RenderError, SourceLocation
from sfndeploy.render.jinja import TemplateRenderer


def _write(root: Path, files: dict[str, str]) -> Path:
    templates = root / "templates"
    for name, text in files.items():
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / name).write_text(text)
    return templates


def _lines(renderer: TemplateRenderer, template: str) -> list[tuple[str, SourceLocation]]:
    rendered = renderer.render(template)
    return list(zip(rendered.text.split("\n"), rendered.line_locations, strict=True))


def test_lines_map_back_through_include_macro_loop_and_filter(tmp_path: Path) -> None:
    templates = _write(
        tmp_path,
        {
            "wf.yaml.j2": (
                "{% import 'lib/m.j2' as m %}\n"
                "top: 1\n"
                "{% filter indent(2, true) %}\n"
                "{% include 'lib/part.yaml.j2' %}\n"
                "{% endfilter %}\n"
                "{% for i in range(2) %}\n"
                "item{{ i }}: {{ m.value(i) }}\n"
                "{% endfor %}\n"
            ),
            "lib/part.yaml.j2": "inner:\n  deep: {{ vars.x }}\n",
            "lib/m.j2": "{% macro value(i) %}{{ i * 10 }}{% endmacro %}\n",
        },
    )
    lines = _lines(TemplateRenderer(templates, {"vars": {"x": 7}}), "wf.yaml.j2")
    located = {text: (loc.file, loc.line) for text, loc in lines if text.strip()}
    assert located["top: 1"] == ("templates/wf.yaml.j2", 2)
    assert located["  inner:"] == ("templates/lib/part.yaml.j2", 1)
    assert located["    deep: 7"] == ("templates/lib/part.yaml.j2", 2)
    assert located["item0: 0"] == ("templates/wf.yaml.j2", 7)
    assert located["item1: 10"] == ("templates/wf.yaml.j2", 7)


def test_output_has_no_markers_left(tmp_path: Path) -> None:
    templates = _write(tmp_path, {"a.j2": "x: {{ 'a' | upper }}\ny: [1, 2]\n"})
    text = TemplateRenderer(templates, {}).render("a.j2").text
    assert text == "x: A\ny: [1, 2]\n"


def test_jsonata_expressions_pass_through_and_may_contain_jinja(tmp_path: Path) -> None:
    templates = _write(
        tmp_path,
        {
            "a.j2": (
                "{% if true %}\n"
                "Condition: \"{% $states.input.auc >= {{ vars.min }} %}\"\n"
                "{% endif %}\n"
                "Output: \"{% {'a': $x} %}\"\n"
            )
        },
    )
    text = TemplateRenderer(templates, {"vars": {"min": 0.8}}).render("a.j2").text
    assert text == "Condition: \"{% $states.input.auc >= 0.8 %}\"\nOutput: \"{% {'a': $x} %}\"\n"


def test_undefined_variable_points_at_the_partial_line(tmp_path: Path) -> None:
    templates = _write(
        tmp_path,
        {"wf.j2": "a: 1\n{% include 'lib/p.j2' %}\n", "lib/p.j2": "b: 2\nc: {{ vars.missing_value }}\n"},
    )
    with pytest.raises(RenderError) as caught:
        TemplateRenderer(templates, {"vars": {}}).render("wf.j2")
    assert caught.value.location == SourceLocation("templates/lib/p.j2", 2)
    assert "missing_value" in caught.value.message


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    templates = _write(tmp_path, {"wf.j2": "a: 1\nb: 2\n{% if x %}\nc: 3\n"})
    with pytest.raises(RenderError) as caught:
        TemplateRenderer(templates, {"x": True}).render("wf.j2")
    assert caught.value.location is not None
    assert caught.value.location.file == "templates/wf.j2"
    assert caught.value.location.line == 4
    assert "syntax error" in caught.value.message


def test_missing_include_is_named(tmp_path: Path) -> None:
    templates = _write(tmp_path, {"wf.j2": "a: 1\n{% include 'lib/nope.j2' %}\n"})
    with pytest.raises(RenderError) as caught:
        TemplateRenderer(templates, {}).render("wf.j2")
    assert "lib/nope.j2" in caught.value.message
    assert caught.value.location == SourceLocation("templates/wf.j2", 2)


def test_templates_cannot_escape_their_directory(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("no")
    templates = _write(tmp_path, {"wf.j2": "{% include '../secret.txt' %}\n"})
    with pytest.raises(RenderError):
        TemplateRenderer(templates, {}).render("wf.j2")
