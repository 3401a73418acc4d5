"""JUnit XML for CI: one testsuite per workflow, one testcase per test case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.etree import ElementTree

from sfndeploy.executor.testing.runner import CaseResult


def junit_xml(results: Mapping[str, Sequence[CaseResult]]) -> str:
    root = ElementTree.Element("testsuites", name="sfndeploy test")
    total = failed = 0
    for workflow, cases in results.items():
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=workflow,
            tests=str(len(cases)),
            failures=str(sum(1 for case in cases if not case.passed)),
            errors="0",
            time=f"{sum(case.seconds for case in cases):.6f}",
        )
        for case in cases:
            element = ElementTree.SubElement(
                suite,
                "testcase",
                classname=workflow,
                name=case.case.name,
                time=f"{case.seconds:.6f}",
                file=_display_path(case.case.file),
                line=str(case.case.line or 0),
            )
            if not case.passed:
                failure = ElementTree.SubElement(element, "failure", message=case.failures[0], type="AssertionError")
                failure.text = "\n".join(case.failures)
        total += len(cases)
        failed += sum(1 for case in cases if not case.passed)
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _display_path(path: Path) -> str:
    """Relative to the working directory when inside it (what CI annotations expect)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
