"""Property-based tests: random figures rendered in every format parse back exactly, and
no text makes the parser raise."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from warlosses.parse import parse
from warlosses.warday import date_of

# Labels as each format prints them, per canonical category (post-2022 wording).
BLOCK = {"personnel": "Troops", "tanks": "Tanks", "artillery": "Artillery",
         "armoured_vehicles": "Arm. Veh.", "aircraft": "Aircraft", "helicopters": "Heli",
         "ships": "Ships", "drones": "Drones"}  # fmt: skip
LIST_EN = {"personnel": "personnel", "tanks": "tanks",
           "armoured_vehicles": "armoured combat vehicles", "artillery": "artillery systems",
           "mlrs": "MLRS", "air_defence": "Anti-aircraft warfare systems", "aircraft": "aircraft",
           "helicopters": "helicopters", "drones": "UAV operational-tactical level",
           "cruise_missiles": "cruise missiles", "ships": "warships / boats",
           "submarines": "submarines", "vehicles_fuel_tanks": "vehicles and fuel tanks",
           "special_equipment": "special equipment"}  # fmt: skip
LIST_UK = {"personnel": "особового складу", "tanks": "танків",
           "armoured_vehicles": "бойових броньованих машин", "artillery": "артилерійських систем",
           "mlrs": "РСЗВ", "air_defence": "засобів ППО", "aircraft": "літаків",
           "helicopters": "гелікоптерів", "drones": "БпЛА оперативно-тактичного рівня",
           "cruise_missiles": "крилатих ракет", "ships": "кораблів / катерів",
           "submarines": "підводних човнів",
           "vehicles_fuel_tanks": "автомобільної техніки та автоцистерн",
           "special_equipment": "спеціальної техніки"}  # fmt: skip
PROSE = {"tanks": "tanks", "armoured_vehicles": "armored fighting vehicles",
         "artillery": "artillery systems", "mlrs": "multiple launch rocket systems",
         "air_defence": "air defense systems", "aircraft": "airplanes",
         "helicopters": "helicopters", "drones": "drones", "cruise_missiles": "cruise missiles",
         "ships": "ships and boats", "vehicles_fuel_tanks": "vehicles and fuel tanks"}  # fmt: skip

days = st.integers(min_value=70, max_value=1700)  # after the 2022 category changes
deltas = st.integers(min_value=0, max_value=5_000)
# What the General Staff's first report already counted: a total is never below it (a
# figure in prose below it is a day's count).
FIRST_REPORT = {"personnel": 2800, "tanks": 80, "armoured_vehicles": 516, "artillery": 49}


def totals(category: str) -> st.SearchStrategy[int]:
    found = st.integers(min_value=FIRST_REPORT.get(category, 0), max_value=2_000_000)
    if category == "personnel":  # "about 700,000 people" is a rounded figure, never a count
        return found.filter(lambda n: n < 100_000 or n % 100_000 != 0)
    return found


def styled(n: int, style: int) -> str:
    """One of the ways reports write numbers."""
    if style == 0 or n < 1000:
        return str(n)
    sep = [",", " ", "\u00a0", "\u202f"][style - 1]
    return f"{n:,}".replace(",", sep)


@st.composite
def figures(draw: st.DrawFn, labels: dict[str, str]) -> dict[str, tuple[int, int]]:
    chosen = draw(st.lists(st.sampled_from(sorted(labels)), min_size=3, unique=True))
    return {c: (draw(totals(c)), draw(deltas)) for c in chosen}


def report_of(text: str) -> tuple[int | None, dict[str, tuple[int, int | None]]]:
    parsed = parse(text)
    assert len(parsed.reports) == 1, parsed.reports
    report = parsed.reports[0]
    return report.day, {x.category: (x.total, x.delta) for x in report.losses}


@given(days, figures(BLOCK), st.integers(0, 4))
def test_briefing_block_round_trip(day: int, data: dict[str, tuple[int, int]], style: int) -> None:
    lines = [f"Daily brief — {date_of(day):%B} {date_of(day).day}, {date_of(day).year}",
             "Russian War Losses (Today/Total)"]  # fmt: skip
    for category, (total, delta) in data.items():
        lines += [f"{BLOCK[category]} +{styled(delta, style)}", f"{styled(total, style)} |"]
    assert report_of("\n".join(lines) + "\nMore news\n") == (day, data)


@given(days, figures(LIST_EN), st.sampled_from(["‒", "–", "—", "-"]),
       st.sampled_from([",\n", ",", ", "]), st.integers(0, 4))  # fmt: skip
def test_english_list_round_trip(
    day: int, data: dict[str, tuple[int, int]], dash: str, sep: str, style: int
) -> None:
    when = date_of(day)
    items = [f"{LIST_EN[c]} {dash} {styled(t, style)} (+{styled(d, style)})"
             for c, (t, d) in data.items()]  # fmt: skip
    text = (f"The total combat losses of the enemy from 24.02.2022 to {when:%d.%m.%Y} "
            "were approximately:\n" + sep.join(items) + ".\n")  # fmt: skip
    assert report_of(text) == (day, data)


@given(days, figures(LIST_UK), st.integers(0, 4))
def test_ukrainian_list_round_trip(day: int, data: dict[str, tuple[int, int]], style: int) -> None:
    when = date_of(day)
    items = [f"{LIST_UK[c]} ‒ {styled(t, style)} (+{styled(d, style)}) од"
             for c, (t, d) in data.items()]  # fmt: skip
    text = (f"Загальні бойові втрати противника з 24.02.22 по {when:%d.%m.%y} орієнтовно "
            "склали: " + ", ".join(items))  # fmt: skip
    assert report_of(text) == (day, data)


@given(days, figures(PROSE), totals("personnel"), st.integers(1, 2799), st.integers(0, 4))
def test_news_prose_round_trip(
    day: int, data: dict[str, tuple[int, int]], troops: int, today: int, style: int
) -> None:
    when = date_of(day)
    listed = [f"{styled(t, style)} {PROSE[c]}" for c, (t, _) in data.items()]
    text = (
        f"Russian losses: {when:%B} {when.day}, {when.year}\n\n"
        f"Russia has lost about {styled(troops, style)} troops since the full-scale invasion "
        f"began, including {styled(today, style)} over the past day. Russia has also lost "
        + ", ".join(listed[:-1]) + f", and {listed[-1]}, the General Staff said.\n"
    )  # fmt: skip
    expected = {"personnel": (troops, today)} | {c: (t, None) for c, (t, _) in data.items()}
    assert report_of(text) == (day, expected)


@given(days, figures(PROSE), totals("personnel"), st.integers(1, 2799))
def test_wire_prose_round_trip(
    day: int, data: dict[str, tuple[int, int]], troops: int, today: int
) -> None:
    when = date_of(day)
    listed = [f"{d:,} {PROSE[c]} (total – {t:,})" for c, (t, d) in data.items()]
    text = (
        f"Enemy losses, {when:%d.%m.%Y}\n"
        f"Losses of russian personnel on {when:%B} {when.day} up {today:,} to {troops:,} "
        "people. During the day, the enemy lost " + ", ".join(listed) + ".\n"
    )  # fmt: skip
    expected = {"personnel": (troops, today)} | {c: (t, d) for c, (t, d) in data.items()}
    assert report_of(text) == (day, expected)


@settings(max_examples=300)
@given(st.text())
def test_any_text_parses_without_raising(text: str) -> None:
    parse(text, name="x.txt")


tokens = st.sampled_from(
    list("0123456789 ,.+-‒|()\n:") + ["tanks", "Troops", "DEATHS: ", "Oblast", "day ", "lost"]
)
report_shaped = st.lists(tokens, max_size=200).map("".join)


@settings(max_examples=300)
@given(report_shaped, st.dates(date(2022, 2, 24), date(2030, 1, 1)))
def test_report_shaped_noise_parses_without_raising(text: str, on: date) -> None:
    parsed = parse(text, on=on)
    for report in parsed.reports:
        assert report.day == (on - date(2022, 2, 24) + timedelta(days=1)).days
