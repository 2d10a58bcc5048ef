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
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from itertools import chain, pairwise

from warlosses.lexicon import LABEL_WORDS, words
from warlosses.lexicon import category as canonical
from warlosses.parse.dates import LIST_HEADER, MONTH, header_date, opening_date
from warlosses.parse.numbers import (
    DIGIT,
    LIST_NUMBER,
    LIST_NUMBER_AT_DIGIT,
    WORD_NUMBER,
    to_int,
)
from warlosses.parse.records import DAY_MOST, FIRST_REPORT, Item
from warlosses.parse.scope import (
    CLAIM,
    CLAIM_OR_PERIOD,
    COMPARED,
    INTERCEPTS,
    PAST_DAY,
    PERIOD,
    TOTAL,
)
from warlosses.patterns import Source, alternation, at_word_start, words_at_start

# Prose prints its figures as lists do, with thousands grouped by spaces, commas or, in
# some translations, full stops ("43.200 Russian soldiers").
NUMBER = LIST_NUMBER
COUNT = rf"(?:{NUMBER}|{WORD_NUMBER})"

# A full stop, "!" or "?" before a capital or the end, or a line break; written to begin
# with a class of the four, which lets the engine skip to them.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?=\s+[A-ZА-ЯІЇЄҐ\"“‘«(]|\s*$))")


def _any(table: str) -> str:
    """The lexicon's words of `table`, in every language, as whole words."""
    return rf"(?:{alternation(words(table))})(?!\w)"


_APPROX = rf"(?:{_any('APPROX')}\s+)"
_Q = r"[«»\"“”„']?"  # quotes around a figure: "“around 776,090” casualties"
_OVER = rf"(?P<over>{_any('MORE_THAN')})\s+"
_MORE = _any("MORE")
# "784,200 Russian troops", "710,660 of Moscow's soldiers"
_PERSON = (
    r"(?:(?:своїх|своих|its|their|russian|російських|российских"
    r"|of\s+(?:moscow|russia|the\s+kremlin|putin|the\s+enemy)['’]s)\s+)?"
    rf"{_any('PERSONNEL')}"
)
# A figure that goes on as a decimal or a multiple ("21.6 thousand", "1,25 млн") is rounded.
_ROUNDED = Source(rf"[.,]\d|\s*(?:{alternation(words('ROUNDED'))})(?!\w)", re.IGNORECASE)

# Right before a figure, words that make a round one rounded ("more than 123,000").
_ROUND_WORD = Source(rf"(?:{alternation(words('MORE_THAN'))})(?!\w)\W*$", re.IGNORECASE)

