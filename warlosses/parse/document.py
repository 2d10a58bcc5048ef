"""The document: where the finders look, how their findings are dated, and the records
one document gives."""

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import pairwise

from warlosses.lexicon import words
from warlosses.parse.blocks import blocks
from warlosses.parse.civilians import civilians as find_civilians
from warlosses.parse.dates import day_from_filename, first_days, looks_back
from warlosses.parse.headings import Headings
from warlosses.parse.lists import lists
from warlosses.parse.prose import Finding, prose
from warlosses.parse.records import (
    FORMAT_BLOCK,
    FORMAT_LIST_EN,
    FORMAT_LIST_UK,
    KNOWN,
    RULE_FILENAME,
    RULE_HEADER,
    RULE_HEADING,
    RULE_OPTION,
    RULE_PUBLISHED,
    Casualties,
    CivilianReport,
    Item,
    Loss,
    Parsed,
    Report,
    losses_of,
    redated,
)
from warlosses.warday import date_of, day_of

_SPACES = ("\u00a0", "\u202f", "\u2009", "\u2007", "\t")


# Every form of report contains one of these (looked for in the lower-cased text): list
# items their brackets and dashes, blocks their bars, prose its verbs, civilian counts
# their words. The detailed patterns run only on the text around them. The commonest on a
# news page come first: once the windows cover the whole text, the rest need not be sought.
_ANCHORS = (
    "lost", "loss", "(+", "|", "‒", "–", "—", "−", " - ",
    *(word for word in words("ANCHORS") if word not in ("lost", "loss")),
    "death", "civilian",
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


def _lower_in_place(text: str) -> str:
    """`text` lower-cased letter by letter, each letter kept where it stands (İ, whose
    lower case is two characters, stays as it is)."""
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def normalize(text: str) -> str:
    """One kind of line break and of space, Russian ё as е (how most texts write it), and
    figures spelt with group words as digits, so that patterns need not care."""
    return _normalized(text)[0]


def _normalized(text: str) -> tuple[str, str]:
    """`normalize(text)` and its lower-cased copy: lower-casing a page costs as much as
    all the rest, so it is done once."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for space in _SPACES:
        if space in text:
            text = text.replace(space, " ")
    if "ё" in text or "Ё" in text:
        text = text.replace("ё", "е").replace("Ё", "Е")
    lower = text.lower()
    if _grouped_hint(text, lower):
        text = _GROUPED.sub(_grouped, text)
        lower = text.lower()
    return text, lower


# An exact figure spelt with the words for its groups: "753 тисяч 370", "646 тис. 400",
# "2 thousand 109", "1 млн 226 тис. 420". Written as digits, so that patterns need not
# care. A rounded one ("982 тис.", "1,25 млн") has no group of three digits after it.
_THOUSAND = r"(?:thousand|тис\.?|тисяч\w*|тыс\.?|тысяч\w*)"
_MILLION = r"(?:million|млн\.?|мільйон\w*|миллион\w*)"
_GROUP_HINT = re.compile(r"thousand|million|тис|тыс|млн|мільйон|миллион", re.IGNORECASE)
# The flag makes the engine test every position of a long text: searching the lower-cased
# text without it is nine times as fast (1.2 against 0.13 ms on a saved page's text). It
# finds the same but where the text holds a character the flag folds otherwise than
# lower() lowers it (patterns.plain): then the flagged search decides. The words are
# searched one by one as plain substrings, faster still than one pattern for them all.
_GROUP_WORDS = ("thousand", "million", "тис", "тыс", "млн", "мільйон", "миллион")
_CASE_ODD = ("\u0130", "\u0131", "\u017f", "\u212a", *map(chr, range(0x1C80, 0x1C89)))


def _grouped_hint(text: str, lower: str | None = None) -> bool:
    """Whether `text` may hold a figure spelt with group words: `_GROUP_HINT.search(text)`.
    `lower` is `text.lower()` when the caller has it."""
    lowered = text.lower() if lower is None else lower
    if any(word in lowered for word in _GROUP_WORDS):  # plain substring search: fastest
        return True
    return any(c in text for c in _CASE_ODD) and _GROUP_HINT.search(text) is not None


_GROUPED = re.compile(
    rf"(?<![\d.,])(?:(?P<m>\d{{1,3}})\s*{_MILLION}\s+)?(?P<t>\d{{1,3}})"
    rf"(?:\s*{_THOUSAND}\s+|(?(m)[ ,]|(?!)))"
    r"(?P<u>\d{3})(?![\d.,]\d|\s*(?:thousand|тис|тыс))",
    re.IGNORECASE,
)


def _grouped(match: re.Match[str]) -> str:
    """ "1 мільйон 209 880" and "1 млн 209 тис. 880" as "1 209 880"."""
    millions = match.group("m")
    thousands = match.group("t") if millions is None else match.group("t").zfill(3)
    return " ".join(part for part in (millions, thousands, match.group("u")) if part)


def parse(
    text: str, *, name: str = "", on: date | None = None, published: date | None = None
) -> Parsed:
    """Every loss report and civilian count in a document.

    `name` is the file name (rule 4 of FORMATS.md); `on` is a date the user gave (rule 1);
    `published` is the document's publication date, already in Kyiv time (rule 3b).
    """
    text, lower = _normalized(text)
    same = len(lower) == len(text)  # then a slice of `lower` is the slice lower-cased
    headings = Headings(text, lower if same else None)
    file_day = day_from_filename(name)
    # The year a header without one takes when the page gives none near it.
    years = tuple(
        when.year
        for when in (published, date_of(file_day) if file_day is not None else None)
        if when is not None
    )
    warnings: list[str] = []

    def date_it(
        offset: int, header: date | None, sole: date | None = None
    ) -> tuple[int | None, str | None]:
        if on is not None:
            return day_of(on), RULE_OPTION
        if header is not None and day_of(header) >= 1:
            return day_of(header), RULE_HEADER
        if sole is not None:
            # The report's own header dates the page's other figures too ("Since the start
            # ... 24,500 people, 1,077 tanks" above the list "from February 24 to May 4").
            return day_of(sole), RULE_HEADER
        return undated(offset)

    def undated(offset: int) -> tuple[int | None, str | None]:
        """The day of a report that gives no date of its own: rules 3 to 4."""
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
    findings: list[Finding] = []
    found_blocks: list[tuple[int, list[tuple[str, int, int | None]]]] = []
    found_civilians: list[tuple[int, list[Casualties]]] = []
    for start, end in windows(text, lower):
        part = text[start:end]
        part_lower = lower[start:end] if same else None
        for offset, fmt, header, losses, direction in lists(
            part, part_lower or part.lower(), text, start, years
        ):
            found_lists.append((offset + start, fmt, header, losses, direction))
        findings += prose(part, part_lower, start, years)
        found_blocks += [(offset + start, items) for offset, items in blocks(part)]
        # Without a lower-cased copy of the same length, the one window is the whole text.
        civilian = find_civilians(part, lower if part_lower is None else part_lower)
        found_civilians += [(offset + start, figures) for offset, figures in civilian]

    headers = {header for _, _, header, _, _ in found_lists if header is not None}
    headers |= {finding.header for finding in findings if finding.header is not None}
    sole_header = None
    if len(headers) == 1:
        offsets = [offset for offset, *_ in found_lists] + [f.offset for f in findings]
        sole_header = _sole_header(headers.pop(), _one_day(offsets, undated, headings))
    for offset, fmt, header, losses, direction in found_lists:
        day, rule = date_it(offset, header, sole_header)
        when = date_of(day) if day is not None else None
        if when is not None and header is None:
            losses = redated(losses, when)
        reports.append(Report(day, rule, fmt, tuple(losses), direction, offset))
    # Prose gives its figures sentence by sentence: one report per day they are dated to.
    by_day: dict[int | None, tuple[int, list[str], str | None, list[Item]]] = {}
    weak: list[tuple[int | None, Finding]] = []
    for finding in findings:
        day, rule = date_it(finding.offset, finding.header, sole_header)
        if finding.header is None:
            n = _first_days_elsewhere(text, lower, finding.offset, day, rule)
            if n is not None:
                warnings.append(
                    f"figures of a paragraph on the war's first {n} days not stored on day "
                    f"{day} (the {rule}'s day): pass --date if that is their day"
                )
                continue
        if finding.opens_on is not None and day is not None and finding.header is None:
            if looks_back(finding.opens_on, date_of(day)):
                month, of_month, _ = finding.opens_on
                warnings.append(
                    f"figures of a sentence that opens with the date {of_month:02}.{month:02} "
                    f"in a report of {date_of(day)} not stored: taken for a look back"
                )
                continue
        if not finding.strong:
            weak.append((day, finding))
            continue
        _, formats, _, gathered = by_day.setdefault(day, (finding.offset, [], rule, []))
        formats.append(finding.format)
        gathered.extend(finding.items)
    for day, finding in weak:
        if day in by_day:
            by_day[day][1].append(finding.format)
            by_day[day][3].extend(finding.items)
    for day, (offset, formats, rule, items) in by_day.items():
        # A whole thousand ("about 75,000") gives way to a figure in tens ("about
        # 74,840"); and a figure with its increase is the exact one, a rounded mention
        # ("nearly 785,000 troops") in a title or summary comes without and gives way to it.
        items.sort(key=lambda item: (item[1] % 1000 == 0, item[2] is None))
        losses = losses_of(items, date_of(day) if day is not None else None)
        fmt = "E" if "E" in formats else "D"
        reports.append(Report(day, rule, fmt, tuple(losses), None, offset))
    for offset, items in found_blocks:
        day, rule = date_it(offset, None)
        losses = losses_of(items, date_of(day) if day is not None else None)
        if not any(loss.category in KNOWN for loss in losses):
            continue  # a run of `N |` lines naming no known category is not a report
        reports.append(Report(day, rule, FORMAT_BLOCK, tuple(losses), None, offset))

    for report in reports:
        for loss in report.losses:
            if loss.category not in KNOWN:
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


# The rules that date a report by its document, not by words of its own.
_DOCUMENT_RULES = (RULE_HEADING, RULE_PUBLISHED, RULE_FILENAME)


def _first_days_elsewhere(
    text: str, lower: str, offset: int, day: int | None, rule: str | None
) -> int | None:
    """The N of a "the war's first N days" in the paragraph at `offset`, when the document
    dates that paragraph's figures (by its title, publication or file name) to a day other
    than N or N + 1 (the morning after): they are a look back at the war's first days
    ("around 4,300 soldiers had been killed during the first three days", on a page of
    the fifth). None otherwise. `lower` is `text` lower-cased, if of the same length."""
    if day is None or rule not in _DOCUMENT_RULES or len(lower) != len(text):
        return None
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    for n in first_days(lower, start, end):
        if day not in (n, n + 1):
            return n
    return None


def _one_day(
    offsets: list[int],
    undated: Callable[[int], tuple[int | None, str | None]],
    headings: Headings,
) -> int | None:
    """The one day that the page's title, publication or file name gives every report at
    `offsets`, if they all get the same one; None in a digest, whose reports stand under
    heading lines of their own."""
    days = {undated(offset)[0] for offset in offsets}
    if len(days) != 1 or any(headings.under_heading_line(offset) for offset in offsets):
        return None
    return days.pop()


def _sole_header(header: date, one_day: int | None) -> date | None:
    """The date of a document's one report header, when it may date the document's other
    reports too: all of them would be dated alike otherwise, and not before it."""
    return header if one_day is not None and header <= date_of(one_day) else None


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
