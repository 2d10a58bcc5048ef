"""How texts name the categories: one table of terms per language, one engine for all.

Each language module (`en`, `uk`, `ru`) holds a `CATEGORIES` table: for each canonical
category, the terms that name it in that language. Adding a language is adding a table
and listing it in LANGUAGES. A term is written in a small notation:

- `tank*`: a stem; the word may go on (tanks, tank's; танк*: танки, танків, танка);
- `tank`: that whole word; `a b`: those words in a row; `a+b`: both somewhere in the label;
- a leading `^` or a trailing `$` ties the term to the label's start or end.

Labels are matched in one order, the same in every language (CATEGORY_ORDER), so that a
more specific category wins where terms overlap: "anti-aircraft" before "aircraft", "fuel
tanks" before "tanks", "armoured personnel carriers" before "personnel", "unmanned aerial
vehicles" before "vehicles".

The tables also hold the words around figures (MONTHS, NUMBER_WORDS, APPROX, UNITS, SINCE,
UNTIL) and phrases of running text (PAST_DAY, TOTAL, PERIOD, CLAIM, INTERCEPTS) in a like
notation: words in a row, `x*` a stem, `a|b` either word, `[a|b]` an optional word, `#`
digits, `'` either apostrophe.

Only when no term matches does `close_category` try for a typo (one letter doubled,
dropped, swapped or wrong in a word): lists, whose structure is certain, use it.
"""

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from types import ModuleType

from warlosses.lexicon import en, ru, uk

LANGUAGES: tuple[ModuleType, ...] = (en, uk, ru)

# Until this date the General Staff counted military vehicles and fuel tanks apart.
VEHICLES_MERGED = date(2022, 5, 1)

CATEGORY_ORDER: tuple[str, ...] = (
    "ground_robots",
    "srbm_launchers",
    "cruise_missiles",
    "submarines",
    "special_equipment",
    "drones",
    "mlrs",
    "armoured_vehicles",
    "vehicles_fuel_tanks",
    "fuel_tanks",
    "military_vehicles",
    "air_defence",
    "aircraft",
    "helicopters",
    "artillery",
    "ships",
    "tanks",
    "personnel",
)

_NAMES = frozenset(CATEGORY_ORDER)
_FORM = str.maketrans({"’": "'", "ё": "е", "-": " ", "/": " ", "&": " and ", "‐": " "})


def match_form(label: str) -> str:
    """A label as terms are matched against it: lower-case, hyphens and slashes as spaces,
    single-spaced, without the punctuation that frames it."""
    return " ".join(label.lower().translate(_FORM).split()).strip(" .:;,–—‒*•()")


def _word(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word) + r"(?!\w)"


def _term(term: str) -> str:
    """The regular expression of one term."""
    conjuncts = term.split("+")
    if len(conjuncts) > 1:
        return "".join(f"(?=.*?{_term(part)})" for part in conjuncts)
    start = term.startswith("^")
    end = term.endswith("$") and not term.endswith("*$")
    body = term.strip("^").removesuffix("$")
    pattern = r"\s".join(_word(word) for word in body.split())
    if term.endswith("*$"):
        pattern, end = re.escape(body[:-1]) + r"\w*", True
    return ("^" if start else r"(?<!\w)") + pattern + ("$" if end else "")


def words(table: str) -> tuple[str, ...]:
    """Every language's words of one table (APPROX, UNITS, SINCE, ...), longest first, so
    that an alternation of them prefers "more than" to "more"."""
    found = {word for language in LANGUAGES for word in getattr(language, table, ())}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


def alternation_of(texts: tuple[str, ...]) -> str:
    """A regular expression for any of `texts` (words or words in a row), longest first."""
    ordered = sorted(texts, key=lambda text: (-len(text), text))
    return "|".join(r"\s+".join(re.escape(part) for part in text.split()) for text in ordered)


def numbers(table: str) -> dict[str, int]:
    """Every language's words for numbers or months (NUMBER_WORDS, MONTHS), merged."""
    merged: dict[str, int] = {}
    for language in LANGUAGES:
        for word, value in getattr(language, table, {}).items():
            if merged.setdefault(word, value) != value:
                raise ValueError(f"{word!r} means two things in {table}")
    return merged


def _choice(choice: str) -> str:
    """One word of a phrase as a regular expression."""
    stem = choice.endswith("*")
    body = re.escape(choice.rstrip("*")).replace("\\#", r"\d+").replace("'", "['’]")
    return body + (r"\w*" if stem else r"(?!\w)")


def _token(token: str) -> str:
    choices = [_choice(choice) for choice in token.split("|")]
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"


_GAP = r"[\s-]+"  # between the words of a phrase: "full scale" reads "full-scale" too


def _branches(text: str) -> Iterator[tuple[str, str]]:
    """A phrase as (the letters its first word begins with, the pattern of the rest), one
    per choice of its first word."""
    tokens = text.split()
    if tokens[0].startswith("[") or tokens[-1].startswith("["):
        raise ValueError(f"a phrase must begin and end with a word that is not optional: {text!r}")
    rest = ""
    for token in tokens[1:]:
        if token.startswith("[") and token.endswith("]"):
            rest += rf"(?:{_GAP}{_token(token[1:-1])})?"
        else:
            rest += rf"{_GAP}{_token(token)}"
    for choice in tokens[0].split("|"):
        letters = re.match(r"\w*", choice.rstrip("*"))
        head = letters.group() if letters else ""
        if not head or "#" in choice[: len(head) + 1]:
            raise ValueError(f"a phrase must begin with a letter: {text!r}")
        tail = choice[len(head) :]
        if tail in ("", "*"):
            yield head, (r"\w*" if tail else r"(?!\w)") + rest
        else:
            yield head, _choice(tail) + rest


