"""Schedule expressions, time zones and dates, checked the way EventBridge and EventBridge Scheduler check them."""

from __future__ import annotations

import pytest

from sfndeploy.triggers.expressions import check_expression, check_timezone, parse_date

VALID = [
    "cron(0 2 * * ? *)",
    "cron(15 10 ? * 6L 2026-2030)",
    "cron(0/15 8-18 ? * MON-FRI *)",
    "cron(0 9 L * ? *)",
    "cron(0 9 15W * ? *)",
    "cron(0 9 LW JAN,JUL ? *)",
    "cron(0 12 ? JUL-DEC 3#2 *)",
    "cron(5,35 */2 1-15 * ? 2027)",
    "cron(0 0 ? * SAT-SUN *)",
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "at(2027-01-31T09:30:00)",
]


@pytest.mark.parametrize("expression", VALID)
def test_valid_expressions_pass(expression: str) -> None:
    assert check_expression(expression, allow_at=True) is None


INVALID = [
    ("cron(0 2 * * *)", "has 6 fields (minutes hours day-of-month month day-of-week year), not 5"),
    ("cron(0 2 * * * *)", "exactly one of day-of-month and day-of-week must be '?'"),
    ("cron(0 2 ? * ? *)", "exactly one of day-of-month and day-of-week must be '?'"),
    ("cron(60 2 * * ? *)", "minutes '60': '60' is not a value of minutes (0-59)"),
    ("cron(0 24 * * ? *)", "hours '24': '24' is not a value of hours (0-23)"),
    ("cron(0 2 32 * ? *)", "day-of-month '32': '32' is not a value of day-of-month (1-31)"),
    ("cron(0 2 * 13 ? *)", "month '13': '13' is not a value of month (1-12 or JAN-DEC)"),
    ("cron(0 2 ? * 8 *)", "day-of-week '8': '8' is not a value of day-of-week (1-7 or SUN-SAT)"),
    ("cron(0 2 * * ? 1969)", "year '1969': '1969' is not a value of year (1970-2199)"),
    ("cron(? 2 * * ? *)", "minutes '?': '?' is allowed only in day-of-month and day-of-week"),
    ("cron(0 2 ? * 3#1,6#3 *)", "with '#' the field holds one expression only"),
    ("cron(0 2 ? * 3#6 *)", "write DAY#N with a day of the week and N from 1 to 5"),
    ("cron(0 2 L * ? *)", None),
    ("cron(0 L * * ? *)", "L, W and # are not allowed in hours"),
    ("cron(0 2 ? * 2W *)", "L, W and # are not allowed in day-of-week"),
    ("cron(0/0 2 * * ? *)", "the increment '0' must be a whole number from 1 to 59"),
    ("cron(0 20-5 * * ? *)", "the range 20-5 runs backwards"),
    ("cron(0 2 * jan-mar ? *)", None),
    ("cron(0 2 * JUNE ? *)", "'JUNE' is not a value of month"),
    ("cron 0 2 * * ? *", "is not a schedule expression; write cron(...), rate(...) or at(...)"),
    ("rate(0 minutes)", "the rate must be a whole number of at least 1, not '0'"),
    ("rate(1.5 hours)", "the rate must be a whole number of at least 1, not '1.5'"),
    ("rate(1 minutes)", "write '1 minute' (the unit is singular for 1, plural otherwise)"),
    ("rate(5 minute)", "write '5 minutes'"),
    ("rate(2 weeks)", "the unit must be minute(s), hour(s) or day(s), not 'weeks'"),
    ("rate(5)", "is not a rate expression"),
    ("at(2027-02-30T09:00:00)", "2027-02-30T09:00:00 is not a date and time that exists"),
    ("at(2027-01-31 09:00:00)", "is not an at expression; write at(yyyy-mm-ddThh:mm:ss)"),
]


@pytest.mark.parametrize(("expression", "problem"), INVALID)
def test_invalid_expressions_say_why(expression: str, problem: str | None) -> None:
    found = check_expression(expression, allow_at=True)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found, found


def test_rules_take_no_at_expression() -> None:
    assert check_expression("at(2027-01-31T09:30:00)", allow_at=False) == (
        "at(...) is for schedules only; a rule takes cron(...) or rate(...)"
    )
    assert (
        check_expression("every day", allow_at=False)
        == "'every day' is not a schedule expression; write cron(...) or rate(...)"
    )


def test_time_zones_are_iana_names() -> None:
    assert check_timezone("Europe/Berlin") is None
    assert check_timezone("UTC") is None
    assert check_timezone("America/Argentina/Buenos_Aires") is None
    assert check_timezone("Europe/Berln") == "'Europe/Berln' is not a time zone; did you mean 'Europe/Berlin'?"
    problem = check_timezone("CEST+2")
    assert problem is not None and problem.startswith("'CEST+2' is not a time zone")


def test_dates_need_an_offset() -> None:
    moment = parse_date("2027-01-31T00:00:00Z")
    assert not isinstance(moment, str) and moment.utcoffset() is not None
    assert (
        parse_date("2027-01-31T00:00:00")
        == "'2027-01-31T00:00:00' has no offset; write Z for UTC or an offset such as +01:00"
    )
    assert parse_date("31.01.2027") == "'31.01.2027' is not an ISO 8601 date and time such as 2027-01-31T00:00:00Z"
