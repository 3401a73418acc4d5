"""Refresh tests/golden/: the rendered ASL and IAM of every example workflow in every environment.

Run it after an intended change to the example project, the renderer or IAM derivation, then
review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sfndeploy.render.build import build  # noqa: E402
from tests.foundation.test_golden import ENVIRONMENTS, GOLDEN  # noqa: E402


def main() -> None:
    for env_name in ENVIRONMENTS:
        result = build(ROOT, env_name)
        if result.failed:
            raise SystemExit(f"{env_name}: the example project does not validate")
        target = GOLDEN / env_name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name, text in result.files.items():
            (target / name).write_text(text, encoding="utf-8")
        print(f"{env_name}: {len(result.files)} files")


if __name__ == "__main__":
    main()
