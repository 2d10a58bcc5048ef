"""Formats B and C: the General Staff's list, in English, Ukrainian and Russian, as the
General Staff posts it and as news sites reprint it.

A list is a run of items, one per line or separated by commas, semicolons or full stops.
An item names a category and its total, and perhaps the day's increase in brackets:

    personnel ‒ about 784200 (+1690) persons,     танки — 9419 (+20 за минулу добу);
    - tanks: 10,858 (+4 over the past day)        * 10,268 tanks        10.455 (+17) tanks

Runs are found first; the header that dates one ("from 24.02.2022 to 28.12.2024") is looked
for just before it, so the headlines of other days in a page's sidebar, which head no
list, date nothing. A run without a header must show that its figures are totals: three
categories or more, and an increase in brackets, a word for the war so far above it
("since the start", "загалом"), or figures no smaller than the General Staff's first
report already gave. A run under words for the past day holds increases, not totals; one
under words for a week, a month or the Russian defence ministry is not this product's.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from warlosses.lexicon import ITEM_WORDS, category, close_category, words
from warlosses.parse.dates import LIST_HEADER, header_date, period_span
from warlosses.parse.numbers import DIGIT, LIST_NUMBER, NUMBER_WORDS, WORD_NUMBER, list_figure
from warlosses.parse.records import (
    DAY_MOST,
    FIRST_REPORT,
    FORMAT_LIST_EN,
    FORMAT_LIST_UK,
    KNOWN,
    Item,
    Loss,
    losses_of,
)
from warlosses.parse.scope import CLAIM_OR_PERIOD, PAST_DAY, TOTAL, lowered
from warlosses.patterns import alternation, alternation_at_word_start, at_word_start

_DASH = r"(?:\s*[‒–—−]\s*|\s+-\s*|\s*-\s+)"
_BULLET = r"(?:[-•*·▪►●○◦■□✓✔+]+\s*|\d{1,2}[.)]\s+)"
# "about", and in bilingual posts "близько/ about".
_ABOUT = alternation(words("APPROX"))
_APPROX = rf"(?:(?:{_ABOUT})(?:\s*/\s*(?:{_ABOUT}))?\s+)"
_UNITS = rf"(?:(?:{alternation(words('UNITS'))})(?!\w)\.?\s*(?:/\s*)?)*"  # "осіб / persons"


# The increase in brackets, with words after it perhaps: "(+20 за минулу добу)".
def _increase(n: int) -> str:
    """The increase in brackets: "(+7)", "(+20 за минулу добу)", "(plus nine)"; or, after
    an increase given first, the total: "2 танки (загалом 11 261)"."""
    return (
        rf"\(\s*(?:(?P<sign{n}>[+\-−])|(?:plus|плюс)\s+|(?P<whole{n}>{_WHOLE})\s*[‒–—:-]?\s*)?\s*"
        rf"(?P<delta{n}>{LIST_NUMBER}|{WORD_NUMBER}\b)\s*[^()\d]{{0,40}}\)"
    )


_WHOLE = r"(?:total|in\s+total|загалом|всього|усього|всего)"


_LABEL = r"(?P<label>[^\d\n:;()|]{2,80}?)"

# Label first: "tanks ‒ 9651 (+7)", "tanks: 9651", "- танки — 9419 (+20 за минулу добу)".
_LABEL_FIRST = re.compile(
    rf"\s*{_BULLET}?{_LABEL}\s*(?:{_DASH}|:\s*)(?:{_APPROX})?"
    rf"(?P<total>{LIST_NUMBER})\s*{_UNITS}(?:{_increase(1)})?\s*{_UNITS}(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
# Number first: "* 10,268 tanks", "10.455 (+17) tanks", "One submarine".
_NUMBER_FIRST = re.compile(
    rf"\s*{_BULLET}?(?:{_APPROX})?(?P<total>{LIST_NUMBER}|{WORD_NUMBER})\s*"
    rf"(?:{_increase(1)})?\s*{_LABEL}\s*(?:{_increase(2)})?(?P<rest>[.!]?\s*)",
    re.IGNORECASE | re.DOTALL,
)
# Where an item that gives its figure first can begin.
_NUMBER_START = re.compile(rf"\s*{_BULLET}?(?:{_APPROX})?(?:\d|{WORD_NUMBER}\b)", re.IGNORECASE)
# After an item: nothing, or a full stop that may start another sentence (the list's end).
_ITEM_END = re.compile(r"\s*(?P<stop>[.!])?(?(stop).*|\s*)", re.DOTALL)
# Where a line is cut into items: a semicolon, a comma that is not inside a number, and a
# full stop after an item's figure or bracket ("... level ‒ 134. special equipment ‒ 25.").
_SEPARATOR = re.compile(r";|,(?!\d{3}(?!\d))|(?<=[\d)])\.\s+(?=\D)")
_MAX_ITEM = 300
_MAX_LABEL_WORDS = 8
_CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)  # a Ukrainian or Russian list's labels
_DIRECTION = re.compile(
    r"(?:at|in|on)\s+the\s+(?P<en>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
    r"(?:(?:\s+and\s+|,\s*)[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)*)"
    r"\s+directions?"
    r"|на\s+(?P<uk>[А-ЯІЇЄҐ][\w'’-]+)\s+(?:напрямк|направлени)",
)
_RUN_CONTEXT = 3  # lines above a run searched for its header


@dataclass
class _Run:
    offset: int
    context: list[str]
    items: list[Item] = field(default_factory=list)
    end: int = 0
    increases: int = 0  # items with an increase in brackets
    missed: bool = False  # one unreadable item inside a list does not end it


def _delta(match: re.Match[str], groups: tuple[str, ...] = ("1",)) -> int | None:
    for n in groups:
        found = match.group("delta" + n)
        if found:
            word = found.lower()
            value = NUMBER_WORDS[word] if word in NUMBER_WORDS else list_figure(found)
            return -value if match.group("sign" + n) in ("-", "−") else value
    return None


# How an item ends: the list goes on, a full stop ends the item's line (the list may go on
# below it), or a sentence follows the full stop (the list is over).
_GOES_ON, _STOP, _SENTENCE = 0, 1, 2


def _label_first(segment: str, start: int = 0) -> tuple[Item | None, int]:
    match = _LABEL_FIRST.match(segment, start)
    if match is None:
        return None, _GOES_ON
    rest = match.group("rest")
    end = _ITEM_END.fullmatch(rest)
    if end is None and segment[: match.start("rest")].rstrip().endswith("."):
        # "спеціальної техніки — 298 (+2) од. Нагадаємо, ...": the unit's full stop
        # ends the list, and a sentence follows it.
        end = _ITEM_END.fullmatch("." + rest)
    if end is None:
        return None, _GOES_ON
    label = match.group("label").strip(" \t-–—‒•*·")
    if not label or len(label.split()) > _MAX_LABEL_WORDS or match.group("whole1"):
        return None, _GOES_ON
    if not end.group("stop"):
        how = _GOES_ON
    else:
        how = _SENTENCE if end.string[end.end("stop") :].strip() else _STOP
    return (label, list_figure(match.group("total")), _delta(match)), how


def _number_first(segment: str) -> Item | None:
    """An item that gives its figure first: only a known category's label will do, for
    prose reads the same way ("12,000 troops")."""
    match = _NUMBER_FIRST.fullmatch(segment)
    if match is None:
        return None
    label = match.group("label").strip()
    if len(label.split()) > 5 or _known(label) is None:
        return None
    total = match.group("total")
    word = total.lower()
    value = NUMBER_WORDS[word] if word in NUMBER_WORDS else list_figure(total)
    delta = _delta(match, ("1", "2"))
    # "9 бойових броньованих машин (23 384)": the day's increase first, then the total.
    signed = match.group("sign1") or match.group("sign2")
    whole = match.group("whole1") or match.group("whole2")
    if delta is not None and not signed and (whole or delta > value):
        value, delta = delta, value
    elif whole:
        return None
    return label, value, delta


def _known(label: str) -> str | None:
    return category(label) or close_category(label)


def _item(segment: str, alone: bool) -> tuple[Item | None, int]:
    """One list item, and how it ends (_GOES_ON, _STOP, _SENTENCE). An item that gives
    its figure first must stand `alone` on its line: in a sentence, "9,651 tanks, 19,970
    armored fighting vehicles, ..." is prose, which reads its own way."""
    if len(segment) > _MAX_ITEM:
        return None, _GOES_ON
    if DIGIT.search(segment) is None:
        return (_number_first(segment) if alone else None), _GOES_ON  # "One submarine"
    if _ITEM_MARK.search(segment):
        item, ends = _label_first(segment)
        if item is not None:
            return item, ends
    if alone and _NUMBER_START.match(segment):
        return _number_first(segment), _GOES_ON
    return None, _GOES_ON


