"""Validation throughput: sfndeploy's validator against statelint, on the same corpus in the same run.

The corpus is every definition of the recorded conformance set (``tests/data/conformance``, all
accepted by AWS) plus the validator's test corpus (``tests/validate/corpus``: definitions AWS would
reject, and valid tricky ones), repeated until it holds at least ``--min-definitions``.

Both tools get the parsed definition (a dict) and one untimed warm-up pass; then they take turns
for ``--rounds`` timed passes. Throughputs are from each tool's best pass; the ratio is the median
of the per-round ratios, so a machine busy with other work skews it least. sfndeploy's expression
caches (compiled paths, intrinsics, JSONata) are emptied before every pass, so repeated texts
across passes do not flatter it.

It also counts what each tool finds: definitions of the invalid corpus each one flags, and
definitions AWS accepted that each one rejects (false alarms).

Run: ``.venv/bin/python benchmarks/validate_bench.py`` (add ``--rounds 9`` for steadier figures).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from statelint.linter import Linter

from sfndeploy.asl.intrinsics import compile_intrinsic
from sfndeploy.asl.jsonata import compile_jsonata
from sfndeploy.asl.jsonpath import compile_path
from sfndeploy.validate import validate_definition

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = REPO_ROOT / "tests" / "data" / "conformance" / "aws-recorded"
CORPUS = REPO_ROOT / "tests" / "validate" / "corpus"


def conformance() -> list[Any]:
    return [json.loads(p.read_text(encoding="utf-8"))["definition"] for p in sorted(CONFORMANCE.glob("*/*.json"))]


def corpus(kind: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted((CORPUS / kind).glob("*.json")):
        cases.extend(json.loads(path.read_text(encoding="utf-8")))
    return cases


def clear_caches() -> None:
    for compiled in (compile_path, compile_intrinsic, compile_jsonata):
        compiled.cache_clear()


def sfndeploy_errors(definition: Any, workflow_type: str = "STANDARD") -> int:
    return len(validate_definition(definition, workflow_type=workflow_type).errors)


def statelint_problems(definition: Any, workflow_type: str = "STANDARD") -> int:
    # statelint takes a dict, or text it parses itself (a non-object definition goes in as JSON text).
    subject = definition if isinstance(definition, dict) else json.dumps(definition)
    try:
        return len(Linter.validate(subject))
    except Exception:  # statelint crashes on some malformed definitions; count that as a finding
        return 1


def one_pass(check: Callable[[Any], int], definitions: list[Any]) -> float:
    start = time.perf_counter()
    for definition in definitions:
        check(definition)
    return time.perf_counter() - start


def interleaved(definitions: list[Any], rounds: int) -> tuple[float, float, float]:
    """Best pass time of each tool and the median per-round ratio.

    The tools take turns round by round, so a load change on the machine hits both alike.
    """
    one_pass(sfndeploy_errors, definitions)  # warm-up: imports, compiled schemas
    one_pass(statelint_problems, definitions)
    ours, theirs, ratios = [], [], []
    for _ in range(rounds):
        clear_caches()
        ours.append(one_pass(sfndeploy_errors, definitions))
        theirs.append(one_pass(statelint_problems, definitions))
        ratios.append(theirs[-1] / ours[-1])
    return min(ours), min(theirs), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-definitions", type=int, default=1000)
    args = parser.parse_args()

    accepted = conformance()
    invalid = corpus("invalid")
    valid = corpus("valid")
    base = accepted + [c["definition"] for c in invalid + valid]
    definitions = list(base)
    while len(definitions) < args.min_definitions:
        definitions.extend(base)

    ours, theirs, ratio = interleaved(definitions, args.rounds)
    print(
        f"corpus: {len(definitions)} definitions ({len(accepted)} AWS-accepted, {len(invalid)} invalid, "
        f"{len(valid)} valid tricky)"
    )
    print(f"sfndeploy validate: {len(definitions) / ours:10.0f} definitions/s ({ours:.3f} s)")
    print(f"statelint:          {len(definitions) / theirs:10.0f} definitions/s ({theirs:.3f} s)")
    print(f"ratio:              {ratio:10.2f}x statelint's throughput (median of {args.rounds} interleaved rounds)")

    def flagged(check: Callable[..., int]) -> int:
        return sum(1 for c in invalid if check(c["definition"], c.get("workflow_type", "STANDARD")) > 0)

    def false_alarms(check: Callable[..., int]) -> int:
        return sum(1 for d in accepted if check(d) > 0)

    print(
        f"invalid corpus flagged: sfndeploy {flagged(sfndeploy_errors)}/{len(invalid)}, "
        f"statelint {flagged(statelint_problems)}/{len(invalid)}"
    )
    print(
        f"AWS-accepted definitions rejected: sfndeploy {false_alarms(sfndeploy_errors)}/{len(accepted)}, "
        f"statelint {false_alarms(statelint_problems)}/{len(accepted)}"
    )


if __name__ == "__main__":
    main()
