"""Text in, records out: find the loss reports and civilian counts in a document.

Pure: no files, clock or environment. The flow inside is
normalize → find headings → find reports (anchors first, detailed patterns after) → date them.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date
from itertools import pairwise

from warlosses.categories import CANONICAL, LABEL_WORDS, canonical, slug
from warlosses.patterns import alternation
from warlosses.warday import date_of, day_of

_KNOWN = frozenset(CANONICAL)

# Which rule of FORMATS.md gave a report its day.
RULE_OPTION = "option"
RULE_HEADER = "header"
RULE_HEADING = "heading"
RULE_PUBLISHED = "published"
RULE_FILENAME = "filename"
RULE_CONTINUITY = "continuity"

FORMAT_BLOCK = "A"
FORMAT_LIST_EN = "B"
FORMAT_LIST_UK = "C"


@dataclass(frozen=True)
class Loss:
    """One category's figures in a report: the cumulative total and the stated increase."""

    category: str
    total: int
    delta: int | None
    label: str


@dataclass(frozen=True)
class Casualties:
    """Civilians killed and injured in a day; `region` is None for the national headline."""

    region: str | None
    deaths: int
    injuries: int


@dataclass(frozen=True)
class Report:
    """A daily loss report as found in a document. `day` is None when nothing dated it."""

    day: int | None
    rule: str | None
    format: str
    losses: tuple[Loss, ...]
    direction: str | None = None
    offset: int = 0

    @property
    def date(self) -> date | None:
        return None if self.day is None else date_of(self.day)


@dataclass(frozen=True)
class CivilianReport:
    """A day's civilian casualties: the headline first, then one entry per region."""

    day: int | None
    rule: str | None
    figures: tuple[Casualties, ...]
    offset: int = 0


@dataclass(frozen=True)
class Parsed:
    """Everything one document holds, and what the reader should be warned about."""

    reports: tuple[Report, ...] = ()
    civilians: tuple[CivilianReport, ...] = ()
    warnings: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------------------------------
# Numbers and dates as reports write them

_SPACES = ("\u00a0", "\u202f", "\u2009", "\u2007", "\t")
_DIGIT = re.compile(r"\d")


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive pattern without that flag, for lower-cased text, which Python's
    engine searches several times faster. It finds the same, except where the text holds
    İ (two characters lower-cased), or ı, ſ and the old Cyrillic letter forms U+1C80–1C88
    (which the flag takes for i, s and в, д, о, с, т, ъ, ѣ but lower() leaves alone)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# A figure as reports write it: 784200, 784,200, 784 200. Twelve digits at most: a longer
# run of digits is not a count of anything, and must not reach the store's 64-bit integers.
NUMBER = r"(?<!\d)(?:\d{1,3}(?:[ ,]\d{3}){1,3}(?![\d,]\d)|\d{1,12})(?!\d)"


def _word(word: str) -> str:
    r"""`\bword`, written to begin with the word's first letter: a pattern whose every
    branch begins with a letter lets the engine skip to the places where one stands."""
    return rf"{word}(?<=\b{word})"


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "no": 0, "another": 1,
}  # fmt: skip
WORD_NUMBER = alternation(_NUMBER_WORDS)


def to_int(text: str) -> int:
    """`784,200`, `784 200` or a number word as an int."""
    word = text.strip().lower()
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    return _figure(word)


def _figure(text: str) -> int:
    """A figure that NUMBER matched, as an int (`to_int` without the words)."""
    return int(text.replace(" ", "").replace(",", ""))


