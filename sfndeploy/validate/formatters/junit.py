"""Reports as JUnit XML: one test case per definition, failed when it has an error."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from sfndeploy.validate.diagnostics import ValidationReport
from sfndeploy.validate.formatters.common import place


def format_junit(reports: Sequence[ValidationReport]) -> str:
    failures = sum(1 for r in reports if not r.ok)
    suites = ET.Element("testsuites", name="sfndeploy validate", tests=str(len(reports)), failures=str(failures))
    suite = ET.SubElement(
        suites, "testsuite", name="sfndeploy validate", tests=str(len(reports)), failures=str(failures), errors="0"
    )
    for report in reports:
        case = ET.SubElement(suite, "testcase", classname="sfndeploy.validate", name=report.name or "definition")
        if report.errors:
            first = report.errors[0]
            failure = ET.SubElement(
                case, "failure", type=first.code, message=f"{len(report.errors)} error(s): {first.message}"
            )
            failure.text = "\n".join(
                f"{place(report, d)}: {d.code}: {d.message} [{d.pointer or '/'}]" for d in report.errors
            )
        if report.warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{place(report, d)}: warning {d.code}: {d.message}" for d in report.warnings)
    ET.indent(suites)
    text = ET.tostring(suites, encoding="unicode", xml_declaration=False)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}'
