"""Schedule expressions, time zones and dates as EventBridge and EventBridge Scheduler accept them.

Each check returns the problem in words, or None when the value is fine; the caller adds the
template line. The grammar is the one AWS documents for scheduled rules and schedules:

- ``cron(minutes hours day-of-month month day-of-week year)``: six fields; exactly one of
  day-of-month and day-of-week is ``?``; ``L`` and ``W`` in day-of-month, ``L`` and ``#`` in
  day-of-week; ``,`` ``-`` ``*`` ``/`` everywhere else;
- ``rate(value unit)``: a positive whole number and ``minute``/``hour``/``day``, singular for 1;
- ``at(yyyy-mm-ddThh:mm:ss)``: one time, in the schedule's time zone (Scheduler only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_RATE = re.compile(r"^rate\((\S+) +(\S+)\)$")
_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
_CRON = re.compile(r"^cron\((.*)\)$")
_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()  # JAN..DEC or SUN..SAT, numbered from ``low``
    any_allowed: bool = False  # '?' may stand for the whole field


_FIELDS = (
    _Field("minutes", 0, 59),
    _Field("hours", 0, 23),
    _Field("day-of-month", 1, 31, any_allowed=True),
    _Field("month", 1, 12, _MONTHS),
    _Field("day-of-week", 1, 7, _DAYS, any_allowed=True),
    _Field("year", 1970, 2199),
)


def check_expression(expression: str, *, allow_at: bool) -> str | None:
    """Why ``expression`` is not a schedule expression AWS accepts; None when it is."""
    if expression.startswith("cron("):
        return check_cron(expression)
    if expression.startswith("rate("):
        return check_rate(expression)
    if expression.startswith("at("):
        if not allow_at:
            return "at(...) is for schedules only; a rule takes cron(...) or rate(...)"
        return check_at(expression)
    forms = "cron(...), rate(...) or at(...)" if allow_at else "cron(...) or rate(...)"
    return f"'{expression}' is not a schedule expression; write {forms}"


def check_rate(expression: str) -> str | None:
    match = _RATE.match(expression)
    if match is None:
        return f"'{expression}' is not a rate expression; write rate(VALUE UNIT), e.g. rate(5 minutes)"
    value, unit = match.groups()
    if not _NUMBER.match(value) or int(value) < 1:
        return f"{expression}: the rate must be a whole number of at least 1, not '{value}'"
    singular = unit.rstrip("s")
    if singular not in ("minute", "hour", "day"):
        return f"{expression}: the unit must be minute(s), hour(s) or day(s), not '{unit}'"
    wanted = singular if int(value) == 1 else f"{singular}s"
    if unit != wanted:
        return f"{expression}: write '{value} {wanted}' (the unit is singular for 1, plural otherwise)"
    return None


def check_at(expression: str) -> str | None:
    match = _AT.match(expression)
    if match is None:
        return f"'{expression}' is not an at expression; write at(yyyy-mm-ddThh:mm:ss), e.g. at(2027-01-31T09:00:00)"
    try:
        datetime.fromisoformat(match.group(1))
    except ValueError:
        return f"{expression}: {match.group(1)} is not a date and time that exists"
    return None


def check_cron(expression: str) -> str | None:
    match = _CRON.match(expression)
    if match is None:
        return f"'{expression}' is not a cron expression; write cron(minutes hours day-of-month month day-of-week year)"
    fields = match.group(1).split()
    if len(fields) != len(_FIELDS):
        return (
            f"{expression}: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), "
            f"not {len(fields)}"
        )
    for spec, text in zip(_FIELDS, fields, strict=True):
        problem = _check_field(spec, text)
        if problem is not None:
            return f"{expression}: {spec.name} '{text}': {problem}"
    day_of_month, day_of_week = fields[2], fields[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        return f"{expression}: exactly one of day-of-month and day-of-week must be '?'"
    return None


def _check_field(spec: _Field, text: str) -> str | None:
    if text == "?":
        return None if spec.any_allowed else "'?' is allowed only in day-of-month and day-of-week"
    parts = text.split(",")
    if spec.name == "day-of-week" and "#" in text and len(parts) > 1:
        return "with '#' the field holds one expression only"
    for part in parts:
        problem = _check_part(spec, part)
        if problem is not None:
            return problem
    return None


def _check_part(spec: _Field, part: str) -> str | None:
    special = _special(spec, part)
    if special is not None:
        return special or None
    base, slash, step = part.partition("/")
    if slash and not (_NUMBER.match(step) and 1 <= int(step) <= spec.high):
        return f"the increment '{step}' must be a whole number from 1 to {spec.high}"
    if base == "*":
        return None
    low_text, dash, high_text = base.partition("-")
    low = _value(spec, low_text)
    if low is None:
        return _bad_value(spec, low_text)
    if not dash:
        return None
    high = _value(spec, high_text)
    if high is None:
        return _bad_value(spec, high_text)
    if high < low and spec.name != "day-of-week":
        return f"the range {base} runs backwards"
    return None


def _special(spec: _Field, part: str) -> str | None:
    """'' when ``part`` is a valid L/W/# form, a problem when it is a broken one, None when it is neither."""
    if spec.name == "day-of-month":
        if part in ("L", "LW"):
            return ""
        if part.endswith("W"):
            return "" if _value(spec, part[:-1]) is not None else f"'{part}': W follows a day of the month, as in 15W"
    if spec.name == "day-of-week":
        if part == "L":
            return ""
        if part.endswith("L"):
            return "" if _value(spec, part[:-1]) is not None else f"'{part}': L follows a day of the week, as in 6L"
        if "#" in part:
            weekday, _, nth = part.partition("#")
            if _value(spec, weekday) is None or not (_NUMBER.match(nth) and 1 <= int(nth) <= 5):
                return f"'{part}': write DAY#N with a day of the week and N from 1 to 5, as in 3#2"
            return ""
    residue = part.upper()
    for name in spec.names:
        residue = residue.replace(name, "")
    if any(mark in residue for mark in "LW#"):
        where = "only L and W in day-of-month, L and # in day-of-week"
        return f"'{part}': L, W and # are not allowed in {spec.name} ({where})"
    return None


def _value(spec: _Field, text: str) -> int | None:
    if _NUMBER.match(text):
        number = int(text)
        return number if spec.low <= number <= spec.high else None
    upper = text.upper()
    if upper in spec.names:
        return spec.low + spec.names.index(upper)
    return None


def _bad_value(spec: _Field, text: str) -> str:
    allowed = f"{spec.low}-{spec.high}"
    if spec.names:
        allowed += f" or {spec.names[0]}-{spec.names[-1]}"
    return f"'{text}' is not a value of {spec.name} ({allowed})"


@cache
def _time_zones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


def check_timezone(name: str) -> str | None:
    """Why ``name`` is not an IANA time zone name; None when it is one."""
    zones = _time_zones()
    if name in zones:
        return None
    from sfndeploy.suggest import closest

    close = closest(name, sorted(zones))
    hint = f"; did you mean '{close}'?" if close else " (an IANA name such as Europe/Berlin or UTC)"
    return f"'{name}' is not a time zone{hint}"


def parse_date(text: str) -> datetime | str:
    """A start or end date: an ISO 8601 date and time with its offset (Z for UTC), or the problem."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return f"'{text}' is not an ISO 8601 date and time such as 2027-01-31T00:00:00Z"
    if moment.tzinfo is None:
        return f"'{text}' has no offset; write Z for UTC or an offset such as +01:00"
    return moment
