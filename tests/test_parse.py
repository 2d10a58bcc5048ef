"""The parser from tables of strings: text in, records out."""

import random
import re
from datetime import date

import pytest

from warlosses.categories import canonical
from warlosses.parse import (
    RULE_FILENAME,
    RULE_HEADER,
    RULE_HEADING,
    RULE_OPTION,
    RULE_PUBLISHED,
    Casualties,
    day_from_filename,
    find_day,
    parse,
    to_int,
    windows,
)
from warlosses.parse.dates import MONTHS
from warlosses.parse.numbers import (
    LIST_NUMBER,
    LIST_NUMBER_AT_DIGIT,
    NUMBER_WORDS,
)
from warlosses.parse.prose import LABEL_HINT
from warlosses.patterns import alternation
from warlosses.warday import day_of


def figures(text: str, **kwargs: object) -> dict[str, tuple[int, int | None]]:
    """The single report's figures as {category: (total, delta)}."""
    parsed = parse(text, **kwargs)  # type: ignore[arg-type]
    assert len(parsed.reports) == 1, parsed.reports
    return {loss.category: (loss.total, loss.delta) for loss in parsed.reports[0].losses}


BLOCK_1039 = """\
Evening digest, December 28, 2024
The front stayed busy overnight; 12,000 troops rotated near the border.
Russian War Losses (Today/Total)
Troops +1690
784200 |
Tanks +7
9651 |
Artillery +29
21408 |
Arm. Veh. +19
19970 |
Aircraft
369 |
Heli
329 |
Ships
28 |
What comes next for the negotiations
"""


def test_briefing_block_gives_every_figure_and_no_noise() -> None:
    assert figures(BLOCK_1039) == {
        "personnel": (784200, 1690),
        "tanks": (9651, 7),
        "artillery": (21408, 29),
        "armoured_vehicles": (19970, 19),
        "aircraft": (369, None),
        "helicopters": (329, None),
        "ships": (28, None),
    }


def test_briefing_block_is_dated_by_the_heading() -> None:
    report = parse(BLOCK_1039).reports[0]
    assert (report.day, report.date, report.rule, report.format) == (
        1039,
        date(2024, 12, 28),
        RULE_HEADING,
        "A",
    )


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("Troops", "personnel"),
        ("Personnel", "personnel"),
        ("Arm. Veh.", "armoured_vehicles"),
        ("AFV", "armoured_vehicles"),
        ("Drones", "drones"),
        ("UAV", "drones"),
        ("Missiles", "cruise_missiles"),
        ("Subs", "submarines"),
        ("Vehicles", "vehicles_fuel_tanks"),
        ("Special Equip.", "special_equipment"),
        ("Anti-Air", "air_defence"),
        ("MLRS", "mlrs"),
        ("Heli", "helicopters"),
    ],
)
def test_briefing_block_labels(label: str, category: str) -> None:
    text = f"Update for 2025-01-03\n{label} +3\n1,234 |\n"
    assert figures(text) == {category: (1234, 3)}


def test_block_with_unknown_label_is_kept_under_a_slug_with_a_warning() -> None:
    text = "2025-01-03\nTanks +1\n9677 |\nLaser Guns +2\n12 |\n"
    parsed = parse(text)
    got = {loss.category: loss.total for loss in parsed.reports[0].losses}
    assert got == {"tanks": 9677, "laser_guns": 12}
    assert parsed.warnings == ("unknown category 'Laser Guns' stored as 'laser_guns'",)


def test_pipes_without_any_known_category_are_not_a_report() -> None:
    assert parse("Scoreboard, 2024-12-28\nHome +2\n3 |\nAway\n1 |\n").reports == ()


LIST_1039 = """\
The total combat losses of the enemy from 24.02.2022 to 28.12.2024 were approximately:
personnel ‒ about 784200 (+1690) persons,
tanks ‒ 9651 (+7),
armoured combat vehicles – 19970 (+19),
artillery systems — 21408 (+29),
MLRS - 1256 (+0),
Anti-aircraft warfare systems ‒ 1032 (+0),
aircraft ‒ 369 (+0),
helicopters ‒ 329 (+0),
UAV operational-tactical level – 21013 (+14),
cruise missiles ‒ 3003 (+0),
warships / boats ‒ 28 (+0),
submarines - 1 (+0),
vehicles and fuel tanks ‒ 32328 (+59),
special equipment ‒ 3668 (+4).
The data are being updated.
"""

EXPECTED_1039 = {
    "personnel": (784200, 1690),
    "tanks": (9651, 7),
    "armoured_vehicles": (19970, 19),
    "artillery": (21408, 29),
    "mlrs": (1256, 0),
    "air_defence": (1032, 0),
    "aircraft": (369, 0),
    "helicopters": (329, 0),
    "drones": (21013, 14),
    "cruise_missiles": (3003, 0),
    "ships": (28, 0),
    "submarines": (1, 0),
    "vehicles_fuel_tanks": (32328, 59),
    "special_equipment": (3668, 4),
}


def test_general_staff_list_in_english() -> None:
    assert figures(LIST_1039) == EXPECTED_1039
    report = parse(LIST_1039).reports[0]
    assert (report.day, report.rule, report.format) == (1039, RULE_HEADER, "B")


def test_list_items_run_together_with_commas() -> None:
    joined = LIST_1039.replace(",\n", ",")
    assert "\n" not in joined.split("approximately:\n")[1].split(".")[0]
    assert figures(joined) == EXPECTED_1039


def test_list_without_increases_and_with_units() -> None:
    text = (
        "The total combat losses of the enemy from 24.02 to 19.04.2022 were approximately: "
        "personnel ‒ about 20800 persons, tanks ‒ 790 од, APV ‒ 2041 од, "
        "artillery systems – 381 од, boats / cutters ‒ 8 од"
    )
    assert figures(text) == {
        "personnel": (20800, None),
        "tanks": (790, None),
        "armoured_vehicles": (2041, None),
        "artillery": (381, None),
        "ships": (8, None),
    }


def test_legacy_vehicle_categories_depend_on_the_date() -> None:
    before = "Combat losses of the enemy from 24.02.2022 to 20.04.2022:\nvehicles ‒ 1523 (+18)\n"
    after = "Combat losses of the enemy from 24.02.2022 to 20.05.2022:\nvehicles ‒ 2200 (+18)\n"
    fuel = "Combat losses of the enemy from 24.02.2022 to 20.04.2022:\nfuel tanks ‒ 76 (+0)\n"
    assert figures(before) == {"military_vehicles": (1523, 18)}
    assert figures(after) == {"vehicles_fuel_tanks": (2200, 18)}
    assert figures(fuel) == {"fuel_tanks": (76, 0)}


def test_list_in_ukrainian() -> None:
    text = (
        "Загальні бойові втрати противника з 24.02.22 по 28.12.24 орієнтовно склали: "
        "особового складу ‒ близько 784200 (+1690) осіб, танків ‒ 9651 (+7) од, "
        "бойових броньованих машин ‒ 19970 (+19) од, артилерійських систем ‒ 21408 (+29) од, "
        "РСЗВ ‒ 1256 (+0) од, засобів ППО ‒ 1032 (+0) од, літаків ‒ 369 (+0) од, "
        "гелікоптерів ‒ 329 (+0) од, БпЛА оперативно-тактичного рівня ‒ 21013 (+14), "
        "крилатих ракет ‒ 3003 (+0), кораблів / катерів ‒ 28 (+0) од, "
        "підводних човнів ‒ 1 (+0) од, автомобільної техніки та автоцистерн ‒ 32328 (+59) од, "
        "спеціальної техніки ‒ 3668 (+4)"
    )
    assert figures(text) == EXPECTED_1039
    report = parse(text).reports[0]
    assert (report.day, report.format) == (1039, "C")


def test_direction_of_greatest_losses_is_kept() -> None:
    text = (
        "The total combat losses of the enemy from 24.02 to 18.07.2022 were approximately:\n"
        "personnel ‒ about 38300 (+300) persons,\ntanks ‒ 1687 (+9),\n"
        "The greatest losses were inflicted on the enemy at the Donetsk direction.\n"
    )
    report = parse(text).reports[0]
    assert report.direction == "Donetsk"
    assert report.day == 145


