"""The permissions list (sfndeploy/plan/permissions.py) against the code that makes the calls.

Scope: every sfndeploy module ``plan``, ``apply`` and ``drift`` can load, found statically by
following imports (including those inside functions) from ``sfndeploy.plan.service`` and the
resource kinds ``all_kinds()`` loads by name. ``promote``/``rollout`` calls are not in it (only
``sfndeploy.promote``'s pure modules are imported by apply); nor is STS ``GetCallerIdentity``,
which needs no permission.
"""

from __future__ import annotations

import ast
import dataclasses
from functools import cache
from pathlib import Path

from sfndeploy.plan.kinds import all_kinds
from sfndeploy.plan.permissions import IAM_PREFIX, PERMISSIONS, permissions_markdown
from sfndeploy.plan.tagging import TagApi

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DOC = PACKAGE_ROOT / "docs" / "permissions.md"

# Call sites whose service and operation are not literals, and why they need no entry of their own.
DYNAMIC_SITES = {
    ("sfndeploy.aws.api", "service"),  # pages() calls call() with its own arguments
    ("sfndeploy.plan.executor", "call.service"),  # runs the plan's ApiCalls, each found where it is built
    ("sfndeploy.plan.steps", "call['service']"),  # a saved plan's ApiCalls read back
    ("sfndeploy.plan.tagging", "self.service"),  # TagApi's calls, found through its TagApi(...) constants
}
# Operations in scope modules that only other commands reach.
NOT_PLAN_APPLY = {"events:ListRuleNamesByTarget"}  # eventbridge/buses.py, used by import only


def _module_path(module: str) -> Path | None:
    base = PACKAGE_ROOT.joinpath(*module.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.exists():
            return path
    return None


def _imports(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("sfndeploy") and _module_path(name)}


@cache
def scope_modules() -> frozenset[str]:
    roots = ["sfndeploy.plan.service", *(type(kind).__module__ for kind in all_kinds())]
    seen: set[str] = set()
    while roots:
        module = roots.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_path(module)
        assert path is not None, module
        roots.extend(_imports(module, path))
    return frozenset(seen)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


TAG_DEFAULTS = {f.name: f.default for f in dataclasses.fields(TagApi)}


def _operations_of(call: ast.Call, name: str) -> list[tuple[str, str]] | None:
    """(service, operation) pairs a call site names; None when they are not literals."""
    service = _literal(_argument(call, 0, "service"))
    if service is None:
        return None
    if name == "TagApi":
        ops = []
        for keyword in ("tag_operation", "untag_operation"):
            given = next((k.value for k in call.keywords if k.arg == keyword), None)
            operation = _literal(given) if given is not None else str(TAG_DEFAULTS[keyword])
            if operation is None:
                return None
            ops.append((service, operation))
        return ops
    operation = _literal(_argument(call, 1, "operation"))
    return None if operation is None else [(service, operation)]


def scan(modules: frozenset[str]) -> tuple[set[str], set[tuple[str, str]]]:
    """IAM actions named by literal calls in ``modules``, and the dynamic sites (module, first argument)."""
    actions: set[str] = set()
    dynamic: set[tuple[str, str]] = set()
    for module in sorted(modules):
        path = _module_path(module)
        assert path is not None
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name not in ("call", "pages", "ApiCall", "TagApi"):
                continue
            if name in ("call", "pages") and not isinstance(func, ast.Attribute):
                continue
            pairs = _operations_of(node, name)
            if pairs is None:
                first = _argument(node, 0, "service")
                dynamic.add((module, ast.unparse(first) if first is not None else ""))
                continue
            actions.update(f"{IAM_PREFIX[service]}:{operation}" for service, operation in pairs)
    return actions, dynamic


def test_the_scope_holds_the_kinds_and_the_trigger_modules() -> None:
    modules = scope_modules()
    for expected in ("sfndeploy.plan.kinds.alarm", "sfndeploy.triggers.role_reach", "sfndeploy.eventbridge.grants",
                     "sfndeploy.plan.lock", "sfndeploy.aws.secrets"):
        assert expected in modules
    assert "sfndeploy.promote.rollout" not in modules
    assert "sfndeploy.importer.rules" not in modules


def test_every_operation_called_is_listed_and_every_listed_action_is_called() -> None:
    called, dynamic = scan(scope_modules())
    assert dynamic == DYNAMIC_SITES
    assert called >= NOT_PLAN_APPLY
    called -= NOT_PLAN_APPLY
    operations = {p.action for p in PERMISSIONS if not p.inside}
    assert sorted(called - operations) == [], "called but not in sfndeploy/plan/permissions.py"
    assert sorted(operations - called) == [], "listed but no longer called"
    for permission in PERMISSIONS:
        assert set(permission.inside) <= called, permission.action


def test_the_list_is_unique_and_passes_roles_only_under_a_service_condition() -> None:
    keys = [(p.action, p.condition) for p in PERMISSIONS]
    assert len(keys) == len(set(keys))
    pass_role = [p for p in PERMISSIONS if p.action == "iam:PassRole"]
    assert {p.condition.split('"')[1] for p in pass_role} == {
        "states.amazonaws.com", "events.amazonaws.com", "scheduler.amazonaws.com"
    }
    assert all(p.access in ("read", "write") and p.when for p in PERMISSIONS)


def test_docs_hold_the_generated_table() -> None:
    text = DOC.read_text()
    start = text.index("<!-- permissions table -->\n") + len("<!-- permissions table -->\n")
    end = text.index("<!-- end permissions table -->")
    stale = "docs/permissions.md is stale: put permissions_markdown()'s output between its markers"
    assert text[start:end] == permissions_markdown(), stale
