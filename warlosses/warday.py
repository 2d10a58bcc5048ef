"""War days: day 1 is 2022-02-24, the day of the full-scale invasion."""

import re
from datetime import date, timedelta

from warlosses.errors import WarlossesError

WAR_START = date(2022, 2, 24)


def day_of(d: date) -> int:
    """The war day of a calendar date: 2024-12-28 is day 1039."""
    return (d - WAR_START).days + 1


def date_of(day: int) -> date:
    """The calendar date of a war day."""
    try:
        return WAR_START + timedelta(days=day - 1)
    except OverflowError:
        raise WarlossesError(f"day {day} has no calendar date") from None


_WHEN = re.compile(r"(?:day\s*)?(\d{1,5})", re.IGNORECASE)


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date given by the user, or a WarlossesError saying what is wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise WarlossesError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def parse_when(text: str) -> int:
    """A point in the war as users write it: `day 1000`, `day1000`, `1000` or `2024-12-01`.

    Returns the war day.
    """
    cleaned = text.strip()
    match = _WHEN.fullmatch(cleaned)
    if match:
        day = int(match.group(1))
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        day = day_of(parse_date(cleaned))
    else:
        raise WarlossesError(
            f"{text!r} is not a day or date; write `day 1000`, `1000` or `2024-12-01`"
        )
    if day < 1:
        raise WarlossesError(f"{text!r} is before the war's first day (2022-02-24)")
    return day
