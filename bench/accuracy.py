#!/usr/bin/env python3
"""Field accuracy of warlosses on generated reports: the evidence for issue 3.

Generates N documents from the public day-keyed figures in ../shared/truth, spread evenly
over the report formats A-G of ../shared/FORMATS.md and over war days 2..1627, each with
randomized wording, number styles, dashes, category subsets and noise. Every document knows
the records it holds. The script then

1. parses each document in memory with `warlosses.parse.parse` (HTML pages first go through
   `warlosses.documents.html_to_text`, as `ingest` does), and
2. writes them all to a temporary folder (`.txt` and `.html`, some HTML in cp1251 or UTF-16),
   runs `python -m warlosses ingest` on it and `python -m warlosses export --format jsonl`,

and prints, per format and overall, how many fields came back exactly right. A field is one
total or one stated increase of one day and category; an increase the document does not
state must come back as null.

    python bench/accuracy.py                       # 600 documents, seed 1
    python bench/accuracy.py --docs 2000 --seed 7 --show-failures 5

Measurement only: the exit status is 0 whatever the figures. The truth folder is read at
run time and nothing derived from it is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TRUTH = REPO.parent / "shared" / "truth"
WAR_START = date(2022, 2, 24)
VEHICLES_MERGED_DAY = 67  # 2022-05-01: "vehicles" and "fuel tanks" counted together from here
FORMATS = "ABCDEFG"
FORMAT_NAMES = {
    "A": "briefing block",
    "B": "GS list, English",
    "C": "GS list, Ukrainian",
    "D": "news prose",
    "E": "news wire",
    "F": "saved web page",
    "G": "digest",
}

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # measure the working tree, whichever python runs this


def day_of(when: date) -> int:
    return (when - WAR_START).days + 1


def date_of(day: int) -> date:
    return WAR_START + timedelta(days=day - 1)


# ---------------------------------------------------------------------------------------
# The truth: cumulative totals per day, and the increase a report of that day states

from warlosses.categories import DATASET_NAMES as TRUTH_KEYS  # noqa: E402

# The General Staff's own order, today's and 2022's (before 2022-05-01).
ORDER = (
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
)
ORDER_2022 = (
    "personnel",
    "tanks",
    "armoured_vehicles",
    "artillery",
    "mlrs",
    "air_defence",
    "aircraft",
    "helicopters",
    "military_vehicles",
    "ships",
    "fuel_tanks",
    "drones",
    "cruise_missiles",
    "special_equipment",
    "srbm_launchers",
)


@dataclass(frozen=True)
class Truth:
    """Totals per day and category, the increase a report states, and 2022's directions."""

    totals: dict[int, dict[str, int]]
    deltas: dict[int, dict[str, int | None]]
    directions: dict[int, str]

    @property
    def days(self) -> list[int]:
        return sorted(self.totals)

    def ordered(self, day: int) -> list[str]:
        """The categories reported on `day`, in the General Staff's order."""
        order = ORDER_2022 if day < VEHICLES_MERGED_DAY else ORDER
        present = self.totals[day]
        return [c for c in order if c in present] + sorted(set(present) - set(order))


def load_truth(truth_dir: Path) -> Truth:
    """Read the three JSON files of the public dataset.

    The increase is total(D) - total(D-1), except on days the correction file lists for a
    category (the General Staff revised the figure, so the difference is not what it
    stated) and where the difference is negative: there the generated report states no
    increase, and the expected increase is null.
    """
    equipment = json.loads((truth_dir / "russia_losses_equipment.json").read_text())
    personnel = json.loads((truth_dir / "russia_losses_personnel.json").read_text())
    corrections = json.loads((truth_dir / "russia_losses_equipment_correction.json").read_text())
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    directions: dict[int, str] = {}
    for row in equipment:
        day = int(row["day"])
        for key, category in TRUTH_KEYS.items():
            value = row.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                totals[day][category] = value
        direction = row.get("greatest losses direction")
        if isinstance(direction, str) and direction.strip():
            directions[day] = direction.strip()
    for row in personnel:
        if isinstance(row.get("personnel"), int):
            totals[int(row["day"])]["personnel"] = int(row["personnel"])
    corrected: dict[int, set[str]] = defaultdict(set)
    for row in corrections:
        days = {int(row["day"]), day_of(date.fromisoformat(row["date"]))}
        for key, value in row.items():
            if key in TRUTH_KEYS and isinstance(value, int) and value != 0:
                for day in days:
                    corrected[day].add(TRUTH_KEYS[key])
    deltas: dict[int, dict[str, int | None]] = {}
    for day, today in totals.items():
        before = totals.get(day - 1, {})
        deltas[day] = {}
        for category, total in today.items():
            delta: int | None = None
            if category in before and category not in corrected.get(day, set()):
                delta = total - before[category]
                if delta < 0:
                    delta = None
            deltas[day][category] = delta
    return Truth(dict(totals), deltas, directions)


# ---------------------------------------------------------------------------------------
# Generated documents


@dataclass
class Expected:
    """One daily report a document holds: category -> (total, stated increase or None)."""

    day: int
    records: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # how each record was written
    direction: str | None = None
    worded: set[str] = field(default_factory=set)  # categories written as number words


@dataclass
class Doc:
    """A generated document, the reports it holds, and how it was written."""

    name: str
    fmt: str
    text: str
    expected: list[Expected]
    variant: str
    encoding: str = "utf-8"

    @property
    def is_html(self) -> bool:
        return self.name.endswith((".html", ".htm"))

    def data(self) -> bytes:
        if self.encoding == "utf-16":
            return self.text.encode("utf-16")  # with a BOM
        return self.text.encode(self.encoding, errors="xmlcharrefreplace")

    @property
    def fields(self) -> int:
        return sum(2 * len(e.records) for e in self.expected)


# ---------------------------------------------------------------------------------------
# How reports write numbers, dates and dashes

NUMBER_STYLES = ("plain", "comma", "space", "nbsp", "nnbsp")
_GROUP = {"comma": ",", "space": " ", "nbsp": "\u00a0", "nnbsp": "\u202f"}
DASHES = ("\u2012", "\u2013", "\u2014", "-")
WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTHS_SHORT = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def num(n: int, style: str) -> str:
    if style == "plain" or abs(n) < 1000:
        return str(n)
    return f"{n:,}".replace(",", _GROUP[style])


def dotted(when: date, short_year: bool = False) -> str:
    year = when.year % 100 if short_year else when.year
    return f"{when.day:02d}.{when.month:02d}.{year:02d}"


def long_date(when: date, short_month: bool = False) -> str:
    months = MONTHS_SHORT if short_month else MONTHS
    return f"{months[when.month - 1]} {when.day}, {when.year}"


def dmy(when: date) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def month_day(when: date) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}"


def weekday(when: date) -> str:
    return WEEKDAYS[when.weekday()]


def day_number(day: int, rng: random.Random) -> str:
    return f"{day:,}" if rng.random() < 0.7 else str(day)


def ordinal(day: int, rng: random.Random) -> str:
    suffix = "th"
    if day % 100 not in (11, 12, 13):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return day_number(day, rng) + suffix


def dash(rng: random.Random, ascii_ok: bool = True) -> str:
    return rng.choice(DASHES if ascii_ok else DASHES[:3])


def rounded_down(n: int) -> int:
    """A headline's round figure below the exact one (785,310 -> 780,000)."""
    step = 10_000 if n >= 100_000 else 1_000 if n >= 10_000 else 100
    value = n // step * step
    return value if value != n else value - step


_SHAPE_NUMBER = re.compile(r"\d[\d,\u00a0\u202f ]*\d|\d")
_SHAPE_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")


