"""Fast accepts for the commonest expressions, so the full parsers only see the rest.

Most paths in real definitions are plain (``$.order.items[0]``, ``$$.Execution.Id``, ``$total``)
and most JSONata expressions are a variable with field steps (``$states.input.order``), a literal,
a function called with those, or a comparison of them. A regular
expression recognises those forms, which are valid by the grammar, and says what the parser
would: the root of the path (every such path is a reference path). Anything else, valid or not,
goes to the parser (``sfndeploy.asl``), which stays the only judge of what is invalid.
"""

from __future__ import annotations

import re

# "$", "$$" or "$name", then ".name" and "[index]" steps; names limited to characters no parser
# reads specially (the JSONPath parser would also take other characters in a name).
_PLAIN_PATH = re.compile(r"(\$\$|\$(?:[A-Za-z_][A-Za-z0-9_]*)?)(?:\.[A-Za-z0-9_-]+|\[[0-9]+\])*")
# "$name.field.field": a JSONata variable with field steps.
_VARIABLE = r"\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
# Literals: a number without leading zeros, a string without escapes, true, false, null.
_LITERAL = r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|'[^'\\\n]*'|\"[^\"\\\n]*\"|true|false|null"
_SPACE = r"[ \t\n\r]"
_ARGUMENT = rf"{_SPACE}*(?:{_VARIABLE}|{_LITERAL}){_SPACE}*"
# A variable, a literal, or a function called with variables and literals: "$f($states.input.a, 2)".
_OPERAND = rf"(?:{_VARIABLE}|{_LITERAL}|\$[A-Za-z_][A-Za-z0-9_]*\((?:{_ARGUMENT}(?:,{_ARGUMENT})*)?\))"
# Binary operators between operands ("and"/"or" set off by spaces).
_OPERATOR = rf"{_SPACE}*(?:!=|<=|>=|[-+*/%&=<>]){_SPACE}*|{_SPACE}+(?:and|or){_SPACE}+"
# Operands joined by binary operators: "$states.input.value >= 20 and $states.input.value < 30".
_PLAIN_JSONATA = re.compile(rf"{_OPERAND}(?:(?:{_OPERATOR}){_OPERAND})*")
# Names JSONata reads as operators or literals: a step with one of these goes to the parser.
_JSONATA_WORDS = frozenset({"and", "or", "in", "true", "false", "null", "function"})


def plain_path_root(text: str) -> str | None:
    """The root ("$", "$$" or "$name") of a plain reference path, None when the parser must decide."""
    match = _PLAIN_PATH.fullmatch(text)
    return match.group(1) if match is not None else None


def is_plain_jsonata(expression: str) -> bool:
    """Whether ``expression`` (inside ``{% %}``, stripped) is made of variables with field steps,
    literals and functions called with those, joined by binary operators: valid JSONata."""
    if _PLAIN_JSONATA.fullmatch(expression) is None:
        return False
    if "." not in expression:
        return True
    steps = re.split(r"[^A-Za-z0-9_.]+", expression)  # the "$name.step.step" runs, and literals' words
    return all(_JSONATA_WORDS.isdisjoint(run.split(".")[1:]) for run in steps if "." in run)
