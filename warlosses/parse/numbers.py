"""Figures as reports write them: 784200, 784,200, 784 200, and number words."""

import re

from warlosses.lexicon import numbers
from warlosses.patterns import alternation

DIGIT = re.compile(r"\d")

# A figure as reports write it: 784200, 784,200, 784 200. Twelve digits at most: a longer
# run of digits is not a count of anything, and must not reach the store's 64-bit integers.
NUMBER = r"(?<!\d)(?:\d{1,3}(?:[ ,]\d{3}){1,3}(?![\d,]\d)|\d{1,12})(?!\d)"

# Small counts as words, in every language ("one submarine", "a submarine").
NUMBER_WORDS = numbers("NUMBER_WORDS")
WORD_NUMBER = alternation(NUMBER_WORDS)
COUNT = rf"(?:{NUMBER}|{WORD_NUMBER})"
# In a list item a figure may also group its thousands with full stops ("10.455"), as some
# sites and translations print them; a date or a decimal ("21.6 thousand") is not one.
LIST_NUMBER = rf"(?:(?<![\d.])\d{{1,3}}(?:\.\d{{3}}){{1,3}}(?![.,]?\d)|{NUMBER})"

# LIST_NUMBER written to begin with the figure's first digit, so that a pattern which
# begins with it lets the engine skip to the places where a digit stands (one that begins
# with a look-behind is tried at every position). The look-behinds are checked after that
# digit, one character further back.
_AFTER_DIGIT = r"(?<!\d\d)(?:\d{0,2}(?:[ ,]\d{3}){1,3}(?![\d,]\d)|\d{0,11})(?!\d)"
LIST_NUMBER_AT_DIGIT = rf"\d(?:(?<![\d.]\d)\d{{0,2}}(?:\.\d{{3}}){{1,3}}(?![.,]?\d)|{_AFTER_DIGIT})"


def to_int(text: str) -> int:
    """`784,200`, `784 200` or a number word as an int."""
    word = text.strip().lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return figure(word)


def figure(text: str) -> int:
    """A figure that NUMBER or LIST_NUMBER matched, as an int (`to_int` without the
    words)."""
    return int(text.replace(" ", "").replace(",", "").replace(".", ""))


list_figure = figure