_MONTHS = {
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
_MONTH = alternation(_MONTHS)

# A day or date that can head a report or a document.
# All but the ISO form start at a word: one `\b` for them all.
_DAY_OR_DATE = re.compile(
    rf"(?P<iso>(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d))|\b(?:"
    rf"(?P<mdy>(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>20\d\d))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>20\d\d))"
    rf"|(?P<dotted>(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>20\d\d)\b)"
    rf"|(?P<day>day\s+(?P<n1>\d{{1,2}},\d{{3}}|\d{{1,4}})\b)"
    rf"|(?P<nth>(?P<n2>\d{{1,2}},\d{{3}}|\d{{1,4}})(?:st|nd|rd|th)\s+day\b))",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Every form of _DAY_OR_DATE holds a year 20xx or the word "day": a text without either
# names no day, and needs no closer look.
_DAY_HINT = re.compile(r"20\d\d|day", re.IGNORECASE)
_DAY_HINT_LOWER = _plain(_DAY_HINT)


def find_day(text: str) -> int | None:
    """The first war day that `text` names, by date or by number, or None."""
    if _DAY_HINT.search(text) is None:
        return None
    for match in _DAY_OR_DATE.finditer(text):
        g = match.group
        found: date | None = None
        if g("iso"):
            found = _valid(int(g("iy")), int(g("im")), int(g("id")))
        elif g("mdy"):
            found = _valid(int(g("y1")), _MONTHS[g("m1").lower()], int(g("d1")))
        elif g("dmy"):
            found = _valid(int(g("y2")), _MONTHS[g("m2").lower()], int(g("d2")))
        elif g("dotted"):
            found = _valid(int(g("y3")), int(g("m3")), int(g("d3")))
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
        found = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found is not None and day_of(found) >= 1:
            return day_of(found)
    return None


# ---------------------------------------------------------------------------------------
# Headings (rule 3)

_HEADING_MAX = 90
_TITLE_MAX = 300  # a first line longer than this is a paragraph; its start may still date it


class _Headings:
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
        self.hint_pattern = _DAY_HINT if lower is None else _DAY_HINT_LOWER
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        self.title_end = len(text) if end < 0 else end
        title = text[start : self.title_end].strip()
        self.title_day = None if _LIST_HEADER.search(title) else find_day(title[:_TITLE_MAX])
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

    @staticmethod
    def _heading(line: str) -> int | None:
        stripped = line.strip()
        if not stripped or len(stripped) > _HEADING_MAX or stripped.endswith((".", ",", ";")):
            return None
        if _DIGIT.search(stripped) is None or _LIST_HEADER.search(stripped):
            return None
        return find_day(stripped)


# ---------------------------------------------------------------------------------------
# Format B and C: the General Staff's list
#
# A list is a run of `label ‒ total (+increase)` items, one per line or separated by commas.
# Runs are found first; the header that dates one ("from 24.02.2022 to 28.12.2024") is looked
# for just before it, so the headlines of other days in a page's sidebar, which head no
# list, date nothing.

# The dates of a header: 28.12.2024, 28.12.24, 28.12 (2022, no year), December 28, 2024,
# 28 December 2024, 28 грудня 2024 року.
_HEADER_DATE = (
    r"(?P<{p}d>\d{{1,2}})\.(?P<{p}m>\d{{1,2}})(?:\.(?P<{p}y>\d{{2,4}}))?"
    r"|(?P<{p}M>{months})\.?\s+(?P<{p}D>\d{{1,2}})(?:,?\s+(?P<{p}Y>\d{{4}}))?"
    r"|(?P<{p}DD>\d{{1,2}})\s+(?P<{p}MM>{months})(?:\s+(?P<{p}YY>\d{{4}}))?(?:\s+(?:року|р\.))?"
)
_LIST_HEADER = re.compile(
    r"(?:combat\s+losses|losses\s+of\s+the\s+enemy|втрати\s+противника|втрати\s+ворога)"
    r"[^\n\d]{0,60}?(?:from|з|із|від)\s+(?:"
    + _HEADER_DATE.format(p="f_", months=_MONTH)
    + r")[,\s]*(?:to|по|до|till|until|[-–—])\s*(?:"
    + _HEADER_DATE.format(p="t_", months=_MONTH)
    + ")",
    re.IGNORECASE,
)
_DASH = r"(?:\s*[‒–—−]\s*|\s+-\s*|\s*-\s+)"
_ANY_DASH = re.compile(r"[‒–—−]|\s-|-\s")  # where _DASH can match: a hyphen needs a space
_UNITS = (
    r"(?:(?:persons?|people|осіб|особи|одиниць|одиниці|од|units?|pcs|were\s+liquidated|"
    r"ліквідовано)(?!\w)\.?\s*)*"
)
_ITEM = re.compile(
    rf"[-•*·]?\s*(?P<label>[^\d\n:;()]{{2,80}}?){_DASH}"
    r"(?:(?:about|approximately|over|more\s+than|близько|понад|майже|приблизно)\s+)?"
    rf"(?P<total>{NUMBER})\s*{_UNITS}"
    rf"(?:\(\s*(?P<sign>[+-])?\s*(?P<delta>{NUMBER})\s*\))?\s*{_UNITS}"
    r"(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
# After an item: nothing, or a full stop that may start another sentence (the list's end).
_ITEM_END = re.compile(r"\s*(?P<stop>[.!])?(?(stop).*|\s*)", re.DOTALL)
# Item separators: a comma or semicolon that is not inside a number.
_SEPARATOR = re.compile(r";|,(?!\d{3}(?!\d))")
_MAX_ITEM = 300
_CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)  # a Ukrainian list's labels
_DIRECTION = re.compile(
    r"(?:at|in|on)\s+the\s+(?P<en>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
    r"(?:(?:\s+and\s+|,\s*)[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)*)"
    r"\s+directions?"
    r"|на\s+(?P<uk>[А-ЯІЇЄҐ][\w'’-]+)\s+напрямк",
)
# Lists of *Ukrainian* losses claimed by Russia's ministry are not this product's data.
_CLAIM = re.compile(
    r"russia(?:n|'s)\s+(?:defen[cs]e\s+)?ministry|ministry\s+of\s+defen[cs]e|"
    rf"{_word('ukrain')}(?:\w*\s+(?:forces\s+|army\s+|troops\s+|side\s+)?(?:has\s+|have\s+)?"
    r"lost\b|ian\s+losses)|losses\s+of\s+(?:the\s+)?ukrainian|минобороны|мо\s+рф",
    re.IGNORECASE,
)
_RUN_CONTEXT = 3  # lines above a run searched for its header


@dataclass
class _Run:
    offset: int
    context: list[str]
    items: list[tuple[str, int, int | None]] = field(default_factory=list)
    end: int = 0
    missed: bool = False  # one unreadable item inside a list does not end it


def _item(segment: str) -> tuple[tuple[str, int, int | None] | None, bool]:
    """One list item, and whether a sentence after it ends the list."""
    if len(segment) > _MAX_ITEM or _DIGIT.search(segment) is None:
        return None, False
    if _ANY_DASH.search(segment) is None:
        return None, False
    match = _ITEM.match(segment)
    if match is None:
        return None, False
    end = _ITEM_END.fullmatch(match.group("rest"))
    if end is None:
        return None, False
    delta = match.group("delta")
    value = None if delta is None else _figure(delta)
    if value is not None and match.group("sign") == "-":
        value = -value
    label = match.group("label").strip()
    return (label, _figure(match.group("total")), value), bool(end.group("stop"))


_DASHES = ("‒", "–", "—", "−", "-")


def _dashed_lines(text: str) -> list[int]:
    """Where the lines that hold a dash start, in order: only they can hold list items."""
    starts: set[int] = set()
    for dash in _DASHES:
        found = text.find(dash)
        while found >= 0:
            starts.add(text.rfind("\n", 0, found) + 1)
            end = text.find("\n", found)
            found = -1 if end < 0 else text.find(dash, end)
    return sorted(starts)


def _lines_above(text: str, start: int, end: int, count: int) -> list[tuple[int, str]]:
    """The last `count` lines that are not blank among the lines in text[start:end] (which
    ends with a line break), with their offsets, top down."""
    found: list[tuple[int, str]] = []
    end -= 1  # the line break that closes the last line
    while end >= start and len(found) < count:
        line_start = max(start, text.rfind("\n", start, end) + 1)
        line = text[line_start:end]
        if line and not line.isspace():
            found.append((line_start, line))
        end = line_start - 1
    return found[::-1]


def _runs(text: str) -> Iterator[_Run]:
    """Runs of consecutive list items, each with the lines just above it."""
    recent: list[str] = []
    run: _Run | None = None
    read = 0  # where the lines not yet read start
    for line_offset in _dashed_lines(text):
        line_end = text.find("\n", line_offset)
        line_end = len(text) if line_end < 0 else line_end
        if _DIGIT.search(text, line_offset, line_end) is None:
            continue  # read with the lines between candidates
        # The lines since the last candidate hold no item: any of them that is not blank
        # ends a run, and the last few are the context of the next one.
        between = _lines_above(text, read, line_offset, _RUN_CONTEXT)
        if between:
            if run is not None:
                yield run
                run = None
            recent = (recent + [line for _, line in between])[-_RUN_CONTEXT:]
        read = line_end + 1
        line = text[line_offset:line_end]
        if run is None and _ANY_DASH.search(line) is None:
            recent = (recent + [line])[-_RUN_CONTEXT:]  # no item can stand on it
            continue
        position = line_offset
        consumed = False
        for segment in _SEPARATOR.split(line):
            seg_offset = position
            position += len(segment) + 1
            before, colon, candidate = segment.rpartition(":")
            if not candidate.strip():
                continue
            item, ends = _item(candidate)
            if item is None:
                if run is not None and not run.missed:
                    run.missed = True
                elif run is not None:
                    yield run
                    run = None
                continue
            consumed = True
            if run is None:
                context = [before] if colon else []
                run = _Run(seg_offset, context + recent[::-1])
            run.items.append(item)
            run.end = position
            run.missed = False
            if ends:
                yield run
                run = None
        if not consumed:
            recent = (recent + [line])[-_RUN_CONTEXT:]
        elif run is None:
            recent = []
    if run is not None:
        yield run


def _year(text: str | None, fallback: int | None) -> int | None:
    if not text:
        return fallback
    year = int(text)
    return year + 2000 if year < 100 else year


def _lists(
    text: str, whole: str, base: int
) -> Iterator[tuple[int, str, date | None, list[Loss], str | None]]:
    """Each General Staff list in `text`, a span of the document `whole` that starts at
    `base`: offset in `text`, format, header date, losses, direction."""
    for run in _runs(text):
        header = None
        for line in run.context:
            header = _LIST_HEADER.search(line)
            if header is not None:
                break
        # A claim of Ukrainian losses heads its own list: only the nearest line counts.
        if run.context and _CLAIM.search(run.context[0]):
            continue
        on = _header_date(whole, header, base + run.offset) if header is not None else None
        losses = _losses(run.items, on)
        known = sum(loss.category in _KNOWN for loss in losses)
        if known < (1 if header is not None else 3):
            continue
        ukrainian = any(_CYRILLIC.search(label) for label, _, _ in run.items)
        direction = _DIRECTION.search(text, run.end, min(len(text), run.end + 400))
        name = None
        if direction:
            name = direction.group("en") or direction.group("uk")
        fmt = FORMAT_LIST_UK if ukrainian else FORMAT_LIST_EN
        yield run.offset, fmt, on, losses, name


def _header_date(text: str, header: re.Match[str], offset: int) -> date | None:
    """The "to" date of a list header; a header without a year takes it from the page."""
    g = header.group
    if g("t_d"):
        day, month, year = int(g("t_d")), int(g("t_m")), _year(g("t_y"), None)
    elif g("t_D"):
        day, month, year = int(g("t_D")), _MONTHS[g("t_M").lower()], _year(g("t_Y"), None)
    else:
        day, month, year = int(g("t_DD")), _MONTHS[g("t_MM").lower()], _year(g("t_YY"), None)
    if year is None:
        year = _year_near(text, day, month, offset)
    return _valid(year, month, day) if year else None


def _year_near(text: str, day: int, month: int, offset: int) -> int | None:
    """The year for a header that gives none: from a full date of the same day and month
    (a page's own time stamp), else from the full date nearest the header."""
    best: tuple[int, int] | None = None
    for match in _DAY_OR_DATE.finditer(text):
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


# ---------------------------------------------------------------------------------------
# Format A: the newsletters' briefing block

# A block is read line by line: a label line (`Tanks +4`: a label of 2-40 characters
# without digits, perhaps an increase) and under it, perhaps after blank lines, a total line
# (`11 824 |`). More items follow, each total right under its label; blank lines and stray
# total lines may stand between them. Anything else ends the block, and so does a label
# line not followed by its total: that line may begin the next block.
_S = r"[^\S\n]"  # a space within a line
# The label takes the spaces before an increase too; it is stripped.
_LABEL_LINE = rf"(?=[^\n]*\S)(?P<label>[^\d\n|+]{{2,40}}){_S}*(?:\+{_S}*(?P<delta>{NUMBER}))?{_S}*$"
_TOTAL_LINE = rf"{_S}*(?P<total>{NUMBER}){_S}*\|{_S}*$"
_STRAY_TOTAL = rf"{_S}*{NUMBER}{_S}*\|{_S}*$"
_FIRST_ITEM = re.compile(rf"{_LABEL_LINE}\n(?:{_S}*\n)*{_TOTAL_LINE}", re.MULTILINE)
_NEXT_ITEM = re.compile(
    rf"\n(?:{_S}*\n|{_STRAY_TOTAL}\n)*{_LABEL_LINE}\n{_TOTAL_LINE}", re.MULTILINE
)


def _blocks(text: str) -> Iterator[tuple[int, list[tuple[str, int, int | None]]]]:
    """Runs of `label [+increase]` / `total |` line pairs, with the offset of the first."""
    position = 0  # where the lines not yet read start
    while True:
        # A block starts at the line above the first total line with a bar.
        bar = text.find("|", position)
        if bar < 0:
            return
        line_start = max(position, text.rfind("\n", position, bar) + 1)
        above = _lines_above(text, position, line_start, 1)
        item = _FIRST_ITEM.match(text, above[0][0]) if above else None
        if item is None:
            line_end = text.find("\n", bar)
            if line_end < 0:
                return
            position = line_end + 1
            continue
        start = item.start()
        items: list[tuple[str, int, int | None]] = []
        while item is not None:
            label, total, delta = item.group("label", "total", "delta")
            items.append((label.strip(), _figure(total), None if delta is None else _figure(delta)))
            position = item.end()
            item = _NEXT_ITEM.match(text, position)
        yield start, items


# ---------------------------------------------------------------------------------------
# Formats D and E: news prose
#
# D: "Russia has lost 784,200 troops ... including 1,690 over the past day ... 9,651 tanks,
#    19,970 armored fighting vehicles, ... and one submarine."
# E: "personnel ... up 1,690 to 784,200 ... the enemy lost 7 tanks (total – 9,651), ..."
# An enumeration counts only in a sentence about losses with at least three categories;
# personnel only in a sentence that says it was lost. Noise ("12,000 troops", "76 of the
# 188 drones") has neither.

_COUNT = rf"(?:{NUMBER}|{WORD_NUMBER})"
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZА-ЯІЇЄҐ\"“‘(]|\s*$)|\n")
# One `\b` for all the words, not one per word: several times faster to search.
_PROSE_ANCHOR = re.compile(
    r"\b(?:lost|losses|destroyed|tally|toll|count|includes?|eliminated)\b|втрат|знищ",
    re.IGNORECASE,
)
_PROSE_ITEM = re.compile(
    # "36 of the 110 drones" counts what was launched, not what was lost.
    rf"(?<![\w.,])(?<!of the )(?P<n>{_COUNT})\s*(?:\(\s*\+\s*(?P<inc>{NUMBER})\s*\)\s*)?\s"
    r"(?P<label>[^\d(),;.:!?]{1,60}?)\s*"
    rf"(?:\(\s*(?:(?:total|всього|загалом)\s*[‒–—:-]?\s*(?P<total>{NUMBER})"
    rf"|(?P<total2>{NUMBER})\s+(?:in\s+total|total|overall|всього|загалом))\s*\))?"
    rf"(?=\s*[,;.:!?]|\s*$|\s+(?:and|та|і|й)\s+(?:{_COUNT})\b"
    r"|\s+(?:the|according|since|among|in\s+total|so\s+far)\b)",
    re.IGNORECASE,
)
_PERSONNEL_UP = re.compile(
    rf"personnel(?:\s+losses)?(?:[^.\d]{{0,40}}?\s(?:on|for)\s+(?:{_MONTH})\.?\s+\d{{1,2}})?"
    r"[^.\d]{0,40}?"
    r"\b(?:up|increased|grew|rose|went\s+up)\s+(?:by\s+)?"
    rf"(?P<delta>{NUMBER})\b[^.\d]{{0,60}}?\b(?:to|at|reaching|totall?ing)\s+"
    rf"(?:about\s+|around\s+|approximately\s+|some\s+|nearly\s+|almost\s+)?(?P<total>{NUMBER})",
    re.IGNORECASE,
)
_PERSONNEL_STAND = re.compile(
    r"personnel\s+losses\s+(?:now\s+|have\s+|has\s+)?(?:stand|stood|amount(?:ed)?|reach(?:ed)?|"
    r"total(?:led)?|come)\s+(?:at\s+|to\s+)?(?:about\s+|around\s+|approximately\s+|some\s+)?"
    rf"(?P<total>{NUMBER})(?!\d)",
    re.IGNORECASE,
)
_PERSONNEL_LOST = re.compile(
    rf"{_word('lost')}\s+(?:about\s+|around\s+|some\s+|approximately\s+|nearly\s+|over\s+|almost\s+|"
    rf"more\s+than\s+)?(?P<total>{NUMBER})\s*(?:\(\s*\+\s*(?P<inc>{NUMBER})\s*\)\s*)?\s"
    r"(?:troops|soldiers|servicemen|personnel|"
    r"military\s+personnel|people)\b"
    r"|втрат\w*\s+(?:[^\d\s.,;]+\s+){0,3}?(?:близько\s+|понад\s+|майже\s+)?"
    rf"(?P<uk>{NUMBER})\s+(?:військових|окупантів|осіб|вояків|солдатів|загарбників)",
    re.IGNORECASE,
)
_PAST_DAY = (
    r"(?:(?:over|in|during|for)\s+the\s+(?:past|previous|last)\s+(?:day|24\s*hours)"
    r"|за\s+(?:минулу\s+|останню\s+)?(?:добу|день))"
)
_PERSONNEL_DAY = re.compile(
    rf"(?P<delta>{NUMBER})(?!\d)[^.\d]{{0,80}}?{_PAST_DAY}"
    rf"|за\s+(?:минулу\s+|останню\s+)?(?:добу|день)[^.\d]{{0,60}}?(?P<uk>{NUMBER})",
    re.IGNORECASE,
)


# Sums over a week, a month or a year, and averages, are not a day's report.
_SOME = r"(?:seven|7|ten|two|three|four|several|\d{2,})\s+(?:days|weeks|months)\b"
_PERIOD = re.compile(
    rf"{_word('past')}\s+(?:month\b|{_SOME})|{_word('last')}\s+(?:month\b|{_SOME})|"
    rf"{_word('previous')}\s+(?:month\b|{_SOME})|{_word('first')}\s+{_SOME}|"
    rf"{_word('week')}(?:ly|s)?\b|{_word('monthly')}\b|{_word('this')}\s+(?:month|year)\b|"
    rf"{_word('that')}\s+month\b|{_word('averag')}|{_word('per')}\s+day\b|"
    rf"{_word('in')}\s+(?:20\d\d\b|total\s+for\b)|{_word('annual')}|тижн|місяц|середн|"
    # Another day's figures, quoted for comparison, must not mix with the day's own.
    rf"{_word('yesterday')}\b|{_word('a')}\s+day\s+(?:on\s+average|earlier\b)|"
    rf"{_word('the')}\s+(?:month\b|day\s+before\b)|{_word('вчора')}",
    re.IGNORECASE,
)
# Either of them rejects a sentence: one search instead of two.
_CLAIM_OR_PERIOD = re.compile(f"{_CLAIM.pattern}|{_PERIOD.pattern}", re.IGNORECASE)

# The prose anchors, lower-case and without word boundaries: the paragraphs worth
# splitting into sentences are found by searching the lower-cased text for them, or, in a
# text whose lower-cased copy is longer (it holds İ), the text itself caselessly.
_PROSE_HINTS = (
    "lost", "losses", "destroyed", "tally", "toll", "count", "includ", "eliminat", "втрат", "знищ",
)  # fmt: skip
_PROSE_HINT = re.compile("|".join(_PROSE_HINTS))
_PROSE_HINT_CASELESS = re.compile(_PROSE_HINT.pattern, re.IGNORECASE)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences of the paragraphs that hold a prose anchor, with their offsets."""
    lower = text.lower()
    hints = _PROSE_HINT
    if len(lower) != len(text):  # offsets must not move: the text itself, caselessly
        lower, hints = text, _PROSE_HINT_CASELESS
    position = 0
    for hint in hints.finditer(lower):
        if hint.start() < position:
            continue
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.start())
        end = len(text) if end < 0 else end
        position = end
        for stop in _SENTENCE_END.finditer(text, start, end):
            if stop.end() > start:
                yield start, text[start : stop.end()]
            start = stop.end()
        if start < end:
            yield start, text[start:end]


def _paragraphs(text: str, lower: str, passed: set[str]) -> Iterator[tuple[int, int, list[int]]]:
    """The paragraphs of `text` worth reading for prose: start, end and the offsets of their
    anchors. `lower` is `text.lower()`, of the same length; a paragraph in `passed` (its
    reader puts there those that gave nothing) is passed over, and so is one without a
    digit or a figure hint.

    Every anchor starts where a hint does and lies within one paragraph, so the anchor
    pattern runs only at the hints.
    """
    # Plain substring search finds the hints faster than the pattern does; where two
    # overlap, the inner one is inside a word, where no anchor starts.
    hints = []
    for word in _PROSE_HINTS:
        at = lower.find(word)
        while at >= 0:
            hints.append(at)
            at = lower.find(word, at + 1)
    hints.sort()
    anchor = _LOWERED.anchor
    anchors: list[int] | None = None  # None while the paragraph at hand is passed over
    start = end = -1
    for at in hints:
        if at > end:
            if anchors:
                yield start, end, anchors
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            anchors = None
            if (
                text[start:end] not in passed
                and _DIGIT.search(text, start, end)
                and _FIGURE_HINT.search(lower, start, end)
            ):
                anchors = []
        if anchors is not None and anchor.match(lower, at):
            anchors.append(at)
    if anchors:
        yield start, end, anchors


def _split(text: str, start: int, end: int, anchors: list[int]) -> Iterator[tuple[int, int]]:
    """The sentences of the paragraph text[start:end], cut as `_sentences` cuts them, that
    hold one of the ascending offsets `anchors`."""
    index = 0
    for stop in _SENTENCE_END.finditer(text, start, end):
        if anchors[index] < stop.end():
            yield start, stop.end()
            index = bisect_left(anchors, stop.end(), index)
            if index == len(anchors):
                return
        start = stop.end()
    if start < end:
        yield start, end


@dataclass(frozen=True)
class _Finding:
    """Figures found in one sentence. A weak one (one or two categories) counts only on a
    day that a strong one (personnel, or three categories or more) already reports."""

    offset: int
    format: str
    header: date | None
    items: list[tuple[str, int, int | None]]
    strong: bool = True


# A weak finding needs the verb of loss right before its figures, and no air-defence tally.
_LOSS_VERB = re.compile(r"\b(?:lost|destroyed)\b|втратив|втратила|втратили|знищено", re.IGNORECASE)
_INTERCEPTS = re.compile(r"shot\s+down|launched|intercepted|downed|збито|запустил", re.IGNORECASE)


@dataclass(frozen=True)
class _ProsePatterns:
    """The prose patterns, in two builds: case-insensitive, and plain for lower-cased text,
    which Python's engine searches many times faster."""

    anchor: re.Pattern[str]
    skip: re.Pattern[str]
    header: re.Pattern[str]
    item: re.Pattern[str]
    up: re.Pattern[str]
    stand: re.Pattern[str]
    lost: re.Pattern[str]
    day: re.Pattern[str]
    verb: re.Pattern[str]
    intercepts: re.Pattern[str]

    def lowered(self) -> "_ProsePatterns":
        return _ProsePatterns(*(_plain(getattr(self, f.name)) for f in fields(self)))


# A sentence gives figures only if it says that personnel was lost (`_personnel` looks for
# "personnel", "lost" or "втрат") or if it names a category other than personnel, which
# means holding one of categories.LABEL_WORDS. Without any of them a sentence is passed over
# before the costlier patterns run.
_FIGURE_HINT = re.compile(alternation(("personnel", "lost", "втрат", *LABEL_WORDS)))

_CASELESS = _ProsePatterns(
    _PROSE_ANCHOR, _CLAIM_OR_PERIOD, _LIST_HEADER, _PROSE_ITEM, _PERSONNEL_UP,
    _PERSONNEL_STAND, _PERSONNEL_LOST, _PERSONNEL_DAY, _LOSS_VERB, _INTERCEPTS,
)  # fmt: skip
_LOWERED = _CASELESS.lowered()
_MAX_SENTENCE = 3000


class _GaveNothing:
    """Paragraphs and sentences of prose that gave no figures, remembered from document to
    document for as long as the process lives: a site's sidebars and teasers come back on
    every page saved from it. Forgotten all at once past LIMIT characters, which bounds
    their memory whatever the number of documents read."""

    LIMIT = 4_000_000

    def __init__(self) -> None:
        self.paragraphs: set[str] = set()
        self.sentences: set[str] = set()
        self.held = 0  # characters

    def add(self, kept: set[str], text: str) -> None:
        """`text` added to `kept`, which is `paragraphs` or `sentences`."""
        if self.held + len(text) > self.LIMIT:
            self.paragraphs.clear()
            self.sentences.clear()
            self.held = 0
        kept.add(text)
        self.held += len(text)


_NOTHING = _GaveNothing()


def _prose(text: str, lower: str | None, base: int = 0) -> Iterator[_Finding]:
    """Loss figures in sentences, with the date of a General Staff header in the sentence
    ("losses ... from February 24, 2022, to December 28, 2024") when there is one.

    `lower` is `text.lower()` when it has the same length; findings are placed at `base`.
    """
    if lower is None:  # some letter changes length when lower-cased: sentence by sentence
        for offset, sentence in _sentences(text):
            if len(sentence) > _MAX_SENTENCE or _DIGIT.search(sentence) is None:
                continue
            lowered = sentence.lower()
            p = _LOWERED if len(lowered) == len(sentence) else _CASELESS
            if p is _LOWERED:
                sentence = lowered
            if p.anchor.search(sentence) is not None:
                yield from _sentence_findings(p, text, offset, sentence, base)
        return
    # Pages repeat their teasers, within a page and from page to page of one site: a
    # paragraph or a sentence that gave nothing is passed over when it comes again.
    # Whether one gives anything depends on its words alone, so what is learnt on one
    # document holds on the next.
    passed, passed_sentences = _NOTHING.paragraphs, _NOTHING.sentences
    for start, end, anchors in _paragraphs(text, lower, passed):
        found = False
        for sentence_start, sentence_end in _split(text, start, end, anchors):
            if sentence_end - sentence_start > _MAX_SENTENCE:
                continue
            sentence = lower[sentence_start:sentence_end]
            if sentence in passed_sentences:
                continue
            whole = sentence_end - sentence_start == end - start  # tested as the paragraph
            if not whole and (_FIGURE_HINT.search(sentence) is None or not _DIGIT.search(sentence)):
                continue
            findings = _sentence_findings(_LOWERED, text, sentence_start, sentence, base)
            if not findings:
                _NOTHING.add(passed_sentences, sentence)
            found = found or bool(findings)
            yield from findings
        if not found:
            _NOTHING.add(passed, text[start:end])


def _sentence_findings(
    p: _ProsePatterns, text: str, offset: int, sentence: str, base: int
) -> list[_Finding]:
    """The findings of one sentence that holds an anchor, at `offset` in `text`."""
    if p.skip.search(sentence):
        return []
    header = p.header.search(sentence)
    on = _header_date(text, header, offset) if header is not None else None
    found: list[_Finding] = []
    personnel = _personnel(p, text, offset, sentence)
    if personnel is not None:
        found.append(_Finding(base + offset, personnel[0], on, [personnel[1]]))
    items: list[tuple[str, int, int | None]] = []
    start = header.end() if header is not None else 0
    first = -1  # where the first figure of a known category stands
    for match in p.item.finditer(sentence, start):
        label = match.group("label").strip()
        if canonical(label) is None or len(label.split()) > 7:
            continue
        first = match.start() if first < 0 else first
        n = to_int(match.group("n"))
        total = match.group("total") or match.group("total2")
        if total:
            items.append((label, to_int(total), n))
        elif match.group("inc"):
            items.append((label, n, to_int(match.group("inc"))))
        else:
            items.append((label, n, None))
    if personnel is not None:
        items = [item for item in items if canonical(item[0]) != "personnel"]
    known = {canonical(label) for label, _, _ in items} - {"personnel"}
    if not known:
        return found
    fmt = "E" if any(delta is not None for _, _, delta in items) else "D"
    if len(known) >= 3:
        found.append(_Finding(base + offset, fmt, on, items))
    else:
        verb = p.verb.search(sentence, max(0, first - 60))
        if verb and verb.start() < first and not p.intercepts.search(sentence):
            found.append(_Finding(base + offset, fmt, on, items, strong=False))
    return found


def _personnel(
    p: _ProsePatterns, text: str, offset: int, sentence: str
) -> tuple[str, tuple[str, int, int | None]] | None:
    """The personnel figure of a sentence, with the format its wording belongs to."""
    up = p.up.search(sentence)
    if up is not None:
        return "E", ("personnel", to_int(up.group("total")), to_int(up.group("delta")))
    stand = p.stand.search(sentence)
    if stand is not None:
        return "E", ("personnel", to_int(stand.group("total")), None)
    lost = p.lost.search(sentence)
    if lost is None:
        return None
    # The day's share is in the same sentence or the next one(s) of the paragraph.
    end = offset + len(sentence)
    after = sentence[lost.end() :] + " " + text[end : end + 400].split("\n", 1)[0].lower()
    day = p.day.search(after)
    increase = None
    if day is not None:
        increase = to_int(day.group("delta") or day.group("uk"))
    if lost.group("inc"):
        increase = to_int(lost.group("inc"))
    return "D", ("personnel", to_int(lost.group("total") or lost.group("uk")), increase)


# ---------------------------------------------------------------------------------------
# Civilians

# The day's national figure: `DEATHS: 6 INJURIES: 6`, or `6 killed, 6 injured` on a line
# that says it is about civilians.
_CIVILIAN_HEADLINE = re.compile(
    r"deaths?\s*:\s*(?P<d>\d{1,7})\s*[,;/]?\s*injur(?:ies|ed|y)\s*:\s*(?P<i>\d{1,7})(?!\d)"
    r"|c(?:ivilian|asualt)[^\n\d]{0,80}?(?P<d2>\d{1,7})\s+(?:people\s+|civilians\s+)?"
    r"(?:killed|dead)\s*(?:,|;|and|/)\s*(?:and\s+)?(?P<i2>\d{1,7})\s+(?:people\s+|civilians\s+)?"
    r"(?:injured|wounded)",
    re.IGNORECASE,
)
_REGION = re.compile(
    r"\b(?!(?:In|The|Of|Across|Over|And|Across|Near|Both)\b)"
    r"(?P<name>[A-Z][a-z'’-]+(?:[ -][A-Z][a-z'’-]+)?)\s+[Oo]blast\b"
)
_KILLED = re.compile(
    rf"(?:kill(?:ed|ing)|claim(?:ed|ing) the lives? of)\s+(?:at\s+least\s+)?(?P<n>{_COUNT})\b"
    rf"|\b(?P<m>{_COUNT})\s+(?:[a-z]+\s+){{0,2}}(?:were|was|have\s+been|had\s+been)\s+killed"
    rf"|\b(?P<k>{_COUNT})\s+(?:people\s+|civilians?\s+|persons?\s+|residents?\s+)?"
    r"(?:dead|deaths?|killed|died|lost\s+their\s+lives)\b",
    re.IGNORECASE,
)
_WOUNDED = re.compile(
    rf"(?:wound(?:ed|ing)|injur(?:ed|ing))\s+(?:at\s+least\s+)?(?P<n>{_COUNT})\b"
    rf"|\b(?P<m>{_COUNT})\s+(?:[a-z]+\s+){{0,2}}(?:were|was|have\s+been|had\s+been)\s+"
    r"(?:wounded|injured|hurt)"
    rf"|\b(?P<k>{_COUNT})\s+(?:people\s+|civilians?\s+|persons?\s+)?(?:wounded|injured)\b",
    re.IGNORECASE,
)
_NO_CASUALTIES = re.compile(r"\bno\s+(?:civilian\s+)?casualties\b", re.IGNORECASE)


# The civilian patterns as written, and for lower-cased text (see `_plain`).
_CIVILIAN: tuple[re.Pattern[str], ...] = (_CIVILIAN_HEADLINE, _KILLED, _WOUNDED, _NO_CASUALTIES)
_CIVILIAN_LOWERED = tuple(_plain(pattern) for pattern in _CIVILIAN)


def _first_count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    return to_int(match.group("n") or match.group("m") or match.group("k"))


def _region_figures(
    paragraph: str, searched: str, patterns: tuple[re.Pattern[str], ...]
) -> Casualties | None:
    """A region's figures: its paragraph's first killed and first wounded statements.
    `searched` is the paragraph as `patterns` read it."""
    region = _REGION.search(paragraph) if "blast" in paragraph else None  # [Oo]blast
    if region is None:
        return None
    _, killed, wounded, no_casualties = patterns
    deaths = _first_count(killed, searched)
    injuries = _first_count(wounded, searched)
    if deaths is None and injuries is None and not no_casualties.search(searched):
        return None
    return Casualties(region.group("name"), deaths or 0, injuries or 0)


def _civilians(text: str, lower: str) -> Iterator[tuple[int, list[Casualties]]]:
    """Each civilian block: the headline and the regional paragraphs under it. `lower` is
    `text.lower()`."""
    if "death" not in lower and "civilian" not in lower and "casualt" not in lower:
        return
    searched, patterns = text, _CIVILIAN
    if len(lower) == len(text) and "ı" not in text and "ſ" not in text:
        searched, patterns = lower, _CIVILIAN_LOWERED
    for headline in patterns[0].finditer(searched):
        deaths = headline.group("d") or headline.group("d2")
        injuries = headline.group("i") or headline.group("i2")
        figures = [Casualties(None, int(deaths), int(injuries))]
        line_end = text.find("\n", headline.end())
        position = len(text) if line_end < 0 else line_end + 1
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            paragraph, start = text[position:end], position
            position = end + 1
            if not paragraph.strip():
                continue
            found = _region_figures(paragraph, searched[start:end], patterns)
            if found is None:
                break
            figures.append(found)
        yield headline.start(), figures


# ---------------------------------------------------------------------------------------
# The document


# Every form of report contains one of these (looked for in the lower-cased text): list
# items their brackets and dashes, blocks their bars, prose its verbs, civilian counts
# their words. The detailed patterns run only on the text around them. The commonest on a
# news page come first: once the windows cover the whole text, the rest need not be sought.
_ANCHORS = (
    "lost", "losses", "(+", "|", "‒", "–", "—", "−", " - ", "destroyed", "tally", "toll",
    "count", "includ", "eliminated", "liquidated", "втрат", "знищ", "death", "civilian",
    "casualt", "killed",
)  # fmt: skip
_WINDOW = 2500  # characters kept on each side of an anchor


def windows(text: str, lower: str | None = None) -> list[tuple[int, int]]:
    """The spans of `text` worth parsing: whole lines within _WINDOW of an anchor.

    Found with plain substring search, which is far faster than any pattern, so that the
    menus, scripts and teasers that make most of a saved page cost almost nothing.
    `lower` is `text.lower()` when the caller has it already.
    """
    lower = text.lower() if lower is None else lower
    if len(lower) != len(text):  # a few characters change length when lower-cased
        return [(0, len(text))]
    if len(text) <= _WINDOW:  # any anchor keeps the whole of a short text
        return [(0, len(text))] if any(a in lower for a in _ANCHORS) else []
    hits: list[int] = []
    for anchor in _ANCHORS:
        found = lower.find(anchor)
        if found < 0:
            continue
        while found >= 0:
            hits.append(found)
            found = lower.find(anchor, found + _WINDOW)
        # Once the windows of the hits so far join into one span of the whole text, no
        # other anchor can change it.
        hits.sort()
        if (
            hits[0] <= _WINDOW
            and hits[-1] + _WINDOW >= len(text)
            and all(b - a <= 2 * _WINDOW for a, b in pairwise(hits))
        ):
            return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    for hit in hits:
        if spans and hit + _WINDOW <= spans[-1][1]:
            continue  # its window lies inside the span already
        start = text.rfind("\n", 0, max(0, hit - _WINDOW)) + 1
        end = text.find("\n", hit + _WINDOW)
        end = len(text) if end < 0 else end
        if spans and start <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def normalize(text: str) -> str:
    """One kind of line break and of space, so that patterns need not care."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for space in _SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text


def _losses(items: list[tuple[str, int, int | None]], on: date | None) -> list[Loss]:
    return [Loss(canonical(label, on) or slug(label), total, delta, label)
            for label, total, delta in items]  # fmt: skip


def parse(
    text: str, *, name: str = "", on: date | None = None, published: date | None = None
) -> Parsed:
    """Every loss report and civilian count in a document.

    `name` is the file name (rule 4 of FORMATS.md); `on` is a date the user gave (rule 1);
    `published` is the document's publication date, already in Kyiv time (rule 3b).
    """
    text = normalize(text)
    lower = text.lower()
    same = len(lower) == len(text)  # then a slice of `lower` is the slice lower-cased
    headings = _Headings(text, lower if same else None)
    file_day = day_from_filename(name)
    warnings: list[str] = []

    def date_it(offset: int, header: date | None) -> tuple[int | None, str | None]:
        if on is not None:
            return day_of(on), RULE_OPTION
        if header is not None and day_of(header) >= 1:
            return day_of(header), RULE_HEADER
        heading = headings.day_above(offset)
        if heading is not None:
            return heading, RULE_HEADING
        if published is not None and day_of(published) >= 1:
            return day_of(published), RULE_PUBLISHED
        if file_day is not None:
            return file_day, RULE_FILENAME
        return None, None

    reports: list[Report] = []
    found_lists: list[tuple[int, str, date | None, list[Loss], str | None]] = []
    findings: list[_Finding] = []
    found_blocks: list[tuple[int, list[tuple[str, int, int | None]]]] = []
    found_civilians: list[tuple[int, list[Casualties]]] = []
    for start, end in windows(text, lower):
        part = text[start:end]
        part_lower = lower[start:end] if same else None
        for offset, fmt, header, losses, direction in _lists(part, text, start):
            found_lists.append((offset + start, fmt, header, losses, direction))
        findings += _prose(part, part_lower, start)
        found_blocks += [(offset + start, items) for offset, items in _blocks(part)]
        # Without a lower-cased copy of the same length, the one window is the whole text.
        civilian = _civilians(part, lower if part_lower is None else part_lower)
        found_civilians += [(offset + start, figures) for offset, figures in civilian]

    for offset, fmt, header, losses, direction in found_lists:
        day, rule = date_it(offset, header)
        when = date_of(day) if day is not None else None
        if when is not None and header is None:
            losses = _losses([(x.label, x.total, x.delta) for x in losses], when)
        reports.append(Report(day, rule, fmt, tuple(losses), direction, offset))
    # Prose gives its figures sentence by sentence: one report per day they are dated to.
    prose: dict[int | None, tuple[int, list[str], str | None, list[tuple[str, int, int | None]]]]
    prose = {}
    weak: list[tuple[int | None, _Finding]] = []
    for finding in findings:
        day, rule = date_it(finding.offset, finding.header)
        if not finding.strong:
            weak.append((day, finding))
            continue
        _, formats, _, gathered = prose.setdefault(day, (finding.offset, [], rule, []))
        formats.append(finding.format)
        gathered.extend(finding.items)
    for day, finding in weak:
        if day in prose:
            prose[day][1].append(finding.format)
            prose[day][3].extend(finding.items)
    for day, (offset, formats, rule, items) in prose.items():
        # A figure with its increase is the exact one; a rounded mention ("nearly 785,000
        # troops") in a title or summary comes without and gives way to it.
        items.sort(key=lambda item: item[2] is None)
        losses = _losses(items, date_of(day) if day is not None else None)
        fmt = "E" if "E" in formats else "D"
        reports.append(Report(day, rule, fmt, tuple(losses), None, offset))
    for offset, items in found_blocks:
        day, rule = date_it(offset, None)
        losses = _losses(items, date_of(day) if day is not None else None)
        if not any(loss.category in _KNOWN for loss in losses):
            continue  # a run of `N |` lines naming no known category is not a report
        reports.append(Report(day, rule, FORMAT_BLOCK, tuple(losses), None, offset))

    for report in reports:
        for loss in report.losses:
            if loss.category not in _KNOWN:
                warnings.append(f"unknown category {loss.label!r} stored as {loss.category!r}")

    civilians: list[CivilianReport] = []
    for offset, figures in found_civilians:
        day, rule = date_it(offset, None)
        civilians.append(CivilianReport(day, rule, tuple(figures), offset))
        regions = figures[1:]
        if regions:
            deaths = sum(f.deaths for f in regions)
            injuries = sum(f.injuries for f in regions)
            if (deaths, injuries) != (figures[0].deaths, figures[0].injuries):
                warnings.append(
                    f"civilian regions sum to {deaths} deaths / {injuries} injuries, "
                    f"the headline says {figures[0].deaths} / {figures[0].injuries}"
                )

    reports.sort(key=lambda r: r.offset)
    return Parsed(tuple(_dedupe(reports)), tuple(civilians), tuple(warnings))


_PRIORITY = {FORMAT_LIST_EN: 0, FORMAT_LIST_UK: 0, FORMAT_BLOCK: 1, "E": 2, "D": 3}


def _dedupe(reports: list[Report]) -> list[Report]:
    """One figure per day and category in a document.

    A report repeated within a document counts once; where two forms of report give the
    same day and category (a page with both the list and a prose summary), the General
    Staff's list wins, then the briefing block, then wire prose, then news prose.
    """
    seen: set[tuple[int | None, str]] = set()
    kept: dict[int, Report] = {}
    for index, report in sorted(enumerate(reports), key=lambda x: _PRIORITY[x[1].format]):
        losses = []
        for loss in report.losses:
            if (report.day, loss.category) not in seen:
                seen.add((report.day, loss.category))
                losses.append(loss)
        if len(losses) == len(report.losses) > 0:
            kept[index] = report  # nothing dropped: no copy
        elif losses:
            kept[index] = replace(report, losses=tuple(losses))
    return [kept[index] for index in sorted(kept)]
