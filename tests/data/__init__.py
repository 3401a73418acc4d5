"""The project's test data: where each corpus lives inside the repository."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
AWS_RECORDED = DATA_DIR / "conformance" / "aws-recorded"
SARIF_SCHEMA = DATA_DIR / "sarif" / "sarif-schema-2.1.0.json"
