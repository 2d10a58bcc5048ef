"""What is not a day's report of Russia's losses, though it reads like one: claims of
Ukrainian losses by Russia's defence ministry, sums over weeks and months, averages, other
days' figures quoted for comparison, air-defence tallies."""

import re

from warlosses.patterns import word

# Lists of *Ukrainian* losses claimed by Russia's ministry are not this product's data.
CLAIM = re.compile(
    r"russia(?:n|'s)\s+(?:defen[cs]e\s+)?ministry|ministry\s+of\s+defen[cs]e|"
    rf"{word('ukrain')}(?:\w*\s+(?:forces\s+|army\s+|troops\s+|side\s+)?(?:has\s+|have\s+)?"
    r"lost\b|ian\s+losses)|losses\s+of\s+(?:the\s+)?ukrainian|минобороны|мо\s+рф",
    re.IGNORECASE,
)

# Sums over a week, a month or a year, and averages, are not a day's report.
_SOME = r"(?:seven|7|ten|two|three|four|several|\d{2,})\s+(?:days|weeks|months)\b"
PERIOD = re.compile(
    rf"{word('past')}\s+(?:month\b|{_SOME})|{word('last')}\s+(?:month\b|{_SOME})|"
    rf"{word('previous')}\s+(?:month\b|{_SOME})|{word('first')}\s+{_SOME}|"
    rf"{word('week')}(?:ly|s)?\b|{word('monthly')}\b|{word('this')}\s+(?:month|year)\b|"
    rf"{word('that')}\s+month\b|{word('averag')}|{word('per')}\s+day\b|"
    rf"{word('in')}\s+(?:20\d\d\b|total\s+for\b)|{word('annual')}|тижн|місяц|середн|"
    # Another day's figures, quoted for comparison, must not mix with the day's own.
    rf"{word('yesterday')}\b|{word('a')}\s+day\s+(?:on\s+average|earlier\b)|"
    rf"{word('the')}\s+(?:month\b|day\s+before\b)|{word('вчора')}",
    re.IGNORECASE,
)
# Either of them rejects a sentence: one search instead of two.
CLAIM_OR_PERIOD = re.compile(f"{CLAIM.pattern}|{PERIOD.pattern}", re.IGNORECASE)

# An air-defence tally counts what was launched and shot down, not what Russia lost.
INTERCEPTS = re.compile(r"shot\s+down|launched|intercepted|downed|збито|запустил", re.IGNORECASE)
