"""Text in, records out: find the loss reports and civilian counts in a document.

Pure: no files, clock or environment. The flow inside is
normalize → find headings → find reports (anchors first, detailed patterns after) → date them.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date

from warlosses.categories import CANONICAL, canonical, slug
from warlosses.warday import date_of, day_of

# Which rule of FORMATS.md gave a report its day.
RULE_OPTION = "option"
RULE_HEADER = "header"
RULE_HEADING = "heading"
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
# A figure as reports write it: 784200, 784,200, 784 200. Twelve digits at most: a longer
# run of digits is not a count of anything, and must not reach the store's 64-bit integers.
NUMBER = r"(?<!\d)(?:\d{1,3}(?:[ ,]\d{3}){1,3}(?![\d,]\d)|\d{1,12})(?!\d)"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "no": 0, "another": 1,
}  # fmt: skip
WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))


def to_int(text: str) -> int:
    """`784,200`, `784 200` or a number word as an int."""
    word = text.strip().lower()
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    return int(re.sub(r"[ ,]", "", word))


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
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

# A day or date that can head a report or a document.
_DAY_OR_DATE = re.compile(
    rf"(?P<iso>(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d))"
    rf"|(?P<mdy>\b(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>20\d\d))"
    rf"|(?P<dmy>\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>20\d\d))"
    rf"|(?P<dotted>\b(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>20\d\d)\b)"
    rf"|(?P<day>\bday\s+(?P<n1>\d{{1,2}},\d{{3}}|\d{{1,4}})\b)"
    rf"|(?P<nth>\b(?P<n2>\d{{1,2}},\d{{3}}|\d{{1,4}})(?:st|nd|rd|th)\s+day\b)",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_day(text: str) -> int | None:
    """The first war day that `text` names, by date or by number, or None."""
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
    heading. Lines are read only as far up as needed, so a long page costs little.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        self.title_end = len(text) if end < 0 else end
        title = text[start : self.title_end].strip()
        self.title_day = None if _LIST_HEADER.search(title) else find_day(title[:_TITLE_MAX])
        self.cache: dict[int, int | None] = {}

    def day_above(self, offset: int) -> int | None:
        """The day of the nearest heading at or above `offset`.

        Every line walked past remembers the answer, so a document is read once however
        many reports it holds.
        """
        text = self.text
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        walked: list[int] = []
        found = self.title_day
        while end > self.title_end:
            start = text.rfind("\n", 0, end) + 1
            if start in self.cache:
                found = self.cache[start]
                break
            walked.append(start)
            heading = self._heading(text[start:end])
            if heading is not None:
                found = heading
                break
            end = start - 1
        for start in walked:
            self.cache[start] = found
        return found

    @staticmethod
    def _heading(line: str) -> int | None:
        stripped = line.strip()
        if not stripped or len(stripped) > _HEADING_MAX or stripped.endswith((".", ",", ";")):
            return None
        # Every date or day a heading can name holds a year (20xx) or the word "day".
        lower = stripped.lower()
        if "20" not in stripped and "day" not in lower and "день" not in lower:
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
_DIRECTION = re.compile(
    r"(?:at|in|on)\s+the\s+(?P<en>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
    r"(?:(?:\s+and\s+|,\s*)[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)*)"
    r"\s+directions?"
    r"|на\s+(?P<uk>[А-ЯІЇЄҐ][\w'’-]+)\s+напрямк",
)
# Lists of *Ukrainian* losses claimed by Russia's ministry are not this product's data.
_CLAIM = re.compile(
    r"(?:russian|russia's)\s+(?:defen[cs]e\s+)?ministry|ministry\s+of\s+defen[cs]e|"
    r"\bukrain\w*\s+(?:forces\s+|army\s+|troops\s+|side\s+)?(?:has\s+|have\s+)?lost\b|"
    r"losses\s+of\s+(?:the\s+)?ukrainian|\bukrainian\s+losses|минобороны|мо\s+рф",
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
    match = _ITEM.match(segment)
    if match is None:
        return None, False
    end = _ITEM_END.fullmatch(match.group("rest"))
    if end is None:
        return None, False
    delta = match.group("delta")
    value = None if delta is None else to_int(delta)
    if value is not None and match.group("sign") == "-":
        value = -value
    label = match.group("label").strip()
    return (label, to_int(match.group("total")), value), bool(end.group("stop"))


_DASHES = ("‒", "–", "—", "−", "-")


def _dashed_lines(text: str) -> set[int]:
    """Where the lines that hold a dash start: only they can hold list items."""
    starts: set[int] = set()
    for dash in _DASHES:
        found = text.find(dash)
        while found >= 0:
            starts.add(text.rfind("\n", 0, found) + 1)
            end = text.find("\n", found)
            found = -1 if end < 0 else text.find(dash, end)
    return starts


def _runs(text: str) -> Iterator[_Run]:
    """Runs of consecutive list items, each with the lines just above it."""
    candidates = _dashed_lines(text)
    recent: list[str] = []
    run: _Run | None = None
    offset = 0
    for line in text.split("\n"):
        line_offset = offset
        offset += len(line) + 1
        if line_offset not in candidates or _DIGIT.search(line) is None:
            if line and not line.isspace():
                if run is not None:
                    yield run
                    run = None
                recent = (recent + [line])[-_RUN_CONTEXT:]
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
        known = sum(loss.category in CANONICAL for loss in losses)
        if known < (1 if header is not None else 3):
            continue
        ukrainian = any(re.search(r"[а-яіїєґ]", label, re.I) for label, _, _ in run.items)
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

_BLOCK_LABEL = re.compile(
    rf"(?P<label>[^\d\n|+]{{2,40}}?)\s*(?:\+\s*(?P<delta>{NUMBER}))?\s*", re.IGNORECASE
)
_BLOCK_TOTAL = re.compile(rf"\s*(?P<total>{NUMBER})\s*\|\s*")


def _blocks(text: str) -> Iterator[tuple[int, list[tuple[str, int, int | None]]]]:
    """Runs of `label [+increase]` / `total |` line pairs, with the offset of the first."""
    if "|" not in text:
        return
    items: list[tuple[str, int, int | None]] = []
    block_start = 0
    previous = ""
    previous_offset = 0
    offset = 0
    for line in text.split("\n"):
        total = _BLOCK_TOTAL.fullmatch(line) if "|" in line else None
        label = _BLOCK_LABEL.fullmatch(previous) if total else None
        if total and label:
            if not items:
                block_start = previous_offset
            delta = label.group("delta")
            items.append(
                (
                    label.group("label").strip(),
                    to_int(total.group("total")),
                    None if delta is None else to_int(delta),
                )
            )
        elif items and line.strip() and total is None and not _BLOCK_LABEL.fullmatch(line):
            yield block_start, items
            items = []
        elif items and total is None and previous.strip() and not _BLOCK_TOTAL.fullmatch(previous):
            # Two lines in a row without a total: the block has ended.
            yield block_start, items
            items = []
        if line.strip():
            previous, previous_offset = line, offset
        offset += len(line) + 1
    if items:
        yield block_start, items


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
_PROSE_ANCHOR = re.compile(
    r"\blost\b|\blosses\b|\bdestroyed\b|\btally\b|\btoll\b|\bcount\b|\bincludes?\b|"
    r"\beliminated\b|втрат|знищ",
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
    r"\blost\s+(?:about\s+|around\s+|some\s+|approximately\s+|nearly\s+|over\s+|almost\s+|"
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
_PERIOD = re.compile(
    r"\b(?:past|last|previous|first)\s+(?:seven|7|ten|two|three|four|several|\d{2,})\s+"
    r"(?:days|weeks|months)\b|\bweek(?:ly|s)?\b|\bmonthly\b|\b(?:this|that|the|last|past|previous)\s+month\b|\baverag|\bper\s+day\b|"
    r"\ba\s+day\s+on\s+average|\bthis\s+year\b|\bin\s+20\d\d\b|\bannual|\bin\s+total\s+for\b|"
    r"тижн|місяц|середн|"
    # Another day's figures, quoted for comparison, must not mix with the day's own.
    r"\byesterday\b|\ba\s+day\s+earlier\b|\bthe\s+day\s+before\b|\bвчора",
    re.IGNORECASE,
)


# The prose anchors, lower-case and without word boundaries: a fast first pass over the
# lower-cased text that picks the paragraphs worth splitting into sentences.
_PROSE_HINT = re.compile(r"lost|losses|destroyed|tally|toll|count|includ|eliminat|втрат|знищ")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences of the paragraphs that hold a prose anchor, with their offsets."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = text  # offsets must not move; case-sensitive hints then, which is only slower
    position = 0
    for hint in _PROSE_HINT.finditer(lower):
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
    claim: re.Pattern[str]
    period: re.Pattern[str]
    header: re.Pattern[str]
    item: re.Pattern[str]
    up: re.Pattern[str]
    stand: re.Pattern[str]
    lost: re.Pattern[str]
    day: re.Pattern[str]
    verb: re.Pattern[str]
    intercepts: re.Pattern[str]

    def lowered(self) -> "_ProsePatterns":
        def plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
            return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

        return _ProsePatterns(*(plain(getattr(self, f.name)) for f in fields(self)))


_CASELESS = _ProsePatterns(
    _PROSE_ANCHOR, _CLAIM, _PERIOD, _LIST_HEADER, _PROSE_ITEM, _PERSONNEL_UP,
    _PERSONNEL_STAND, _PERSONNEL_LOST, _PERSONNEL_DAY, _LOSS_VERB, _INTERCEPTS,
)  # fmt: skip
_LOWERED = _CASELESS.lowered()


def _prose(text: str) -> Iterator[_Finding]:
    """Loss figures in sentences, with the date of a General Staff header in the sentence
    ("losses ... from February 24, 2022, to December 28, 2024") when there is one."""
    for offset, sentence in _sentences(text):
        if len(sentence) > 3000 or _DIGIT.search(sentence) is None:
            continue
        lower = sentence.lower()
        p = _LOWERED if len(lower) == len(sentence) else _CASELESS
        if p is _LOWERED:
            sentence = lower
        if p.anchor.search(sentence) is None:
            continue
        if p.claim.search(sentence) or p.period.search(sentence):
            continue
        header = p.header.search(sentence)
        on = _header_date(text, header, offset) if header is not None else None
        personnel = _personnel(p, text, offset, sentence)
        if personnel is not None:
            yield _Finding(offset, personnel[0], on, [personnel[1]])
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
            continue
        fmt = "E" if any(delta is not None for _, _, delta in items) else "D"
        if len(known) >= 3:
            yield _Finding(offset, fmt, on, items)
        else:
            verb = p.verb.search(sentence, max(0, first - 60))
            if verb and verb.start() < first and not p.intercepts.search(sentence):
                yield _Finding(offset, fmt, on, items, strong=False)


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
    r"|(?:civilian|casualt)[^\n\d]{0,80}?(?P<d2>\d{1,7})\s+(?:people\s+|civilians\s+)?"
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


def _first_count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    return to_int(match.group("n") or match.group("m") or match.group("k"))


def _region_figures(paragraph: str) -> Casualties | None:
    """A region's figures: its paragraph's first killed and first wounded statements."""
    region = _REGION.search(paragraph)
    if region is None:
        return None
    deaths = _first_count(_KILLED, paragraph)
    injuries = _first_count(_WOUNDED, paragraph)
    if deaths is None and injuries is None and not _NO_CASUALTIES.search(paragraph):
        return None
    return Casualties(region.group("name"), deaths or 0, injuries or 0)


def _civilians(text: str) -> Iterator[tuple[int, list[Casualties]]]:
    """Each civilian block: the headline and the regional paragraphs under it."""
    lower = text.lower()
    if "death" not in lower and "civilian" not in lower and "casualt" not in lower:
        return
    for headline in _CIVILIAN_HEADLINE.finditer(text):
        deaths = headline.group("d") or headline.group("d2")
        injuries = headline.group("i") or headline.group("i2")
        figures = [Casualties(None, int(deaths), int(injuries))]
        line_end = text.find("\n", headline.end())
        position = len(text) if line_end < 0 else line_end + 1
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            paragraph = text[position:end]
            position = end + 1
            if not paragraph.strip():
                continue
            found = _region_figures(paragraph)
            if found is None:
                break
            figures.append(found)
        yield headline.start(), figures


# ---------------------------------------------------------------------------------------
# The document


# Every form of report contains one of these (looked for in the lower-cased text): list
# items their brackets and dashes, blocks their bars, prose its verbs, civilian counts
# their words. The detailed patterns run only on the text around them.
_ANCHORS = (
    "(+", "|", "‒", "–", "—", "−", " - ", "lost", "losses", "destroyed", "tally", "toll",
    "count", "includ", "eliminated", "liquidated", "втрат", "знищ", "death", "civilian",
    "casualt", "killed",
)  # fmt: skip
_WINDOW = 2500  # characters kept on each side of an anchor


def windows(text: str) -> list[tuple[int, int]]:
    """The spans of `text` worth parsing: whole lines within _WINDOW of an anchor.

    Found with plain substring search, which is far faster than any pattern, so that the
    menus, scripts and teasers that make most of a saved page cost almost nothing.
    """
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        return [(0, len(text))]
    hits: list[int] = []
    for anchor in _ANCHORS:
        found = lower.find(anchor)
        while found >= 0:
            hits.append(found)
            found = lower.find(anchor, found + _WINDOW)
    spans: list[tuple[int, int]] = []
    for hit in sorted(hits):
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


def parse(text: str, *, name: str = "", on: date | None = None) -> Parsed:
    """Every loss report and civilian count in a document.

    `name` is the file name (rule 4 of FORMATS.md); `on` is a date the user gave (rule 1).
    """
    text = normalize(text)
    headings = _Headings(text)
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
        if file_day is not None:
            return file_day, RULE_FILENAME
        return None, None

    reports: list[Report] = []
    found_lists: list[tuple[int, str, date | None, list[Loss], str | None]] = []
    findings: list[_Finding] = []
    found_blocks: list[tuple[int, list[tuple[str, int, int | None]]]] = []
    found_civilians: list[tuple[int, list[Casualties]]] = []
    for start, end in windows(text):
        part = text[start:end]
        for offset, fmt, header, losses, direction in _lists(part, text, start):
            found_lists.append((offset + start, fmt, header, losses, direction))
        findings += [replace(f, offset=f.offset + start) for f in _prose(part)]
        found_blocks += [(offset + start, items) for offset, items in _blocks(part)]
        found_civilians += [(offset + start, figures) for offset, figures in _civilians(part)]

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
        if not any(loss.category in CANONICAL for loss in losses):
            continue  # a run of `N |` lines naming no known category is not a report
        reports.append(Report(day, rule, FORMAT_BLOCK, tuple(losses), None, offset))

    for report in reports:
        for loss in report.losses:
            if loss.category not in CANONICAL:
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
        if losses:
            kept[index] = replace(report, losses=tuple(losses))
    return [kept[index] for index in sorted(kept)]