def test_sidebar_headlines_of_other_days_head_no_list() -> None:
    text = (
        "Latest news\n"
        "Total combat losses of the enemy from 24.02.2022 to 27.12.2024\n"
        "Total combat losses of the enemy from 24.02.2022 to 09.01.2024\n" + LIST_1039
    )
    parsed = parse(text)
    assert [r.day for r in parsed.reports] == [1039]


def test_a_report_repeated_in_a_document_counts_once() -> None:
    parsed = parse(LIST_1039 + "\n\nRepeated below for convenience:\n" + LIST_1039)
    assert len(parsed.reports) == 1
    assert len(parsed.reports[0].losses) == len(EXPECTED_1039)


CIVILIANS = """\
Morning notes for 2024-12-28
The casualty count of civilians in the past 24 hours:
DEATHS: 6 INJURIES: 6
Shelling hit Donetsk Oblast overnight, killing three civilians and wounding two others. \
Two of the deaths were in one village.
Sumy Oblast saw 120 strikes on border villages; one civilian was killed there.
In Kharkiv Oblast a glide bomb killed two people and injured four.
Other news
"""


def test_civilian_headline_and_regions() -> None:
    parsed = parse(CIVILIANS)
    assert len(parsed.civilians) == 1
    block = parsed.civilians[0]
    assert block.day == 1039
    assert block.figures == (
        Casualties(None, 6, 6),
        Casualties("Donetsk", 3, 2),
        Casualties("Sumy", 1, 0),
        Casualties("Kharkiv", 2, 4),
    )
    assert parsed.warnings == ()


def test_regions_that_do_not_sum_to_the_headline_are_kept_with_a_warning() -> None:
    parsed = parse(CIVILIANS.replace("DEATHS: 6", "DEATHS: 7"))
    assert parsed.civilians[0].figures[0] == Casualties(None, 7, 6)
    assert parsed.warnings == (
        "civilian regions sum to 6 deaths / 6 injuries, the headline says 7 / 6",
    )


def test_the_date_option_wins_over_the_header() -> None:
    report = parse(LIST_1039, on=date(2025, 1, 3)).reports[0]
    assert (report.day, report.rule) == (1045, RULE_OPTION)


def test_file_name_dates_a_report_without_date() -> None:
    text = "Russian War Losses (Today/Total)\nTanks +7\n9651 |\n"
    assert parse(text).reports[0].day is None
    report = parse(text, name="briefs/day-1039.txt").reports[0]
    assert (report.day, report.rule) == (1039, RULE_FILENAME)
    assert parse(text, name="2024-12-28-brief.txt").reports[0].day == 1039


def test_publication_date_comes_after_headings_and_before_the_file_name() -> None:
    text = "Russian War Losses (Today/Total)\nTanks +7\n9651 |\n"
    report = parse(text, name="day-1000.txt", published=date(2024, 12, 28)).reports[0]
    assert (report.day, report.rule) == (1039, RULE_PUBLISHED)
    headed = parse("December 27, 2024\n" + text, published=date(2024, 12, 28)).reports[0]
    assert (headed.day, headed.rule) == (1038, RULE_HEADING)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("posted on 02/26/2022 18:17", 3),  # month first: 26 is no month
        ("Published 26/02/2022", 3),  # day first
        ("Updated 05/05/2022", 71),  # both orders give the same date
        ("Posted 02/06/2022", None),  # February 6 or June 2: no date
    ],
)
def test_a_title_dated_with_slashes_in_whichever_order_is_plain(line: str, day: int) -> None:
    text = f"{line}\nRussia has lost 3,500 troops, 102 tanks and 14 aircraft, Kyiv said.\n"
    assert parse(text).reports[0].day == day


def test_a_pages_own_date_wins_over_its_archive_copys_date_stamp() -> None:
    body = "Russia has lost 3,500 troops, 102 tanks and 14 aircraft, Kyiv said."
    # The archive kept the page a day after it was posted: the page's date is the report's.
    stamped = parse(f" date 2022-02-27 posted on 02/26/2022 18:17\n\n{body}\n")
    assert stamped.reports[0].day == 3
    under = parse(f" date 2022-02-27 Russia's losses in Ukraine\nFebruary 26, 2022\n{body}\n")
    assert under.reports[0].day == 3
    # A stamp with no date of the page's own beside it still dates the copy.
    alone = parse(f" date 2022-02-27 Russia's losses in Ukraine\n\n{body}\n")
    assert alone.reports[0].day == 4


_FIRST_DAYS_PARAGRAPH = (
    "Kyiv's envoy told the council that some 4,300 Russian soldiers had died during the "
    "first three days of the invasion. Separately, the deputy defence minister said "
    "Russia had lost about 146 tanks, 27 aircraft and 26 helicopters."
)


def test_a_paragraph_on_the_wars_first_days_is_not_stored_on_a_later_page_day() -> None:
    # A page of 28 February 2022 (day 5) looking back at the first three days.
    parsed = parse(f"February 28, 2022\n{_FIRST_DAYS_PARAGRAPH}\n")
    assert not parsed.reports
    assert any("first 3 days" in warning for warning in parsed.warnings)


@pytest.mark.parametrize("heading", ["February 26, 2022", "February 27, 2022"])
def test_a_paragraph_on_the_wars_first_days_is_stored_on_their_day(heading: str) -> None:
    # Day 3, or the morning after it (day 4).
    (report,) = parse(f"{heading}\n{_FIRST_DAYS_PARAGRAPH}\n").reports
    assert ("tanks", 146) in {(loss.category, loss.total) for loss in report.losses}
    # A date the user gives is theirs to give.
    (given,) = parse(_FIRST_DAYS_PARAGRAPH, on=date(2022, 2, 28)).reports
    assert given.day == 5


def test_the_wars_first_days_in_another_paragraph_leave_the_days_figures() -> None:
    text = (
        "December 28, 2024\n"
        "Russia has lost 784,200 troops, 9,651 tanks and 20,069 armoured vehicles since the "
        "invasion began, the General Staff said.\n"
        "In the first three days of the war, Kyiv had counted some 4,300 dead.\n"
    )
    (report,) = parse(text).reports
    assert ("personnel", 784_200) in {(loss.category, loss.total) for loss in report.losses}


@pytest.mark.parametrize(
    ("dateline", "day"),
    [
        ("MADRID, 26 (EUROPA PRESS)", 62),  # 26 April 2022, two days before the stamp
        ("KYIV, April 26 (Reuters) -", 62),
        ("LONDON, 30 (EFE)", 35),  # 30 March: the month before the stamp's
        ("Madrid, 26 (a reader's note)", 64),  # no capitals: no dateline, the stamp dates
    ],
)
def test_a_wires_dateline_dates_a_stamped_copy(dateline: str, day: int) -> None:
    text = (
        " date 2022-04-28 Kyiv puts Russia's losses at 22,100 troops\n\n"
        f"{dateline}\n\n"
        "The General Staff said on Tuesday that Russia had lost 22,100 soldiers, 884 tanks "
        "and 2,258 armoured vehicles since the invasion began.\n"
    )
    assert parse(text).reports[0].day == day


@pytest.mark.parametrize(
    "sentence",
    [
        "За даними Генштабу, з 24 по 28 лютого окупанти втратили вбитими і пораненими 5300 осіб.",
        "From February 24 to February 28 the invaders lost 5,300 troops, Kyiv said.",
    ],
)
def test_a_prose_header_without_a_year_takes_the_documents(sentence: str) -> None:
    # A page of 1 March 2022 on the span to 28 February (day 5: 5,300).
    (report,) = parse(f"{sentence}\n", name="2022-03-01-news.txt").reports
    assert (report.day, report.rule) == (5, RULE_HEADER)


@pytest.mark.parametrize("stamp", ["2022-13-45", "2022-02-29"])
def test_an_archive_stamp_that_is_no_date_dates_nothing_and_breaks_nothing(stamp: str) -> None:
    text = (
        f" date {stamp} Russia's losses\nMADRID, 26 (EUROPA PRESS)\n"
        "Russia has lost 22,100 troops, 884 tanks and 2,258 armoured vehicles so far.\n"
    )
    (report,) = parse(text).reports
    assert report.day is None


