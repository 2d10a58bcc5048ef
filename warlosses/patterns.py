"""Building blocks for regular expressions that Python's engine searches quickly."""

import re
from collections.abc import Iterable
from typing import NamedTuple


class Source(NamedTuple):
    """A regular expression not yet compiled: its pattern and flags. Written for
    case-insensitive search, it compiles either so, or plain for lower-cased text."""

    pattern: str
    flags: int = re.IGNORECASE

    def compile(self, caseless: bool = False) -> re.Pattern[str]:
        flags = self.flags if caseless else self.flags & ~re.IGNORECASE
        return re.compile(self.pattern, flags)


def alternation(words: Iterable[str]) -> str:
    """An alternation of `words` that prefers the longest, as `|`.join of them sorted
    longest first does, written as a tree of shared beginnings (`a(?:n(?:other)?)?`) so
    that the engine reads each letter once, not once per word."""

    def branch(rests: list[str]) -> str:  # what follows a shared beginning; "": a word ends
        letters = sorted({rest[0] for rest in rests if rest})
        tails = [
            re.escape(letter) + branch([rest[1:] for rest in rests if rest[:1] == letter])
            for letter in letters
        ]
        if not tails:
            return ""
        body = tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})"
        return f"(?:{body})?" if "" in rests else body  # the longer words first

    return branch(list(words))


def plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive pattern without that flag, for lower-cased text, which Python's
    engine searches several times faster. It finds the same, except where the text holds
    İ (two characters lower-cased), or ı, ſ and the old Cyrillic letter forms U+1C80–1C88
    (which the flag takes for i, s and в, д, о, с, т, ъ, ѣ but lower() leaves alone)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def word(text: str) -> str:
    r"""`\btext`, written to begin with the word's first letter: a pattern whose every
    branch begins with a letter lets the engine skip to the places where one stands."""
    return rf"{text}(?<=\b{text})"


def words_at_start(texts: Iterable[str]) -> str:
    r"""Any of `texts` (words, or words in a row) as whole words, each branch written to
    begin with its first letter and to check only then that a word starts there, which
    lets the engine skip to the places where one of those letters stands."""
    branches = []
    for text in sorted(set(texts), key=lambda text: (-len(text), text)):
        first = re.escape(text[0])
        rest = r"\s+".join(re.escape(part) for part in text[1:].split(" "))
        branches.append(rf"{first}(?<!\w{first}){rest}")
    return "(?:" + "|".join(branches) + r")(?!\w)"


def alternation_at_word_start(words: Iterable[str]) -> str:
    """`alternation(words)` matched only where a word starts: the tree's first letters
    each check after themselves that no letter stands before them, so that the engine
    still skips to the places where one of those letters stands."""
    by_first: dict[str, list[str]] = {}
    for text in words:
        by_first.setdefault(text[0], []).append(text[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        letter = re.escape(first)
        tail = alternation(rests)
        branches.append(rf"{letter}(?<!\w{letter}){tail}")
    return "(?:" + "|".join(branches) + ")"


def at_word_start(pattern: str) -> str:
    """`pattern`, each of whose branches begins a word (as `words_at_start` and the
    lexicon's phrases do), with one look-behind before its branches: where a word goes on,
    the engine then gives up after one test instead of trying every branch's first letter,
    which halves the time to search a sentence for a tree of a hundred phrases."""
    return rf"(?<!\w)(?:{pattern})"