def shape(text: str, limit: int = 70) -> str:
    """A sentence or item with its numbers, months and dashes made generic, to group
    failures by how the record was written: `tanks ‒ 9651 (+7)` -> `tanks – N (+N)`."""
    text = _SHAPE_MONTH.sub("MONTH", _SHAPE_NUMBER.sub("N", text))
    text = re.sub(r" [\u2012\u2013\u2014-] ", " – ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mark(expected: Expected, categories: Iterable[str], form: str) -> None:
    for category in categories:
        worded = " [number word]" if category in expected.worded else ""
        expected.forms[category] = form + worded


class Ctx:
    """What one document's writer keeps constant: the random source and its habits."""

    def __init__(self, rng: random.Random, day: int, truth: Truth) -> None:
        self.rng = rng
        self.day = day
        self.when = date_of(day)
        self.truth = truth
        self.style = rng.choice(NUMBER_STYLES)
        self.dash_per_item = rng.random() < 0.3
        self.one_dash = dash(rng)
        self.worded = False

    def n(self, value: int) -> str:
        return num(value, self.style)

    def dash(self) -> str:
        return dash(self.rng) if self.dash_per_item else self.one_dash

    def count(self, value: int, singular: str, plural: str, *, a: bool = False) -> str:
        """`7 tanks`, `seven tanks`, `one submarine` or `a submarine`; `self.worded` says
        whether the number came out as a word."""
        label = singular if value == 1 else plural
        self.worded = True
        if value == 1 and a and self.rng.random() < 0.4:
            return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"
        if value <= 12 and self.rng.random() < 0.35:
            return f"{WORDS[value]} {label}"
        self.worded = False
        return f"{self.n(value)} {label}"


# ---------------------------------------------------------------------------------------
# Vocabulary: how each format names the categories (FORMATS.md's table and its variants)

A_LABELS: dict[str, list[str]] = {
    "personnel": ["Troops", "Personnel"],
    "tanks": ["Tanks"],
    "armoured_vehicles": ["Arm. Veh.", "AFV", "Armored Vehicles"],
    "artillery": ["Artillery"],
    "mlrs": ["MLRS"],
    "air_defence": ["Anti-Air", "Air Defence", "Air Defense"],
    "aircraft": ["Aircraft", "Planes"],
    "helicopters": ["Heli", "Helicopters"],
    "drones": ["Drones", "UAV"],
    "cruise_missiles": ["Missiles", "Cruise Missiles"],
    "ships": ["Ships", "Ships/Boats"],
    "submarines": ["Subs", "Submarines"],
    "vehicles_fuel_tanks": ["Vehicles", "Vehicles & Fuel Tanks"],
    "special_equipment": ["Special Equip.", "Special Equipment"],
    "ground_robots": ["Ground Robots", "Ground Robotic Systems"],
    "military_vehicles": ["Vehicles", "Military Auto"],
    "fuel_tanks": ["Fuel Tanks"],
    "srbm_launchers": ["SRBM Systems"],
}

B_LABELS: dict[str, list[str]] = {
    "personnel": ["personnel"],
    "tanks": ["tanks"],
    "armoured_vehicles": ["armoured combat vehicles", "armored combat vehicles"],
    "artillery": ["artillery systems"],
    "mlrs": ["MLRS"],
    "air_defence": ["Anti-aircraft warfare systems", "anti-aircraft warfare systems"],
    "aircraft": ["aircraft"],
    "helicopters": ["helicopters"],
    "drones": ["UAV operational-tactical level", "UAVs of operational-tactical level"],
    "cruise_missiles": ["cruise missiles"],
    "ships": ["warships / boats", "warships/boats"],
    "submarines": ["submarines"],
    "vehicles_fuel_tanks": ["vehicles and fuel tanks"],
    "special_equipment": ["special equipment"],
    "ground_robots": ["ground robotic systems"],
    "military_vehicles": ["vehicles"],
    "fuel_tanks": ["fuel tanks"],
    "srbm_launchers": ["mobile SRBM system", "mobile SRBM systems"],
}
B_LABELS_2022 = {
    "armoured_vehicles": ["APV", "armoured combat vehicles"],
    "ships": ["boats / cutters", "warships / boats"],
}

# (genitive, nominative)
C_LABELS: dict[str, list[tuple[str, str]]] = {
    "personnel": [("особового складу", "особовий склад")],
    "tanks": [("танків", "танки")],
    "armoured_vehicles": [
        ("бойових броньованих машин", "бойові броньовані машини"),
        ("ББМ", "ББМ"),
    ],
    "artillery": [("артилерійських систем", "артилерійські системи")],
    "mlrs": [("РСЗВ", "РСЗВ")],
    "air_defence": [("засобів ППО", "засоби ППО")],
    "aircraft": [("літаків", "літаки")],
    "helicopters": [("гелікоптерів", "гелікоптери")],
    "drones": [("БпЛА оперативно-тактичного рівня", "БпЛА оперативно-тактичного рівня")],
    "cruise_missiles": [("крилатих ракет", "крилаті ракети")],
    "ships": [("кораблів / катерів", "кораблі / катери")],
    "submarines": [("підводних човнів", "підводні човни")],
    "vehicles_fuel_tanks": [
        ("автомобільної техніки та автоцистерн", "автомобільна техніка та автоцистерни")
    ],
    "special_equipment": [("спеціальної техніки", "спеціальна техніка")],
    "ground_robots": [("наземних робототехнічних комплексів", "наземні робототехнічні комплекси")],
    "military_vehicles": [("автомобільної техніки", "автомобільна техніка")],
    "fuel_tanks": [("цистерн з ПММ", "цистерни з ПММ")],
    "srbm_launchers": [("ОТРК/ТРК", "ОТРК/ТРК")],
}

# (singular, plural) as news prose writes them
PROSE_LABELS: dict[str, list[tuple[str, str]]] = {
    "personnel": [("soldier", "troops"), ("soldier", "soldiers"), ("person", "military personnel")],
    "tanks": [("tank", "tanks")],
    "armoured_vehicles": [
        ("armored fighting vehicle", "armored fighting vehicles"),
        ("armoured combat vehicle", "armoured combat vehicles"),
        ("armored combat vehicle", "armored combat vehicles"),
    ],
    "artillery": [
        ("artillery system", "artillery systems"),
        ("artillery piece", "artillery pieces"),
    ],
    "mlrs": [("multiple launch rocket system", "multiple launch rocket systems"), ("MLRS", "MLRS")],
    "air_defence": [
        ("air defense system", "air defense systems"),
        ("air defence system", "air defence systems"),
        ("anti-aircraft warfare system", "anti-aircraft warfare systems"),
    ],
    "aircraft": [("airplane", "airplanes"), ("aircraft", "aircraft"), ("plane", "planes")],
    "helicopters": [("helicopter", "helicopters")],
    "drones": [("drone", "drones"), ("operational-tactical UAV", "operational-tactical UAVs")],
    "cruise_missiles": [("cruise missile", "cruise missiles")],
    "ships": [
        ("ship/boat", "ships/boats"),
        ("ship or boat", "ships and boats"),
        ("warship", "warships and boats"),
    ],
    "submarines": [("submarine", "submarines")],
    "vehicles_fuel_tanks": [("vehicle and fuel tank", "vehicles and fuel tanks")],
    "special_equipment": [
        ("unit of special equipment", "units of special equipment"),
        ("piece of special equipment", "pieces of special equipment"),
    ],
    "ground_robots": [("ground robotic system", "ground robotic systems")],
    "military_vehicles": [("vehicle", "vehicles"), ("military vehicle", "military vehicles")],
    "fuel_tanks": [("fuel tank", "fuel tanks")],
    "srbm_launchers": [("mobile SRBM system", "mobile SRBM systems")],
}
A_FOR = {"submarines", "tanks", "helicopters", "aircraft"}  # "a submarine", "an aircraft"


def pick_b_label(ctx: Ctx, category: str) -> str:
    options = B_LABELS[category]
    if ctx.day < 130 and category in B_LABELS_2022:
        options = B_LABELS_2022[category]
    return ctx.rng.choice(options)


# ---------------------------------------------------------------------------------------
# Noise: paragraphs full of numbers that are not loss records

OBLASTS = (
    "Donetsk Kharkiv Zaporizhzhia Kherson Sumy Dnipropetrovsk Mykolaiv Chernihiv Odesa Kyiv".split()
)
CITIES = (
    "Pokrovsk Kupiansk Toretsk Chasiv Yar Siversk Kurakhove Lyman Vuhledar Orikhiv Avdiivka".split()
)


def noise(ctx: Ctx) -> str:
    """One paragraph of the kind that surrounds the figures, numbers and all."""
    rng = ctx.rng
    n = ctx.n
    other = date_of(max(2, ctx.day - rng.randint(1, 400)))
    choices: list[Callable[[], str]] = [
        lambda: (
            f"Ukraine's air force said it shot down {rng.randint(20, 90)} of the "
            f"{rng.randint(100, 200)} drones Russia launched overnight, while "
            f"{rng.randint(10, 60)} more were lost to electronic warfare."
        ),
        lambda: (
            f"Allies announced a further ${rng.randint(1, 9)}.{rng.randint(10, 99)} billion in "
            f"military aid, including {rng.randint(2, 12)} air defence systems and ammunition "
            "for artillery."
        ),
        lambda: (
            f"As the war passed Day {day_number(rng.randint(100, ctx.day + 200), rng)}, officials "
            f"in Kyiv said the situation near {rng.choice(CITIES)} remained the most difficult "
            "on the front line."
        ),
        lambda: (
            "Russia's defence ministry claimed that Ukraine had lost up to "
            f"{n(rng.randint(300, 2000))} servicemen, {rng.randint(2, 15)} tanks, "
            f"{rng.randint(3, 30)} armoured combat vehicles and {rng.randint(5, 40)} artillery "
            "systems over the past 24 hours; the claim could not be verified."
        ),
        lambda: (
            f"According to Moscow, Ukrainian forces have lost {n(rng.randint(600, 700))} aircraft "
            f"and {n(rng.randint(250, 300))} helicopters since the start of what it calls its "
            '"special military operation".'
        ),
        lambda: (
            f"North Korea has sent about {n(rng.choice([10000, 11000, 12000]))} troops to the "
            "Kursk region, according to South Korean intelligence, and "
            f"{n(rng.randint(1000, 4000))} of them have been killed or wounded."
        ),
        lambda: (
            f"Over the past week, Russian forces lost {n(rng.randint(7000, 12000))} troops, "
            f"{rng.randint(20, 90)} tanks and {rng.randint(100, 400)} artillery systems, "
            "according to a weekly summary compiled by the ministry."
        ),
        lambda: (
            f"In {rng.choice([2022, 2023, 2024, 2025])} as a whole, Russia lost "
            f"{n(rng.randint(2000, 4000))} tanks and more than {n(rng.randint(100000, 400000))} "
            "troops, analysts estimate."
        ),
        lambda: (
            f"On {long_date(other)}, a missile strike on an energy facility in "
            f"{rng.choice(OBLASTS)} Oblast left {n(rng.randint(1000, 90000))} households "
            "without power for several hours."
        ),
        lambda: (
            f"President Zelensky said {rng.randint(25, 200)} Ukrainians had returned home in a "
            f"prisoner exchange, the {rng.randint(40, 70)}th since the full-scale invasion."
        ),
        lambda: (
            f"The Alabuga plant has produced some {n(rng.randint(2000, 9000))} Shahed drones this "
            f"year, and Russia fired {rng.randint(40, 120)} cruise and ballistic missiles in one "
            "night last week."
        ),
        lambda: (
            f"Russian troops fired {rng.randint(100, 900)} artillery shells at "
            f"{rng.choice(OBLASTS)} Oblast in the past day, and {rng.randint(2, 30)} "
            "settlements came under attack."
        ),
        lambda: (
            "Russia's total losses have now passed "
            f"{n(rounded_down(ctx.truth.totals[ctx.day].get('personnel', 100000)))} troops, a "
            "milestone the General Staff marked in its morning update."
        ),
        lambda: (
            f"The European Union agreed its {rng.randint(12, 19)}th package of sanctions, which "
            f"adds {rng.randint(40, 190)} tankers of the shadow fleet to its list."
        ),
    ]
    return rng.choice(choices)()


def noise_paragraphs(ctx: Ctx, low: int, high: int) -> list[str]:
    return [noise(ctx) for _ in range(ctx.rng.randint(low, high))]


def civilians_section(ctx: Ctx) -> list[str]:
    rng = ctx.rng
    regions = rng.sample(OBLASTS[:7], rng.randint(1, 3))
    lines = []
    deaths = injuries = 0
    for region in regions:
        d, i = rng.randint(0, 5), rng.randint(0, 9)
        deaths, injuries = deaths + d, injuries + i
        killed = f"killed {WORDS[d]} {'civilian' if d == 1 else 'civilians'}"
        wounded = f"wounded {WORDS[i]} {'other' if i == 1 else 'others'}"
        if d == 0:
            what = f"{wounded.replace(' other', ' civilian')}" if i else "caused no casualties"
        else:
            what = f"{killed} and {wounded}" if i else killed
        lines.append(f"In {region} Oblast, Russian attacks {what}.")
    head = rng.choice(
        [
            "The casualty count of civilians in the past 24 hours: (Russian War Crimes)",
            "Civilian casualties in the past 24 hours",
        ]
    )
    return [head, f"DEATHS: {deaths} INJURIES: {injuries}", *lines]


# ---------------------------------------------------------------------------------------
# Document parts, rendered as plain text or as HTML


@dataclass
class Part:
    """`title`/`heading`: one line; `para`: one paragraph; `items`: a list, one item a line;
    `lines`: lines kept as they are (a briefing block)."""

    kind: str
    lines: list[str]


def parts_to_text(parts: Sequence[Part], rng: random.Random) -> str:
    gap = rng.choice(["\n\n", "\n"])
    out = []
    for part in parts:
        if part.kind == "para":
            out.append(" ".join(part.lines))
        else:
            out.append("\n".join(part.lines))
    return gap.join(out) + rng.choice(["\n", "", "\n\n"])


# ---------------------------------------------------------------------------------------
# Format A: newsletter briefing block


def _subset(ctx: Ctx, categories: list[str], minimum: int, keep_first: bool) -> list[str]:
    rng = ctx.rng
    if len(categories) <= minimum:
        return list(categories)
    size = rng.randint(minimum, len(categories))
    first = categories[:1] if keep_first else []
    rest = categories[1:] if keep_first else categories
    chosen = set(rng.sample(rest, max(0, size - len(first))))
    return first + [c for c in rest if c in chosen]


def a_block(ctx: Ctx, expected: Expected, heading: bool = True) -> list[str]:
    rng = ctx.rng
    categories = _subset(ctx, ctx.truth.ordered(ctx.day), 5, keep_first=rng.random() < 0.9)
    if rng.random() < 0.3:
        rng.shuffle(categories)
    lines = []
    if heading:
        lines.append(
            rng.choice(
                [
                    "Russian War Losses (Today/Total)",
                    "Russia's Losses (Today / Total)",
                    "RUSSIAN LOSSES (TODAY/TOTAL)",
                    "Enemy Losses: Today / Total",
                ]
            )
        )
    zero_shown = rng.random() < 0.5
    bar = rng.choice([" |", "|", " | "])
    for category in categories:
        total = ctx.truth.totals[ctx.day][category]
        delta = ctx.truth.deltas[ctx.day][category]
        if delta == 0 and not zero_shown:
            delta = None
        if delta is not None and rng.random() < 0.1:
            delta = None  # the block leaves an increase out now and then
        label = rng.choice(A_LABELS[category])
        lines.append(label if delta is None else f"{label} +{ctx.n(delta)}")
        lines.append(f"{ctx.n(total)}{bar}".rstrip())
        expected.records[category] = (total, delta)
        expected.labels[category] = label
        expected.forms[category] = f"block '{label}{'' if delta is None else ' +N'}' / 'N{bar}'"
    return lines


def render_a(ctx: Ctx) -> tuple[str, list[Expected], str, str | None]:
    rng = ctx.rng
    when = ctx.when
    expected = Expected(ctx.day)
    dating = rng.choices(["title", "dateline", "filename"], [6, 2, 2])[0]
    lines: list[str] = []
    if dating == "title":
        lines.append(
            rng.choice(
                [
                    f"Ukraine War Brief: {long_date(when)}",
                    f"Russia-Ukraine War: Key Developments on Day {day_number(ctx.day, rng)}",
                    f"On the {ordinal(ctx.day, rng)} day of the war: what we know",
                    f"Morning briefing {dash(rng)} {dotted(when)}",
                    f"The Ukraine Brief, {weekday(when)} {dmy(when)}",
                ]
            )
        )
    else:
        lines.append(
            rng.choice(["Ukraine War Brief", "Your morning Ukraine briefing", "The Ukraine Brief"])
        )
        if dating == "dateline":
            lines.append(rng.choice([f"{weekday(when)}, {long_date(when)}", dmy(when)]))
    body: list[str] = []
    body += noise_paragraphs(ctx, 1, 3)
    if rng.random() < 0.4:
        body.insert(0, rng.choice(["Fighting", "Battlefield update", "Front line"]))
    body += a_block(ctx, expected)
    if rng.random() < 0.6:
        body += civilians_section(ctx)
    body += noise_paragraphs(ctx, 0, 2)
    if rng.random() < 0.5:
        body.append(rng.choice(["Next issue tomorrow.", "Stay safe.", "Slava Ukraini!"]))
    text = "\n".join(lines + body) + "\n"
    name = None
    if dating == "filename":
        name = rng.choice([f"briefing-{when.isoformat()}.txt", f"newsletter_day-{ctx.day}.txt"])
    return text, [expected], f"A {dating}", name


# ---------------------------------------------------------------------------------------
# Format B and C: the General Staff's list


def _gs_deltas(ctx: Ctx, categories: list[str]) -> dict[str, int | None]:
    """The increases a list prints: 2022 lists often printed none, or none for a zero."""
    rng = ctx.rng
    deltas = {c: ctx.truth.deltas[ctx.day][c] for c in categories}
    if ctx.day < 100:
        mode = rng.choices(["all", "none", "no-zero"], [4, 2, 3])[0]
        if mode == "none":
            return dict.fromkeys(categories)
        if mode == "no-zero":
            return {c: None if d == 0 else d for c, d in deltas.items()}
    return deltas


def b_items(ctx: Ctx, expected: Expected, categories: list[str]) -> list[str]:
    rng = ctx.rng
    deltas = _gs_deltas(ctx, categories)
    unit = rng.random() < 0.2
    capital = rng.random() < 0.25
    liquidated_after = rng.random() < 0.15
    items = []
    for category in categories:
        total = ctx.truth.totals[ctx.day][category]
        delta = deltas[category]
        bracket = "" if delta is None else f" (+{ctx.n(delta)})"
        label = pick_b_label(ctx, category)
        if category == "personnel":
            about = rng.choices(["about ", "over ", ""], [8, 1, 1])[0]
            if liquidated_after:
                item = (
                    f"{label} {ctx.dash()} {about}{ctx.n(total)} persons were liquidated{bracket}"
                )
            else:
                suffix = rng.choice([" persons", " persons were liquidated", ""])
                item = f"{label} {ctx.dash()} {about}{ctx.n(total)}{bracket}{suffix}"
        else:
            item = f"{label} {ctx.dash()} {ctx.n(total)}{bracket}{' од' if unit else ''}"
        if capital:
            item = item[0].upper() + item[1:]
        items.append(item)
        expected.records[category] = (total, delta)
        expected.labels[category] = label
        expected.forms[category] = "item '" + shape(item.replace(label, "LABEL", 1)) + "'"
    return items


def c_items(ctx: Ctx, expected: Expected, categories: list[str], nominative: bool) -> list[str]:
    rng = ctx.rng
    deltas = _gs_deltas(ctx, categories)
    unit = rng.choices([" од", " од.", " одиниць"], [5, 2, 1])[0] if rng.random() < 0.6 else ""
    items = []
    for category in categories:
        total = ctx.truth.totals[ctx.day][category]
        delta = deltas[category]
        bracket = "" if delta is None else f" (+{ctx.n(delta)})"
        label = rng.choice(C_LABELS[category])[1 if nominative else 0]
        if category == "personnel":
            persons = rng.choice([" осіб", " осіб ліквідовано", ""])
            item = f"{label} {ctx.dash()} близько {ctx.n(total)}{bracket}{persons}"
        else:
            trailing = "" if category in ("drones", "cruise_missiles") else unit
            item = f"{label} {ctx.dash()} {ctx.n(total)}{bracket}{trailing}"
        items.append(item)
        expected.records[category] = (total, delta)
        expected.labels[category] = label
        expected.forms[category] = "item '" + shape(item.replace(label, "LABEL", 1)) + "'"
    return items


def join_items(ctx: Ctx, items: list[str]) -> tuple[str, list[str]]:
    """Lay a list out: one item a line (with or without commas) or run together."""
    rng = ctx.rng
    layout = rng.choices(["lines", "paragraph", "nospace"], [6, 3, 1])[0]
    if layout == "lines":
        end = rng.choice([",", ";", ""])
        out = [item + end for item in items[:-1]] + [items[-1] + rng.choice([".", ""])]
        return layout, out
    separator = ", " if layout == "paragraph" else ","
    return layout, [separator.join(items) + "."]


def _direction_line(ctx: Ctx, expected: Expected, english: bool = True) -> list[str]:
    direction = ctx.truth.directions.get(ctx.day)
    if not direction or not english:
        return []
    expected.direction = direction
    plural = "directions" if " and " in direction else "direction"
    return [
        ctx.rng.choice(
            [
                f"The greatest losses the enemy suffered at the {direction} {plural}.",
                f"The Russian occupiers suffered the greatest losses at the {direction} {plural}.",
            ]
        )
    ]


def gs_header(ctx: Ctx, ukrainian: bool, yearless: bool) -> str:
    rng = ctx.rng
    short = rng.random() < (0.6 if ukrainian else 0.2)
    start = "24.02" if yearless else dotted(date(2022, 2, 24), short)
    end = f"{ctx.when.day:02d}.{ctx.when.month:02d}" if yearless else dotted(ctx.when, short)
    if ukrainian:
        return rng.choice(
            [
                f"Загальні бойові втрати противника з {start} по {end} орієнтовно склали:",
                f"Загальні бойові втрати ворога з {start} по {end} орієнтовно становлять:",
                f"Орієнтовні загальні бойові втрати противника з {start} по {end}:",
            ]
        )
    return rng.choice(
        [
            f"The total combat losses of the enemy from {start} to {end} were approximately:",
            f"Total combat losses of the enemy from {start} to {end} are approximately:",
            f"The total combat losses of the enemy from {start} to {end} amounted to "
            "approximately:",
            f"The approximate total combat losses of the enemy from {start} to {end} are:",
        ]
    )


def gs_parts(ctx: Ctx, ukrainian: bool) -> tuple[list[Part], Expected, str]:
    """A whole General Staff post: optional title, header, list, trailer."""
    rng = ctx.rng
    expected = Expected(ctx.day)
    yearless = ctx.day < 320 and rng.random() < 0.4
    nominative = ukrainian and rng.random() < 0.5
    categories = ctx.truth.ordered(ctx.day)
    if ukrainian:
        items = c_items(ctx, expected, categories, nominative)
    else:
        items = b_items(ctx, expected, categories)
    layout, item_lines = join_items(ctx, items)
    parts: list[Part] = []
    stamp = f"{dotted(ctx.when)} {rng.randint(7, 10):02d}:{rng.randint(0, 59):02d}"
    if ukrainian:
        title = rng.choice(["Втрати ворога", "Генеральний штаб ЗСУ інформує", "", ""])
    else:
        title = rng.choice(
            ["Losses of the Russian invaders", "Combat losses of the enemy", "Enemy losses", ""]
        )
    if title:
        parts.append(Part("title", [title]))
    if yearless and rng.random() < 0.5:
        parts.append(Part("heading", [stamp]))
        yearless_where = "stamp-above"
    else:
        yearless_where = "stamp-below"
    header = gs_header(ctx, ukrainian, yearless)
    if layout == "lines" or rng.random() < 0.5:
        parts.append(Part("para", [header]))
        parts.append(Part("items", item_lines))
    else:
        parts.append(Part("para", [header + " " + item_lines[0]]))
    direction = _direction_line(ctx, expected, english=not ukrainian)
    if direction:
        parts.append(Part("para", direction))
    if ukrainian:
        trailer = rng.choice(["Дані уточнюються.", "Слава Україні!", "Разом переможемо!", ""])
    else:
        trailer = rng.choice(
            [
                "The data are being updated.",
                "The figures are being clarified; the intensity of fighting makes them hard "
                "to count.",
                "Beat the occupier! Together we will win!",
                "",
            ]
        )
    if trailer:
        parts.append(Part("para", [trailer]))
    if yearless and yearless_where == "stamp-below":
        parts.append(
            Part(
                "para",
                [
                    rng.choice(
                        [
                            f"Posted by the press service on {dotted(ctx.when)} at "
                            f"08:{rng.randint(10, 59)}.",
                            f"Published {long_date(ctx.when)}.",
                        ]
                    )
                    if not ukrainian
                    else f"Опубліковано {dotted(ctx.when)}."
                ],
            )
        )
    tags = [("C " + ("nominative" if nominative else "genitive")) if ukrainian else "B"]
    if ctx.day < VEHICLES_MERGED_DAY:
        tags.append("legacy")
    if yearless:
        tags.append("yearless")
    tags.append(layout)
    return parts, expected, " ".join(tags)


def render_gs(ctx: Ctx, ukrainian: bool) -> tuple[str, list[Expected], str, str | None]:
    parts, expected, variant = gs_parts(ctx, ukrainian)
    return parts_to_text(parts, ctx.rng), [expected], variant, None


# ---------------------------------------------------------------------------------------
# Format D: news prose (totals; only personnel has the day's increase)


def prose_list(ctx: Ctx, entries: list[str]) -> str:
    if len(entries) == 1:
        return entries[0]
    comma = "," if len(entries) > 2 and ctx.rng.random() < 0.6 else ""
    return ", ".join(entries[:-1]) + f"{comma} and {entries[-1]}"


def prose_totals(ctx: Ctx, expected: Expected, categories: list[str]) -> list[str]:
    entries = []
    for category in categories:
        total = ctx.truth.totals[ctx.day][category]
        singular, plural = ctx.rng.choice(PROSE_LABELS[category])
        entries.append(ctx.count(total, singular, plural, a=category in A_FOR))
        if ctx.worded:
            expected.worded.add(category)
        expected.records[category] = (total, None)
        expected.labels[category] = plural
    return entries


def _title_and_dating(
    ctx: Ctx, dated_titles: list[str], plain_titles: list[str]
) -> tuple[list[str], str]:
    rng = ctx.rng
    dating = rng.choices(["title", "dateline", "filename"], [5, 4, 1])[0]
    if dating == "title":
        return [rng.choice(dated_titles)], dating
    lines = [rng.choice(plain_titles)]
    if dating == "dateline":
        lines.append(
            rng.choice(
                [
                    long_date(ctx.when),
                    long_date(ctx.when, short_month=True),
                    dotted(ctx.when),
                    f"{weekday(ctx.when)}, {dmy(ctx.when)}",
                    f"Day {day_number(ctx.day, rng)}",
                ]
            )
        )
    return lines, dating


def render_d(ctx: Ctx) -> tuple[str, list[Expected], str, str | None]:
    rng = ctx.rng
    expected = Expected(ctx.day)
    truth = ctx.truth
    personnel = truth.totals[ctx.day]["personnel"]
    increase = truth.deltas[ctx.day]["personnel"]
    head, dating = _title_and_dating(
        ctx,
        [
            f"Russia's losses in Ukraine as of {long_date(ctx.when)}",
            f"General Staff: Russian losses on day {day_number(ctx.day, rng)} of the war",
            f"Russian losses, {long_date(ctx.when, short_month=True)}: the General Staff's count",
        ],
        [
            "Russia's losses in Ukraine, as reported by Kyiv",
            f"Russian losses near {ctx.n(rounded_down(personnel))} troops, Kyiv says",
            "General Staff updates its count of Russian losses",
        ],
    )
    about = rng.choices(["about ", "some ", "more than ", ""], [4, 1, 1, 3])[0]
    singular, plural = rng.choice(PROSE_LABELS["personnel"][:2])
    expected.labels["personnel"] = plural
    n = ctx.n
    inline = increase is not None and rng.random() < 0.35
    incl = f", including {n(increase)} over the past day" if inline and increase is not None else ""
    opening = rng.choice(
        [
            f"Russia has lost {about}{n(personnel)} {plural} in Ukraine since Feb. 24, 2022{incl}, "
            f"the General Staff of Ukraine's Armed Forces reported on {weekday(ctx.when)}.",
            f"Ukraine's General Staff estimates that Russia has lost {about}{n(personnel)} "
            f"{plural} since the full-scale invasion began{incl}.",
            f"The Russian army has lost {about}{n(personnel)} {plural} since February 2022{incl}, "
            "according to the latest figures from Kyiv.",
        ]
    )
    sentences = [opening]
    if increase is not None and not inline:
        sentences.append(
            rng.choice(
                [
                    f"This number includes {n(increase)} casualties Russian forces suffered over "
                    "the past day.",
                    f"That figure includes {n(increase)} killed or wounded over the past 24 hours.",
                    f"Of these, {n(increase)} were lost over the past day alone.",
                ]
            )
        )
    expected.records["personnel"] = (personnel, increase)
    expected.forms["personnel"] = " + ".join(shape(x, 60) for x in sentences)
    others = [c for c in truth.ordered(ctx.day) if c != "personnel"]
    chosen = _subset(ctx, others, min(len(others), 4), keep_first=False)
    if rng.random() < 0.5:
        rng.shuffle(chosen)
    entries = prose_totals(ctx, expected, chosen)
    split = len(entries) > 6 and rng.random() < 0.3
    first, second = (entries[:4], entries[4:]) if split else (entries, [])
    listed = prose_list(ctx, first)
    equipment = [
        rng.choice(
            [
                f"Russia has also lost {listed}, according to the General Staff.",
                f"Russian forces have also lost {listed}, the report said.",
                f"According to the General Staff, Russia has also lost {listed}.",
                f"The tally also includes {listed}.",
            ]
        )
    ]
    mark(expected, chosen[: len(first)], f"'{equipment[0].split(listed)[0]}…' list of totals")
    if second:
        equipment.append(f"It has also lost {prose_list(ctx, second)}.")
        mark(expected, chosen[len(first) :], "'It has also lost …' list of totals")
    paragraphs = [" ".join(sentences)]
    paragraphs += noise_paragraphs(ctx, 0, 1)
    paragraphs.append(" ".join(equipment))
    paragraphs += noise_paragraphs(ctx, 0, 2)
    if rng.random() < 0.4:
        paragraphs.append(
            "The figures cannot be independently verified; Kyiv revises them as reports come in."
        )
    parts = [Part("title", head), *(Part("para", [p]) for p in paragraphs)]
    name = f"kyiv-{ctx.when.isoformat()}.txt" if dating == "filename" else None
    return parts_to_text(parts, rng), [expected], f"D {dating}", name


# ---------------------------------------------------------------------------------------
# Format E: news wire, "up N to M" and increases with totals in brackets


def wire_paragraphs(ctx: Ctx, expected: Expected) -> list[str]:
    rng = ctx.rng
    truth = ctx.truth
    n = ctx.n
    personnel = truth.totals[ctx.day]["personnel"]
    increase = truth.deltas[ctx.day]["personnel"]
    if increase is None:
        lead = (
            f"Russia's personnel losses now stand at about {n(personnel)}, according to the "
            "General Staff."
        )
    else:
        lead = rng.choice(
            [
                f"Losses of russian personnel on {month_day(ctx.when)} up {n(increase)} to "
                f"{n(personnel)} people, the General Staff of the Armed Forces of Ukraine "
                "reported.",
                f"Russia's personnel losses increased by {n(increase)} over the past day and now "
                f"stand at {n(personnel)}, according to the General Staff.",
                f"Personnel losses of the invaders on {month_day(ctx.when)} rose by {n(increase)} "
                f"to {n(personnel)}.",
                f"The enemy's personnel losses grew by {n(increase)} to about {n(personnel)} over "
                "the past 24 hours.",
            ]
        )
    expected.records["personnel"] = (personnel, increase)
    expected.labels["personnel"] = "personnel"
    expected.forms["personnel"] = shape(lead)
    others = [c for c in truth.ordered(ctx.day) if c != "personnel"]
    moved = [c for c in others if truth.deltas[ctx.day][c]]
    still = [c for c in others if not truth.deltas[ctx.day][c]]
    if len(moved) > 3 and rng.random() < 0.3:
        moved.remove(rng.choice(moved))
    still = _subset(ctx, still, min(len(still), 3), keep_first=False)
    bracket = rng.choice(["total-dash", "total-colon", "in-total"])
    items = []
    for category in moved:
        delta = truth.deltas[ctx.day][category]
        assert delta is not None
        total = truth.totals[ctx.day][category]
        singular, plural = rng.choice(PROSE_LABELS[category])
        if bracket == "total-dash":
            tail = f"(total {ctx.dash()} {n(total)})"
        elif bracket == "total-colon":
            tail = f"(total: {n(total)})"
        else:
            tail = f"({n(total)} in total)"
        items.append(f"{ctx.count(delta, singular, plural)} {tail}")
        if ctx.worded:
            expected.worded.add(category)
        expected.records[category] = (total, delta)
        expected.labels[category] = plural
    paragraphs = [lead]
    if items:
        listed = prose_list(ctx, items)
        sentence = rng.choice(
            [
                f"During the day, the enemy lost {listed}.",
                f"Over the last 24 hours the invaders also lost {listed}.",
                f"In the past day, Russian forces also lost {listed}.",
            ]
        )
        paragraphs.append(sentence)
        mark(expected, moved, f"'{sentence.split(listed)[0]}…' 'N LABEL {shape(tail)}'")
    if still:
        listed = prose_list(ctx, prose_totals(ctx, expected, still))
        sentence = rng.choice(
            [
                f"Since the beginning of the war, the enemy has also lost {listed}.",
                f"In all, since February 2022 the enemy has also lost {listed}.",
                f"Overall, Russia has also lost {listed} since the invasion began.",
            ]
        )
        paragraphs.append(sentence)
        mark(expected, still, f"'{sentence.split(listed)[0]}…' list of totals")
    return paragraphs


def wire_titles(ctx: Ctx) -> tuple[list[str], list[str]]:
    personnel = ctx.truth.totals[ctx.day]["personnel"]
    return (
        [
            f"Russian losses in Ukraine: {long_date(ctx.when)}",
            f"Enemy losses as of {dotted(ctx.when)}",
            f"General Staff update, {dotted(ctx.when)}",
            f"Russia's losses on day {day_number(ctx.day, ctx.rng)} of the full-scale war",
        ],
        [
            "Russian losses in Ukraine",
            f"Russia's losses top {ctx.n(rounded_down(personnel))}, General Staff says",
            "Enemy losses: the morning count",
        ],
    )


def render_e(ctx: Ctx) -> tuple[str, list[Expected], str, str | None]:
    rng = ctx.rng
    expected = Expected(ctx.day)
    head, dating = _title_and_dating(ctx, *wire_titles(ctx))
    paragraphs = wire_paragraphs(ctx, expected)
    if rng.random() < 0.6:
        paragraphs.insert(rng.randint(1, len(paragraphs)), noise(ctx))
    paragraphs += noise_paragraphs(ctx, 0, 1)
    parts = [Part("title", head), *(Part("para", [p]) for p in paragraphs)]
    name = f"wire-{ctx.when.isoformat()}.txt" if dating == "filename" else None
    return parts_to_text(parts, rng), [expected], f"E {dating}", name


# ---------------------------------------------------------------------------------------
# Format G: a digest of two or three days under headings of their own


def render_g(
    ctx: Ctx, days: list[int], make_ctx: Callable[[int], Ctx]
) -> tuple[str, list[Expected], str, str | None]:
    rng = ctx.rng
    body = rng.choice(["list", "block", "wire", "gs"])
    heading_style = rng.choice(["day", "long", "dotted", "dmy", "weekday"])
    lines = [
        rng.choice(
            [
                f"General Staff figures for the past {WORDS[len(days)]} days",
                "Weekend catch-up: enemy losses",
                f"Digest: Russian losses over {WORDS[len(days)]} days",
                "Holiday digest of the loss figures",
            ]
        ),
        "",
    ]
    if rng.random() < 0.5:
        lines += [noise(ctx), ""]
    expected_all = []
    for day in days:
        sub = make_ctx(day)
        sub.style = ctx.style
        when = sub.when
        heading = {
            "day": f"Day {day_number(day, rng)}",
            "long": long_date(when),
            "dotted": dotted(when),
            "dmy": dmy(when),
            "weekday": f"{weekday(when)}, {long_date(when)}",
        }[heading_style]
        lines.append(heading)
        expected = Expected(day)
        if body == "list":
            categories = _subset(sub, sub.truth.ordered(day), 4, keep_first=True)
            items = b_items(sub, expected, categories)
            lines += [item + "," for item in items[:-1]] + [items[-1] + "."]
            lines += _direction_line(sub, expected)
        elif body == "block":
            lines += a_block(sub, expected, heading=rng.random() < 0.5)
        elif body == "wire":
            lines.append(" ".join(wire_paragraphs(sub, expected)))
        else:
            parts, expected, _ = gs_parts(sub, ukrainian=False)
            expected.day = day
            lines.append(parts_to_text(parts, rng).strip())
        expected_all.append(expected)
        lines.append("")
    lines.append(
        rng.choice(["Regular daily editions resume tomorrow.", "All figures: General Staff.", ""])
    )
    return "\n".join(lines) + "\n", expected_all, f"G {body} {heading_style}", None


# ---------------------------------------------------------------------------------------
# Format F: a report inside a whole saved web page

NAV_SECTIONS = (
    "News",
    "Politics",
    "War",
    "Economy",
    "Society",
    "Regions",
    "World",
    "Opinion",
    "Culture",
    "Sport",
    "Technology",
    "Video",
    "Photo",
    "Podcasts",
    "Operational information",
    "Press center",
    "Partners",
    "About us",
    "Contacts",
    "Advertising",
)
SUBSECTIONS = (
    "Latest",
    "Front line",
    "Analysis",
    "Interviews",
    "Explainers",
    "Fact check",
    "Photo &amp; video",
    "Opinion &amp; columns",
    "Live blog",
    "Maps",
    "Data",
    "Newsletters",
    "Archive",
    "Військо",
    "Регіональні новини",
)
UK_NAV = ("Новини", "Політика", "Війна", "Економіка", "Суспільство", "Регіони", "Світ", "Культура")


class Site:
    """The boilerplate one site wraps around every page: head, menus, footer."""

    def __init__(self, rng: random.Random, name: str, ukrainian: bool, size: int) -> None:
        self.name = name
        self.ukrainian = ukrainian
        css = []
        for i in range(max(10, size // 900)):
            kind = rng.choice(["nav", "card", "grid", "btn", "hdr"])
            margin, top, side = rng.randint(0, 30), rng.randint(0, 20), rng.randint(0, 20)
            colour = rng.randint(0, 0xFFFFFF)
            css.append(
                f".c{i}-{kind} {{ margin: {margin}px; padding: {top}px {side}px; "
                f"color: #{colour:06x}; }}"
            )
        script = [
            "window.dataLayer = window.dataLayer || [];",
            "function gtag(){dataLayer.push(arguments);}",
            f"gtag('config', 'G-{rng.randint(10**7, 10**8)}');",
            f'var siteConfig = {{"build": {rng.randint(1000, 9999)}, "tanks": 9999, '
            f'"updated": "2024-01-{rng.randint(10, 28)}", "counter": "{rng.randint(1, 10**6)}"}};',
        ]
        for i in range(max(4, size // 2500)):
            script.append(
                f"function f{i}(a,b){{if(a>{rng.randint(0, 999)})"
                f"{{return a-b+{rng.randint(0, 99)};}}"
                f"return document.querySelectorAll('.c{i}').length+'&nbsp;'+b;}}"
            )
        sections = UK_NAV if ukrainian else NAV_SECTIONS
        menu = []
        for section in sections:
            subs = "".join(
                f'<li><a href="/{section.lower()[:6]}/{k}">{rng.choice(SUBSECTIONS)}</a></li>'
                for k in range(rng.randint(2, max(3, size // 4000)))
            )
            menu.append(
                f'<li class="menu-item"><a href="/{section.lower()[:6]}/">'
                f"{html.escape(section)}</a>"
                f'<ul class="sub-menu">{subs}</ul></li>'
            )
        self.head = (
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="stylesheet" href="/static/{name}.css?v={rng.randint(1, 99)}">\n'
            f"<style>\n{chr(10).join(css)}\n</style>\n"
            f"<script>\n{chr(10).join(script)}\n</script>\n"
        )
        self.nav = (
            f'<header class="site-header"><a class="logo" href="/">{html.escape(name)}</a>\n'
            f'<nav class="main-nav"><ul class="menu">{"".join(menu)}</ul></nav>\n'
            f'<form class="search"><input type="text" placeholder="Search"></form></header>\n'
        )
        self.footer = (
            '<footer class="site-footer"><ul>'
            + "".join(
                f'<li><a href="/p/{k}">{html.escape(s)}</a></li>' for k, s in enumerate(sections)
            )
            + f"</ul><p>&copy; 2014&ndash;2025 {html.escape(name)}. All rights reserved. "
            "Use of materials is permitted with a hyperlink.</p></footer>\n"
            '<script async src="/static/ads.js"></script>\n'
            "<script>document.querySelectorAll('a').forEach(function(a){a.rel='noopener';});</script>\n"
        )


_SITES: dict[tuple[bool, int], list[Site]] = {}


def sites(ukrainian: bool, size: int) -> list[Site]:
    key = (ukrainian, size)
    if key not in _SITES:
        rng = random.Random(f"sites-{ukrainian}-{size}")
        names = (
            ["Генеральний штаб ЗСУ", "Укрінформ", "Новини Дня"]
            if ukrainian
            else ["General Staff news", "Ukrinform", "Kyiv Daily Wire", "Frontline Desk"]
        )
        _SITES[key] = [Site(rng, name, ukrainian, size) for name in names]
    return _SITES[key]


def sidebar_headline(ctx: Ctx, ukrainian: bool, inner: str) -> str:
    rng = ctx.rng
    other = date_of(max(2, min(ctx.day + rng.randint(-60, -1), 1627)))
    if ukrainian:
        return rng.choice(
            [
                f"Загальні бойові втрати противника з 24.02.2022 по {dotted(other)}",
                f"Оперативна інформація станом на 08.00 {dotted(other)}",
                f"Втрати ворога на {dotted(other)}",
            ]
        )
    return rng.choice(
        [
            f"Total combat losses of the enemy from 24.02.2022 to {dotted(other)}",
            f"Russian losses in Ukraine: {long_date(other)}",
            f"Key developments on day {day_number(day_of(other), rng)}",
            f"Enemy losses as of {dotted(other)}",
        ]
    )


_TEASER_POOL: list[str] = []


def teaser(rng: random.Random) -> str:
    """A related-article card: headline and a sentence of numbers that are noise."""
    if not _TEASER_POOL:
        pool_rng = random.Random("teasers")
        truth_stub = Truth({1000: {"personnel": 700000}}, {}, {})
        ctx = Ctx(pool_rng, 1000, truth_stub)
        for k in range(400):
            body = noise(ctx)
            headline = html.escape(body.split(",")[0][:80])
            _TEASER_POOL.append(
                f'<div class="card"><a href="/news/{k + 10000}/"><img src="/i/{k}.jpg" alt="">'
                f"<h4>{headline}</h4></a><p>{html.escape(body)}</p>"
                f'<span class="views">{pool_rng.randint(10, 99999)} views</span></div>\n'
            )
    return rng.choice(_TEASER_POOL)


_ENTITY = {
    "\u2012": ("&#8210;", "&#x2012;", "\u2012"),
    "\u2013": ("&ndash;", "&#8211;", "\u2013"),
    "\u2014": ("&mdash;", "&#8212;", "\u2014"),
    "\u00a0": ("&nbsp;", "&#160;", "\u00a0"),
    "\u202f": ("&#8239;", "\u202f"),
}
_NUMBER_IN_ITEM = re.compile(
    r"(?<=[\u2012\u2013\u2014-] )(?:about |близько |over )?([\d][\d ,\u00a0\u202f]*\d|\d)"
)


def to_html(line: str, rng: random.Random, bold: bool) -> str:
    escaped = html.escape(line, quote=False)
    if bold:
        escaped = _NUMBER_IN_ITEM.sub(
            lambda m: m.group(0).replace(m.group(1), f"<strong>{m.group(1)}</strong>"), escaped, 1
        )
    return "".join(rng.choice(_ENTITY[ch]) if ch in _ENTITY else ch for ch in escaped)


def parts_to_html(parts: Sequence[Part], rng: random.Random) -> str:
    out = []
    bold = rng.random() < 0.5
    list_style = rng.choice(["ul", "br", "p"])
    for part in parts:
        lines = [to_html(line, rng, bold) for line in part.lines]
        if part.kind == "title":
            out.append(f'<h1 class="entry-title">{"<br>".join(lines)}</h1>')
        elif part.kind == "heading":
            out.append(f'<p class="post-date"><time>{lines[0]}</time></p>')
        elif part.kind == "para":
            out.append(f"<p>{' '.join(lines)}</p>")
        elif part.kind == "items" and list_style == "ul":
            out.append("<ul>\n" + "\n".join(f"  <li>{x}</li>" for x in lines) + "\n</ul>")
        elif part.kind == "items" and list_style == "p":
            out.append("\n".join(f"<p>{x}</p>" for x in lines))
        else:
            out.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(out)


def render_f(
    ctx: Ctx, page_bytes: int | None = None, plain_utf8: bool = False, inner: str | None = None
) -> tuple[str, list[Expected], str, str | None, str]:
    rng = ctx.rng
    inner = inner or rng.choices(["B", "C", "E"], [4, 3, 3])[0]
    ukrainian = inner == "C"
    if inner in "BC":
        parts, expected, variant = gs_parts(ctx, ukrainian)
        header = next((p.lines[0] for p in parts if p.kind == "para"), "")
        if ukrainian:
            other = f"Втрати ворога станом на {dotted(ctx.when)}"
        else:
            other = f"Enemy losses as of {dotted(ctx.when)}"
        title = header.split(":")[0] if rng.random() < 0.6 else other
        if "yearless" in variant and rng.random() < 0.5:
            title = "Втрати противника" if ukrainian else "Combat losses of the enemy"
    else:
        expected = Expected(ctx.day)
        dated, _ = wire_titles(ctx)
        title = rng.choice(dated)
        paragraphs = wire_paragraphs(ctx, expected)
        if rng.random() < 0.5:
            paragraphs.insert(rng.randint(1, len(paragraphs)), noise(ctx))
        parts = [Part("title", [title]), *(Part("para", [p]) for p in paragraphs)]
        variant = "E"
    site = rng.choice(sites(ukrainian, page_bytes or 6000))
    sidebar = "".join(
        f'<li><a href="/news/{rng.randint(10000, 99999)}/">'
        f"{html.escape(sidebar_headline(ctx, ukrainian, inner))}</a></li>\n"
        for _ in range(rng.randint(2, 6))
    )
    latest = "Останні новини" if ukrainian else "Latest news"
    aside = f'<aside class="sidebar"><h3>{latest}</h3><ul>\n{sidebar}</ul></aside>\n'
    sidebar_first = rng.random() < 0.5
    article = f'<main><article class="post">\n{parts_to_html(parts, rng)}\n</article>\n'
    related = [teaser(rng) for _ in range(rng.randint(1, 4))]
    encoding = "utf-8"
    if not plain_utf8 and ukrainian:
        encoding = rng.choices(["utf-8", "cp1251", "utf-16"], [6, 3, 1])[0]
    elif not plain_utf8:
        encoding = rng.choices(["utf-8", "utf-16"], [9, 1])[0]
    charset = {"utf-8": "utf-8", "cp1251": "windows-1251", "utf-16": "utf-16"}[encoding]
    head = (
        f'<!DOCTYPE html>\n<html lang="{"uk" if ukrainian else "en"}">\n<head>\n'
        f'<meta charset="{charset}">\n'
        f"<title>{html.escape(title)} | {html.escape(site.name)}</title>\n"
        f"{site.head}</head>\n<body>\n"
    )

    def assemble() -> str:
        middle = (aside + article) if sidebar_first else article
        tail = "" if sidebar_first else aside
        cards = f'<section class="related"><h3>Related</h3>\n{"".join(related)}</section>\n'
        return (
            head
            + site.nav
            + '<div class="layout">\n'
            + middle
            + cards
            + "</main>\n"
            + tail
            + "</div>\n"
            + site.footer
            + "</body>\n</html>\n"
        )

    page = assemble()
    if page_bytes:
        while len(page.encode()) < page_bytes:
            related.extend(teaser(rng) for _ in range(max(1, (page_bytes - len(page)) // 700)))
            page = assemble()
    tags = f"F {variant} {encoding} {'sidebar-first' if sidebar_first else 'sidebar-after'}"
    return page, [expected], tags, None, encoding


# ---------------------------------------------------------------------------------------
# Choosing days and writing documents


def _allocate(
    rng: random.Random, plan: list[tuple[str, int]], first: int, last: int
) -> list[list[int]]:
    """Days for each planned document (format, days needed), spread evenly over the war per
    format, each day used once while the range allows (so documents never overlap)."""
    by_format: dict[str, list[int]] = defaultdict(list)
    for index, (fmt, _) in enumerate(plan):
        by_format[fmt].append(index)
    used: set[int] = set()
    result: list[list[int]] = [[] for _ in plan]
    span = last - first + 1
    for _fmt, indexes in sorted(by_format.items()):
        rng.shuffle(indexes)
        count = len(indexes)
        for k, index in enumerate(indexes):
            need = plan[index][1]
            low = first + span * k // count
            high = max(low, first + span * (k + 1) // count - 1)
            chosen = None
            for attempt in range(60):
                lo, hi = (low, high) if attempt < 30 else (first, last)
                start = rng.randint(lo, max(lo, hi - need + 1))
                run = list(range(start, start + need))
                if run[-1] <= last and not used.intersection(run):
                    chosen = run
                    break
            if chosen is None:  # more documents than days: overlap is allowed
                start = rng.randint(first, last - need + 1)
                chosen = list(range(start, start + need))
            used.update(chosen)
            result[index] = chosen
    return result


def generate(
    n: int,
    seed: int,
    truth_dir: Path | str,
    *,
    formats: str = FORMATS,
    page_bytes: int | None = None,
    plain_utf8: bool = False,
    truth: Truth | None = None,
) -> list[Doc]:
    """`n` documents spread evenly over `formats` and over the war's days, each with the
    records it holds. `page_bytes` pads saved pages (F) to about that size; `plain_utf8`
    writes every file as UTF-8 (for timing)."""
    truth = truth or load_truth(Path(truth_dir))
    rng = random.Random(seed)
    first, last = truth.days[0], truth.days[-1]
    plan = []
    for i in range(n):
        fmt = formats[i % len(formats)]
        plan.append((fmt, rng.choice([2, 2, 3]) if fmt == "G" else 1))
    days = _allocate(rng, plan, first, last)
    docs = []
    for i, ((fmt, _), doc_days) in enumerate(zip(plan, days, strict=True)):
        doc_rng = random.Random(seed * 1_000_003 + i)
        ctx = Ctx(doc_rng, doc_days[0], truth)
        encoding = "utf-8"
        name: str | None
        if fmt == "A":
            text, expected, variant, name = render_a(ctx)
        elif fmt == "B":
            text, expected, variant, name = render_gs(ctx, ukrainian=False)
        elif fmt == "C":
            text, expected, variant, name = render_gs(ctx, ukrainian=True)
            if not plain_utf8 and doc_rng.random() < 0.1:
                encoding = "cp1251"
                text = text.replace("\u2012", "\u2013")  # not in cp1251
                variant += " cp1251"
        elif fmt == "D":
            text, expected, variant, name = render_d(ctx)
        elif fmt == "E":
            text, expected, variant, name = render_e(ctx)
        elif fmt == "F":
            text, expected, variant, name, encoding = render_f(ctx, page_bytes, plain_utf8)
        elif fmt == "G":
            if doc_rng.random() < 0.5:
                doc_days = doc_days[::-1]
            text, expected, variant, name = render_g(
                ctx, doc_days, functools.partial(Ctx, doc_rng, truth=truth)
            )
        else:
            raise ValueError(f"unknown format {fmt!r}")
        suffix = ".html" if fmt == "F" else ".txt"
        base = f"{i:05d}-{fmt.lower()}"
        docs.append(
            Doc(f"{base}-{name}" if name else base + suffix, fmt, text, expected, variant, encoding)
        )
    return docs


# ---------------------------------------------------------------------------------------
# What the parser found, and how it compares

Records = dict[tuple[int | None, str], tuple[int, int | None]]


@dataclass
class Found:
    """Records found in one document: (day or None, category) -> (total, delta)."""

    records: Records = field(default_factory=dict)
    conflicts: list[tuple[int | None, str, int, int | None]] = field(default_factory=list)
    directions: dict[int | None, str | None] = field(default_factory=dict)
    error: str | None = None

    def add(self, day: int | None, category: str, total: int, delta: int | None) -> None:
        key = (day, category)
        if key in self.records:
            if self.records[key] != (total, delta):
                self.conflicts.append((day, category, total, delta))
            return
        self.records[key] = (total, delta)

    def by_day(self) -> dict[int | None, dict[str, tuple[int, int | None]]]:
        grouped: dict[int | None, dict[str, tuple[int, int | None]]] = defaultdict(dict)
        for (day, category), value in self.records.items():
            grouped[day][category] = value
        return grouped


def parse_in_memory(docs: Sequence[Doc]) -> list[Found]:
    from warlosses.parse import parse

    html_to_text: Callable[[str], str] | None = None
    try:
        from warlosses.documents import html_to_text
    except ImportError:  # pragma: no cover - the module is being reworked
        pass
    results = []
    for doc in docs:
        found = Found()
        try:
            text = doc.text
            if doc.is_html and html_to_text is not None:
                text = html_to_text(text)
            parsed = parse(text, name=doc.name)
            for report in parsed.reports:
                found.directions.setdefault(report.day, getattr(report, "direction", None))
                for loss in report.losses:
                    found.add(report.day, loss.category, int(loss.total), _int(loss.delta))
        except Exception:  # a crash is a finding, not the end of the measurement
            found.error = traceback.format_exc(limit=3)
        results.append(found)
    return results


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass
class IngestRun:
    found: list[Found]
    seconds: float
    returncode: int
    stderr: str
    unattributed: int  # exported records whose source is none of the documents


def write_docs(docs: Sequence[Doc], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in docs:
        path = folder / doc.name
        path.write_bytes(doc.data())
        paths.append(path)
    return paths


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "warlosses", *args]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("WARLOSSES_STORE", None)
    env["COLUMNS"] = "200"
    return env


def ingest_and_export(docs: Sequence[Doc], workdir: Path) -> IngestRun:
    folder = workdir / "docs"
    store = workdir / "store"
    write_docs(docs, folder)
    started = time.perf_counter()
    ingest = subprocess.run(
        cli("ingest", "--store", str(store), str(folder)),
        capture_output=True,
        text=True,
        env=cli_env(),
    )
    seconds = time.perf_counter() - started
    export = subprocess.run(
        cli("export", "--store", str(store), "--format", "jsonl"),
        capture_output=True,
        text=True,
        env=cli_env(),
    )
    index = {doc.name: i for i, doc in enumerate(docs)}
    found = [Found() for _ in docs]
    unattributed = 0
    for line in export.stdout.splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        position = index.get(Path(str(row.get("source", ""))).name)
        if position is None:
            unattributed += 1
            continue
        found[position].add(
            int(row["day"]), str(row["category"]), int(row["total"]), _int(row.get("delta"))
        )
    stderr = ingest.stderr
    if export.returncode != 0:
        stderr += "\nexport failed:\n" + export.stderr
    return IngestRun(found, seconds, ingest.returncode, stderr, unattributed)


@dataclass
class Score:
    fields: int = 0
    right: int = 0
    reports: int = 0
    wrong_day: int = 0
    missed: int = 0
    spurious: int = 0
    directions: int = 0
    directions_right: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # kind, what, detail

    def __iadd__(self, other: Score) -> Score:
        for name in ("fields", "right", "reports", "wrong_day", "missed", "spurious"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.directions += other.directions
        self.directions_right += other.directions_right
        return self


def _fmt_pair(value: tuple[int, int | None] | None) -> str:
    if value is None:
        return "-"
    total, delta = value
    return f"{total} ({'none' if delta is None else f'+{delta}'})"


def score(doc: Doc, found: Found, check_directions: bool = True) -> Score:
    """Compare one document's expected reports with what was found in it."""
    result = Score()
    if found.error:
        last = found.error.strip().splitlines()[-1]
        result.problems.append(("parser raised", f"-\t{last[:80]}", found.error))
    expected_days = {e.day for e in doc.expected}
    expected_keys = {(e.day, c) for e in doc.expected for c in e.records}
    grouped = found.by_day()
    misplaced: set[int | None] = set()
    for exp in doc.expected:
        result.reports += 1
        result.fields += 2 * len(exp.records)
        present = False
        record_problems: list[tuple[str, str, str]] = []
        for category, (total, delta) in exp.records.items():
            got = found.records.get((exp.day, category))
            label = exp.labels.get(category, "")
            form = exp.forms.get(category, "-")
            if got is None:
                record_problems.append(
                    (
                        "missing record",
                        f"{form}\t{category} ({label})",
                        f"day {exp.day}: expected {_fmt_pair((total, delta))}",
                    )
                )
                continue
            present = True
            result.right += (got[0] == total) + (got[1] == delta)
            if got[0] != total:
                record_problems.append(
                    (
                        "wrong total",
                        f"{form}\t{category} ({label})",
                        f"day {exp.day}: expected {total}, got {got[0]}",
                    )
                )
            if got[1] != delta:
                kind = (
                    "increase found where none is stated"
                    if delta is None
                    else "stated increase missed"
                    if got[1] is None
                    else "wrong increase"
                )
                record_problems.append(
                    (
                        kind,
                        f"{form}\t{category} ({label})",
                        f"day {exp.day}: expected {delta}, got {got[1]}",
                    )
                )
        if check_directions and exp.direction:
            result.directions += 1
            got_direction = found.directions.get(exp.day)
            if got_direction == exp.direction:
                result.directions_right += 1
        if present:
            result.problems.extend(record_problems)
            continue
        elsewhere = [
            day
            for day, records in grouped.items()
            if day not in expected_days
            and sum(1 for c, (t, _) in exp.records.items() if records.get(c, (None,))[0] == t)
            >= max(1, len(exp.records) // 2)
        ]
        if elsewhere:
            result.wrong_day += 1
            misplaced.add(elsewhere[0])
            where = "undated" if elsewhere[0] is None else f"day {elsewhere[0]}"
            result.problems.append(
                ("report on the wrong day", doc.variant, f"day {exp.day} found as {where}")
            )
        else:
            result.missed += 1
            result.problems.append(("report missed", doc.variant, f"day {exp.day}"))
    for (day, category), value in found.records.items():
        if (day, category) in expected_keys or day in misplaced:
            continue
        result.spurious += 1
        where = "undated" if day is None else f"day {day}"
        result.problems.append(
            ("spurious record", f"-\t{category}", f"{where}: {_fmt_pair(value)}")
        )
    for day, category, total, delta in found.conflicts:
        result.spurious += 1
        result.problems.append(
            (
                "spurious record",
                f"-\t{category}",
                f"second value for day {day}: {_fmt_pair((total, delta))}",
            )
        )
    return result


# ---------------------------------------------------------------------------------------
# Printing


def table(rows: Sequence[Sequence[str]], left: Iterable[int] = (0,)) -> str:
    """Plain aligned columns: the `left` ones left-aligned, the rest right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lefts = set(left)
    out = []
    for k, row in enumerate(rows):
        cells = [
            cell.ljust(widths[i]) if i in lefts else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def summary_table(docs: Sequence[Doc], scores: Sequence[Score]) -> tuple[str, Score]:
    per: dict[str, Score] = defaultdict(Score)
    counts: Counter[str] = Counter()
    for doc, sc in zip(docs, scores, strict=True):
        per[doc.fmt] += sc
        counts[doc.fmt] += 1
    overall = Score()
    rows = [["format", "docs", "fields", "right", "accuracy", "wrong day", "missed", "spurious"]]
    for fmt in sorted(per):
        sc = per[fmt]
        overall += sc
        rows.append(_row(f"{fmt} {FORMAT_NAMES[fmt]}", counts[fmt], sc))
    rows.append(_row("all", len(docs), overall))
    return table(rows), overall


def _row(name: str, docs: int, sc: Score) -> list[str]:
    accuracy = 100.0 * sc.right / sc.fields if sc.fields else 0.0
    return [
        name,
        str(docs),
        str(sc.fields),
        str(sc.right),
        f"{accuracy:.2f}%",
        str(sc.wrong_day),
        str(sc.missed),
        str(sc.spurious),
    ]


def patterns(docs: Sequence[Doc], scores: Sequence[Score], top: int) -> tuple[str, list[int]]:
    """The most frequent kinds of failure (by documents affected), each with one example."""
    records: Counter[tuple[str, str, str]] = Counter()
    documents: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    hit: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    example: dict[tuple[str, str, str], tuple[int, str]] = {}
    for index, (doc, sc) in enumerate(zip(docs, scores, strict=True)):
        for kind, what, detail in sc.problems:
            form, _, what = what.partition("\t")
            key = (doc.fmt, kind, form)
            records[key] += 1
            documents[key].add(index)
            hit[key][what] += 1
            example.setdefault(key, (index, detail.splitlines()[0] if detail else ""))
    ranked = sorted(records, key=lambda k: (-len(documents[k]), -records[k], k))[:top]
    rows = [["docs", "records", "fmt", "failure", "written as", "categories (wording)", "example"]]
    examples = []
    for key in ranked:
        fmt, kind, form = key
        index, detail = example[key]
        whats = ", ".join(what for what, _ in hit[key].most_common(2))
        if len(whats) > 60:
            whats = whats[:59] + "…"
        if len(hit[key]) > 2:
            whats += f" +{len(hit[key]) - 2}"
        rows.append(
            [
                str(len(documents[key])),
                str(records[key]),
                fmt,
                kind,
                form,
                whats,
                f"{docs[index].name}: {detail}",
            ]
        )
        if index not in examples:
            examples.append(index)
    if len(rows) == 1:
        return "no failures", []
    return table(rows, left=(2, 3, 4, 5, 6)), examples


def kinds(docs: Sequence[Doc], scores: Sequence[Score]) -> str:
    """Failures by format and kind, with the categories they hit most."""
    records: Counter[tuple[str, str]] = Counter()
    documents: dict[tuple[str, str], set[int]] = defaultdict(set)
    hit: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for index, (doc, sc) in enumerate(zip(docs, scores, strict=True)):
        for kind, what, _ in sc.problems:
            records[doc.fmt, kind] += 1
            documents[doc.fmt, kind].add(index)
            hit[doc.fmt, kind][what.rpartition("\t")[2].split(" (")[0]] += 1
    rows = [["docs", "records", "format", "failure", "most affected"]]
    for key in sorted(records, key=lambda k: (-len(documents[k]), -records[k], k)):
        top = ", ".join(f"{what} {n}" for what, n in hit[key].most_common(4))
        rows.append([str(len(documents[key])), str(records[key]), key[0], key[1], top])
    return table(rows, left=(2, 3, 4)) if len(rows) > 1 else "no failures"


def by_variant(docs: Sequence[Doc], scores: Sequence[Score]) -> str:
    """Field accuracy per format and variant tag, for the tags below 100%."""
    fields: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    count: Counter[tuple[str, str]] = Counter()
    for doc, sc in zip(docs, scores, strict=True):
        for tag in set(doc.variant.split()[1:]) or {"-"}:
            fields[doc.fmt, tag] += sc.fields
            right[doc.fmt, tag] += sc.right
            count[doc.fmt, tag] += 1
    rows = [["format", "variant", "docs", "accuracy"]]
    for key in sorted(fields, key=lambda k: (k[0], right[k] / max(1, fields[k]))):
        if right[key] < fields[key]:
            rows.append([key[0], key[1], str(count[key]), f"{100 * right[key] / fields[key]:.1f}%"])
    return table(rows, left=(0, 1)) if len(rows) > 1 else "every variant at 100%"


def show_failure(doc: Doc, found: Found, sc: Score, limit: int = 3500) -> str:
    text = doc.text
    note = ""
    if doc.is_html:
        try:
            from warlosses.documents import html_to_text

            text = html_to_text(text)
            note = " (page text as documents.html_to_text extracts it)"
        except ImportError:  # pragma: no cover
            pass
    if len(text) > limit:
        text = text[:limit] + f"\n[... {len(text) - limit} more characters]"
    lines = [
        "=" * 100,
        f"{doc.name}  format {doc.fmt}  variant: {doc.variant}  encoding: {doc.encoding}",
        f"--- document{note}:",
        text.rstrip(),
        "--- expected vs got (total (increase)):",
    ]
    rows = [["day", "category", "expected", "got", ""]]
    keys = set()
    for exp in doc.expected:
        for category, value in exp.records.items():
            got = found.records.get((exp.day, category))
            keys.add((exp.day, category))
            mark = "" if got == value else "<-- wrong" if got else "<-- missing"
            rows.append([str(exp.day), category, _fmt_pair(value), _fmt_pair(got), mark])
        if exp.direction:
            rows.append(
                [str(exp.day), "(direction)", exp.direction, str(found.directions.get(exp.day)), ""]
            )
    for (day, category), value in sorted(
        found.records.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])
    ):
        if (day, category) not in keys:
            rows.append([str(day), category, "-", _fmt_pair(value), "<-- spurious"])
    lines.append(table(rows, left=range(5)))
    if found.error:
        lines.append("--- parser raised:\n" + found.error.rstrip())
    return "\n".join(lines)


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=600, help="documents to generate (600)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--truth", type=Path, default=DEFAULT_TRUTH, help=f"truth folder ({DEFAULT_TRUTH})"
    )
    parser.add_argument(
        "--show-failures", type=int, default=0, metavar="K", help="print K failing documents"
    )
    parser.add_argument("--patterns", type=int, default=15, help="failure kinds to list (15)")
    parser.add_argument(
        "--formats", default=FORMATS, help=f"formats to generate, e.g. CDF ({FORMATS})"
    )
    parser.add_argument("--no-ingest", action="store_true", help="skip the real CLI ingest")
    parser.add_argument("--keep", type=Path, help="write the documents and store here, keep them")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    truth = load_truth(args.truth)
    docs = generate(args.docs, args.seed, args.truth, formats=args.formats.upper(), truth=truth)
    generated = time.perf_counter() - started
    print(
        f"warlosses accuracy: {len(docs)} documents, seed {args.seed}, days "
        f"{truth.days[0]}-{truth.days[-1]}, python {sys.executable}, code {git_state()}"
    )
    print(f"generated in {generated:.1f}s; {sum(d.fields for d in docs)} expected fields")
    print()

    t0 = time.perf_counter()
    found = parse_in_memory(docs)
    parse_seconds = time.perf_counter() - t0
    scores = [score(doc, f) for doc, f in zip(docs, found, strict=True)]
    text, overall = summary_table(docs, scores)
    print(f"1. warlosses.parse.parse in memory ({parse_seconds:.1f}s)")
    print(text)
    crashed = sum(1 for f in found if f.error)
    print(
        f"directions (2022 'greatest losses at the X direction'): {overall.directions_right} "
        f"of {overall.directions} right; parser raised on {crashed} documents"
    )
    print()

    ingest_scores: list[Score] | None = None
    if not args.no_ingest:
        workdir = args.keep or Path(tempfile.mkdtemp(prefix="warlosses-accuracy-"))
        try:
            run = ingest_and_export(docs, workdir)
            ingest_scores = [
                score(doc, f, check_directions=False)
                for doc, f in zip(docs, run.found, strict=True)
            ]
            text, _ = summary_table(docs, ingest_scores)
            print(
                f"2. python -m warlosses ingest + export --format jsonl ({run.seconds:.1f}s, "
                f"exit {run.returncode})"
            )
            print(text)
            messages = [line for line in run.stderr.splitlines() if line.strip()]
            no_date = sum("no date" in line for line in messages)
            print(
                f"ingest printed {len(messages)} lines on stderr ({no_date} about a report with "
                f"no date); {run.unattributed} exported records from unknown sources"
            )
            if run.returncode != 0 or "Traceback" in run.stderr:
                print("ingest stderr (last lines):")
                print("\n".join(messages[-12:]))
        finally:
            if args.keep is None:
                shutil.rmtree(workdir, ignore_errors=True)
            else:
                print(f"documents and store kept in {workdir}")
        print()

    print("Accuracy by variant (parse in memory; variants below 100% only):")
    print(by_variant(docs, scores))
    print()
    print("Failures by kind (parse in memory):")
    print(kinds(docs, scores))
    print()
    print(f"Most common failures in detail (parse in memory; top {args.patterns}):")
    text, examples = patterns(docs, scores, args.patterns)
    print(text)
    if ingest_scores is not None:
        only_ingest = sum(
            1
            for a, b in zip(scores, ingest_scores, strict=True)
            if a.right == a.fields and b.right < b.fields
        )
        print(f"documents right in memory but not after ingest: {only_ingest}")
        if only_ingest:
            print("Failures by kind after ingest:")
            print(kinds(docs, ingest_scores))
    if args.show_failures:
        failing = [i for i, sc in enumerate(scores) if sc.problems]
        chosen = [i for i in examples if i in failing][: args.show_failures]
        chosen += [i for i in failing if i not in chosen][: args.show_failures - len(chosen)]
        print()
        print(f"{len(chosen)} of {len(failing)} failing documents:")
        for i in chosen:
            print(show_failure(docs[i], found[i], scores[i]))
    return 0


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
