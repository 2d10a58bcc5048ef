"""The canonical category names: the store's and every output's vocabulary.

How texts spell them, in each language, is the lexicon's business (`warlosses.lexicon`).
"""

import re
from datetime import date

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


# The data set's names for our categories (its equipment and personnel files).
DATASET_NAMES = {
    "personnel": "personnel",
    "tank": "tanks",
    "APC": "armoured_vehicles",
    "field artillery": "artillery",
    "MRL": "mlrs",
    "anti-aircraft warfare": "air_defence",
    "aircraft": "aircraft",
    "helicopter": "helicopters",
    "drone": "drones",
    "cruise missiles": "cruise_missiles",
    "naval ship": "ships",
    "submarines": "submarines",
    "vehicles and fuel tanks": "vehicles_fuel_tanks",
    "special equipment": "special_equipment",
    "ground robotic systems": "ground_robots",
    "military auto": "military_vehicles",
    "fuel tank": "fuel_tanks",
    "mobile SRBM system": "srbm_launchers",
}

# The russianwarship.rip API's names for our categories.
API_NAMES = {
    "personnel_units": "personnel",
    "tanks": "tanks",
    "armoured_fighting_vehicles": "armoured_vehicles",
    "artillery_systems": "artillery",
    "mlrs": "mlrs",
    "aa_warfare_systems": "air_defence",
    "planes": "aircraft",
    "helicopters": "helicopters",
    "uav_systems": "drones",
    "cruise_missiles": "cruise_missiles",
    "warships_cutters": "ships",
    "submarines": "submarines",
    "vehicles_fuel_tanks": "vehicles_fuel_tanks",
    "special_military_equip": "special_equipment",
    "atgm_srbm_systems": "srbm_launchers",
}


def canonical(label: str, on: date | None = None) -> str | None:
    """The canonical category of a label as printed, or None when it names none; the
    lexicon decides. `on` is the report's date, which the 2022 categories depend on."""
    # Imported here: the lexicon compiles its terms, which the quick reports never need.
    from warlosses.lexicon import category

    return category(label, on)


def normalize_label(label: str) -> str:
    """Lower-case, single-spaced, without the punctuation that frames a label."""
    return " ".join(label.lower().replace("’", "'").split()).strip(" .:;,-–—‒*•")


def slug(label: str) -> str:
    """The name an unknown category is stored under."""
    return re.sub(r"\W+", "_", normalize_label(label)).strip("_") or "unknown"
