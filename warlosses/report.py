"""Reports: data frames computed from the store's daily views. Nothing here prints."""

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from warlosses.categories import CANONICAL, normalize_label
from warlosses.errors import WarlossesError
from warlosses.store import Tables, civilians_view, losses_view

LOSS_COLUMNS = ["day", "date", "category", "total", "delta", "source"]
CIVILIAN_COLUMNS = ["day", "date", "region", "deaths", "injuries", "source"]


@dataclass(frozen=True)
class Span:
    """The days a report covers, both ends included; None leaves that end open."""

    since: int | None = None
    until: int | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise WarlossesError(f"--since (day {self.since}) is after --until (day {self.until})")

    def select(self, frame: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=frame.index)
        if self.since is not None:
            keep &= frame["day"] >= self.since
        if self.until is not None:
            keep &= frame["day"] <= self.until
        return frame[keep]


def resolve_categories(requested: Sequence[str], stored: Sequence[str]) -> list[str]:
    """Canonical names for what the user typed: `tanks`, `Tank`, `armoured vehicles`.

    Loose report wording is not guessed at here: a typo should fail, not pick a category.
    """
    known = set(CANONICAL) | set(stored)
    chosen: list[str] = []
    for text in requested:
        name = "_".join(normalize_label(text).replace("-", " ").split())
        if name not in known and f"{name}s" in known:
            name = f"{name}s"
        if name not in known:
            choices = ", ".join(_order(known))
            raise WarlossesError(f"unknown category {text!r}; choose from: {choices}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def _order(categories: set[str]) -> list[str]:
    """The General Staff's order, then unknown categories alphabetically."""
    rank = {name: i for i, name in enumerate(CANONICAL)}
    return sorted(categories, key=lambda c: (rank.get(c, len(rank)), c))


def losses(tables: Tables, span: Span = Span(), categories: Sequence[str] = ()) -> pd.DataFrame:
    """One row per day and category: total, stated increase and the source chosen."""
    view = span.select(losses_view(tables.losses))
    if categories:
        view = view[
            view["category"].isin(resolve_categories(categories, list(view["category"].unique())))
        ]
    rank = {name: i for i, name in enumerate(_order(set(view["category"])))}
    view = view.assign(_rank=view["category"].map(rank))
    view = view.sort_values(["day", "_rank"], kind="stable")
    return view[LOSS_COLUMNS].reset_index(drop=True)


def civilians(tables: Tables, span: Span = Span()) -> pd.DataFrame:
    """One row per day and region, the day's headline (region null) first."""
    view = span.select(civilians_view(tables.civilians))
    return view[CIVILIAN_COLUMNS].reset_index(drop=True)