def test_a_date_inside_a_paragraph_is_not_a_heading() -> None:
    text = (
        "Summary of the Day:\n"
        "Analysts say the pace seen since December 1, 2024 will not hold for long, and "
        "the pressure will continue on several sectors of the front.\n"
        "Russian War Losses (Today/Total)\nTanks +7\n9651 |\n"
    )
    assert parse(text).reports[0].day is None


def test_digest_reports_take_their_own_headings() -> None:
    text = (
        "Weekly digest of the General Staff's figures\n\n"
        "December 27, 2024\nTroops +1650\n782510 |\nTanks +14\n9644 |\n\n"
        "December 28, 2024\nTroops +1690\n784200 |\nTanks +7\n9651 |\n"
    )
    parsed = parse(text)
    assert [(r.day, r.rule) for r in parsed.reports] == [
        (1038, RULE_HEADING),
        (1039, RULE_HEADING),
    ]
    assert [r.losses[0].total for r in parsed.reports] == [782510, 784200]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Russia-Ukraine War: Key Developments on Day 1,057", 1057),
        ("On the 1,007th day of the war", 1007),
        ("December 28, 2024", 1039),
        ("28 December 2024", 1039),
        ("28.12.2024", 1039),
        ("2024-12-28", 1039),
        ("Dec. 28, 2024", 1039),
        ("nothing to see", None),
        ("2021-05-01", None),
        # The war's start never dates a report.
        ("Russia has lost 1,458,990 troops in Ukraine since Feb. 24, 2022", None),
        ("з 24 лютого 2022 року", None),
        ("с 24 февраля 2022 года", None),
        ("Since the start on February 24, 2022, and as of December 28, 2024", 1039),
        ("Day 2,913,851", None),  # a number that goes on is no day
        ("Key Developments on Day 1,057", 1057),
        ("1039-й день війни", 1039),
    ],
)
def test_find_day(text: str, day: int | None) -> None:
    assert find_day(text) == day


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("day-1039.txt", 1039), ("day_12.md", 12), ("x/2024-12-28.html", 1039), ("a.txt", None),
        # day numbers with thousands separators; the war's start is no report's day
        ("Key Developments on Day 1,057.txt", 1057), ("day-1.039.txt", 1039),
        ("day 1 039.txt", 1039), ("Day 2,913,851.txt", None), ("2022-02-24-start.txt", None),
    ],
)  # fmt: skip
def test_day_from_filename(name: str, day: int | None) -> None:
    assert day_from_filename(name) == day


@pytest.mark.parametrize(
    ("text", "value"),
    [("784200", 784200), ("784,200", 784200), ("784 200", 784200), ("three", 3), ("a", 1)],
)
def test_to_int(text: str, value: int) -> None:
    assert to_int(text) == value


def test_numbers_with_no_break_spaces() -> None:
    text = LIST_1039.replace("784200", "784\u00a0200").replace("21013", "21\u202f013")
    assert figures(text) == EXPECTED_1039


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ukrainian forces shot down 76 of the 188 drones.",
        "A $1.25 billion package; 12,000 troops; Day 1,000 of the war.",
        "Russia's defence ministry claimed Ukraine lost 1,200 troops and 9 tanks.",
        "|||||\n+++++\n-----\n" * 50,
    ],
)
def test_noise_is_not_a_report(text: str) -> None:
    parsed = parse(text)
    assert parsed.reports == ()
    assert parsed.civilians == ()


def test_list_header_with_month_names() -> None:
    english = LIST_1039.replace(
        "from 24.02.2022 to 28.12.2024", "from February 24, 2022 to December 28, 2024"
    )
    ukrainian = LIST_1039.replace(
        "The total combat losses of the enemy from 24.02.2022 to 28.12.2024 were approximately",
        "Загальні бойові втрати противника з 24 лютого 2022 року по 28 грудня 2024 року орієнтовно склали",
    )
    for text in (english, ukrainian):
        report = parse(text).reports[0]
        assert (report.day, report.rule) == (1039, RULE_HEADER)
        assert figures(text) == EXPECTED_1039


def test_yearless_header_takes_the_year_of_the_page_stamp() -> None:
    text = "Published 18.07.2022, 09:12\n" + LIST_1039.replace(
        "from 24.02.2022 to 28.12.2024", "from 24.02 to 18.07"
    )
    assert parse(text).reports[0].day == 145


def test_prose_with_increases_in_brackets() -> None:
    text = (
        "December 28, 2024\n"
        "Russia has lost approximately 784,200 (+1,690) military personnel, 9,651 (+7) tanks, "
        "19,970 (+19) armoured combat vehicles and 21,408 (+29) artillery systems, the "
        "General Staff reported.\n"
    )
    assert figures(text) == {
        "personnel": (784200, 1690),
        "tanks": (9651, 7),
        "armoured_vehicles": (19970, 19),
        "artillery": (21408, 29),
    }
    assert parse(text).reports[0].format == "E"  # it states increases


def test_general_staff_figures_in_one_prose_sentence_take_the_header_date() -> None:
    text = (
        "Russia's losses in Ukraine: the latest figures\n"
        "The total combat losses of the enemy from February 24, 2022, to December 28, 2024, "
        "are estimated as follows: approximately 784,200 (+1,690) personnel, 9,651 (+7) "
        "tanks, 19,970 (+19) armored combat vehicles, 21,408 (+29) artillery systems.\n"
    )
    report = parse(text).reports[0]
    assert (report.day, report.rule) == (1039, RULE_HEADER)
    assert figures(text) == {
        "personnel": (784200, 1690),
        "tanks": (9651, 7),
        "armoured_vehicles": (19970, 19),
        "artillery": (21408, 29),
    }


def test_2022_wording_and_several_directions() -> None:
    text = (
        "The total combat losses of the enemy from 24.02 to 18.04.2022 were approximately: "
        "personnel - more than 20600 people, tanks ‒ 790, automotive equipment - 1487, "
        "multiple rocket launchers ‒ 131, boats / ships - 8\n"
        "The greatest losses were in the Kramatorsk and Bakhmut directions.\n"
    )
    assert figures(text) == {
        "personnel": (20600, None),
        "tanks": (790, None),
        "military_vehicles": (1487, None),
        "mlrs": (131, None),
        "ships": (8, None),
    }
    assert parse(text).reports[0].direction == "Kramatorsk and Bakhmut"


def test_rounded_headline_gives_way_to_the_exact_figure() -> None:
    text = (
        "December 28, 2024\n"
        "Russia has lost nearly 785,000 troops, Kyiv says.\n"
        "Russia has lost 784,200 troops since February 2022, including 1,690 over the past "
        "day. It has also lost 9,651 tanks, 19,970 armored fighting vehicles and 21,408 "
        "artillery systems.\n"
        "Yesterday the count stood at 782,510 troops, 9,644 tanks, 19,951 armored fighting "
        "vehicles, 21,379 artillery systems and 1,256 multiple launch rocket systems.\n"
    )
    assert figures(text) == {
        "personnel": (784200, 1690),
        "tanks": (9651, None),
        "armoured_vehicles": (19970, None),
        "artillery": (21408, None),
    }


def test_ukrainian_news_prose() -> None:
    text = (
        "28 грудня 2024\n"
        "Росія втратила в Україні близько 784 200 військових, з них 1 690 за минулу добу. "
        "Також ворог втратив 9 651 танк, 19 970 бойових броньованих машин, 21 408 "
        "артилерійських систем та 369 літаків.\n"
    )
    assert figures(text) == {
        "personnel": (784200, 1690),
        "tanks": (9651, None),
        "armoured_vehicles": (19970, None),
        "artillery": (21408, None),
        "aircraft": (369, None),
    }


def test_runs_of_digits_too_long_to_be_figures_are_not_figures() -> None:
    text = LIST_1039.replace("9651 (+7)", "96510000000000000000000 (+7)")
    assert "tanks" not in figures(text)


# ---------------------------------------------------------------------------------------
# The parser's shortcuts must not change what it finds: each table below holds texts whose
# reading took a shortcut's less common branch.

