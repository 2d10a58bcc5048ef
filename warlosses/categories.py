"""Canonical category names and the many ways reports spell them."""

import re
from datetime import date
from functools import lru_cache

# The store's and every output's vocabulary, in the General Staff's own order.
CANONICAL: tuple[str, ...] = (
    "personnel",
    "tanks",
    "armoured_vehicles",
    "artillery",
    "mlrs",
    "air_defence",
    "aircraft",
    "helicopters",
    "drones",
    "cruise_missiles",
    "ships",
    "submarines",
    "vehicles_fuel_tanks",
    "special_equipment",
    "ground_robots",
    "military_vehicles",
    "fuel_tanks",
    "srbm_launchers",
)

# Until this date the General Staff counted military vehicles and fuel tanks apart.
VEHICLES_MERGED = date(2022, 5, 1)

# Checked in order, first match wins: the order settles overlaps such as "anti-aircraft"
# before "aircraft", "armoured combat vehicles" before "vehicles", "fuel tanks" before "tanks".
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("ground_robots", r"robot|робот"),
        ("srbm_launchers", r"srbm|отрк|\bтрк\b|tactical missile system"),
        ("cruise_missiles", r"cruise|крилат|^missiles?$|^ракет"),
        ("submarines", r"submarin|підводн|^subs?\.?$"),
        ("special_equipment", r"special|спец"),
        ("armoured_vehicles", r"armou?r|\bapv|\bafv|\bapc|\bifv|arm\.?\s*veh|ббм|броньов"),
        ("vehicles_fuel_tanks", r"(vehicle|автомоб|auto).*(fuel|цистерн)|автоцистерн"),
        ("fuel_tanks", r"fuel|цистерн|пмм"),
        ("military_vehicles", r"vehicle|automotive|military auto|автомоб|автотехн"),
        ("air_defence", r"anti.?aircraft|air.defen[cs]e|anti.?air|\bппо|зенітн"),
        ("aircraft", r"aircraft|plane|літак"),
        ("helicopters", r"heli|гелікоптер|вертол"),
        ("drones", r"\buav|drone|бпла|безпілот"),
        ("mlrs", r"mlrs|\bmrl|рсзв|multiple.launch|rocket.launch"),
        ("artillery", r"artiller|артилер|howitzer"),
        ("ships", r"ship|boat|cutter|корабл|катер|vessel"),
        ("tanks", r"tank|танк"),
        ("personnel", r"personnel|troops|soldier|особов|eliminated|liquidated"),
    )
)
# A word that every label of a category other than personnel holds, whichever rule above
# names it: the parser passes over sentences that hold none of them. Extend it with the
# rules (tests/test_parse.py checks every branch of every rule against it).
LABEL_WORDS = (
    "robot", "робот", "srbm", "отрк", "трк", "tactical", "cruise", "крилат", "missile",
    "ракет", "sub", "підводн", "special", "спец", "armo", "veh", "apv", "afv", "apc",
    "ifv", "ббм", "броньов", "auto", "автомоб", "автотехн", "fuel", "цистерн", "пмм",
    "anti", "defen", "ппо", "зенітн", "aircraft", "plane", "літак", "heli",
    "гелікоптер", "вертол", "uav", "drone", "бпла", "безпілот", "mlrs", "mrl", "рсзв",
    "launch", "artiller", "артилер", "howitzer", "ship", "boat", "cutter", "корабл",
    "катер", "vessel", "tank", "танк",
)  # fmt: skip


def normalize_label(label: str) -> str:
    """Lower-case, single-spaced, without the punctuation that frames a label."""
    return " ".join(label.lower().replace("’", "'").split()).strip(" .:;,-–—‒*•")


def _match(label: str) -> str | None:
    for name, pattern in _RULES:
        if pattern.search(label):
            return name
    return None


@lru_cache(maxsize=4096)
def _undated(label: str) -> str | None:
    """The rule a label as printed matches; remembered, for documents print the same few
    labels again and again."""
    return _match(normalize_label(label))


def canonical(label: str, on: date | None = None) -> str | None:
    """The canonical category of a label as printed, or None when it names none.

    `on` is the report's date: before 2022-05-01 plain "vehicles" meant military vehicles
    alone; later the General Staff counted them together with fuel tanks.
    """
    name = _undated(label)
    if name == "military_vehicles" and (on is None or on >= VEHICLES_MERGED):
        return "vehicles_fuel_tanks"
    return name


def slug(label: str) -> str:
    """The name an unknown category is stored under."""
    return re.sub(r"\W+", "_", normalize_label(label)).strip("_") or "unknown"