def phrase(text: str) -> str:
    """The regular expression of one phrase of running text, for lower-cased text."""
    return _tree(list(_branches(text)))


def phrases(table: str) -> str:
    """One pattern for every language's phrases of a table (PAST_DAY, TOTAL, ...).

    The phrases' first words are read as a tree of their letters, and only then the rest
    of each phrase: Python's engine tries a pattern's branches one by one, and a hundred
    phrases would otherwise cost a hundred tries wherever a word starts.
    """
    found = {text for language in LANGUAGES for text in getattr(language, table, ())}
    return _tree([branch for text in sorted(found) for branch in _branches(text)])


def _tree(branches: list[tuple[str, str]]) -> str:
    """A pattern of `(letters, rest)` branches: the letters as a tree of shared
    beginnings, each followed by the rests of its branches. The first letter is checked
    to start a word right after it is read."""

    def node(items: list[tuple[str, str]], depth: int) -> str:
        ends = list(dict.fromkeys(rest for letters, rest in items if not letters))
        parts = []
        for letter in sorted({letters[0] for letters, _ in items if letters}):
            below = [(letters[1:], rest) for letters, rest in items if letters[:1] == letter]
            start = re.escape(letter)
            if depth == 0:
                start += rf"(?<!\w{re.escape(letter)})"
            parts.append(start + node(below, depth + 1))
        if ends:
            parts.append(ends[0] if len(ends) == 1 else "(?:" + "|".join(ends) + ")")
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return node(branches, 0)


def terms(category: str) -> Iterator[str]:
    """Every language's terms for a category."""
    for language in LANGUAGES:
        yield from language.CATEGORIES.get(category, ())


_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile("|".join(_term(term) for term in terms(name)))) for name in CATEGORY_ORDER
)


def _stems(term: str) -> Iterator[str]:
    for part in term.split("+"):
        yield part.strip("^$").split()[0].rstrip("*")


# A word that every label of a category other than personnel holds, whichever term names
# it: prose passes over sentences that hold none of them.
LABEL_WORDS: tuple[str, ...] = tuple(
    sorted({stem for name in CATEGORY_ORDER if name != "personnel"
            for term in terms(name) for stem in _stems(term)})
)  # fmt: skip


# The same for every category, personnel too: a list item holds one of these.
ITEM_WORDS: tuple[str, ...] = tuple(
    sorted({stem for name in CATEGORY_ORDER for term in terms(name) for stem in _stems(term)})
)


@lru_cache(maxsize=4096)
def _undated(label: str) -> str | None:
    """The category a label as printed names; remembered, for documents print the same
    few labels again and again. A canonical name names itself."""
    if label in _NAMES:
        return label
    form = match_form(label)
    for name, pattern in _RULES:
        if pattern.search(form):
            return name
    return None


def category(label: str, on: date | None = None) -> str | None:
    """The canonical category of a label as printed, or None when it names none.

    `on` is the report's date: before 2022-05-01 plain "vehicles" meant military vehicles
    alone; later the General Staff counted them together with fuel tanks.
    """
    name = _undated(label)
    if name == "military_vehicles" and (on is None or on >= VEHICLES_MERGED):
        return "vehicles_fuel_tanks"
    return name


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by at most one edit: a letter inserted, dropped, changed,
    or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


_MIN_FUZZY = 4  # shorter stems are too close to other words to correct


def _fuzzy_stems() -> tuple[tuple[str, str], ...]:
    """The stems a typo is corrected towards: the first word of each term (later words,
    such as "systems", qualify it), where it belongs to one category only and is long
    enough to tell apart from other words."""
    owners: dict[str, set[str]] = {}
    for name in CATEGORY_ORDER:
        for term in terms(name):
            for stem in _stems(term):
                owners.setdefault(stem, set()).add(name)
    return tuple(
        sorted(
            (stem, names.pop())
            for stem, names in owners.items()
            if len(names) == 1 and len(stem) >= _MIN_FUZZY and stem.isalpha()
        )
    )


_FUZZY = _fuzzy_stems()


@lru_cache(maxsize=1024)
def close_category(label: str, on: date | None = None) -> str | None:
    """The one category whose terms a label misses by a typo in one word, or None (no
    category, or more than one). A word that begins with a stem is no typo; a short stem
    is only matched with a letter changed or two swapped, not one added or dropped. Where
    stems of several categories come that close, the longest decides ("artilery": artiller,
    not anti)."""
    found: dict[str, int] = {}
    for word in match_form(label).split():
        if len(word) < _MIN_FUZZY or any(word.startswith(stem) for stem, _ in _FUZZY):
            continue
        for stem, name in _FUZZY:
            lengths = (len(stem),) if len(stem) < 6 else (len(stem) - 1, len(stem), len(stem) + 1)
            if len(word) >= len(stem) - 1 and any(_one_edit(word[:n], stem) for n in lengths):
                found[name] = max(found.get(name, 0), len(stem))
    longest = max(found.values(), default=0)
    best = [name for name, length in found.items() if length == longest]
    if len(best) != 1:
        return None
    name = best[0]
    if name == "military_vehicles" and (on is None or on >= VEHICLES_MERGED):
        return "vehicles_fuel_tanks"
    return name