_LINE = "x" * 99 + "\n"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Tanks lost\n", [(0, 11)]),
        ("nothing here\n" * 10, []),
        ("lost\n" + _LINE * 100 + "lost\n", [(0, 2504), (7505, 10010)]),
        (("lost\n" + _LINE * 10) * 20, [(0, 20100)]),  # the windows join: all of it
        (
            ("lost\n" + _LINE * 20) * 3 + _LINE * 60 + ("lost\n" + _LINE * 20) * 3,
            [(0, 6514), (9515, 18030)],
        ),
        (_LINE * 28 + ("lost\n" + _LINE * 10) * 8, [(300, 10840)]),  # the first lines too far
        ("İ lost\n" + _LINE * 100, [(0, 10007)]),  # İ is two characters lower-cased
    ],
)
def test_windows(text: str, spans: list[tuple[int, int]]) -> None:
    assert windows(text) == spans


def block_figures(text: str) -> list[dict[str, tuple[int, int | None]]]:
    return [{x.category: (x.total, x.delta) for x in r.losses} for r in parse(text).reports]


@pytest.mark.parametrize(
    ("lines", "blocks"),
    [
        # Blank lines may stand between the first label and its total...
        (
            "Tanks +4\n\n\n11 824 |\nAFV\n24 317 |",
            [{"tanks": (11824, 4), "armoured_vehicles": (24317, None)}],
        ),
        # ...but after a later label they end the block, and that label begins the next.
        (
            "Tanks +4\n11 824 |\nAFV\n\n24 317 |",
            [{"tanks": (11824, 4)}, {"armoured_vehicles": (24317, None)}],
        ),
        (
            "Tanks +4\n11 824 |\n5 |\n\nAFV\n24 317 |",
            [{"tanks": (11824, 4), "armoured_vehicles": (24317, None)}],
        ),
        (
            "Tanks +4\n11 824 |\n   \n5 |\nAFV\n24 317 |",
            [{"tanks": (11824, 4), "armoured_vehicles": (24317, None)}],
        ),
        (
            "Tanks +4\n11 824 |\n   \n5 |\nWhat next?",
            [{"tanks": (11824, 4)}],
        ),  # spaces are no label
        (
            "Tanks +4\n11 824 |\nAFV\nDrones +2\n6 136 |",
            [{"tanks": (11824, 4)}, {"drones": (6136, 2)}],
        ),
        (
            "Tanks +4\n11 824 |\nWhat next?\nAFV\n24 317 |",
            [{"tanks": (11824, 4)}, {"armoured_vehicles": (24317, None)}],
        ),
    ],
)
def test_block_layouts(lines: str, blocks: list[dict[str, tuple[int, int | None]]]) -> None:
    assert block_figures(f"Update for 2025-01-03\n{lines}\n") == blocks


def test_a_hyphenated_line_inside_a_list_is_one_unreadable_item() -> None:
    header = (
        "The total combat losses of the enemy from 24.02.2022 to 28.12.2024 were approximately:\n"
    )
    items = "tanks ‒ 9651 (+7),\nMLRS - 1256 (+0),\naircraft ‒ 369 (+0)\n"
    whole = [{"tanks": (9651, 7), "mlrs": (1256, 0), "aircraft": (369, 0)}]
    # Above the list it is context; inside it, one unreadable item is passed over...
    assert block_figures("full-scale war: 5 days on\n" + header + items) == whole
    inside = items.replace(",\n", ",\nthe full-scale war 5 days\n", 1)
    assert block_figures(header + inside) == whole
    # ...and two in a row end the list.
    inside = items.replace(",\n", ",\nthe full-scale war, 5 days\n", 1)
    assert block_figures(header + inside) == [
        {"tanks": (9651, 7)},
        {"mlrs": (1256, 0), "aircraft": (369, 0)},
    ]


def test_heading_above_many_paragraphs_that_name_years() -> None:
    text = "Weekly digest\nDay 1,039\n" + "In 2024 the war went on, officials said in 2023.\n" * 30
    assert parse(text + "Tanks +4\n11 824 |\n").reports[0].day == 1039


def test_the_same_paragraph_under_two_headings_reports_twice() -> None:
    sentence = (
        "Russia has lost 784,200 troops, 9,651 tanks, 19,970 armored fighting vehicles and "
        "21,408 artillery systems.\n"
    )
    text = f"Digest\nDecember 28, 2024\n{sentence}December 29, 2024\n{sentence}"
    assert [r.day for r in parse(text).reports] == [1039, 1040]


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul talks stalled.\nRussia has lost 784,200 troops, 9,651 tanks and 369 aircraft.",
        "Russia has lost 784,200 troops, 9,651 tanks and 369 aircraft, İnal said.",
    ],
)
def test_prose_with_a_letter_that_lower_casing_lengthens(text: str) -> None:
    assert figures(f"December 28, 2024\n{text}\n") == {
        "personnel": (784200, None),
        "tanks": (9651, None),
        "aircraft": (369, None),
    }


def test_civilians_in_text_with_a_dotless_i() -> None:
    # re.IGNORECASE takes ı for i, so "kılled" reads as "killed", as it always did.
    text = (
        "December 28, 2024\nCivilian casualties\nDEATHS: 3 INJURIES: 2\n"
        "In Donetsk Oblast, Russian attacks kılled three civilians and wounded two others.\n"
    )
    assert parse(text).civilians[0].figures[1] == Casualties("Donetsk", 3, 2)


@pytest.mark.parametrize(
    "phrase",
    [
        "over the past seven days", "in the last 12 months", "over the previous three weeks",
        "in the first ten days", "this week", "in weekly terms", "this month", "last month",
        "on average", "or 40 per day", "(a day on average)", "this year", "in 2024", "annually",
        "in total for the year", "up from yesterday", "against a day earlier",
        "as of the day before", "протягом тижня", "за місяць", "в середньому", "вчора",
        "according to Russia's defence ministry", "the ministry of defense says",
        "and Ukrainian forces have lost more", "citing losses of the Ukrainian army",
        "citing Ukrainian losses",
    ],
)  # fmt: skip
def test_sums_averages_other_days_and_claims_are_not_reports(phrase: str) -> None:
    text = (
        "December 28, 2024\nRussia has lost 784,200 troops, 9,651 tanks, 19,970 armored "
        f"fighting vehicles and 21,408 artillery systems, {phrase}.\n"
    )
    assert parse(text).reports == ()
    assert len(parse(text.replace(f", {phrase}", "")).reports) == 1


@pytest.mark.parametrize(
    "label",
    [
        "tanks", "APV", "armoured combat vehicles", "Arm. Veh.", "AFV", "armored fighting vehicles",
        "artillery systems", "howitzers", "MLRS", "multiple launch rocket systems",
        "multiple rocket launchers", "Anti-aircraft warfare systems", "air defense systems",
        "Anti-Air", "aircraft", "airplanes", "Planes", "helicopters", "Heli",
        "UAV operational-tactical level", "Drones", "cruise missiles", "Missiles",
        "warships / boats", "boats / cutters", "ships and boats", "vessels", "submarines", "Subs",
        "a submarine", "vehicles and fuel tanks", "Vehicles", "military auto",
        "automotive equipment", "special equipment", "Special Equip.", "ground robotic systems",
        "tanks with fuel and lubricants", "fuel tanks", "mobile SRBM system", "танків", "танки",
        "бойових броньованих машин", "ББМ", "артилерійських систем", "РСЗВ", "засобів ППО",
        "літаків", "гелікоптерів", "БпЛА оперативно-тактичного рівня", "крилатих ракет",
        "кораблів / катерів", "підводних човнів", "автомобільної техніки та автоцистерн",
        "автомобільної техніки", "спеціальної техніки", "наземних робототехнічних комплексів",
        "цистерн з ПММ", "ОТРК/ТРК",
    ],
)  # fmt: skip
def test_every_wording_of_a_category_holds_a_figure_hint(label: str) -> None:
    # Prose sentences without a figure hint are passed over unread.
    assert canonical(label) not in (None, "personnel")
    assert LABEL_HINT.compile().search(label.lower())


