"""WHEN, as people write it: a day, a date, a week, a month, a span counted back from the
last stored day, or two of these joined by `..`.

    1000, day 1000, day1000, day 1,000      war day 1000 (bare numbers are war days)
    2024-12-28                              that day
    2024-W52                                that ISO week, Monday to Sunday
    2024-12                                 that month
    today, yesterday                        the day in Kyiv (the General Staff's clock)
    7d, 4w, 3m, 1y                          that many days, weeks, months or years ending on
                                            the last stored day (not the clock's: a store a
                                            week behind still answers)
    2024-12-01..2025-01-15, day 1000..1100  from the first one's start to the second's end;
                                            either side may be left out (`2025-01..`)

Every WHEN is a span of war days (`When`): `--since` takes its first day, `--until` its
last, `--at` its last stored day (a single day must be stored), and `span` or `compare`
the whole of it. Pure but for `today`, which reads the clock.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta

from warlosses.errors import WarlossesError
from warlosses.warday import WAR_START, date_of, day_of

FORMS = (
    "write a day (`day 1,000`, `1000`), a date (`2024-12-28`), a week (`2024-W52`), a month "
    "(`2024-12`), `today`, `yesterday`, a span back from the last stored day (`7d`, `4w`, "
    "`3m`, `1y`) or two of these joined by `..`"
)

_DAY = re.compile(r"(?:day\s*)?(\d{1,3}(?:,\d{3})+|\d{1,7})", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-?W(\d{2})", re.IGNORECASE)
_BACK = re.compile(r"(\d{1,5})\s*(d|days?|w|weeks?|m|months?|y|years?)", re.IGNORECASE)


class When:
    """A span of war days, both ends included (None: open), and how it steps to the span
    before it: `months` calendar months (a month, `3m`, `1y`), else its length in days.

    (A plain class rather than a dataclass: every report that takes a WHEN imports this
    module, and making a dataclass costs about a millisecond.)"""

    __slots__ = ("first", "last", "months", "text")

    def __init__(self, first: int | None, last: int | None, months: int = 0, text: str = ""):
        self.first, self.last, self.months, self.text = first, last, months, text

    def __repr__(self) -> str:
        return f"When({self.first!r}, {self.last!r}, months={self.months!r}, text={self.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return (self.first, self.last, self.months) == (other.first, other.last, other.months)

    def __hash__(self) -> int:
        return hash((self.first, self.last, self.months))

    @property
    def single(self) -> bool:
        """Whether it names one day."""
        return self.first is not None and self.first == self.last and not self.months

    def before(self) -> "When":
        """The span just before, of the same kind: the month before a month, the week
        before a week, as many days before a span of days."""
        first, last = self._closed()
        if self.months:
            start = _add_months(date_of(first), -self.months)
            end = _add_months(date_of(last + 1), -self.months) - timedelta(days=1)
            return When(day_of(start), day_of(end), self.months)
        length = last - first + 1
        return When(first - length, first - 1)

    def year_before(self) -> "When":
        """The same dates a year earlier (29 February is the 28th)."""
        first, last = self._closed()
        start = _add_months(date_of(first), -12)
        end = _add_months(date_of(last + 1), -12) - timedelta(days=1)
        return When(day_of(start), day_of(end), self.months)

    def _closed(self) -> tuple[int, int]:
        if self.first is None or self.last is None:
            raise WarlossesError(f"{self.text!r}: give a span with both ends to compare it")
        return self.first, self.last


def _add_months(when: date, months: int) -> date:
    """`when` moved by whole months, its day kept where the month has it (else its last)."""
    import calendar

    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def parse(
    text: str,
    last_stored: Callable[[], int | None],
    today: Callable[[], date] | None = None,
) -> When:
    """The span a WHEN names. `last_stored` gives the last stored day (relative spans count
    back from it), `today` the Kyiv date (default: the clock's)."""
    cleaned = " ".join(str(text).split())
    if ".." in cleaned:
        start, _, end = cleaned.partition("..")
        if not start.strip() and not end.strip():
            raise WarlossesError(f"{text!r} is not a span; {FORMS}")
        first = parse(start, last_stored, today).first if start.strip() else None
        last = parse(end, last_stored, today).last if end.strip() else None
        if first is not None and last is not None and first > last:
            raise WarlossesError(f"{text!r}: its start (day {first}) is after its end (day {last})")
        return When(first, last, 0, text)
    found = _one(cleaned, last_stored, today)
    if found is None:
        raise WarlossesError(f"{text!r} is not a day or date; {FORMS}")
    first, last, months = found
    if last < 1:
        raise WarlossesError(f"{text!r} is before the war's first day ({WAR_START})")
    return When(max(first, 1), last, months, text)


def _one(
    text: str, last_stored: Callable[[], int | None], today: Callable[[], date] | None
) -> tuple[int, int, int] | None:
    """(first day, last day, months) of one WHEN without `..`; None if it is none."""
    lowered = text.lower()
    if lowered in ("today", "yesterday"):
        now = (today or kyiv_today)()
        day = day_of(now) - (lowered == "yesterday")
        return day, day, 0
    if match := _DAY.fullmatch(text):
        day = int(match.group(1).replace(",", ""))
        return day, day, 0
    if match := _DATE.fullmatch(text):
        day = day_of(_date(text, *map(int, match.groups())))
        return day, day, 0
    if match := _WEEK.fullmatch(text):
        year, week = map(int, match.groups())
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise WarlossesError(f"{text!r} is not a week; write it as 2024-W52") from None
        return day_of(monday), day_of(monday) + 6, 0
    if match := _MONTH.fullmatch(text):
        import calendar

        year, month = map(int, match.groups())
        start = _date(text, year, month, 1)
        end = start.replace(day=calendar.monthrange(year, month)[1])
        return day_of(start), day_of(end), 1
    if match := _BACK.fullmatch(text):
        count, unit = int(match.group(1)), match.group(2).lower()[0]
        if count < 1:
            raise WarlossesError(f"{text!r}: count back one day or more")
        last = last_stored()
        if last is None:
            raise WarlossesError(
                f"{text!r} counts back from the last stored day; nothing is stored"
            )
        if unit in "dw":
            return last - count * (7 if unit == "w" else 1) + 1, last, 0
        months = count * (12 if unit == "y" else 1)
        start = _add_months(date_of(last + 1), -months)
        return day_of(start), last, months
    return None


def _date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WarlossesError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def kyiv_today() -> date:
    """Today's date in Kyiv."""
    from datetime import UTC, datetime

    from warlosses.published import kyiv_date

    found = kyiv_date(datetime.now(UTC))
    assert found is not None
    return found
