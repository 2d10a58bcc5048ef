"""Dates and war days as reports write them: in headings, in the General Staff's header
("from 24.02.2022 to 28.12.2024"), and in file names.

A date that marks the war's start ("since Feb. 24, 2022", "з 24 лютого 2022 року") is never
a report's date, wherever it stands: the General Staff's first report is of day 2.
"""

import re
from collections.abc import Iterator
from datetime import date

from warlosses.lexicon import numbers, words
from warlosses.parse.numbers import NUMBER_WORDS
from warlosses.patterns import alternation, at_word_start, words_at_start
from warlosses.warday import WAR_START, date_of, day_of

MONTHS = numbers("MONTHS")
MONTH = alternation(MONTHS)

# A war day by number: "Day 1,039", "1,039th day", "1039-й день", "1039-ї доби". A number
# that goes on ("Day 2,913,851") is not a day.
_DAY_NUMBER = r"\d{1,2}[,.]\d{3}|\d{1,4}"
_DAY_END = r"(?![,.]?\d)"

# A day or date that can head a report or a document.
# All but the ISO form start at a word: one `\b` for them all.
DAY_OR_DATE = re.compile(
    rf"(?P<iso>(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d))|\b(?:"
    rf"(?P<mdy>(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>20\d\d))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH})\.?,?\s+(?P<y2>20\d\d))"
    rf"|(?P<dotted>(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>20\d\d)\b)"
    # "posted on 02/26/2022 18:17", "26/02/2022": read only where the order is plain
    rf"|(?P<slashed>(?P<a4>\d{{1,2}})/(?P<b4>\d{{1,2}})/(?P<y4>20\d\d)\b)"
    rf"|(?P<day>(?:day|день|доба)\s+(?P<n1>{_DAY_NUMBER}){_DAY_END})"
    rf"|(?P<nth>(?P<n2>{_DAY_NUMBER})(?:st|nd|rd|th|-?(?:й|ий|ї|а|я|ого|го))\s+"
    r"(?:day|день|дня|доба|доби|добу|сутки|суток)\b))",
    re.IGNORECASE,
)


def valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def slashed(year: int, first: int, second: int) -> date | None:
    """A date written with slashes, in either order (US "02/26/2022", European
    "26/02/2022"), where only one order makes a date or both orders give the same one.
    "02/06/2022" could be either, and is no date."""
    us, european = valid(year, first, second), valid(year, second, first)
    if us is not None and european is not None and us != european:
        return None
    return us or european


# Every form of DAY_OR_DATE holds a year 20xx or the word for day: a text without either
# names no day, and needs no closer look.
DAY_HINT = re.compile(r"20\d\d|day|ден|дня|доб|сут", re.IGNORECASE)
# Headings are looked for across a whole page: by the hint of a year or "day" alone, which
# the engine finds ten times as fast as the Cyrillic words for day too. A Ukrainian or
# Russian heading by day number alone ("1039-й день") dates only as the title.
DAY_HINT_LOWER = re.compile(r"20\d\d|day")

# Just before a date: the words that make it the start of a span ("since", "з", "с").
_SINCE = re.compile(
    rf"(?:^|[^\w])(?:{alternation(words('SINCE'))})\s+(?:the\s+)?(?:\w+\s+){{0,3}}?$",
    re.IGNORECASE,
)
_LOOK_BACK = 40


def _starts_a_span(text: str, start: int) -> bool:
    """Whether the date at `start` follows a word that starts a span ("since Feb. 24")."""
    return _SINCE.search(text[max(0, start - _LOOK_BACK) : start]) is not None


def find_day(text: str) -> int | None:
    """The first war day that `text` names, by date or by number, or None. The war's
    first day and dates that start a span ("since ...") are passed over."""
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
        elif g("slashed"):
            found = slashed(int(g("y4")), int(g("a4")), int(g("b4")))
        else:
            number = int(re.sub(r"[,.]", "", g("n1") or g("n2")))
            if number >= 2:
                return number
            continue
        if found is None or found <= WAR_START or _starts_a_span(text, match.start()):
            continue
        return day_of(found)
    return None


_FILE_DAY = re.compile(
    r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)|day[-_ ]?(\d{1,2}[,. ]\d{3}|\d{1,4})(?![,. ]?\d)",
    re.IGNORECASE,
)


