"""What each diagnostic code means: the rules that report it and a one-line description.

Several rules report the same code (AWS's ``SCHEMA_VALIDATION_FAILED`` above all) and some rules
report a second code for a milder finding; formats that describe codes (SARIF) read them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.validate.diagnostics import ERROR, WARNING, Severity


@dataclass(frozen=True)
class CodeInfo:
    code: str
    summary: str  # one line
    severity: Severity  # the usual one; a rule may report a finding under another
    rules: tuple[tuple[str, str], ...] = ()  # (rule id, what it checks)

    def help_text(self) -> str:
        lines = [self.summary]
        lines.extend(f"- {rule_id}: {checks}" for rule_id, checks in self.rules)
        return "\n".join(lines)


# Codes whose description is not one rule's summary: shared by many rules, or reported outside ALL_RULES.
_DESCRIBED: dict[str, tuple[str, Severity]] = {
    "SCHEMA_VALIDATION_FAILED": ("The definition breaks a rule of the Amazon States Language.", ERROR),
    "MISSING_TRANSITION_TARGET": ("StartAt or a transition names a state that is not in its scope.", ERROR),
    "INVALID_JSON_DESCRIPTION": ("The definition file is not JSON or YAML.", ERROR),
    "MISSING_DESCRIPTION": ("The definition file is empty.", ERROR),
    "DEFINITION_TOO_DEEP": ("The definition is nested too deeply to be checked.", ERROR),
    "REMOTE_UNAVAILABLE": ("AWS's ValidateStateMachineDefinition could not be asked (validate --remote).", WARNING),
    "UNKNOWN_INTEGRATION": (
        "A Task names an optimized service integration sfndeploy does not know (rule resource-arn).",
        WARNING,
    ),
    "UNUSUAL_LAMBDA_ARN": ("A Lambda function ARN that no function can have (rule resource-arn).", WARNING),
    "JSONATA_NOT_AN_EXPRESSION": (
        "A string that looks like a JSONata expression but is not exactly '{% ... %}' (rule jsonata-syntax).",
        WARNING,
    ),
    "VARIABLE_ASSIGNED_LATER": (
        "A variable is only assigned by states that cannot run before it is read (rule variable-assigned).",
        WARNING,
    ),
    "BROAD_GRANT": (
        "A role statement allows every action, a sensitive action on every resource, or iam:PassRole "
        "without iam:PassedToService (rule role-statements-broad-grant).",
        ERROR,
    ),
    "EVENT_PATTERN": (
        "An event trigger's pattern is longer than the default pattern-size quota or has a number with more "
        "decimals than numeric matching keeps (rule triggers-event-pattern).",
        WARNING,
    ),
}
_REMOTE_SUMMARY = "Reported by AWS's ValidateStateMachineDefinition (validate --remote)."


def code_catalogue() -> dict[str, CodeInfo]:
    """Every code the validator's own rules report, in a stable order (first rule first)."""
    from sfndeploy.validate.rules import ALL_RULES  # the rule modules load only for formats that describe codes

    grouped: dict[str, list[tuple[str, str]]] = {}
    severities: dict[str, Severity] = {}
    for rule in ALL_RULES:
        grouped.setdefault(rule.code, []).append((rule.id, rule.summary))
        severities.setdefault(rule.code, rule.severity)
    catalogue = {}
    for code, rules in grouped.items():
        summary, severity = _DESCRIBED.get(code, (rules[0][1] if len(rules) == 1 else code, severities[code]))
        catalogue[code] = CodeInfo(code, summary, severity, tuple(rules))
    for code, (summary, severity) in _DESCRIBED.items():
        catalogue.setdefault(code, CodeInfo(code, summary, severity))
    return catalogue


def describe_code(code: str, catalogue: dict[str, CodeInfo]) -> CodeInfo:
    """The catalogue's entry, or one for a code only AWS reports."""
    return catalogue.get(code) or CodeInfo(code, _REMOTE_SUMMARY, WARNING)