def _opening_item(segment: str) -> tuple[Item, int, int] | None:
    """The first item of a list that runs on from the words introducing it, with no colon
    between: "Втрати росіян станом на 2 квітня особового складу ‒ близько 918180 ...".
    The label starts after the last figure before the dash, at one of the words there,
    and must name a known category. Returns the item, how it ends (see _item), and
    where the label starts."""
    mark = _DASH_MARK.search(segment)
    if mark is None:
        return None
    digits = [m.end() for m in DIGIT.finditer(segment, 0, mark.start())]
    start = digits[-1] if digits else 0
    for word in _WORD_START.finditer(segment, start, mark.start()):
        if word.start() == 0:
            continue
        item, ends = _label_first(segment, word.start())
        if item is not None:
            if _known(item[0]) is not None:
                return item, ends, word.start()
            return None
    return None


_DASH_MARK = re.compile(_DASH)
# A word every label of a known category starts with: a line without one starts no list.
_CATEGORY_WORD = re.compile(at_word_start(alternation_at_word_start(ITEM_WORDS)))
_CATEGORY_IN = re.compile(alternation(ITEM_WORDS))  # in a line, anywhere
_WORD_START = re.compile(r"(?<=\s)\S")
_MARKS = ("‒", "–", "—", "−", "-", ":", "(+")
# What an item that could not be read still shows: one such inside a list does not end it.
_ITEM_MARK = re.compile(r"[‒–—−:-]|\(\s*[+-]")
_LINE_START = re.compile(rf"^[^\S\n]*(?:{_BULLET}|\d)", re.MULTILINE)
_BULLETED = re.compile(rf"\s*{_BULLET}")


