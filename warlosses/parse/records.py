"""The records the parser gives: loss reports and civilian counts, and the rules that dated
them. Frozen: text in, records out."""

from dataclasses import dataclass, field, replace
from datetime import date

from warlosses.categories import CANONICAL, slug
from warlosses.lexicon import category as canonical
from warlosses.warday import date_of

KNOWN = frozenset(CANONICAL)

# What tells a total from a day's figure when the words do not. The General Staff's first
# report (25 February 2022) already counted FIRST_REPORT: a "total" below it is a day's or
# a unit's count. No day has cost more than a third of DAY_MOST: a figure above it is no
# day's increase.
FIRST_REPORT = {"personnel": 2800, "tanks": 80, "armoured_vehicles": 516, "artillery": 49}
DAY_MOST = {"personnel": 10_000, "tanks": 200, "armoured_vehicles": 600}

# Which rule of the data contract gave a report its day.
RULE_OPTION = "option"
RULE_HEADER = "header"
RULE_HEADING = "heading"
RULE_PUBLISHED = "published"
RULE_FILENAME = "filename"
RULE_CONTINUITY = "continuity"

FORMAT_BLOCK = "A"
FORMAT_LIST_EN = "B"
FORMAT_LIST_UK = "C"


@dataclass(frozen=True)
class Loss:
    """One category's figures in a report: the cumulative total and the stated increase."""

    category: str
    total: int
    delta: int | None
    label: str


@dataclass(frozen=True)
class Casualties:
    """Civilians killed and injured in a day; `region` is None for the national headline."""

    region: str | None
    deaths: int
    injuries: int


@dataclass(frozen=True)
class Report:
    """A daily loss report as found in a document. `day` is None when nothing dated it."""

    day: int | None
    rule: str | None
    format: str
    losses: tuple[Loss, ...]
    direction: str | None = None
    offset: int = 0

    @property
    def date(self) -> date | None:
        return None if self.day is None else date_of(self.day)


@dataclass(frozen=True)
class CivilianReport:
    """A day's civilian casualties: the headline first, then one entry per region."""

    day: int | None
    rule: str | None
    figures: tuple[Casualties, ...]
    offset: int = 0


@dataclass(frozen=True)
class Parsed:
    """Everything one document holds, and what the reader should be warned about."""

    reports: tuple[Report, ...] = ()
    civilians: tuple[CivilianReport, ...] = ()
    warnings: tuple[str, ...] = field(default=())


# An item as the finders read it: the label as printed, the total, the stated increase.
Item = tuple[str, int, int | None]


def losses_of(items: list[Item], on: date | None) -> list[Loss]:
    """Items as losses: each label named by its canonical category (an unknown one by a
    slug of it), as of the report's date `on` where it is known."""
    return [Loss(canonical(label, on) or slug(label), total, delta, label)
            for label, total, delta in items]  # fmt: skip


_DATED = frozenset({"military_vehicles", "vehicles_fuel_tanks"})


def redated(losses: list[Loss], on: date) -> list[Loss]:
    """Losses read before their report's date was known, named as of that date: only the
    vehicles depend on it (counted apart from fuel tanks before May 2022)."""
    return [
        replace(loss, category=canonical(loss.label, on) or loss.category)
        if loss.category in _DATED
        else loss
        for loss in losses
    ]