@pytest.mark.parametrize("words", [MONTHS, NUMBER_WORDS])
def test_word_trees_match_as_the_words_sorted_longest_first(words: dict[str, int]) -> None:
    listed = "|".join(sorted(words, key=len, reverse=True))
    for word in words:
        for text in (word, word + "ember 5", word + "t 5", word + " 5", word.upper() + "s"):
            for tail in ("", r"\s+\d"):
                got = re.match(f"(?:{alternation(words)}){tail}", text, re.IGNORECASE)
                expected = re.match(f"(?:{listed}){tail}", text, re.IGNORECASE)
                assert (got and got.group()) == (expected and expected.group()), text


@pytest.mark.parametrize("above", ["", "İstanbul talks resumed.\n"])
def test_a_capitalised_prose_anchor_is_found_in_a_text_holding_a_dotted_capital_i(
    above: str,
) -> None:
    # "İ" lower-cases to two characters, so such a text is read without a lower-cased copy.
    text = (
        f"{above}December 28, 2024\nTally: 784,200 troops, 9,651 tanks, 19,970 armored "
        "fighting vehicles and 21,408 artillery systems.\n"
    )
    (report,) = parse(text).reports
    assert report.day == 1039
    assert {loss.category: loss.total for loss in report.losses}["tanks"] == 9651


# Two saved pages of one site: the same sidebar, each page with its own day's prose.
SIDEBAR = (
    "Related\n"
    "Russia's defence ministry claimed that Ukraine had lost up to 1,204 servicemen, "
    "7 tanks and 11 artillery systems over the past 24 hours.\n"
    "In 2023 as a whole, Russia lost 3,736 tanks and more than 114,863 troops, analysts say.\n"
)
PAGE_1039 = (
    "December 28, 2024\n"
    "Russia has lost 784,200 troops in Ukraine since the full-scale invasion began, "
    "including 1,690 over the past day. Russia has also lost 9,651 tanks, "
    "19,970 armored fighting vehicles and 21,408 artillery systems.\n" + SIDEBAR
)
PAGE_1040 = (
    "December 29, 2024\n" + SIDEBAR + "Russia has lost 785,910 troops in Ukraine since the "
    "full-scale invasion began, including 1,710 over the past day. Russia has also lost "
    "9,659 tanks, 19,976 armored fighting vehicles and 21,434 artillery systems.\n"
)