def _candidate_lines(text: str, lower: str) -> list[int]:
    """Where the lines that may hold items start, in order: those with a dash, a colon or
    an increase's bracket, and those that begin with a bullet or a figure and name a
    category soon after it (`lower` is `text.lower()`), so that a page's "97694 views"
    lines are passed over."""
    starts: set[int] = set()
    heads = _LINE_HEAD.finditer(text)
    for start in ([0] if _LINE_HEAD_AT_START.match(text) else []) + [m.start() + 1 for m in heads]:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if _CATEGORY_IN.search(lower, start, min(end, start + _HEAD_REACH)):
            starts.add(start)
    for mark in _MARKS:
        found = text.find(mark)
        while found >= 0:
            starts.add(text.rfind("\n", 0, found) + 1)
            end = text.find("\n", found)
            found = -1 if end < 0 else text.find(mark, end)
    return sorted(starts)


# A line that begins with a figure or a bullet: searched from its line break, which
# Python's engine finds fast (a pattern anchored with ^ is tried at every character).
_HEAD_CHARS = r"[\d•*·▪►●○◦■□✓✔+\-]"
_LINE_HEAD = re.compile(rf"\n(?=[^\S\n]*{_HEAD_CHARS})")
_LINE_HEAD_AT_START = re.compile(rf"[^\S\n]*{_HEAD_CHARS}")
_HEAD_REACH = 80  # characters of such a line searched for a category's word


def lines_above(text: str, start: int, end: int, count: int) -> list[tuple[int, str]]:
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


# A bullet line that gives its figures first may name two categories ("• 434 aircraft and
# 347 helicopters") and end with the day's part of the figure ("• 11,557 tanks, including
# seven destroyed in the past day", "with 84 destroyed in the latest update").
_BULLET_FIGURE = re.compile(rf"[^\S\n]*(?:[-•*·▪►●○◦■□✓✔]+)\s*(?:{_APPROX})?(?:\d|{WORD_NUMBER}\b)")
_COUNT = rf"(?:{LIST_NUMBER}|{WORD_NUMBER})"
_NEXT_FIGURE = re.compile(
    rf",?\s+(?:and|та|і|и)\s+(?={_COUNT}\s)|,\s+(?={_COUNT}\s)", re.IGNORECASE
)
_DAY_PART = re.compile(
    rf",\s*(?:including|with|of which|of them|incl\.)\s+(?P<d>{_COUNT})\s+"
    rf"(?:[^\W\d]+\s+){{0,3}}?(?:(?:{PAST_DAY})|in\s+the\s+latest\s+(?:update|report))"
    r"[^\S\n]*\.?[^\S\n]*$",
    re.IGNORECASE,
)


