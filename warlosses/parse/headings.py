"""Headings (day rule 3): the title and the short heading lines that date the reports
under them."""

import re
from bisect import bisect_right
from datetime import date, timedelta

from warlosses.parse.dates import (
    DAY_HINT,
    DAY_HINT_LOWER,
    MONTH,
    MONTHS,
    SPAN_HEADER,
    find_day,
    valid,
)
from warlosses.parse.numbers import DIGIT
from warlosses.warday import WAR_START, day_of

_HEADING_MAX = 90
_TITLE_MAX = 300  # a first line longer than this is a paragraph; its start may still date it
_DATE_LINES = 2  # lines under an undated title looked at for its date
# A stored copy of a page may open with its archive's date stamp, "date 2022-02-27 ...",
# before the page's own first words. The stamp is the copy's, not the report's: a date of
# the page's own in its first lines ("posted on 02/26/2022 18:17") wins over it.
_STAMP = re.compile(r"date\s+(20\d\d-\d\d-\d\d)(?=\s|$)")
# A wire's dateline among a stamped copy's first lines, "MADRID, 26 (EUROPA PRESS)" or
# "KYIV, April 26 (Reuters)": the day of the month the story was filed, which dates the
# copy better than the archive's stamp, a day or more later.
_DATELINE = re.compile(
    rf"^[^\S\n]*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý .'-]{{1,30}}),\s+(?:(?P<month>{MONTH})\.?\s+)?"
    r"(?P<day>\d{1,2})\s+\((?P<agency>[A-Z][A-Za-z .&-]{1,30})\)",
    re.MULTILINE | re.IGNORECASE,
)
_DATELINE_REACH = 2000  # characters from the start where a dateline is looked for


class Headings:
    """The headings of a document, looked up from a report upward (rule 3).

    The title (first non-empty line) counts however long. Below it only short lines that
    read as titles (no closing full stop) count: a date inside a paragraph is not a
    heading. The lines below the title are read once, front to back and only as far as a
    report asks, and only those holding a hint of a date are looked at, so a long page
    costs little however many reports it holds.
    """

    def __init__(self, text: str, lower: str | None = None) -> None:
        self.text = text
        # Hints are looked for in `lower` (text.lower(), if of the same length) when given.
        self.hints = text if lower is None else lower
        self.hint_pattern = DAY_HINT if lower is None else DAY_HINT_LOWER
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        self.title_end = len(text) if end < 0 else end
        title = text[start : self.title_end].strip()
        stamp = _STAMP.match(title)
        if stamp is not None:
            title = title[stamp.end() :].strip()
        self.title_day = find_day(title[:_TITLE_MAX])
        if self.title_day is None:
            # A title whose only date is the war's start ("... since Feb. 24, 2022") takes
            # the date line right under it, one of the document's first lines.
            self.title_day = self._date_line(self.title_end + 1)
        if self.title_day is None and stamp is not None:
            year, month, of_month = (int(part) for part in stamp.group(1).split("-"))
            stamped = valid(year, month, of_month)  # None for a stamp that is no date
            filed = _dateline(text[:_DATELINE_REACH], stamped) if stamped else None
            self.title_day = find_day(stamp.group(1)) if filed is None else day_of(filed)
        self.starts: list[int] = []  # the heading lines read so far, and their days
        self.days: list[int] = []
        self.read = self.title_end + 1  # where the lines not yet read start
        self.hint: re.Match[str] | None = None  # the next hint, when it lies past a report
        self.hint_line = 0  # and where its line starts

    def day_above(self, offset: int) -> int | None:
        """The day of the nearest heading at or above `offset`."""
        text = self.text
        while self.read <= offset:
            if self.hint is None:
                self.hint = self.hint_pattern.search(self.hints, self.read)
                if self.hint is None:
                    self.read = len(text) + 1
                    break
                line_start = text.rfind("\n", self.read, self.hint.start()) + 1
                self.hint_line = max(line_start, self.read)
            if self.hint_line > offset:
                break
            end = text.find("\n", self.hint.start())
            end = len(text) if end < 0 else end
            heading = self._heading(text[self.hint_line : end])
            if heading is not None:
                self.starts.append(self.hint_line)
                self.days.append(heading)
            self.read, self.hint = end + 1, None
        index = bisect_right(self.starts, offset)
        return self.days[index - 1] if index else self.title_day

    def under_heading_line(self, offset: int) -> bool:
        """Whether a heading line below the title dates `offset` (call `day_above` first)."""
        return bisect_right(self.starts, offset) > 0

    def _date_line(self, start: int) -> int | None:
        """The day of a heading among the next _DATE_LINES lines that are not blank."""
        seen = 0
        while seen < _DATE_LINES and start < len(self.text):
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            line = self.text[start:end]
            start = end + 1
            if not line.strip():
                continue
            seen += 1
            day = self._heading(line)
            if day is not None:
                return day
        return None

    @staticmethod
    def _heading(line: str) -> int | None:
        stripped = line.strip()
        if not stripped or len(stripped) > _HEADING_MAX or stripped.endswith((".", ",", ";")):
            return None
        if DIGIT.search(stripped) is None or SPAN_HEADER.search(stripped):
            return None
        return find_day(stripped)


def _dateline(opening: str, stamped: date) -> date | None:
    """The date of a wire's dateline in `opening`, on or before the archive's stamp and at
    most a month before it; None without one."""
    match = _DATELINE.search(opening)
    if match is None:
        return None
    city, agency = match.group("city"), match.group("agency")
    if city.upper() != city or not agency[0].isupper():
        return None  # a dateline's city is in capitals, its agency's name capitalised
    of_month = int(match.group("day"))
    if match.group("month"):
        months = [(stamped.year, MONTHS[match.group("month").lower()])]
    else:
        back = stamped.replace(day=1) - timedelta(days=1)
        months = [(stamped.year, stamped.month), (back.year, back.month)]
    for year, month in months:
        found = valid(year, month, of_month)
        if found is not None and found <= stamped and (stamped - found).days <= 31:
            return found if found > WAR_START else None
    return None
