"""Headings (day rule 3): the title and the short heading lines that date the reports
under them."""

import re
from bisect import bisect_right

from warlosses.parse.dates import DAY_HINT, DAY_HINT_LOWER, SPAN_HEADER, find_day
from warlosses.parse.numbers import DIGIT

_HEADING_MAX = 90
_TITLE_MAX = 300  # a first line longer than this is a paragraph; its start may still date it
_DATE_LINES = 2  # lines under an undated title looked at for its date
# A stored copy of a page may open with its archive's date stamp, "date 2022-02-27 ...",
# before the page's own first words. The stamp is the copy's, not the report's: a date of
# the page's own in its first lines ("posted on 02/26/2022 18:17") wins over it.
_STAMP = re.compile(r"date\s+(20\d\d-\d\d-\d\d)(?=\s|$)")


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
            self.title_day = find_day(stamp.group(1))
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
