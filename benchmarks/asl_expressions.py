"""How fast sfndeploy.asl evaluates expressions, against peers measured in the same run.

* JSONPath: our compiled paths vs jsonpath-ng's pre-parsed paths (``parse(text).find(data)``).
* Intrinsics and JSONata: compiled once vs parsed on every evaluation (what compiling saves).
* JSONata plain paths: our direct lookup vs jsonata-python evaluating the same (compiled) path.

Run: ``.venv/bin/python benchmarks/asl_expressions.py`` (prints evaluations per second and ratios).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from jsonpath_ng.ext import parse as jsonpath_ng_parse

from sfndeploy.asl.intrinsics import compile_intrinsic
from sfndeploy.asl.jsonata import compile_jsonata
from sfndeploy.asl.jsonpath import CompiledPath, compile_path

DATA: dict[str, Any] = {
    "order": {
        "id": "o-1",
        "customer": {"name": "Ann", "tier": "gold"},
        "lines": [{"sku": f"s{index}", "qty": index % 4, "price": 1.5 * index} for index in range(20)],
    },
    "flags": {"express": True},
}
PATHS = [
    "$.order.id",
    "$.order.customer.name",
    "$.order.lines[3].sku",
    "$.order.lines[*].sku",
    "$.order.lines[?(@.qty > 2)].sku",
    "$..sku",
]
INTRINSIC = "States.Format('{} has {} lines', $.order.customer.name, States.ArrayLength($.order.lines))"
JSONATA = "$sum($states.input.order.lines.price) > 10 ? 'big' : 'small'"


def rate(work: Callable[[], Any], seconds: float = 0.3) -> float:
    """Calls per second of ``work`` over about ``seconds``."""
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(50):
            work()
        calls += 50
    return calls / (time.perf_counter() - start)


def row(name: str, ours: float, peer: float, peer_name: str) -> None:
    print(f"{name:58} {ours:12,.0f} {peer:12,.0f} {ours / peer:6.1f}x  {peer_name}")


def resolve(path: CompiledPath) -> Any:
    return path.evaluate(DATA)


def main() -> None:
    print(f"{'expression':58} {'ours/s':>12} {'peer/s':>12} {'ratio':>7}  peer")
    for text in PATHS:
        ours = compile_path(text)
        peer = jsonpath_ng_parse(text)
        peer_values = [match.value for match in peer.find(DATA)]
        assert ours.evaluate(DATA) == (peer_values if not ours.definite else peer_values[0])
        our_rate = rate(lambda ours=ours: ours.evaluate(DATA))
        peer_rate = rate(lambda peer=peer: peer.find(DATA))
        row(text, our_rate, peer_rate, "jsonpath-ng")
    compiled = compile_intrinsic(INTRINSIC)
    our_rate = rate(lambda: compiled.evaluate(resolve))
    peer_rate = rate(lambda: compile_intrinsic.__wrapped__(INTRINSIC).evaluate(resolve))
    row("States.Format(...ArrayLength...)", our_rate, peer_rate, "re-parse")
    program = compile_jsonata(JSONATA)
    states = {"input": DATA}
    our_rate = rate(lambda: program.evaluate(states, {}))
    peer_rate = rate(lambda: compile_jsonata.__wrapped__(JSONATA).evaluate(states, {}))
    row("JSONata $sum(...) ? :", our_rate, peer_rate, "re-parse")
    shortcut = compile_jsonata("$states.input.order.customer.name")
    evaluator = compile_jsonata("($states.input.order.customer.name)")
    our_rate = rate(lambda: shortcut.evaluate(states, {}))
    peer_rate = rate(lambda: evaluator.evaluate(states, {}))
    row("JSONata $states.input.order.customer.name", our_rate, peer_rate, "jsonata-python")


if __name__ == "__main__":
    main()
