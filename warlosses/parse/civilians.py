"""Civilian casualties: the day's national headline and the regional paragraphs under it."""

import re
from collections.abc import Iterator

from warlosses.parse.numbers import COUNT, to_int
from warlosses.parse.records import Casualties
from warlosses.patterns import plain

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
    rf"(?:kill(?:ed|ing)|claim(?:ed|ing) the lives? of)\s+(?:at\s+least\s+)?(?P<n>{COUNT})\b"
    rf"|\b(?P<m>{COUNT})\s+(?:[a-z]+\s+){{0,2}}(?:were|was|have\s+been|had\s+been)\s+killed"
    rf"|\b(?P<k>{COUNT})\s+(?:people\s+|civilians?\s+|persons?\s+|residents?\s+)?"
    r"(?:dead|deaths?|killed|died|lost\s+their\s+lives)\b",
    re.IGNORECASE,
)
_WOUNDED = re.compile(
    rf"(?:wound(?:ed|ing)|injur(?:ed|ing))\s+(?:at\s+least\s+)?(?P<n>{COUNT})\b"
    rf"|\b(?P<m>{COUNT})\s+(?:[a-z]+\s+){{0,2}}(?:were|was|have\s+been|had\s+been)\s+"
    r"(?:wounded|injured|hurt)"
    rf"|\b(?P<k>{COUNT})\s+(?:people\s+|civilians?\s+|persons?\s+)?(?:wounded|injured)\b",
    re.IGNORECASE,
)
_NO_CASUALTIES = re.compile(r"\bno\s+(?:civilian\s+)?casualties\b", re.IGNORECASE)


# The civilian patterns as written, and for lower-cased text (see `plain`).
_CIVILIAN: tuple[re.Pattern[str], ...] = (_CIVILIAN_HEADLINE, _KILLED, _WOUNDED, _NO_CASUALTIES)
_CIVILIAN_LOWERED = tuple(plain(pattern) for pattern in _CIVILIAN)


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


def civilians(text: str, lower: str) -> Iterator[tuple[int, list[Casualties]]]:
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
