"""Formats D and E: news prose.

D: "Russia has lost 784,200 troops ... including 1,690 over the past day ... 9,651 tanks,
   19,970 armored fighting vehicles, ... and one submarine."
E: "personnel ... up 1,690 to 784,200 ... the enemy lost 7 tanks (total – 9,651), ..."
An enumeration counts only in a sentence about losses with at least three categories;
personnel only in a sentence that says it was lost. Noise ("12,000 troops", "76 of the
188 drones") has neither.
"""

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date

from warlosses.categories import canonical
from warlosses.lexicon import LABEL_WORDS
from warlosses.parse.dates import LIST_HEADER, MONTH, header_date
from warlosses.parse.noise import CLAIM_OR_PERIOD, INTERCEPTS
from warlosses.parse.numbers import COUNT, DIGIT, NUMBER, to_int
from warlosses.patterns import alternation, plain, word

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZА-ЯІЇЄҐ\"“‘(]|\s*$)|\n")
# One `\b` for all the words, not one per word: several times faster to search.
_PROSE_ANCHOR = re.compile(
    r"\b(?:lost|losses|destroyed|tally|toll|count|includes?|eliminated)\b|втрат|знищ",
    re.IGNORECASE,
)
_PROSE_ITEM = re.compile(
    # "36 of the 110 drones" counts what was launched, not what was lost.
    rf"(?<![\w.,])(?<!of the )(?P<n>{COUNT})\s*(?:\(\s*\+\s*(?P<inc>{NUMBER})\s*\)\s*)?\s"
    r"(?P<label>[^\d(),;.:!?]{1,60}?)\s*"
    rf"(?:\(\s*(?:(?:total|всього|загалом)\s*[‒–—:-]?\s*(?P<total>{NUMBER})"
    rf"|(?P<total2>{NUMBER})\s+(?:in\s+total|total|overall|всього|загалом))\s*\))?"
    rf"(?=\s*[,;.:!?]|\s*$|\s+(?:and|та|і|й)\s+(?:{COUNT})\b"
    r"|\s+(?:the|according|since|among|in\s+total|so\s+far)\b)",
    re.IGNORECASE,
)
_PERSONNEL_UP = re.compile(
    rf"personnel(?:\s+losses)?(?:[^.\d]{{0,40}}?\s(?:on|for)\s+(?:{MONTH})\.?\s+\d{{1,2}})?"
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
    rf"{word('lost')}\s+(?:about\s+|around\s+|some\s+|approximately\s+|nearly\s+|over\s+|almost\s+|"
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
    for hint in _PROSE_HINTS:
        at = lower.find(hint)
        while at >= 0:
            hints.append(at)
            at = lower.find(hint, at + 1)
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
                and DIGIT.search(text, start, end)
                and FIGURE_HINT.search(lower, start, end)
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
class Finding:
    """Figures found in one sentence. A weak one (one or two categories) counts only on a
    day that a strong one (personnel, or three categories or more) already reports."""

    offset: int
    format: str
    header: date | None
    items: list[tuple[str, int, int | None]]
    strong: bool = True


# A weak finding needs the verb of loss right before its figures, and no air-defence tally.
_LOSS_VERB = re.compile(r"\b(?:lost|destroyed)\b|втратив|втратила|втратили|знищено", re.IGNORECASE)


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
        return _ProsePatterns(*(plain(getattr(self, f.name)) for f in fields(self)))


# A sentence gives figures only if it says that personnel was lost (`_personnel` looks for
# "personnel", "lost" or "втрат") or if it names a category other than personnel, which
# means holding one of categories.LABEL_WORDS. Without any of them a sentence is passed over
# before the costlier patterns run.
FIGURE_HINT = re.compile(alternation(("personnel", "lost", "втрат", *LABEL_WORDS)))

_CASELESS = _ProsePatterns(
    _PROSE_ANCHOR, CLAIM_OR_PERIOD, LIST_HEADER, _PROSE_ITEM, _PERSONNEL_UP,
    _PERSONNEL_STAND, _PERSONNEL_LOST, _PERSONNEL_DAY, _LOSS_VERB, INTERCEPTS,
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


def prose(text: str, lower: str | None, base: int = 0) -> Iterator[Finding]:
    """Loss figures in sentences, with the date of a General Staff header in the sentence
    ("losses ... from February 24, 2022, to December 28, 2024") when there is one.

    `lower` is `text.lower()` when it has the same length; findings are placed at `base`.
    """
    if lower is None:  # some letter changes length when lower-cased: sentence by sentence
        for offset, sentence in _sentences(text):
            if len(sentence) > _MAX_SENTENCE or DIGIT.search(sentence) is None:
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
            if not whole and (FIGURE_HINT.search(sentence) is None or not DIGIT.search(sentence)):
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
) -> list[Finding]:
    """The findings of one sentence that holds an anchor, at `offset` in `text`."""
    if p.skip.search(sentence):
        return []
    header = p.header.search(sentence)
    on = header_date(text, header, offset) if header is not None else None
    found: list[Finding] = []
    personnel = _personnel(p, text, offset, sentence)
    if personnel is not None:
        found.append(Finding(base + offset, personnel[0], on, [personnel[1]]))
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
        found.append(Finding(base + offset, fmt, on, items))
    else:
        verb = p.verb.search(sentence, max(0, first - 60))
        if verb and verb.start() < first and not p.intercepts.search(sentence):
            found.append(Finding(base + offset, fmt, on, items, strong=False))
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
