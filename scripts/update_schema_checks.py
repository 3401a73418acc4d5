"""Regenerate sfndeploy/validate/schema_checks.py from sfndeploy/schemas/asl.json.

Run it after changing the schema (or upgrading fastjsonschema); tests/validate/test_schema_checks.py
fails while the generated file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sfndeploy.validate.schema import schema_checks_source  # noqa: E402

TARGET = ROOT / "sfndeploy" / "validate" / "schema_checks.py"


def main() -> None:
    TARGET.write_text(schema_checks_source(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
