"""normalize's search for group words ("753 тисяч 370"), made fast without changing what
it finds."""

import re
import sys

from warlosses.parse.document import _GROUP_HINT, _grouped_hint, normalize

EVERYTHING = "".join(map(chr, range(sys.maxunicode + 1)))
WORDS = ("thousand", "million", "тис", "тыс", "млн", "мільйон", "миллион")


def _alike(letter: str) -> set[str]:
    """Every character the flagged search takes for `letter`, or that lower() makes it."""
    folded = set(re.findall(letter, EVERYTHING, re.IGNORECASE))
    return folded | {c for c in EVERYTHING if letter in c.lower()}


def test_the_hint_finds_what_the_flagged_search_finds() -> None:
    """Each letter of each word replaced by every character that may stand for it."""
    alike = {letter: _alike(letter) for word in WORDS for letter in word}
    assert {"ſ", "S"} <= alike["s"] and {"İ", "ı", "I"} <= alike["i"]
    for word in WORDS:
        for i, letter in enumerate(word):
            for c in alike[letter]:
                text = f"x {word[:i]}{c}{word[i + 1 :]} y"
                assert _grouped_hint(text) == (_GROUP_HINT.search(text) is not None), text


def test_group_words_are_read_as_digits() -> None:
    assert normalize("втрати 753 тисяч 370 осіб") == "втрати 753 370 осіб"
    assert normalize("1 МЛН 209 ТИС. 880") == "1 209 880"
    assert normalize("no such words, 753 370") == "no such words, 753 370"
