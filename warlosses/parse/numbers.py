"""Figures as reports write them: 784200, 784,200, 784 200, and number words."""

import re

from warlosses.patterns import alternation

DIGIT = re.compile(r"\d")

# A figure as reports write it: 784200, 784,200, 784 200. Twelve digits at most: a longer
# run of digits is not a count of anything, and must not reach the store's 64-bit integers.
NUMBER = r"(?<!\d)(?:\d{1,3}(?:[ ,]\d{3}){1,3}(?![\d,]\d)|\d{1,12})(?!\d)"

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "no": 0, "another": 1,
}  # fmt: skip
WORD_NUMBER = alternation(NUMBER_WORDS)
COUNT = rf"(?:{NUMBER}|{WORD_NUMBER})"


def to_int(text: str) -> int:
    """`784,200`, `784 200` or a number word as an int."""
    word = text.strip().lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return figure(word)


def figure(text: str) -> int:
    """A figure that NUMBER matched, as an int (`to_int` without the words)."""
    return int(text.replace(" ", "").replace(",", ""))
