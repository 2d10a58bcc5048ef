"""What a figure covers, read from the words around it: the past day (an increase), the
war so far (a total), a week, a month or a year (neither: no day's report); and what is
not Russia's losses at all (the Russian defence ministry's claims of Ukrainian losses,
air-defence tallies). The phrases are the lexicon's, in every language.

Each pattern is case-insensitive; `plain()` of it searches lower-cased text faster.
"""

import re

from warlosses.lexicon import phrases

PAST_DAY = re.compile(phrases("PAST_DAY"), re.IGNORECASE)
TOTAL = re.compile(phrases("TOTAL"), re.IGNORECASE)
PERIOD = re.compile(phrases("PERIOD"), re.IGNORECASE)
CLAIM = re.compile(phrases("CLAIM"), re.IGNORECASE)
INTERCEPTS = re.compile(phrases("INTERCEPTS"), re.IGNORECASE)
# Either of them rejects a sentence: one search instead of two.
CLAIM_OR_PERIOD = re.compile(f"{CLAIM.pattern}|{PERIOD.pattern}", re.IGNORECASE)