# One `\b` for all the words, not one per word: several times faster to search.
_PROSE_ANCHOR = Source(rf"\b(?:{alternation(words('ANCHORS'))})", re.IGNORECASE)
_PROSE_ITEM = Source(
    # "36 of the 110 drones" counts what was launched, not what was lost.
    rf"(?<![\w.,])(?<!of the )(?P<n>{COUNT})\s*(?:\(\s*\+\s*(?P<inc>{NUMBER})\s*\)\s*)?"
    rf"\s(?:(?P<more>{_MORE})\s+)?"
    r"(?P<label>[^\d(),;.:!?]{1,60}?)\s*(?:\([^\d()]{1,15}\)\s*)?"  # "(ACVs)"
    rf"(?:\(\s*(?:(?:total|всього|загалом|всего|усього)\s*[‒–—:-]?\s*(?P<total>{NUMBER})"
    rf"|(?P<total2>{NUMBER})\s+(?:in\s+total|total|overall|всього|загалом|всего)"
    rf"|(?P<total3>{NUMBER}))\s*\))?"
    rf"(?=\s*[,;.:!?]|\s*$|\s+(?:and|та|і|й|и)\s+(?:{COUNT})\b"
    r"|\s+(?:the|according|since|among|in|during|throughout|amid|so\s+far|have|has|had|were"
    r"|was|з|с|від|от)\b)",
    re.IGNORECASE,
)
# Personnel as a total, or as the day's increase (by the words around it).
_PERSONNEL_LOST = Source(
    rf"{words_at_start(words('LOSS_VERBS'))}\s+(?:[^\d\s.,;:!?]+[,\s]+){{0,8}}?"
    rf"(?:(?P<more>{_MORE})\s+)?{_Q}(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER}){_Q}\s*"
    rf"(?:\(\s*\+\s*(?P<inc>{NUMBER})\s*\)\s*)?(?:(?P<more2>{_MORE})\s+)?{_PERSON}",
    re.IGNORECASE,
)
# "втрати росії в особовому складі досягли 729 720 людей", "personnel losses stand at ..."
_PERSONNEL_REACHED = Source(
    r"(?:(?:personnel|troop)\s+losses|losses\s+(?:of|in|among)\s+(?:the\s+)?(?:russian\s+|enemy\s+)?"
    r"(?:personnel|troops|manpower)|втрат\w*(?:\s+\S+){0,4}?\s+(?:в|у)\s+(?:особовому\s+складі|"
    r"живій\s+силі)|втрат\w*\s+(?:\S+\s+){0,3}?(?:особового\s+складу|живої\s+сили)|"
    r"потер\w*(?:\s+\S+){0,4}?\s+в\s+(?:личном\s+составе|живой\s+силе)|"
    r"потер\w*\s+(?:\S+\s+){0,3}?(?:личного\s+состава|живой\s+силы))"
    rf"[^\d.;!?]{{0,50}}?(?:{alternation(words('REACHED'))})\s+(?:{_APPROX}|{_OVER})?"
    rf"(?P<n>{NUMBER})(?!\d)",
    re.IGNORECASE,
)
# The day's increase between a total and its noun: "646 400 (+1 250 за добу) осіб".
_BRACKET = r"(?:\(\s*\+\s*\d[\d ,.]*[^()\d]{0,30}\)\s*)"
# "втрати Росії досягли 753 370 окупантів", "The total number of losses of the Russian
# army since the beginning of the invasion is 516,080 soldiers"; the words between may
# hold a report's span of dates ("втрати ..., з 24 лютого 2022 року по 19 лютого 2026
# року, становлять близько 1 256 910 осіб"), but not "could" or "may" before the verb.
_LOSSES_REACHED = Source(
    r"(?:втрат\w*|потер\w*|loss(?:es)?|casualties|toll|ліквідац\w*|ликвидац\w*)\s+"
    r"(?:[^\s.,;:!?]+,?\s+){0,24}?(?<!could )(?<!might )(?<!may )"  # not an estimate
    rf"(?:{alternation(words('REACHED'))})\s+(?:(?:вже|уже|already|now|цифры|цифри|числа|"
    rf"отметки|позначки|(?:the|an?)\s+(?:[a-z]+\s+)?(?:figure|mark|level)\s+of)\s+)*"
    rf"(?:{_APPROX}|{_OVER})?"
    rf"(?P<n>{NUMBER})\s*{_BRACKET}?{_PERSON}",
    re.IGNORECASE,
)
# "загальні російські втрати в 1 127 300 військових", "total losses at 1,127,300 troops"
_PERSONNEL_LOSSES = Source(
    r"(?:втрат\w*|потер\w*|losses)\s+(?:[^\d\s.,;:!?]+\s+){0,3}?(?:в|у|of|at)\s+"
    rf"(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER})\s*{_PERSON}",
    re.IGNORECASE,
)
# The total after the date the war began, set off by a dash: "and in general, since
# February 24, 2022 - 506,260 people" (not "since 2014 - 14,000 people").
_PERSONNEL_SINCE = Source(
    r"\b(?:since|from|з|с|від|от)\s+(?:[^\s.;!?]+\s+){0,3}?2022(?:\s+(?:року|года|р\.|г\.))?"
    rf",?\s*[-‒–—:]\s*(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER})\s*{_PERSON}",
    re.IGNORECASE,
)
# A running total: "which has brought the total to around 146,820", "This takes the
# number of Russian tanks lost in Ukraine to 3363", "taking the total to 247"; or a figure
# that is lost "in total" with no label of its own ("Another four drones were destroyed,
# meaning that Russia's army has lost 2033 in total").
_RUNNING = Source(
    r"(?:bringing|brings|brought|taking|takes|took|raising|raises|raised|pushing|pushes|"
    r"pushed|putting|puts)\s+(?:the|its)\s+(?P<what>[^.;!?]{0,120}?)\bto\s+"
    rf"(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER})(?!\d)(?!\s*(?:{MONTH})\b)",
    re.IGNORECASE,
)
_RUNNING_IN_TOTAL = Source(
    r"\b(?:has|have|had)\s+(?:now\s+)?(?:lost|destroyed)\s+"
    rf"(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER})(?!\d)\s+in\s+total\b",
    re.IGNORECASE,
)
# The count before a running total: "an additional eight Russian tanks had been destroyed".
_COUNT_OF = Source(
    rf"(?<![\w.,])(?P<n>{COUNT})\s+(?:(?:more|additional|further|another|russian|ще|еще)\s+)*"
    # No word of the label is a number: "an additional eight Russian tanks" counts eight.
    rf"(?P<label>(?!(?:{WORD_NUMBER})\b)[^\W\d]+(?:[\s-](?!(?:{WORD_NUMBER})\b)[^\W\d]+){{0,3}})",
    re.IGNORECASE,
)
# The verb of loss after the figures, in the passive: "... were also lost", "... had been
# destroyed".
_PASSIVE_LOSS = Source(
    r"\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:also\s+)?"
    r"(?:lost|destroyed|eliminated|liquidated)\b",
    re.IGNORECASE,
)
_RUNNING_NOUN = Source(r"\b(?:total|tally|toll|number|count|figure)\b", re.IGNORECASE)
# "calculated the total number of Russian casualties since the invasion began to be
# 738,660", "put the number of Russian servicemen killed ... at 58,150"
_PERSONNEL_NUMBER = Source(
    rf"(?:number|total|tally|toll|count)\s+of\s+(?:the\s+)?{_PERSON}[^\d.;!?]{{0,80}}?"
    rf"(?:to\s+be|of|came\s+to|comes\s+to|{alternation(words('REACHED'))})\s+"
    rf"{_Q}(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER})(?!\d)",
    re.IGNORECASE,
)
# "The Army places the casualties inflicted on the Russian Army during the invasion at 22,100"
_PERSONNEL_PUT = Source(
    r"(?:places?|placed|puts?|putting|estimates?|estimated)\s+(?:the\s+|its\s+)?"
    r"(?:number|total|casualties|losses|toll|death\s+toll)[^\d.;!?]{0,80}?\bat\s+"
    rf"{_Q}(?:{_APPROX}|{_OVER})?(?P<n>{NUMBER})(?!\d)",
    re.IGNORECASE,
)
# A count of people who were killed, as a total: "about 74,840 Russian servicemen have
# been liquidated since the start of hostilities". It begins with the figure's first digit,
# which lets the engine skip to the digits ("about" or "over" before it changes nothing).
_PERSONNEL_KILLED = Source(
    rf"(?P<n>{LIST_NUMBER_AT_DIGIT})\W{{0,2}}\s+{_PERSON}\W{{0,2}}\s+"
    r"(?:have\s+|has\s+|had\s+)?(?:been\s+|were\s+)?\W?"
    r"(?:killed|liquidated|eliminated|lost|died|neutrali[sz]ed)",
    re.IGNORECASE,
)
# A count of losses among troops, as the headlines of summaries write it: "Russia Announces
# 1,047,250 Troop Losses", "Ukraine reports 1,047,250 Russian military casualties".
_TROOP_LOSSES = Source(
    rf"(?P<n>{LIST_NUMBER_AT_DIGIT})\s+(?:russian\s+)?(?:troop|personnel|military)\s+"
    r"(?:losses|casualties)(?!\w)",
    re.IGNORECASE,
)
_PERSONNEL_UP = Source(
    rf"(?:personnel|особов\w+\s+склад\w*|личн\w+\s+состав\w*"
    rf"|(?:кількість|количество|number\s+of)\s+(?:[^\d\s.,;:!?]+\s+){{0,2}}?{_PERSON})"
    r"(?:\s+losses)?"
    rf"(?:[^.\d]{{0,40}}?\s(?:on|for)\s+(?:{MONTH})\.?\s+\d{{1,2}})?"
    r"[^.\d]{0,40}?"
    r"\b(?:up|increased|grew|rose|went\s+up|зросл[аи]|збільшил[аи]?ся|збільшил[аи]?сь|"
    r"выросл[аио]|увеличил[аио]сь)"
    r"\s+(?:by\s+|на\s+)?"
    rf"(?P<delta>{NUMBER})\b[^.\d]{{0,60}}?\b(?:to|at|reaching|totall?ing|до)\s+"
    rf"(?:{_APPROX})?(?P<total>{NUMBER})",
    re.IGNORECASE,
)
_INCLUDES = _any("INCLUDES")  # "including", "of which", "з них"
# The day's personnel increase, beside a total: "including 1,690 over the past day",
# "This number includes 1,190 casualties", "з яких 870 знищено протягом доби".
_PERSONNEL_INCLUDES = Source(
    rf"{_INCLUDES}[^\d.;!?]{{0,40}}?(?P<n>{NUMBER})(?![\d,.]\d)"
    rf"(?=\s*(?:[^\d\s.,;:!?]+\s+){{0,5}}?(?:{_PERSON}|{PAST_DAY})|\s*(?:[.,;)]|$))",
    re.IGNORECASE,
)
_PERSONNEL_DAY = Source(
    rf"(?P<a>{NUMBER})(?!\d)(?!\s*(?:{MONTH})\b)[^.\d]{{0,80}}?(?:{PAST_DAY})"
    rf"|(?:{PAST_DAY})[^.\d]{{0,60}}?(?<![\d.,])(?P<b>{NUMBER})(?!\d)(?!\s*(?:{MONTH})\b)"
    rf"(?=[^.\d]{{0,30}}?{_PERSON})",
    re.IGNORECASE,
)
# After a total, the day's share set off by a dash, right after the words for the past day:
# "..., минулої доби — близько 850."
_DASH_SHARE = Source(
    rf"\s*[-‒–—]\s*(?:{_APPROX})?(?P<n>{NUMBER})(?!\d)(?=\s*(?:[.;)]|$))", re.IGNORECASE
)
# The same beyond a total's own sentence, where the figure must say it counts people:
# "Russia has lost 1,970 soldiers in the last 24 hours".
_PERSONNEL_DAY_PEOPLE = Source(
    rf"(?P<a>{NUMBER})(?!\d)(?!\s*(?:{MONTH})\b)\s*(?:[^\d\s.,;:!?]+\s+){{0,3}}?{_PERSON}"
    rf"[^.\d]{{0,60}}?(?:{PAST_DAY})"
    rf"|(?:{PAST_DAY})[^.\d]{{0,60}}?(?<![\d.,])(?P<b>{NUMBER})(?!\d)(?!\s*(?:{MONTH})\b)"
    rf"(?=[^.\d]{{0,30}}?{_PERSON})",
    re.IGNORECASE,
)
# The day's share as more of them, with the loss after: "Another 620 Russian troops were
# killed", "after another 350 soldiers were reportedly eliminated".
_ANOTHER = Source(
    rf"(?<!\w)(?:{_MORE})\s+(?P<n>{NUMBER})(?!\d)\s+(?:[^\d\s.,;:!?]+\s+){{0,2}}?{_PERSON}"
    r"[^.;!?\d]{0,40}?(?:killed|eliminated|liquidated|lost|died|wounded|casualties|"
    r"знищ|ліквід|втрат|загин|убит|уничтож|ликвид|потер|погиб)",
    re.IGNORECASE,
)
_SCOPE = Source(at_word_start(rf"(?P<day>{PAST_DAY})|(?P<total>{TOTAL})"), re.IGNORECASE)
_ROUND_FROM = 100_000  # "700,000 people": no count was ever a whole hundred thousand
# "more than 31,000 soldiers": from here a whole thousand after "over" is someone's rounding.
# Below it, in the war's first weeks, the General Staff wrote so itself ("more than 11,000").
_OVER_ROUND_FROM = 20_000
_MAX_INCREASE = 10_000  # the most personnel a day has cost is a third of that
_THOUSANDS = re.compile(r"\d\d\d\d|\d[ ,.]\d\d\d")  # a figure of four digits or more
_LOOK_AROUND = 400  # characters of the paragraphs around a total searched for its increase
_NEAR = 50  # a scope word this close after a figure is its own
_FIGURE_RUN = re.compile(r"[\d\s,.]*")
_CLAUSE_BREAK = re.compile(r"[,;]")  # unless a clause ends between and a figure follows it