def day_from_filename(name: str) -> int | None:
    """Rule 4: a date (`2024-12-28`) or a day (`day-1039`, `Day 1,057`) in the file name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for match in _FILE_DAY.finditer(base):
        if match.group(4):
            number = int(re.sub(r"[,. ]", "", match.group(4)))
            if number >= 2:
                return number
            continue
        found = valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found is not None and found > WAR_START:
            return day_of(found)
    return None


# ---------------------------------------------------------------------------------------
# The General Staff's header: the span its totals cover, from the war's start to the
# report's date ("from 24.02.2022 to 28.12.2024", "з 24.02.22 по 28.12.24", "from February
# 24 to May 4, 2022", "с 24 февраля по 20 апреля"), or the moment they stand at ("as of
# the morning of April 23", "станом на 28.12.2024"). In 2022 the year is often left out.

# The dates of a header: 28.12.2024, 28.12.24, 28.12, December 28, 2024, 28 December 2024,
# 28 грудня 2024 року.
_YEAR_WORD = r"(?:\s*(?:року|р\.|года|г\.))?"
HEADER_DATE = (
    r"(?P<{p}d>\d{{1,2}})\.(?P<{p}m>\d{{1,2}})(?:\.(?P<{p}y>\d{{2,4}}))?(?!\d)"
    r"|(?P<{p}M>{months})\.?\s+(?P<{p}D>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<{p}Y>\d{{4}}))?"
    r"|(?P<{p}DD>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{p}MM>{months})"
    r"(?:,?\s+(?P<{p}YY>\d{{4}}))?"
)
# The war's start as a header's first date.
_WAR_START = (
    rf"(?:24(?:\.0?2(?:\.(?:20)?22)?)?(?!\d)|24(?:st|th)?\s+(?:of\s+)?(?:february|feb|лютого|февраля)"
    rf"\.?(?:,?\s+2022)?|(?:february|feb)\.?\s+24(?:th)?(?:,?\s+2022)?){_YEAR_WORD}"
)
_FROM = words_at_start(("from", "since", "between", "з", "із", "від", "с", "со"))
_UNTIL = r"(?:to|till|until|through|and|по|до|[-–—])"
_AS_OF = words_at_start(("as of", "станом на", "по состоянию на", "на ранок", "на утро"))
_SPAN = (
    rf"{_FROM}\s+{_WAR_START}[,\s]*{_UNTIL}\s*(?:" + HEADER_DATE.format(p="t_", months=MONTH) + ")"
)
# A line that gives the span of some day's totals heads that day's list and nothing else:
# in a sidebar of other days' headlines it dates no report below it.
SPAN_HEADER = re.compile(_SPAN, re.IGNORECASE)
LIST_HEADER = re.compile(
    at_word_start(
        _SPAN
        + rf"|{_AS_OF}\s+(?:(?:the\s+)?(?:morning|evening)\s+of\s+|ранок\s+)?(?:"
        + HEADER_DATE.format(p="a_", months=MONTH)
        + ")"
    ),
    re.IGNORECASE,
)


# A span between two dates of which the first is not the war's start: a period's sum
# ("from October 10, 2023 to February 17, 2024"), never a day's report.
_ANY_SPAN = re.compile(
    rf"{_FROM}\s+(?:"
    + HEADER_DATE.format(p="f_", months=MONTH)
    + rf")(?:,?\s+\d{{4}})?{_YEAR_WORD}[,\s]*{_UNTIL}\s*(?:"
    + HEADER_DATE.format(p="t_", months=MONTH)
    + ")",
    re.IGNORECASE,
)


def period_span(text: str) -> bool:
    """Whether `text` names a span of days that does not start with the war."""
    for match in _ANY_SPAN.finditer(text):
        if SPAN_HEADER.match(text, match.start()) is None:
            return True
    return False


def full_year(text: str | None, fallback: int | None) -> int | None:
    if not text:
        return fallback
    year = int(text)
    return year + 2000 if year < 100 else year


def header_date(
    text: str, header: re.Match[str], offset: int, years: tuple[int, ...] = ()
) -> date | None:
    """The date of a list header (its "to" date, or its "as of" date). A header without
    a year takes it from the page: a full date of the same day and month, else the full
    date nearest the header, else the first of `years` (from the document's publication
    date or file name)."""
    g = header.group
    for p in ("t_", "a_"):
        if g(p + "d"):
            day, month, year = int(g(p + "d")), int(g(p + "m")), full_year(g(p + "y"), None)
            break
        if g(p + "D"):
            day, month = int(g(p + "D")), MONTHS[g(p + "M").lower()]
            year = full_year(g(p + "Y"), None)
            break
        if g(p + "DD"):
            day, month = int(g(p + "DD")), MONTHS[g(p + "MM").lower()]
            year = full_year(g(p + "YY"), None)
            break
    else:  # pragma: no cover - one of the alternatives matched
        return None
    if year is None:
        year = year_near(text, day, month, offset) or (years[0] if years else None)
    found = valid(year, month, day) if year else None
    return found if found is not None and found > WAR_START else None


_YEAR = re.compile(r"20\d\d")
_DATE_REACH = 30  # characters before a year where its date may start


def _full_dates(text: str) -> Iterator[re.Match[str]]:
    r"""The full dates in `text` (with a year), found from their years: the engine finds
    "20\d\d" far faster than the whole date pattern, which then runs only around one."""
    done = 0
    for year in _YEAR.finditer(text):
        if year.start() < done:
            continue
        start = max(done, year.start() - _DATE_REACH)
        for match in DAY_OR_DATE.finditer(text, start, year.end() + 1):
            if match.group("day") or match.group("nth") or match.end() <= year.start():
                continue
            yield match
            done = match.end()
            break


def year_near(text: str, day: int, month: int, offset: int) -> int | None:
    """The year for a header that gives none: from a full date of the same day and month
    (a page's own time stamp), else from the full date nearest the header."""
    best: tuple[int, int] | None = None
    for match in _full_dates(text):
        found = find_day(match.group(0))
        if found is None:
            continue
        when = date_of(found)
        distance = abs(match.start() - offset)
        if (when.day, when.month) == (day, month):
            return when.year
        if best is None or distance < best[0]:
            best = (distance, when.year)
    return best[1] if best else None


# A sentence that opens with a date ("On March 2, the losses ...", "And already on March 3,
# ...", "2 березня ...") tells what happened that day: when the report is of another day,
# it looks back.
_OPENING_DATE = re.compile(
    r"\W*(?:(?:[^\W\d]+\s+){0,2}(?:on|у|в|во)\s+)?(?:"
    rf"(?P<M>{MONTH})\.?\s+(?P<D>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<DD>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<MM>{MONTH})\.?"
    rf")(?:,?\s+(?P<Y>20\d\d))?{_YEAR_WORD}(?=[,\s])",
    re.IGNORECASE,
)


def opening_date(sentence: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of the date a sentence opens with, if it does."""
    match = _OPENING_DATE.match(sentence)
    if match is None:
        return None
    g = match.group
    if g("D"):
        month, day = MONTHS[g("M").lower()], int(g("D"))
    else:
        month, day = MONTHS[g("MM").lower()], int(g("DD"))
    return month, day, int(g("Y")) if g("Y") else None


def looks_back(stated: tuple[int, int, int | None], on: date) -> bool:
    """Whether a date a sentence opens with is more than a day away from the report's
    date `on` (a date without a year is taken in the year up to `on`)."""
    month, day, year = stated
    when = valid(year or on.year, month, day)
    if when is not None and year is None and when > on:
        when = valid(on.year - 1, month, day)
    return when is None or abs((on - when).days) > 1


# "during the first three days of the invasion", "за первые три дня войны": figures that
# cover the war's first N days are of day N (or of the morning after it, day N + 1).
_FIRST_DAYS = re.compile(
    r"\b(?:first|перші|перших|первые|первых)\s+(?P<n>\d{1,4}|[^\W\d]+)\s+"
    r"(?:days?|дні|днів|дня|дней|доби|діб|суток)\s+"
    r"(?:of\s+(?:the\s+)?(?:full[- ]scale\s+|russian\s+)?)?"
    r"(?:invasion|war|вторгнення|війни|вторжения|войны)\b"
)
_FIRST_WORDS = ("first", "перш", "перв")


def first_days(lower: str, start: int = 0, end: int | None = None) -> list[int]:
    """The N of every "the war's first N days" in lower[start:end] (lower-cased text)."""
    end = len(lower) if end is None else end
    if not any(lower.find(word, start, end) >= 0 for word in _FIRST_WORDS):
        return []
    found = []
    for match in _FIRST_DAYS.finditer(lower, start, end):
        n = match.group("n")
        if n.isdigit():
            found.append(int(n))
        elif n in NUMBER_WORDS and NUMBER_WORDS[n] > 1:
            found.append(NUMBER_WORDS[n])
    return found
