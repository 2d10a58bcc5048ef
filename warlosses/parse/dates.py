"""Dates and war days as reports write them: in headings, in the General Staff's header
("from 24.02.2022 to 28.12.2024"), and in file names."""

import re
from datetime import date

from warlosses.patterns import alternation, plain
from warlosses.warday import date_of, day_of

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
} | {
    # Ukrainian, genitive as in "28 грудня 2024", and nominative.
    name: number
    for number, names in enumerate(
        (
            ("січня", "січень"), ("лютого", "лютий"), ("березня", "березень"),
            ("квітня", "квітень"), ("травня", "травень"), ("червня", "червень"),
            ("липня", "липень"), ("серпня", "серпень"), ("вересня", "вересень"),
            ("жовтня", "жовтень"), ("листопада", "листопад"), ("грудня", "грудень"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
MONTH = alternation(MONTHS)

# A day or date that can head a report or a document.
# All but the ISO form start at a word: one `\b` for them all.
DAY_OR_DATE = re.compile(
    rf"(?P<iso>(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d))|\b(?:"
    rf"(?P<mdy>(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>20\d\d))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})\.?,?\s+(?P<y2>20\d\d))"
    rf"|(?P<dotted>(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>20\d\d)\b)"
    rf"|(?P<day>day\s+(?P<n1>\d{{1,2}},\d{{3}}|\d{{1,4}})\b)"
    rf"|(?P<nth>(?P<n2>\d{{1,2}},\d{{3}}|\d{{1,4}})(?:st|nd|rd|th)\s+day\b))",
    re.IGNORECASE,
)


def valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Every form of DAY_OR_DATE holds a year 20xx or the word "day": a text without either
# names no day, and needs no closer look.
DAY_HINT = re.compile(r"20\d\d|day", re.IGNORECASE)
DAY_HINT_LOWER = plain(DAY_HINT)


def find_day(text: str) -> int | None:
    """The first war day that `text` names, by date or by number, or None."""
    if DAY_HINT.search(text) is None:
        return None
    for match in DAY_OR_DATE.finditer(text):
        g = match.group
        found: date | None = None
        if g("iso"):
            found = valid(int(g("iy")), int(g("im")), int(g("id")))
        elif g("mdy"):
            found = valid(int(g("y1")), MONTHS[g("m1").lower()], int(g("d1")))
        elif g("dmy"):
            found = valid(int(g("y2")), MONTHS[g("m2").lower()], int(g("d2")))
        elif g("dotted"):
            found = valid(int(g("y3")), int(g("m3")), int(g("d3")))
        else:
            number = int((g("n1") or g("n2")).replace(",", ""))
            if number >= 1:
                return number
        if found is not None and day_of(found) >= 1:
            return day_of(found)
    return None


_FILE_DAY = re.compile(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)|day[-_ ]?(\d{1,4})(?!\d)", re.I)


def day_from_filename(name: str) -> int | None:
    """Rule 4: a date (`2024-12-28`) or a day (`day-1039`) in the file name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for match in _FILE_DAY.finditer(base):
        if match.group(4):
            return int(match.group(4)) or None
        found = valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found is not None and day_of(found) >= 1:
            return day_of(found)
    return None


# The dates of a header: 28.12.2024, 28.12.24, 28.12 (2022, no year), December 28, 2024,
# 28 December 2024, 28 грудня 2024 року.
HEADER_DATE = (
    r"(?P<{p}d>\d{{1,2}})\.(?P<{p}m>\d{{1,2}})(?:\.(?P<{p}y>\d{{2,4}}))?"
    r"|(?P<{p}M>{months})\.?\s+(?P<{p}D>\d{{1,2}})(?:,?\s+(?P<{p}Y>\d{{4}}))?"
    r"|(?P<{p}DD>\d{{1,2}})\s+(?P<{p}MM>{months})(?:\s+(?P<{p}YY>\d{{4}}))?(?:\s+(?:року|р\.))?"
)
LIST_HEADER = re.compile(
    r"(?:combat\s+losses|losses\s+of\s+the\s+enemy|втрати\s+противника|втрати\s+ворога)"
    r"[^\n\d]{0,60}?(?:from|з|із|від)\s+(?:"
    + HEADER_DATE.format(p="f_", months=MONTH)
    + r")[,\s]*(?:to|по|до|till|until|[-–—])\s*(?:"
    + HEADER_DATE.format(p="t_", months=MONTH)
    + ")",
    re.IGNORECASE,
)


def full_year(text: str | None, fallback: int | None) -> int | None:
    if not text:
        return fallback
    year = int(text)
    return year + 2000 if year < 100 else year


def header_date(text: str, header: re.Match[str], offset: int) -> date | None:
    """The "to" date of a list header; a header without a year takes it from the page."""
    g = header.group
    if g("t_d"):
        day, month, year = int(g("t_d")), int(g("t_m")), full_year(g("t_y"), None)
    elif g("t_D"):
        day, month, year = int(g("t_D")), MONTHS[g("t_M").lower()], full_year(g("t_Y"), None)
    else:
        day, month, year = int(g("t_DD")), MONTHS[g("t_MM").lower()], full_year(g("t_YY"), None)
    if year is None:
        year = year_near(text, day, month, offset)
    return valid(year, month, day) if year else None


def year_near(text: str, day: int, month: int, offset: int) -> int | None:
    """The year for a header that gives none: from a full date of the same day and month
    (a page's own time stamp), else from the full date nearest the header."""
    best: tuple[int, int] | None = None
    for match in DAY_OR_DATE.finditer(text):
        found = find_day(match.group(0))
        if found is None or match.group("day") or match.group("nth"):
            continue
        when = date_of(found)
        distance = abs(match.start() - offset)
        if (when.day, when.month) == (day, month):
            return when.year
        if best is None or distance < best[0]:
            best = (distance, when.year)
    return best[1] if best else None
