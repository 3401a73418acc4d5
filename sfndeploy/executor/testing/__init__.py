"""Workflow test cases: the ``templates/<workflow>.tests.yaml`` format, running them, coverage, JUnit."""

from __future__ import annotations

from sfndeploy.executor.testing.cases import Expectation, WorkflowTestCase, load_test_file, test_file_for
from sfndeploy.executor.testing.coverage import Coverage, measure_coverage
from sfndeploy.executor.testing.junit import junit_xml
from sfndeploy.executor.testing.runner import CaseResult, run_case

__all__ = [
    "CaseResult",
    "Coverage",
    "Expectation",
    "WorkflowTestCase",
    "junit_xml",
    "load_test_file",
    "measure_coverage",
    "run_case",
    "test_file_for",
]
