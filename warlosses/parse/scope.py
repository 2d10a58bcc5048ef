"""What a figure covers, read from the words around it: the past day (an increase), the
war so far (a total), a week, a month or a year (neither: no day's report); and what is
not Russia's losses at all (the Russian defence ministry's claims of Ukrainian losses,
air-defence tallies, one unit's count). The phrases are the lexicon's, in every language.

The patterns are sources for lower-cased text (`patterns.Source`); `lowered` compiles the
ones the list reader needs, once.
"""

import re
from functools import cache

from warlosses.lexicon import phrases
from warlosses.patterns import Source, at_word_start

PAST_DAY = phrases("PAST_DAY")
TOTAL = phrases("TOTAL")
PERIOD = phrases("PERIOD")
CLAIM = phrases("CLAIM")
# Either of them rejects a sentence: one search instead of two.
CLAIM_OR_PERIOD = Source(at_word_start(f"{CLAIM}|{PERIOD}"))
INTERCEPTS = Source(phrases("INTERCEPTS"))
COMPARED = Source(at_word_start(phrases("COMPARED")))


@cache
def lowered(pattern: str) -> re.Pattern[str]:
    """One of the patterns above, compiled for lower-cased text."""
    return re.compile(pattern)
