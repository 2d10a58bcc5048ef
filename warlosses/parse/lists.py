"""Formats B and C: the General Staff's list, in English and Ukrainian.

A list is a run of `label ‒ total (+increase)` items, one per line or separated by commas.
Runs are found first; the header that dates one ("from 24.02.2022 to 28.12.2024") is looked
for just before it, so the headlines of other days in a page's sidebar, which head no
list, date nothing.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from warlosses.parse.dates import LIST_HEADER, header_date
from warlosses.parse.noise import CLAIM
from warlosses.parse.numbers import DIGIT, NUMBER, figure
from warlosses.parse.records import FORMAT_LIST_EN, FORMAT_LIST_UK, KNOWN, Loss, losses_of

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
    if len(segment) > _MAX_ITEM or DIGIT.search(segment) is None:
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
    value = None if delta is None else figure(delta)
    if value is not None and match.group("sign") == "-":
        value = -value
    label = match.group("label").strip()
    return (label, figure(match.group("total")), value), bool(end.group("stop"))


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


def _runs(text: str) -> Iterator[_Run]:
    """Runs of consecutive list items, each with the lines just above it."""
    recent: list[str] = []
    run: _Run | None = None
    read = 0  # where the lines not yet read start
    for line_offset in _dashed_lines(text):
        line_end = text.find("\n", line_offset)
        line_end = len(text) if line_end < 0 else line_end
        if DIGIT.search(text, line_offset, line_end) is None:
            continue  # read with the lines between candidates
        # The lines since the last candidate hold no item: any of them that is not blank
        # ends a run, and the last few are the context of the next one.
        between = lines_above(text, read, line_offset, _RUN_CONTEXT)
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


def lists(
    text: str, whole: str, base: int
) -> Iterator[tuple[int, str, date | None, list[Loss], str | None]]:
    """Each General Staff list in `text`, a span of the document `whole` that starts at
    `base`: offset in `text`, format, header date, losses, direction."""
    for run in _runs(text):
        header = None
        for line in run.context:
            header = LIST_HEADER.search(line)
            if header is not None:
                break
        # A claim of Ukrainian losses heads its own list: only the nearest line counts.
        if run.context and CLAIM.search(run.context[0]):
            continue
        on = header_date(whole, header, base + run.offset) if header is not None else None
        losses = losses_of(run.items, on)
        known = sum(loss.category in KNOWN for loss in losses)
        if known < (1 if header is not None else 3):
            continue
        ukrainian = any(_CYRILLIC.search(label) for label, _, _ in run.items)
        direction = _DIRECTION.search(text, run.end, min(len(text), run.end + 400))
        name = None
        if direction:
            name = direction.group("en") or direction.group("uk")
        fmt = FORMAT_LIST_UK if ukrainian else FORMAT_LIST_EN
        yield run.offset, fmt, on, losses, name