# The words for people that a personnel total's item may have for its label.
_PEOPLE_WORDS = frozenset((*words("PERSONNEL"), "personnel"))
# What every personnel pattern needs: a word for people, or for personnel and its losses.
_PEOPLE = Source(
    alternation(
        (*words("PERSONNEL"), "personnel", "особов", "личн", "живої", "живой", "casualt",
         "toll", "втрат", "потер")
    )
)  # fmt: skip

# The prose anchors, lower-case and without word boundaries: the paragraphs worth
# splitting into sentences are found by searching the lower-cased text for them, or, in a
# text whose lower-cased copy is longer (it holds İ), the text itself caselessly.
_PROSE_HINTS = words("ANCHORS")
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
    digit."""
    # Plain substring search finds the hints faster than any pattern does; where two
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
            if text[start:end] not in passed and DIGIT.search(text, start, end):
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
    # The date the sentence opens with ("On March 2, ..."): (month, day, year or None).
    opens_on: tuple[int, int, int | None] | None = None


_INCLUDES_WORD = Source(_INCLUDES)
# A weak finding needs the verb of loss right before its figures, and no air-defence tally.
_LOSS_VERB = Source(
    r"\b(?:lost|destroyed)\b|втратив|втратила|втратили|знищено|знищили|потерял|уничтож",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _ProsePatterns:
    """The prose patterns, compiled in one of two builds: plain, for lower-cased text,
    which Python's engine searches many times faster; and case-insensitive, for the rare
    text whose lower-cased copy is longer (it holds İ), compiled only when one comes."""

    anchor: re.Pattern[str]
    skip: re.Pattern[str]
    header: re.Pattern[str]
    item: re.Pattern[str]
    up: re.Pattern[str]
    reached: re.Pattern[str]
    losses: re.Pattern[str]
    losses_reached: re.Pattern[str]
    number: re.Pattern[str]
    put: re.Pattern[str]
    since: re.Pattern[str]
    running: re.Pattern[str]
    running_in_total: re.Pattern[str]
    running_noun: re.Pattern[str]
    count: re.Pattern[str]
    killed: re.Pattern[str]
    lost: re.Pattern[str]
    includes: re.Pattern[str]
    day: re.Pattern[str]
    day_people: re.Pattern[str]
    scope: re.Pattern[str]
    rounded: re.Pattern[str]
    over: re.Pattern[str]
    people: re.Pattern[str]
    verb: re.Pattern[str]
    intercepts: re.Pattern[str]
    labels: re.Pattern[str]
    claim: re.Pattern[str]
    period: re.Pattern[str]
    includes_word: re.Pattern[str]
    another: re.Pattern[str]
    troop: re.Pattern[str]
    compared: re.Pattern[str]
    passive: re.Pattern[str]
    dash_share: re.Pattern[str]

    @classmethod
    def build(cls, caseless: bool) -> "_ProsePatterns":
        return cls(*(source.compile(caseless) for source in _SOURCES))


# A sentence gives figures only if it names a category other than personnel, which means
# holding one of LABEL_WORDS, or if it names people or their losses (`_PEOPLE`) with a
# figure of four digits. Without either it is passed over before the costlier patterns
# run. (The document writes ё as е before it is read, as the lexicon does.)
LABEL_HINT = Source(alternation(LABEL_WORDS))


_SOURCES = (
    _PROSE_ANCHOR, CLAIM_OR_PERIOD, Source(LIST_HEADER.pattern, LIST_HEADER.flags), _PROSE_ITEM,
    _PERSONNEL_UP, _PERSONNEL_REACHED, _PERSONNEL_LOSSES, _LOSSES_REACHED, _PERSONNEL_NUMBER,
    _PERSONNEL_PUT, _PERSONNEL_SINCE, _RUNNING, _RUNNING_IN_TOTAL, _RUNNING_NOUN, _COUNT_OF,
    _PERSONNEL_KILLED, _PERSONNEL_LOST, _PERSONNEL_INCLUDES, _PERSONNEL_DAY,
    _PERSONNEL_DAY_PEOPLE, _SCOPE, _ROUNDED, _ROUND_WORD, _PEOPLE, _LOSS_VERB, INTERCEPTS,
    LABEL_HINT, Source(CLAIM), Source(PERIOD), _INCLUDES_WORD, _ANOTHER, _TROOP_LOSSES,
    COMPARED, _PASSIVE_LOSS, _DASH_SHARE,
)  # fmt: skip
_LOWERED = _ProsePatterns.build(caseless=False)


@cache
def _caseless() -> _ProsePatterns:
    return _ProsePatterns.build(caseless=True)


_MAX_SENTENCE = 3000
_ASIDE = 40  # characters from "including" to the period it names


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


def prose(
    text: str, lower: str | None, base: int = 0, years: tuple[int, ...] = ()
) -> Iterator[Finding]:
    """Loss figures in sentences, with the date of a General Staff header in the sentence
    ("losses ... from February 24, 2022, to December 28, 2024") when there is one.

    `lower` is `text.lower()` when it has the same length; findings are placed at `base`.
    """
    if lower is None:  # some letter changes length when lower-cased: sentence by sentence
        for offset, sentence in _sentences(text):
            if len(sentence) > _MAX_SENTENCE or DIGIT.search(sentence) is None:
                continue
            lowered = sentence.lower()
            p = _LOWERED if len(lowered) == len(sentence) else _caseless()
            if p is _LOWERED:
                sentence = lowered
            if p.anchor.search(sentence) is not None:
                yield from _sentence_findings(p, text, offset, sentence, base, years)
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
            if not whole and not DIGIT.search(sentence):
                continue
            findings = _sentence_findings(_LOWERED, text, sentence_start, sentence, base, years)
            if not findings:
                _NOTHING.add(passed_sentences, sentence)
            found = found or bool(findings)
            yield from findings
        if not found:
            _NOTHING.add(passed, text[start:end])
        else:
            yield from _going_on(text, lower, end, base, years)


_ALSO = re.compile(rf"\W*(?:[^\W\d]+\s+){{0,2}}?(?:{alternation(words('ALSO'))})(?!\w)")


def _going_on(
    text: str, lower: str, end: int, base: int, years: tuple[int, ...] = ()
) -> Iterator[Finding]:
    """The paragraph after one that gave figures, when it goes on with the report in
    words of its own ("Also listed are 952 air defence systems, 369 aircraft, ..."),
    without a word of loss: its enumerations of three categories or more."""
    start = end + 1
    while start < len(text) and text[start] == "\n":
        start += 1
    stop = text.find("\n", start)
    stop = len(text) if stop < 0 else stop
    if (
        start >= stop
        or _ALSO.match(lower, start) is None
        or _LOWERED.anchor.search(lower, start, stop) is not None
        or DIGIT.search(text, start, stop) is None
    ):
        return
    ends = [match.end() for match in _SENTENCE_END.finditer(text, start, stop)]
    for sentence_start, sentence_end in pairwise([start, *ends, stop]):
        if 0 < sentence_end - sentence_start <= _MAX_SENTENCE:
            sentence = lower[sentence_start:sentence_end]
            for finding in _sentence_findings(
                _LOWERED, text, sentence_start, sentence, base, years
            ):
                if finding.strong and "personnel" not in {
                    canonical(label) for label, _, _ in finding.items
                }:
                    yield finding


def _scope_at(p: _ProsePatterns, sentence: str, start: int, end: int) -> str | None:
    """ "day" or "total": what the words around the figure at sentence[start:end] say it
    counts. A scope word right after the figure is its own ("1,100 soldiers over the past
    day"); else the nearest one before it; else the first one after it. A scope word
    with another figure between belongs to that one."""
    before = after = None
    for match in p.scope.finditer(sentence):
        kind = "day" if match.group("day") else "total"
        if match.end() <= start:
            before = kind
        elif match.start() >= end and after is None:
            if DIGIT.search(sentence, end, match.start()) is not None:
                break  # it belongs to the figure between
            if _CLAUSE_BREAK.search(sentence, end, match.start()) and DIGIT.search(
                sentence, match.end(), match.end() + _NEAR
            ):
                break  # "127 500 військових, минулої доби — близько 850": the next figure's
            after = kind
            if match.start() - end <= _NEAR:
                return kind
    return before or after


_AIR_DAY_MOST = 50  # no day has cost Russia this many aircraft, or helicopters
_AIR = frozenset(("aircraft", "helicopters", "drones", "cruise_missiles"))  # shot down


def _air_totals(items: list[Item]) -> bool:
    """Whether an enumeration counts aircraft or helicopters, each beyond any day's loss."""
    air = [n for label, n, _ in items if canonical(label) in ("aircraft", "helicopters")]
    return bool(air) and all(n > _AIR_DAY_MOST for n in air)


def _scope_right_after(p: _ProsePatterns, sentence: str, end: int) -> str | None:
    """ "day" or "total": a scope word within _NEAR characters after `end`, with no figure
    between."""
    match = p.scope.search(sentence, end)
    if match is None or match.start() - end > _NEAR:
        return None
    if DIGIT.search(sentence, end, match.start()) is not None:
        return None
    return "day" if match.group("day") else "total"


def _hints(p: _ProsePatterns, sentence: str) -> tuple[bool, int]:
    """Whether the sentence names people with a figure of four digits at least, and how
    many words of categories' labels it holds (each at a place of its own)."""
    people = _THOUSANDS.search(sentence) is not None and p.people.search(sentence) is not None
    return people, len(p.labels.findall(sentence))


def _sentence_findings(
    p: _ProsePatterns,
    text: str,
    offset: int,
    sentence: str,
    base: int,
    years: tuple[int, ...] = (),
) -> list[Finding]:
    """The findings of one sentence that holds an anchor, at `offset` in `text`."""
    # Personnel is read only from a sentence that names people or their losses, with a
    # figure of four digits at least (a total is no smaller than the first report's 2,800);
    # other categories only from one that holds a word of their labels.
    people, labels = _hints(p, sentence)
    if not (people or labels):
        return []
    rejected = _rejection(p, sentence)
    if rejected is not None:
        # A claim or period after the sentence turns to a comparison is the comparison's:
        # the clause before it is read alone.
        cut = _compared_cut(p, sentence, rejected)
        if cut is None:
            return []
        sentence = sentence[:cut]
        people, labels = _hints(p, sentence)
        if not (people or labels):
            return []
    personnel = _personnel(p, text, offset, sentence) if people else None
    # The figures of other categories give a finding only as an enumeration of three of
    # them (which takes three words of labels), or as a running total, after the verb of
    # loss or beside a personnel total, in a sentence that tallies no interceptions. Where
    # they cannot, they are not looked for.
    labelled = labels >= 3 or (
        labels > 0
        and ("to " in sentence or personnel is not None or p.verb.search(sentence) is not None)
        and p.intercepts.search(sentence) is None
    )
    if personnel is None and not labelled:
        return []
    header = p.header.search(sentence)
    # A header without a year ("з 24 по 28 лютого") takes the page's, else the document's.
    on = header_date(text, header, offset, years) if header is not None else None
    found: list[Finding] = []
    if personnel is not None:
        found.append(Finding(base + offset, personnel[0], on, [personnel[1]]))
    items: list[tuple[str, int, int | None]] = []
    plain_items: list[tuple[int, int, tuple[str, int, int | None]]] = []
    start = header.end() if header is not None else 0
    first = -1  # where the first figure of a known category stands
    # Whether the enumeration counts personnel as a total ("Russia has lost around 2,424
    # tanks and 60,800 soldiers"): that makes it as strong as a personnel sentence.
    people_total = False
    # An enumeration that gives the personnel total found ("losses amounted to about 24,500
    # people, about 200 aircraft, 1,077 tanks") gives totals beside it.
    beside = False
    for match in p.item.finditer(sentence, start) if labelled else ():
        label = match.group("label").strip()
        if personnel is not None and not beside and label in _PEOPLE_WORDS:
            beside = to_int(match.group("n")) == personnel[1][1]
        if canonical(label) is None or len(label.split()) > 7:
            continue
        first = match.start() if first < 0 else first
        if DIGIT.match(match.group("n")) and not _exact(p, sentence, match, people=False):
            continue
        n = to_int(match.group("n"))
        total = match.group("total") or match.group("total2")
        bracket = match.group("total3")
        if total:
            items.append((label, to_int(total), n))
        elif bracket and to_int(bracket) > n:  # "9 бойових броньованих машин (23 384)"
            items.append((label, to_int(bracket), n))
        elif match.group("inc"):
            items.append((label, n, to_int(match.group("inc"))))
        elif not match.group("more"):  # "three more tanks" are the day's
            plain_items.append((match.start(), match.end(), (label, n, None)))
            if personnel is None and canonical(label) == "personnel":
                people_total = people_total or _people_total(p, sentence, match, n)
    if plain_items and not _day_figures(p, sentence, plain_items):
        items.extend(item for _, _, item in plain_items)
    else:
        people_total = False
    running, named = (
        _running_totals(p, sentence)
        if labelled and ("to " in sentence or " in total" in sentence)
        else ([], set())
    )
    if named:  # a count before a running total is the day's, whether that total holds
        items = [item for item in items if canonical(item[0]) not in named] + running
    if personnel is not None:
        items = [item for item in items if canonical(item[0]) != "personnel"]
    known = {canonical(label) for label, _, _ in items} - {"personnel"}
    if not known:
        return _when(found, sentence)
    fmt = "E" if any(delta is not None for _, _, delta in items) else "D"
    if len(known) >= 3:
        # An air-defence tally ("shot down 40 drones, 3 missiles and a helicopter") is no
        # loss report; the General Staff's 2022 wording "it has shot down 187 airplanes,
        # 155 helicopters and 215 UAVs" is, with counts of aircraft no day ever reached,
        # and so is an enumeration of things no air defence shoots down.
        if p.intercepts.search(sentence) is None or not known <= _AIR or _air_totals(items):
            found.append(Finding(base + offset, fmt, on, items))
    elif not p.intercepts.search(sentence):
        # A running total says what it counts, and so does a personnel total's enumeration;
        # other figures need the verb of loss.
        verb = p.verb.search(sentence, max(0, first - 60)) if first >= 0 else None
        before = verb is not None and verb.start() < first
        # or say it after them: "Eight ships and 31 pieces of equipment were also lost."
        after = first >= 0 and p.passive.search(sentence, first) is not None
        if running or beside or before or after:
            found.append(Finding(base + offset, fmt, on, items, strong=people_total or beside))
    return _when(found, sentence)


def _people_total(p: _ProsePatterns, sentence: str, match: re.Match[str], n: int) -> bool:
    """Whether the personnel figure `n` of an enumeration's item `match` is a total: stated
    exactly, no smaller than the first report's, and said to be the war's so far (or, with
    no word of scope, too large for any day)."""
    if n < FIRST_REPORT["personnel"] or not _exact(p, sentence, match):
        return False
    scope = _scope_at(p, sentence, *match.span("n"))
    return scope == "total" or scope is None and n > DAY_MOST["personnel"]


def _rejection(p: _ProsePatterns, sentence: str) -> int | None:
    """Where the word stands that makes the sentence a claim or about another period than
    the war so far; None if none does. A period named after "including" and a figure is
    the included part's: "243,220 troops since the war began, which includes 4,120 lost in
    the past week" is the total."""
    first = p.skip.search(sentence)
    if first is None:
        return None
    # The first claim or period decides most sentences without another search.
    if p.claim.match(sentence, first.start()) or not _aside(p, sentence, first.start()):
        return first.start()
    claim = p.claim.search(sentence)
    if claim is not None:
        return claim.start()
    for match in p.period.finditer(sentence):
        if not _aside(p, sentence, match.start()):
            return match.start()
    return None


def _compared_cut(p: _ProsePatterns, sentence: str, rejected: int) -> int | None:
    """Where a sentence rejected by the word at `rejected` turns, before it, to a
    comparison ("..., a figure that contrasts with the less than 6,000 deaths acknowledged
    by Shoigu"), if a figure stands before the turn and nothing before it is rejected;
    else None."""
    for turn in p.compared.finditer(sentence, 0, rejected):
        if DIGIT.search(sentence, 0, turn.start()) is None:
            continue
        return None if _rejection(p, sentence[: turn.start()]) is not None else turn.start()
    return None


_YESTERDAY = ("yesterday", "вчора", "вчера")


def _aside(p: _ProsePatterns, sentence: str, at: int) -> bool:
    """Whether the words at `at` belong to an "including N ..." after the sentence's
    figures: an includes word within _ASIDE characters before them, a figure between, and
    a figure before it. "Yesterday" before a running total is the day's part too."""
    if sentence.startswith(_YESTERDAY, at):
        # "killed 1,060 soldiers yesterday, a toll that brings the total ... to 154,830":
        # yesterday's is the day's part of the report, and the running total its total.
        running = p.running.search(sentence, at)
        if running is not None:
            return bool(p.running_noun.search(running.group("what")))
    start = max(0, at - _ASIDE)
    for includes in p.includes_word.finditer(sentence, start, at):
        if DIGIT.search(sentence, includes.end(), at) and DIGIT.search(
            sentence, 0, includes.start()
        ):
            return True
    return False


def _when(found: list[Finding], sentence: str) -> list[Finding]:
    """The findings of a sentence, with the date it opens with."""
    opens_on = opening_date(sentence) if found else None
    if opens_on is None:
        return found
    return [replace(finding, opens_on=opens_on) for finding in found]


def _day_figures(
    p: _ProsePatterns, sentence: str, plain_items: list[tuple[int, int, Item]]
) -> bool:
    """Whether an enumeration's figures without brackets are the day's increases: the
    words around its first figure say so, or a figure is below what the first report
    already counted."""
    for _, _, (label, n, _) in plain_items:
        if n > DAY_MOST.get(canonical(label) or "", n):
            return False  # too large for any day
    start, end, _ = plain_items[0]
    if _scope_at(p, sentence, start, end) == "day":
        return True
    # or the words right after the last: "120 безпілотників, 3 літаки та 4 гелікоптери за
    # минулу добу"
    if len(plain_items) > 1:
        last = _FIGURE_RUN.match(sentence, plain_items[-1][0])  # its figure: the label's words
        if last is not None and _scope_right_after(p, sentence, last.end()) == "day":
            return True  # may run on into the scope ("4 helicopters over the past day")
    for _, _, (label, n, _) in plain_items:
        floor = FIRST_REPORT.get(canonical(label) or "")
        if floor is not None and n < floor:
            return True
    return False


def _exact(
    p: _ProsePatterns, sentence: str, match: re.Match[str], group: str = "n", people: bool = True
) -> bool:
    """Whether the figure of `match` is stated exactly: not "21.6 thousand", not "over
    831,000" (a round figure after "over", "more than", "nearly"), not the rest of a
    decimal."""
    start, end = match.span(group)
    if start >= 2 and sentence[start - 1] in ".," and sentence[start - 2].isdigit():
        return False
    if p.rounded.match(sentence, end):
        return False
    # In the war's first weeks the General Staff itself gave personnel in whole thousands
    # ("more than 11,000"); since, in tens. Equipment it always counted one by one, and
    # never as "over N": after "over", only a figure no rounding gives ("over 10,364
    # tanks", as summaries write the count) is one.
    value = to_int(match.group(group))
    over = p.over.search(sentence, max(0, start - 20), start) is not None
    if not people:
        return not over or value % 10 != 0
    if value >= _ROUND_FROM and value % _ROUND_FROM == 0:
        return False  # "700,000 people killed or wounded": no count was ever that round
    return value < _OVER_ROUND_FROM or not (over and value % 1000 == 0)


def _personnel(
    p: _ProsePatterns, text: str, offset: int, sentence: str
) -> tuple[str, tuple[str, int, int | None]] | None:
    """The personnel total of a sentence and the day's increase, from the sentence or the
    paragraphs around it; with the format its wording belongs to."""
    up = p.up.search(sentence)
    if up is not None:
        return "E", ("personnel", to_int(up.group("total")), to_int(up.group("delta")))
    fmt = "E"
    total: re.Match[str] | None = None
    # The first exact figure no smaller than the first report's: "losses by Monday morning
    # came to 410 occupiers, the total since the invasion to 210,350" gives the second.
    totals = (
        match
        for pattern in (p.reached, p.losses, p.losses_reached, p.number, p.put, p.since)
        for match in pattern.finditer(sentence)
        if _exact(p, sentence, match) and to_int(match.group("n")) >= FIRST_REPORT["personnel"]
    )
    total = next(totals, None)
    if total is None:
        total = _running_personnel(p, sentence)
    increase: int | None = None
    if total is None:
        fmt = "D"
        for lost in p.lost.finditer(sentence):
            if not _exact(p, sentence, lost):
                continue
            more = lost.group("more") or lost.group("more2")
            if more or _scope_at(p, sentence, *lost.span("n")) == "day":
                continue  # the day's increase; the total is elsewhere
            total = lost
            if lost.group("inc"):
                increase = to_int(lost.group("inc"))
            break
    if total is None:
        lowered = sentence if p is _LOWERED else sentence.lower()
        troop = "losses" in lowered or "casualties" in lowered  # what _TROOP_LOSSES needs
        counts = p.killed.finditer(sentence)
        for killed in chain(counts, p.troop.finditer(sentence)) if troop else counts:
            # Without words for the war so far, a count of the killed may be the day's,
            # unless it is too large for any day.
            scope = _scope_at(p, sentence, *killed.span("n"))
            large = to_int(killed.group("n")) > DAY_MOST["personnel"]
            if _exact(p, sentence, killed) and (scope == "total" or large and scope is None):
                total = killed
                break
    if total is None:
        return None
    value = to_int(total.group("n"))
    if value < FIRST_REPORT["personnel"]:
        return None  # a day's count, or a unit's
    if increase is None:
        increase = _increase(p, text, offset, sentence, total.end("n"), value)
    return fmt, ("personnel", value, increase)


def _running_personnel(p: _ProsePatterns, sentence: str) -> re.Match[str] | None:
    """A running total of personnel: "another 970 Russian soldiers died in battle, which
    has brought the total to around 146,820"."""
    for match in p.running.finditer(sentence):
        if not p.running_noun.search(match.group("what")) or not _exact(p, sentence, match):
            continue
        if _running_category(p, sentence, match) == "personnel":
            return match
    return None


def _running_category(p: _ProsePatterns, sentence: str, match: re.Match[str]) -> str | None:
    """What a running total counts: the category it names ("the number of Russian tanks
    lost"), else the last one named before it in the sentence."""
    named = canonical(match.groupdict().get("what") or "")
    if named is not None:
        return named
    before = sentence[: match.start()]
    last = None
    for item in p.item.finditer(before):
        category = canonical(item.group("label").strip())
        if category is not None:
            last = category
    if last is None and re.search(_PERSON, before, re.IGNORECASE):
        return "personnel"
    return last


def _running_totals(p: _ProsePatterns, sentence: str) -> tuple[list[Item], set[str]]:
    """Running totals of equipment: "the destruction of three Russian anti-aircraft
    warfare systems, taking the total to 247". The count just before it, where there is
    one, is the day's increase. Also the categories of every running total the sentence
    names, those not taken for one included."""
    found: list[Item] = []
    named: set[str] = set()
    # "... taking the total to 247", and "... has lost 2033 in total" with no label
    matches = chain(
        p.running.finditer(sentence) if "to " in sentence else (),
        p.running_in_total.finditer(sentence) if " in total" in sentence else (),
    )
    for match in matches:
        what = match.groupdict().get("what")
        if what is not None and not p.running_noun.search(what):
            continue
        if not _exact(p, sentence, match):
            continue
        category = _running_category(p, sentence, match)
        if category is None or category == "personnel":
            continue
        named.add(category)
        increase = None
        for count in p.count.finditer(sentence, 0, match.start()):
            if canonical(count.group("label")) == category:
                increase = to_int(count.group("n"))
        total = to_int(match.group("n"))
        if increase is None and canonical(what or "") is None:
            # Neither a count of the category before it nor the category named in it:
            # "set up 110 new locations for its air defences, bringing the total to 120".
            continue
        if increase is not None and increase * 2 > total:
            # No day has added half of a category's losses ("110 ... were destroyed,
            # bringing the total to 120"): the figures are not the war's.
            continue
        found.append((category, total, increase))
    return found, named


def _increase(
    p: _ProsePatterns, text: str, offset: int, sentence: str, after: int, total: int
) -> int | None:
    """The day's personnel increase beside a total: later in its sentence, else in the
    rest of its paragraph and the next ones, else earlier in its sentence, else in the
    paragraph before ("За минулу добу ... ще 1440 своїх солдатів. Загалом ... 689 040
    людей"). Beyond the total's own sentence the figure must say it counts people."""
    end = offset + len(sentence)
    rest, later = _paragraph_after(text, end)
    places = (  # (text, the last figure rather than the first, it must name people, beyond)
        (sentence[after:], False, False, False),
        (_before_labels(p, rest.lower()), False, False, True),
        (later.lower(), False, True, True),
        (sentence[:after], True, False, False),
        (_paragraph_before(text, offset).lower(), True, True, True),
    )
    for place, last, people, beyond in places:
        if beyond and p.claim.search(place) is not None:
            continue  # the words around quote a claim: its day's figure is not ours
        found = _day_share(p, place, last, people)
        if found is not None and 0 <= found < min(total, _MAX_INCREASE):
            return found
    return None


def _before_labels(p: _ProsePatterns, place: str) -> str:
    """`place` up to the first word of a category's label: a day's figure after one is
    that category's ("... зокрема: танки — 9519 (+5 за минулу добу)")."""
    label = p.labels.search(place)
    return place if label is None else place[: label.start()]


def _day_share(p: _ProsePatterns, place: str, last: bool, people: bool) -> int | None:
    """A day's personnel figure in `place`: the first (or, `last`, the last) of "including
    N", "N ... over the past day", "lost another N soldiers" and "another N troops were
    killed"."""
    found: list[tuple[int, int]] = []
    for match in p.includes.finditer(place):
        found.append((match.start(), to_int(match.group("n"))))
    for match in (p.day_people if people else p.day).finditer(place):
        found.append((match.start(), to_int(match.group("a") or match.group("b"))))
    for match in p.scope.finditer(place) if not people else ():
        share = p.dash_share.match(place, match.end()) if match.group("day") else None
        if share is not None:
            found.append((match.start(), to_int(share.group("n"))))
    for match in p.lost.finditer(place):
        if match.group("more") or match.group("more2"):
            found.append((match.start(), to_int(match.group("n"))))
    for match in p.another.finditer(place):
        found.append((match.start(), to_int(match.group("n"))))
    if not found:
        return None
    found.sort()
    return found[-1][1] if last else found[0][1]


def _paragraph_after(text: str, end: int) -> tuple[str, str]:
    """The rest of the paragraph from `end`, and the next ones, within _LOOK_AROUND."""
    rest, _, later = text[end : end + _LOOK_AROUND].partition("\n")
    return rest, " ".join(later.split("\n"))


def _paragraph_before(text: str, start: int) -> str:
    """The paragraph before `start` up to it, within _LOOK_AROUND."""
    piece = text[max(0, start - _LOOK_AROUND) : start]
    lines = piece.split("\n")
    kept = [lines[-1]]
    for line in reversed(lines[:-1]):
        if line.strip():
            kept.insert(0, line)
            break
    return " ".join(kept)