def _bullet_segments(line: str) -> list[tuple[int, str]] | None:
    """The items of a bullet line that gives its figures first, each written out as its own
    item ("11,557 tanks (+seven)"); None for any other line, or one that reads otherwise."""
    if not _BULLET_FIGURE.match(line) or (
        _NEXT_FIGURE.search(line) is None and _DAY_PART.search(line) is None
    ):
        return None
    day = _DAY_PART.search(line)
    body = line[: day.start()] if day is not None else line
    cuts = [0] + [m.end() for m in _NEXT_FIGURE.finditer(body)]
    ends = [m.start() for m in _NEXT_FIGURE.finditer(body)] + [len(body)]
    segments = [(start, body[start:end]) for start, end in zip(cuts, ends, strict=True)]
    if day is not None:
        start, last = segments[-1]
        segments[-1] = (start, f"{last} (+{day.group('d')})")
    return segments


def _segments(line: str) -> list[tuple[int, str]]:
    """The pieces of a line between item separators, with their offsets in it."""
    if ";" not in line and "," not in line and "." not in line:
        return [(0, line)]
    return list(_cut(line))


def _cut(line: str) -> Iterator[tuple[int, str]]:
    start = 0
    for separator in _SEPARATOR.finditer(line):
        yield start, line[start : separator.start()]
        start = separator.end()
    yield start, line[start:]


def _runs(text: str, lower: str) -> Iterator[_Run]:
    """Runs of consecutive list items, each with the lines just above it."""
    run: _Run | None = None
    read = 0  # where the lines not yet read start
    after_items = 0  # where the lines after the last item start: a run's context is there
    # The context of a run that unreadable items cut short goes on to the rest of it.
    inherited: list[str] = []
    for line_offset in _candidate_lines(text, lower):
        if line_offset < read:
            continue
        line_end = text.find("\n", line_offset)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_offset:line_end]
        if DIGIT.search(line) is None and (run is None or not line.strip()):
            continue  # read with the lines between candidates
        # A line since the last candidate that is not blank holds no item: it ends a run,
        # unless it is the one unreadable item a list may hold.
        if run is not None and _NOT_BLANK.search(text, read, line_offset):
            between = lines_above(text, read, line_offset, 2)
            looks = len(between) == 1 and _looks_like_item(between[0][1])
            looks = looks and sum(bool(part.strip()) for _, part in _segments(between[0][1])) == 1
            if looks and not run.missed:
                run.missed = True
            else:
                yield run
                run, inherited = None, []
        read = line_end + 1
        if run is None and (
            _ITEM_MARK.search(line) is None
            and not _LINE_START.match(line)
            or _CATEGORY_WORD.search(lower, line_offset, line_end) is None
        ):
            continue  # no item can start on it
        consumed = False
        bulleted = _bullet_segments(line)
        segments = bulleted or _segments(line)
        alone = bulleted is not None or sum(bool(part.strip()) for _, part in segments) == 1
        for seg_start, segment in segments:
            before, colon, after = segment.rpartition(":")
            item, ends, prefix = None, _GOES_ON, ""
            if colon and after.strip():  # "... the enemy lost: tanks – 2610", or "tanks: 2610"
                item, ends = _item(after, False)
                prefix = line[:seg_start] + before
            if item is None and segment.strip():
                item, ends = _item(segment, alone)
                prefix = line[:seg_start]
            if item is None and run is None and _ITEM_MARK.search(segment):
                opening = _opening_item(segment)
                if opening is not None:
                    item, ends, at = opening
                    prefix = line[: seg_start + at]
            if item is None:
                if not segment.strip():
                    continue
                if run is not None and not run.missed and _looks_like_item(segment):
                    run.missed = True
                elif run is not None:
                    yield run
                    inherited, run = run.context, None
                continue
            consumed = True
            if run is None:
                context = [prefix] if prefix.strip() else []
                above = [
                    line for _, line in lines_above(text, after_items, line_offset, _RUN_CONTEXT)
                ]
                recent = (inherited[::-1] + above)[-_RUN_CONTEXT:]
                run = _Run(line_offset + seg_start, context + recent[::-1])
            run.items.append(item)
            run.increases += item[2] is not None
            run.end = line_offset + seg_start + len(segment) + 1
            run.missed = False
            if ends == _STOP:
                # "unmanned aerial vehicles ... - 182." with "Special equipment - 27." on
                # the next line that is not blank: a full stop closing the line ends the
                # list only if no item follows, as after one unreadable item.
                run.missed = True
            elif ends == _SENTENCE:
                yield run
                run, inherited = None, []
        if consumed:
            after_items = read
    if run is not None:
        yield run