def test_prose_that_gave_nothing_on_one_page_is_passed_over_on_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sidebar learnt on one page is not read again on the next, and what was learnt
    changes no result: each page parses as it does in a fresh process."""
    from warlosses.parse import prose as module

    fresh = {}
    for name, page in (("a", PAGE_1039), ("b", PAGE_1040)):
        monkeypatch.setattr(module, "_NOTHING", module._GaveNothing())
        fresh[name] = parse(page)
    monkeypatch.setattr(module, "_NOTHING", module._GaveNothing())
    assert parse(PAGE_1039) == fresh["a"]
    claim = SIDEBAR.splitlines()[1]
    assert claim in module._NOTHING.paragraphs
    assert parse(PAGE_1040) == fresh["b"]
    assert figures(PAGE_1040)["tanks"] == (9659, None)
    assert parse(PAGE_1039) == fresh["a"]  # and back: the learnt sidebar takes nothing away


def test_prose_remembered_as_giving_nothing_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from warlosses.parse import prose as module

    memory = module._GaveNothing()
    monkeypatch.setattr(module, "_NOTHING", memory)
    monkeypatch.setattr(module._GaveNothing, "LIMIT", 2_000)
    for n in range(200):  # teasers that differ by their figures, as real ones do
        parse(f"In 2023 as a whole, Russia lost {n:,} tanks and {n * 31:,} troops, analysts say.")
        assert memory.held <= 2_000
        assert memory.held == sum(map(len, memory.paragraphs)) + sum(map(len, memory.sentences))
    assert memory.paragraphs  # it does remember


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("втрати досягли 753 тисяч 370 окупантів", "втрати досягли 753 370 окупантів"),
        ("близько 646 тис. 400 осіб", "близько 646 400 осіб"),
        ("2 thousand 109 vehicles", "2 109 vehicles"),
        ("у 1 мільйон 209 880 військових", "у 1 209 880 військових"),
        ("1 млн 226 тис. 420 осіб", "1 226 420 осіб"),
        ("982 тис. військових", "982 тис. військових"),  # rounded: left alone
        ("1,25 млн", "1,25 млн"),
    ],
)
def test_figures_spelt_with_group_words_become_digits(text: str, expected: str) -> None:
    from warlosses.parse import normalize

    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "December 28, 2024\nRussia has lost over 831,000 troops since the invasion began.\n",
            None,
        ),
        (
            "December 28, 2024\nRussia has lost about 700,000 troops since the invasion began.\n",
            None,
        ),
        (
            "December 28, 2024\nRussia has lost over 784,210 troops since the invasion began.\n",
            784210,
        ),
        (
            "March 6, 2022\nMore than 11,000 Russian troops have been killed since February 24.\n",
            11000,
        ),
        (
            "May 31, 2022\nThe president said Russia has lost more than 31,000 soldiers so far.\n",
            None,
        ),
        (
            "May 31, 2022\nThe president said Russia has lost about 30,700 soldiers so far.\n",
            30700,
        ),
        ("December 28, 2024\nRussia lost 1,100 soldiers, the General Staff said.\n", None),
    ],
)
def test_rounded_and_small_personnel_figures_are_no_totals(
    sentence: str, expected: int | None
) -> None:
    # A whole thousand after "over" is rounded from 20,000 on (in the war's first weeks the
    # General Staff itself wrote "more than 11,000"), a whole 100,000 always; below the
    # first report's 2,800 a figure is a day's.
    found = [
        x.total for r in parse(sentence).reports for x in r.losses if x.category == "personnel"
    ]
    assert found == ([] if expected is None else [expected])


def test_a_period_span_or_a_sector_heads_no_list() -> None:
    items = "personnel — 47,186 people;\ntanks — 364;\nartillery systems — 248;\n"
    assert (
        parse("From October 10, 2023 to February 17, 2024, the losses were:\n" + items).reports
        == ()
    )
    assert (
        parse("In the area of responsibility of the group, the losses were:\n" + items).reports
        == ()
    )
    assert len(parse("Total losses from 24.02.2022 to 17.02.2024:\n" + items).reports) == 1


def test_a_sentence_that_opens_with_another_day_looks_back() -> None:
    history = (
        "The General Staff has counted a million Russian losses since the invasion began.\n\n"
        "On March 2, the total losses of the Russian troops grew to 5,840 people, 130 of "
        "them eliminated during the day.\n"
    )
    parsed = parse(history, published=date(2025, 6, 5))
    assert parsed.reports == ()
    assert any("look back" in warning for warning in parsed.warnings)
    # "And already on March 3, ..." opens with the date as well.
    later = history.replace("On March 2,", "And already on March 3, after checking,")
    assert parse(later, published=date(2025, 6, 5)).reports == ()
    # The report's own day, or the day before it, is no look-back.
    for published in (date(2022, 3, 2), date(2022, 3, 3)):
        report = parse(history, published=published).reports[0]
        assert (report.day, report.losses[0].total) == (day_of(published), 5840)


def test_the_one_report_header_dates_the_page_figures_above_its_list() -> None:
    text = (
        "Tuesday, 17 May 2022\n\n"
        "Since the start of the war Russia's losses came to about 24,500 people, the General "
        "Staff said.\n\n"
        "From February 24 to May 4, 2022, the enemy also lost: tanks – 1,077 (+13); "
        "armoured combat vehicles – 2,610 (+43); artillery systems – 491 (+16).\n"
    )
    days = {(loss.category, report.day) for report in parse(text).reports for loss in report.losses}
    assert ("personnel", day_of(date(2022, 5, 4))) in days
    assert {day for _, day in days} == {day_of(date(2022, 5, 4))}
    # Under headings of their own, a digest's reports keep their own days.
    digest = text + "\nMay 17, 2022\nRussia's personnel losses reached about 28,300 people.\n"
    days = {
        (loss.category, report.day) for report in parse(digest).reports for loss in report.losses
    }
    assert ("personnel", day_of(date(2022, 5, 17))) in days


def test_bullet_lines_that_give_figures_first_with_two_items_or_the_days_part() -> None:
    text = (
        "January 15, 2026\n\n"
        "Since the start of the invasion the General Staff counts these Russian losses:\n\n"
        "  • 11,557 tanks, including seven destroyed in the past day\n"
        "  • 23,904 armored fighting vehicles\n"
        "  • 36,182 artillery systems, with 84 destroyed in the latest update\n"
        "  • 434 aircraft and 347 helicopters\n"
        "  • 28 warships and boats, and two submarines\n"
    )
    (report,) = parse(text).reports
    assert [(loss.category, loss.total, loss.delta) for loss in report.losses] == [
        ("tanks", 11557, 7),
        ("armoured_vehicles", 23904, None),
        ("artillery", 36182, 84),
        ("aircraft", 434, None),
        ("helicopters", 347, None),
        ("ships", 28, None),
        ("submarines", 2, None),
    ]
    # A clause that is not the day's part leaves the line unread rather than guessed at.
    odd = text.replace("including seven destroyed in the past day", "seven of them last week")
    assert "tanks" not in {loss.category for r in parse(odd).reports for loss in r.losses}


def test_a_paragraph_that_goes_on_with_the_report_in_words_of_its_own() -> None:
    lead = (
        "25.09.2024\n"
        "Загальні бойові втрати ворога за час повномасштабного вторгнення склали близько "
        "646 400 (+1 250 за добу) осіб.\n\n"
    )
    going_on = "Також у звіті 952 засоби ППО, 369 літаків, 328 гелікоптерів.\n"
    losses = {
        (loss.category, loss.total, loss.delta)
        for report in parse(lead + going_on).reports
        for loss in report.losses
    }
    assert losses == {
        ("personnel", 646400, 1250),
        ("air_defence", 952, None),
        ("aircraft", 369, None),
        ("helicopters", 328, None),
    }
    # Without the word that carries the report on, or after a paragraph that gave nothing,
    # an enumeration without a word of loss is no report.
    alone = {r.losses for r in parse(lead + going_on.replace("Також у звіті", "У звіті")).reports}
    assert {loss.category for losses in alone for loss in losses} == {"personnel"}
    assert parse("25.09.2024\nСьогодні тихо.\n\n" + going_on).reports == ()


def test_a_paragraph_of_the_days_increases_does_not_go_on_with_the_totals() -> None:
    lead = "25.09.2024\nВтрати ворога в особовому складі склали 646 400 (+1 250) осіб.\n\n"
    more = "Ще 3 літаки, 2 гелікоптери, 10 БпЛА.\n"
    losses = {loss.category for r in parse(lead + more).reports for loss in r.losses}
    assert losses == {"personnel"}


def test_figures_written_to_begin_with_a_digit_match_as_the_figures() -> None:
    # LIST_NUMBER_AT_DIGIT only moves the look-behinds past the first digit, so that the
    # engine can skip to digits: it finds the same spans.
    rng = random.Random(5)
    pieces = [*"0123456789", " ", ",", ".", "a", "-", "1 000", "12.345", "3,5"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        expected = [m.span() for m in re.finditer(LIST_NUMBER, text)]
        assert [m.span() for m in re.finditer(LIST_NUMBER_AT_DIGIT, text)] == expected, text


@pytest.mark.parametrize(
    "text",
    [
        "Russia has lost 24 tanks and 1,200 soldiers over the past day.",  # the day's
        "Over the past week Russia lost 24 tanks and 8,200 soldiers.",  # a week's
        "Russia has lost 24 tanks and more than 60,000 soldiers since the war began.",  # rounded
    ],
)
def test_an_enumeration_of_two_with_personnel_that_is_not_a_total_gives_nothing(text: str) -> None:
    assert parse(text, name="2022-10-04.txt").reports == ()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (  # "N of Moscow's soldiers"; the month's share after it is no day's increase,
            # and its thousands are not cut off ("41,000" is not 41)
            "2024-11-11.txt",
            "By Kyiv's count, 710,660 of Moscow's soldiers have been killed or wounded, "
            "including just under 41,000 for October.",
            (710_660, None),
        ),
        (  # a week named after "including" is the included part's, not the total's
            "2023-07-25.txt",
            "Kyiv says Russia has lost 243,220 troops since the war began, which includes "
            "4,120 lost in the past week.",
            (243_220, None),
        ),
        (  # the day's share as "another N troops ... killed" before a running total
            "2022-12-12.txt",
            "Another 620 Russian troops were killed in the past fighting, Kyiv said, bringing "
            "the total to 94,760 since February 24.",
            (94_760, 620),
        ),
        (  # ... and after the total
            "2022-09-02.txt",
            "The number of Russian soldiers killed now stands at 48,700 after another 350 "
            "soldiers were reportedly eliminated.",
            (48_700, 350),
        ),
        (  # a summary's headline: "N troop losses"
            "2025-07-25.txt",
            "Kyiv Counts 1,047,250 Russian Troop Losses in the War So Far",
            (1_047_250, None),
        ),
        (  # "troop losses", and a total "since" the invasion after the verb
            "2024-12-16.txt",
            "Kyiv's General Staff says Russia's troop losses have reached 765,110 since "
            "24 February 2022.",
            (765_110, None),
        ),
        (  # "an alarming figure of"
            "2024-12-16.txt",
            "Russian casualties have now reached a grim figure of 765,110 troops since the "
            "full-scale invasion began.",
            (765_110, None),
        ),
        (  # the total after the war's first day, set off by a dash
            "2024-05-30.txt",
            "In the past day Russia lost 1,160 personnel, and overall since February 24, "
            "2022 - 506,260 people.",
            (506_260, 1_160),
        ),
        (  # a count of soldiers that grew by the day's figure to the total
            "2026-02-02.txt",
            "За добу кількість знищених окупантів збільшилася на 850 осіб, довівши загальну "
            "чисельність до приблизно 1 241 530.",
            (1_241_530, 850),
        ),
        (  # the report's span of dates between the losses and their verb
            "2026-02-19.txt",
            "Бойові втрати росіян від початку вторгнення, з 24 лютого 2022 року по 19 лютого "
            "2026 року, становлять близько 1 256 910 осіб, з них 830 осіб - за минулу добу.",
            (1_256_910, 830),
        ),
        (  # "піднялися до": rose to
            "2025-09-20.txt",
            "Загальні втрати Росії піднялися до 1 100 600 осіб.",
            (1_100_600, None),
        ),
        (  # the day's figure first, then the total: the total is the one no smaller than
            # the first report's
            "2023-06-05.txt",
            "Потери России к утру понедельника, 5 июня, составили 410 оккупантов, общее "
            "количество потерь с начала вторжения составляет 210 350 военных.",
            (210_350, None),
        ),
    ],
)
def test_personnel_totals_in_more_wordings_of_the_news(
    name: str, text: str, expected: tuple[int, int | None]
) -> None:
    (report,) = parse(text, name=name).reports
    assert [(loss.category, loss.total, loss.delta) for loss in report.losses] == [
        ("personnel", *expected)
    ]


def test_an_estimate_that_losses_could_be_more_than_a_figure_is_not_stored() -> None:
    text = "Russia's losses in the war and of its National Guard in Ukraine could be 18,600 people."
    assert parse(text, name="2022-06-02.txt").reports == ()


def test_a_tree_of_phrases_behind_one_word_start_look_behind_finds_the_same() -> None:
    # at_word_start only adds a test that every branch of a phrase tree makes anyway.
    from warlosses.lexicon import phrases
    from warlosses.patterns import at_word_start

    texts = [
        "over the past week Russia lost", "biweekly figures", "the ministry of defence said",
        "in total 5 tanks", "subtotal of 5", "since the start of the war", "per day", "xper day",
        "за минулу добу", "тижневі втрати", "за тиждень", "недельные потери", "з 2014 року",
    ]  # fmt: skip
    for table in ("PAST_DAY", "TOTAL", "PERIOD", "CLAIM", "INTERCEPTS"):
        plain = re.compile(phrases(table))
        guarded = re.compile(at_word_start(phrases(table)))
        for text in texts:
            for at in range(len(text)):
                expected = [m.span() for m in plain.finditer(text[at:])]
                assert [m.span() for m in guarded.finditer(text[at:])] == expected, (table, text)


def test_sentence_ends_written_to_begin_with_their_class_are_found_as_the_plain_form() -> None:
    from warlosses.parse.prose import _SENTENCE_END

    plain = re.compile(r"[.!?](?=\s+[A-ZА-ЯІЇЄҐ\"“‘«(]|\s*$)|\n")
    rng = random.Random(11)
    pieces = [*"ab .!?\n", "A", "Я", "«", "(", "1", " Tanks"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = [m.span() for m in plain.finditer(text, start, end)]
        assert [m.span() for m in _SENTENCE_END.finditer(text, start, end)] == expected, text


@pytest.mark.parametrize(
    ("text", "category", "total"),
    [
        ("Russia has also lost 370 aeroplanes, 335 helicopters and 28 ships.", "aircraft", 370),
        ("Russia lost 4,175 drones, 711 multiple missile systems and 18 boats.", "mlrs", 711),
        (  # the label ends before "during"
            "The Russians have also lost 6,922 tanks, 13,264 armored fighting vehicles and "
            "10,991 artillery systems during their long military campaign in Ukraine, the "
            "General Staff said.",
            "artillery",
            10_991,
        ),
    ],
)
def test_prose_labels_in_translators_words(text: str, category: str, total: int) -> None:
    (report,) = parse(text, name="2024-03-29.txt").reports
    assert (category, total) in {(loss.category, loss.total) for loss in report.losses}


def test_equipment_after_over_is_a_count_only_where_no_rounding_gives_it() -> None:
    # 19 March 2025: 10,364 tanks, 21,523 armoured vehicles, 370 aircraft.
    text = (
        "Russia has lost 898,070 troops since the invasion began. The army has also lost "
        "over 10,364 tanks, 21,523 armored fighting vehicles and over 370 airplanes."
    )
    (report,) = parse(text, name="2025-03-19.txt").reports
    totals = {loss.category: loss.total for loss in report.losses}
    assert totals["tanks"] == 10_364
    assert "aircraft" not in totals  # "over 370" may be a rounding


def test_small_counts_written_as_words_in_a_prose_enumeration() -> None:
    # The war's first days: some categories still stood at nothing, and the wire said so.
    text = (
        "Overall, Russia has also lost 706 armoured combat vehicles, zero anti-aircraft "
        "warfare systems, 130 military vehicles and two ships/boats since the invasion began."
    )
    (report,) = parse(text, name="2022-02-27.txt").reports
    assert {(loss.category, loss.total) for loss in report.losses} == {
        ("armoured_vehicles", 706),
        ("air_defence", 0),
        ("military_vehicles", 130),  # the category of 2022's first months
        ("ships", 2),
    }


def test_a_claim_in_the_next_paragraph_gives_no_days_increase() -> None:
    # The total's paragraph gives no increase; the next one quotes Moscow's count of
    # Ukrainian casualties "over the previous 24 hours", which is not Russia's.
    text = (
        "By Kyiv's count, 710,660 Russian soldiers have been killed or wounded.\n"
        "Moscow said that over the previous 24 hours Ukraine had sustained about 1,690 "
        "casualties."
    )
    (report,) = parse(text, name="2024-11-11.txt").reports
    assert [(loss.category, loss.total, loss.delta) for loss in report.losses] == [
        ("personnel", 710_660, None)
    ]


def test_the_count_before_a_running_total_is_the_number_not_an_article() -> None:
    # "an additional eight Russian tanks" is eight, not one (29 January 2023: 3,197 tanks).
    text = (
        "Russia has lost 126,160 troops since the invasion began. An additional eight "
        "Russian tanks were destroyed in a single day, bringing the total number of Russian "
        "tanks destroyed since the invasion began to 3197."
    )
    (report,) = parse(text, name="2023-01-29.txt").reports
    assert ("tanks", 3197, 8) in {(loss.category, loss.total, loss.delta) for loss in report.losses}


def test_a_list_goes_on_after_an_item_that_closes_its_line_with_a_full_stop() -> None:
    # 23 April 2022, one item to a paragraph; the last three close with full stops.
    text = (
        "Total combat losses of the enemy from 24.02 to 23.04 were approximately:\n\n"
        "tanks - 854 units,\n\n"
        "aircraft - 177 units,\n\n"
        "drones of the operational-tactical level - 182.\n\n"
        "Special equipment - 27.\n\n"
        "Launchers of operational-tactical missile systems - 4.\n\n"
        "The figures are still being checked.\n\n"
        "helicopters - 154 units.\n"
    )
    (report,) = parse(text, name="2022-04-23.txt").reports
    assert {(loss.category, loss.total) for loss in report.losses} == {
        ("tanks", 854),
        ("aircraft", 177),
        ("drones", 182),
        ("special_equipment", 27),
        ("srbm_launchers", 4),
    }  # the lone item under a sentence is no part of the list


def test_a_sentence_after_an_items_full_stop_still_ends_the_list() -> None:
    text = (
        "Total combat losses of the enemy from 24.02 to 23.04 were approximately:\n"
        "tanks - 854 units,\n"
        "aircraft - 177 units. Earlier, the count of helicopters was put at 150.\n"
        "helicopters - 150 units.\n"
    )
    (report,) = parse(text, name="2022-04-23.txt").reports
    assert {loss.category for loss in report.losses} == {"tanks", "aircraft"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # "the destruction of" says the loss as "destroyed" does
            "Kyiv also reported the destruction of three more Russian air defence systems, "
            "taking the total to 247.",
            ("air_defence", 247, 3),
        ),
        (  # a figure lost "in total", with no label of its own
            "Another four Russian drones were also shot at and destroyed, meaning that the "
            "Russian army has lost 2033 in total.",
            ("drones", 2033, 4),
        ),
        (
            "The loss of 11 more Russian artillery systems means that the invaders have now "
            "lost 2363 in total.",
            ("artillery", 2363, 11),
        ),
    ],
)
def test_running_totals_of_equipment_in_more_wordings(
    sentence: str, expected: tuple[str, int, int]
) -> None:
    # 24 February 2023: 146,820 troops, 247 air defence systems, 2,033 drones, 2,363 guns.
    text = f"Russia has lost 146,820 troops since the war began. {sentence}"
    (report,) = parse(text, name="2023-02-24.txt").reports
    assert expected in {(loss.category, loss.total, loss.delta) for loss in report.losses}


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv's forces yesterday killed 1,060 Russian soldiers, a toll that brings the "
        "total of Moscow's troops eliminated since the invasion began to 154,830.",
        "Another 1,060 Russians were killed yesterday - bringing the total to 154,830.",
    ],
)
def test_yesterdays_figure_beside_a_running_total_is_the_days_part(text: str) -> None:
    # 7 March 2023: 154,830 in all. "Yesterday" names the day the report counts.
    (report,) = parse(text, name="2023-03-07.txt").reports
    assert [(loss.category, loss.total) for loss in report.losses] == [("personnel", 154_830)]


@pytest.mark.parametrize(
    "text",
    [
        "The General Staff said that some 58,150 Russian soldiers have been killed, a "
        "figure that contrasts with the fewer than 6,000 deaths Shoigu admitted last week.",
        "Kyiv puts Russia's losses at 58,150 troops, while Russia's defence ministry "
        "claims far fewer.",
    ],
)
def test_a_claim_after_the_sentence_turns_to_a_comparison_leaves_the_figure(text: str) -> None:
    (report,) = parse(text, name="2022-09-28.txt").reports
    assert [(loss.category, loss.total) for loss in report.losses] == [("personnel", 58_150)]


def test_a_claim_before_the_turn_to_a_comparison_still_rejects_the_sentence() -> None:
    text = (
        "Russia's defence ministry said 58,150 Ukrainian soldiers had been killed, while "
        "Kyiv gave no figure."
    )
    assert not parse(text, name="2022-09-28.txt").reports


def test_the_verb_of_loss_may_follow_the_figures_in_the_passive() -> None:
    # 28 April 2022: 8 ships and boats, 31 units of special equipment.
    text = (
        "Russia's personnel losses reached about 22,800 people, the General Staff said. "
        "Eight ships and 31 pieces of special equipment were also lost."
    )
    (report,) = parse(text, name="2022-04-28.txt").reports
    totals = {(loss.category, loss.total) for loss in report.losses}
    assert {("ships", 8), ("special_equipment", 31)} <= totals


def test_yesterdays_total_quoted_without_a_running_total_is_not_the_days() -> None:
    text = "Yesterday's update put Russia's losses at 154,830 troops since the invasion."
    assert not parse(text, name="2023-03-08.txt").reports


@pytest.mark.parametrize(
    "sentence",
    [
        # Ukraine's own air defence, and neither a count of the category nor its name
        "Ukraine has set up 110 new locations for its air defenses, bringing the total "
        "number close to 120.",
        # no day adds half of a category's losses
        "Kyiv said 110 air defence systems were destroyed, bringing the total to 120.",
    ],
)
def test_a_running_total_that_is_no_days_loss_gives_nothing(sentence: str) -> None:
    text = f"Russia has lost 1,021,340 troops since the war began. {sentence}"
    (report,) = parse(text, name="2025-06-30.txt").reports
    assert "air_defence" not in {loss.category for loss in report.losses}


def test_a_running_total_that_names_its_category_needs_no_count_before_it() -> None:
    text = (
        "Russia has lost 146,820 troops since the war began. The latest figures took the "
        "number of Russian tanks destroyed to 3,363."
    )
    (report,) = parse(text, name="2023-02-24.txt").reports
    assert ("tanks", 3363) in {(loss.category, loss.total) for loss in report.losses}


def test_a_figure_lost_in_total_with_a_label_of_its_own_is_not_a_running_total() -> None:
    text = (
        "Russia has lost 146,820 troops since the war began. Four more drones were downed "
        "over the past day; in all, the army has lost 3,363 tanks in total."
    )
    (report,) = parse(text, name="2023-02-24.txt").reports
    assert ("drones", 3363) not in {(loss.category, loss.total) for loss in report.losses}


@pytest.mark.parametrize(
    "text",
    [
        "За даними Генштабу, від початку вторгнення Росія втратила близько 127 500 своїх "
        "військових, минулої доби — близько 850.",
        "Russia has lost about 127,500 troops since the invasion, over the past day - 850.",
    ],
)
def test_the_days_share_set_off_by_a_dash_after_the_total(text: str) -> None:
    # 31 January 2023: 127,500 in all, 850 in the day. The scope words after the comma
    # are the next figure's, not the total's.
    (report,) = parse(text, name="2023-01-31.txt").reports
    assert [(loss.category, loss.total, loss.delta) for loss in report.losses] == [
        ("personnel", 127_500, 850)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ворог втратив 120 безпілотників, 3 літаки та 4 гелікоптери, за минулу добу.",
        "Russia lost 120 drones, 3 aircraft and 4 helicopters over the past day.",
    ],
)
def test_an_enumeration_with_the_days_scope_after_its_last_figure_is_the_days(
    text: str,
) -> None:
    assert not parse(text, name="2023-01-31.txt").reports  # increases, never totals


_APRIL_28 = "Russia's personnel losses reached about 22,800 people, the General Staff said. "


def test_the_general_staffs_2022_shot_down_wording_gives_totals() -> None:
    # 28 April 2022: 187 aircraft, 155 helicopters, 215 drones.
    text = _APRIL_28 + "It has shot down 187 airplanes, 155 helicopters and 215 UAVs."
    (report,) = parse(text, name="2022-04-28.txt").reports
    assert {("aircraft", 187), ("helicopters", 155), ("drones", 215)} <= {
        (loss.category, loss.total) for loss in report.losses
    }


@pytest.mark.parametrize(
    "tally",
    [
        "Air defence has shot down 40 drones, 3 cruise missiles and 2 helicopters, the air "
        "force said.",
        "Air defence units have shot down 187 drones, 12 cruise missiles and 4 aircraft.",
    ],
)
def test_an_air_defence_tally_of_three_kinds_is_no_loss_report(tally: str) -> None:
    (report,) = parse(_APRIL_28 + tally, name="2022-04-28.txt").reports
    assert {loss.category for loss in report.losses} == {"personnel"}


def test_a_days_figure_in_a_list_after_the_total_is_that_categorys_not_personnels() -> None:
    # 8 December 2024: 1,460 soldiers in the day, 753,370 in all; the tanks' "+5" after the
    # total belongs to the tanks.
    text = (
        "За минулу добу російська армія втратила ще 1460 своїх солдатів. Загалом від початку "
        "вторгнення втрати Росії досягли 753 370 окупантів. Серед техніки: танки — 9519 "
        "(+5 за минулу добу), бойові броньовані машини — 19 571 (+36), артилерійські системи "
        "— 21 058 (+3)."
    )
    reports = parse(text, name="2024-12-08.txt").reports
    losses = {loss.category: (loss.total, loss.delta) for r in reports for loss in r.losses}
    assert losses["personnel"] == (753_370, 1460)
    assert losses["tanks"] == (9519, 5)


@pytest.mark.parametrize(
    "text",
    [
        # people killed since a year before the invasion are not its losses
        "In Donbas, since April 2014 - 14,000 people have lost their lives.",
        "Since 2014, about 14,000 people have been killed in the fighting in Donbas.",
        "З 2014 року на Донбасі загинули 14 000 людей.",
        # a week or a claim named before "including" still rejects the sentence
        "Over the past week Russia lost 4,120 troops, including 1,100 in the past day.",
        "Russia's defence ministry said Kyiv had lost 24,300 troops, including 300 this week.",
        "Russia lost 243,220 troops this year, including 4,120 in the past week.",
        # troop losses too few for a total, without a word of scope
        "Russia suffered 1,230 troop losses, the army said.",
    ],
)
def test_other_wars_weeks_and_claims_give_nothing(text: str) -> None:
    assert parse(text, name="2023-07-25.txt").reports == ()


def test_more_troops_that_arrive_are_no_days_increase() -> None:
    text = (
        "Russia has lost 48,700 troops since the war began. Another 500 troops arrived in Crimea."
    )
    (report,) = parse(text, name="2022-09-02.txt").reports
    assert [(loss.category, loss.total, loss.delta) for loss in report.losses] == [
        ("personnel", 48_700, None)
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (  # personnel and the other categories pass separate gates (people and a figure of
            # four digits; a word of a label), and ё is read as е
            "2024-03-01.txt",
            "С начала вторжения Россия потеряла около 420 080 военных, 347 самолётов и 325 "
            "вертолётов.",
            {("personnel", 420_080), ("aircraft", 347), ("helicopters", 325)},
        ),
        (  # two categories only, but one is personnel stated as the war's total: as strong
            # as a sentence about personnel alone
            "2022-10-04.txt",
            "Kyiv says that since the war began Russia has lost about 2,424 tanks and 60,800 "
            "troops.",
            {("tanks", 2424), ("personnel", 60_800)},
        ),
        (  # two categories beside personnel, with no verb of loss: the personnel total found
            # in the same enumeration says what the figures are
            "2022-05-04.txt",
            "Russia's total combat losses since the war began came to about 24,500 people, "
            "1,077 tanks and 87 cruise missiles, the General Staff said.",
            {("personnel", 24_500), ("tanks", 1077), ("cruise_missiles", 87)},
        ),
        (  # a previous report quoted beside the day's is not read
            "2022-11-22.txt",
            "Russia has lost 77,170 personnel, 2,786 tanks and 5,654 armoured vehicles, the "
            "General Staff said. In its previous casualty report, Russia had lost 76,460 "
            "personnel, 2,771 tanks and 5,630 armoured vehicles.",
            {("personnel", 77_170), ("tanks", 2786), ("armoured_vehicles", 5654)},
        ),
    ],
)
def test_prose_enumerations_give_their_totals(
    name: str, text: str, expected: set[tuple[str, int]]
) -> None:
    (report,) = parse(text, name=name).reports
    assert {(loss.category, loss.total) for loss in report.losses} == expected
