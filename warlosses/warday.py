"""War days: day 1 is 2022-02-24, the day of the full-scale invasion."""

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


def last_day(today: date | None = None) -> int:
    """The last war day a report can be for: tomorrow's, by this machine's clock (Kyiv is
    ahead of most of the world, so its morning report may bear tomorrow's date here)."""
    return day_of((today or date.today()) + timedelta(days=1))


def _impossible(day: int) -> str | None:
    """Why no report can be for war day `day` (None when one can): none before the war's
    first day, none after tomorrow. Wherever a day comes from (an option, a report's text,
    an imported record), this is its bound; a far-future day used to make `check` span
    millions of days."""
    if day < 1:
        return f"before the war's first day ({WAR_START})"
    if day > last_day():
        return "after tomorrow"
    return None


def day_problem(day: int) -> str | None:
    """`day 0 is before the war's first day (2022-02-24)`; None when a report can be for it."""
    reason = _impossible(day)
    return None if reason is None else f"day {day} is {reason}"


def date_problem(when: date) -> str | None:
    """`9999-12-31 is after tomorrow`; None when a report can be for the date."""
    reason = _impossible(day_of(when))
    return None if reason is None else f"{when} is {reason}"


def possible_day(day: int, label: str) -> int:
    """`day`, or the WarlossesError `{label} is after tomorrow` (or before the war)."""
    reason = _impossible(day)
    if reason is not None:
        raise WarlossesError(f"{label} is {reason}")
    return day


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date given by the user, or a WarlossesError saying what is wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise WarlossesError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None