_NOT_BLANK = re.compile(r"\S")


def _looks_like_item(text: str) -> bool:
    """Whether text that gave no item still shows an item's dash, colon or bullet."""
    return bool(_ITEM_MARK.search(text) or _BULLETED.match(text))


def _totals(run: _Run, losses: list[Loss]) -> bool:
    """Whether a run without a header shows that its figures are the war's totals."""
    if run.increases:
        return True
    if any(lowered(TOTAL).search(line.lower()) for line in run.context[:2]):
        return True
    big = [loss for loss in losses if loss.category in FIRST_REPORT]
    return bool(big) and all(loss.total >= FIRST_REPORT[loss.category] for loss in big)


def lists(
    text: str, lower: str, whole: str, base: int, years: tuple[int, ...] = ()
) -> Iterator[tuple[int, str, date | None, list[Loss], str | None]]:
    """Each General Staff list in `text`, a span of the document `whole` that starts at
    `base`: offset in `text`, format, header date, losses, direction. `lower` is
    `text.lower()` or of the same length; `years` are the years a header without one may
    take (from the publication date or the file name)."""
    for run in _runs(text, lower):
        # Cheap first: a run that names too few categories is no list, whatever its header.
        named = sum(_known(label) is not None for label, _, _ in run.items)
        if named == 0:
            continue
        header = None
        for line in run.context:
            header = LIST_HEADER.search(line)
            if header is not None:
                break
        # A claim of Ukrainian losses, or a week's sum, heads its own list: only the last
        # sentence above the list counts.
        if header is None and named < 3:
            continue
        above = _last_sentence(run.context[0]).lower() if run.context else ""
        if header is None and (
            lowered(CLAIM_OR_PERIOD.pattern).search(above) or period_span(above)
        ):
            continue
        on = None
        if header is not None:
            on = header_date(whole, header, base + run.offset, years)
        losses = _named(run.items, on)
        # Under "over the past day" without brackets the figures are the day's increases,
        # unless they are too large for any day.
        if header is None and not run.increases and lowered(PAST_DAY).search(above):
            if not any(loss.total > DAY_MOST.get(loss.category, loss.total) for loss in losses):
                continue
        known = sum(loss.category in KNOWN for loss in losses)
        if header is None and (known < 3 or not _totals(run, losses)):
            continue
        if known < 1:
            continue
        ukrainian = any(_CYRILLIC.search(label) for label, _, _ in run.items)
        direction = _DIRECTION.search(text, run.end, min(len(text), run.end + 400))
        name = None
        if direction:
            name = direction.group("en") or direction.group("uk")
        fmt = FORMAT_LIST_UK if ukrainian else FORMAT_LIST_EN
        yield run.offset, fmt, on, _totals_only(losses), name


_SENTENCE_STOP = re.compile(r"[.!?]\s+(?=\S)")


def _last_sentence(line: str) -> str:
    """The last sentence of a line: the one that introduces what follows it."""
    stops = list(_SENTENCE_STOP.finditer(line))
    return line[stops[-1].end() :] if stops else line


def _named(items: list[Item], on: date | None) -> list[Loss]:
    """The items as losses; in a list, whose structure is certain, a label with a typo in
    one word still names its category."""
    losses = losses_of(items, on)
    fixed = []
    for loss in losses:
        if loss.category not in KNOWN:
            close = close_category(loss.label, on)
            if close is not None:
                loss = Loss(close, loss.total, loss.delta, loss.label)
        fixed.append(loss)
    return fixed


def _totals_only(losses: list[Loss]) -> list[Loss]:
    """An item below what the first report already counted ("личного состава - около 980
    человек" in a list of totals) is the day's figure, not a total: it is left out."""
    return [loss for loss in losses if loss.total >= FIRST_REPORT.get(loss.category, 0)]
