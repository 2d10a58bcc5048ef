"""The lexicon from tables of labels, one table per language, as reports print them."""

from datetime import date

import pytest

from warlosses.lexicon import (
    CATEGORY_ORDER,
    LABEL_WORDS,
    LANGUAGES,
    category,
    close_category,
    match_form,
)
from warlosses.parse import normalize
from warlosses.parse.prose import LABEL_HINT

LATE = date(2024, 12, 28)

ENGLISH = {
    "personnel": ["personnel", "Troops", "troops", "soldiers", "manpower", "servicemen",
                  "people eliminated", "military personnel"],
    "tanks": ["tanks", "Tanks", "tank", "Panzer"],
    "armoured_vehicles": ["armoured combat vehicles", "armored fighting vehicles", "APV",
                          "Arm. Veh.", "AFV", "APCs/IFVs", "armored personnel carriers",
                          "infantry fighting vehicles"],
    "artillery": ["artillery systems", "Artillery", "Art. Systems", "howitzers"],
    "mlrs": ["MLRS", "multiple launch rocket systems", "rocket launchers", "MRLs",
             "multiple rocket launchers"],
    "air_defence": ["Anti-aircraft warfare systems", "air defense systems", "air defence",
                    "Anti-Air", "AA Systems", "SAM systems", "anti-aircraft systems"],
    "aircraft": ["aircraft", "Aircraft", "airplanes", "planes", "warplanes", "jets",
                 "fighter jets", "fixed-wing aircraft"],
    "helicopters": ["helicopters", "Heli", "choppers"],
    "drones": ["UAV operational-tactical level", "Drones", "UAVs", "drones",
               "unmanned aerial vehicles", "unmanned aircraft"],
    "cruise_missiles": ["cruise missiles", "Missiles"],
    "ships": ["warships / boats", "ships and boats", "Ships", "boats / cutters", "vessels",
              "ships/boats"],
    "submarines": ["submarines", "Subs", "a submarine"],
    "vehicles_fuel_tanks": ["vehicles and fuel tanks", "Vehicles", "automotive equipment",
                            "vehicles & fuel tanks", "trucks and fuel tankers", "military auto"],
    "special_equipment": ["special equipment", "Special Equip.", "Spec. Equip.",
                          "specialized equipment"],
    "ground_robots": ["ground robotic systems", "unmanned ground vehicles", "UGVs"],
    "fuel_tanks": ["fuel tanks", "tanks with fuel and lubricants"],
    "srbm_launchers": ["mobile SRBM system", "tactical missile systems"],
}  # fmt: skip

UKRAINIAN = {
    "personnel": ["особового складу", "особовий склад", "особового складу ліквідовано"],
    "tanks": ["танків", "танки", "танк"],
    "armoured_vehicles": ["бойових броньованих машин", "бойові броньовані машини", "ББМ"],
    "artillery": ["артилерійських систем", "артилерійські системи", "артсистем"],
    "mlrs": ["РСЗВ", "реактивних систем залпового вогню"],
    "air_defence": ["засобів ППО", "засоби ППО", "ППО"],
    "aircraft": ["літаків", "літаки", "літак"],
    "helicopters": ["гелікоптерів", "гелікоптери", "вертольотів"],
    "drones": ["БпЛА оперативно-тактичного рівня", "безпілотників", "дронів"],
    "cruise_missiles": ["крилатих ракет", "крилаті ракети", "ракети"],
    "ships": ["кораблів / катерів", "кораблі/катери", "кораблів"],
    "submarines": ["підводних човнів", "підводні човни", "підводний човен"],
    "vehicles_fuel_tanks": ["автомобільної техніки та автоцистерн",
                            "автомобільна техніка та автоцистерни",
                            "автомобільну техніку та автоцистерни", "автомобільної техніки"],
    "special_equipment": ["спеціальної техніки", "спеціальна техніка", "спеціальну техніку",
                          "спецтехніки"],
    "ground_robots": ["наземних робототехнічних комплексів", "наземні робототехнічні комплекси"],
    "fuel_tanks": ["цистерн з ПММ"],
    "srbm_launchers": ["ОТРК/ТРК"],
}  # fmt: skip

RUSSIAN = {
    "personnel": ["личного состава", "личный состав"],
    "tanks": ["танков", "танки"],
    "armoured_vehicles": ["боевых бронированных машин", "ББМ", "бронемашин"],
    "artillery": ["артиллерийских систем", "артиллерийские системы"],
    "mlrs": ["РСЗО", "реактивных систем залпового огня"],
    "air_defence": ["средств ПВО", "средства ПВО"],
    "aircraft": ["самолетов", "самолётов", "самолеты"],
    "helicopters": ["вертолетов", "вертолётов", "вертолеты"],
    "drones": ["БПЛА оперативно-тактического уровня", "беспилотников"],
    "cruise_missiles": ["крылатых ракет", "крылатые ракеты"],
    "ships": ["кораблей / катеров", "корабли/катера"],
    "submarines": ["подводных лодок", "подводные лодки"],
    "vehicles_fuel_tanks": ["автомобильной техники и автоцистерн",
                            "автомобильная техника и автоцистерны"],
    "special_equipment": ["специальной техники", "спецтехники"],
    "ground_robots": ["наземных робототехнических комплексов"],
}  # fmt: skip


def _rows(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, label) for name, labels in table.items() for label in labels]


@pytest.mark.parametrize(("expected", "label"), _rows(ENGLISH) + _rows(UKRAINIAN) + _rows(RUSSIAN))
def test_labels_name_their_category(expected: str, label: str) -> None:
    assert category(label, LATE) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("vehicles", "military_vehicles"),
        ("автомобільної техніки", "military_vehicles"),
        ("vehicles and fuel tanks", "vehicles_fuel_tanks"),
        ("fuel tanks", "fuel_tanks"),
    ],
)
def test_before_may_2022_vehicles_were_counted_apart(label: str, expected: str) -> None:
    assert category(label, date(2022, 4, 30)) == expected


@pytest.mark.parametrize(
    "label",
    ["total", "other", "including", "direction", "напрямку", "направлении", "людей",
     "persons", "осіб", "about", "близько", "около", "units", "level", "operational"],
)  # fmt: skip
def test_words_around_figures_name_no_category(label: str) -> None:
    assert category(label) is None
    assert close_category(label) is None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("таноків", "tanks"),  # a letter too many
        ("tnaks", "tanks"),  # two swapped
        ("гелікотперів", "helicopters"),
        ("артилреійських систем", "artillery"),
        ("artilery systems", "artillery"),  # a letter dropped: artiller, not anti
        ("subamrines", "submarines"),
        ("personel", "personnel"),
        ("особвого складу", "personnel"),
        ("dornes", "drones"),
        ("підвдних човнів", "submarines"),
    ],
)
def test_a_typo_in_one_word_is_close_to_one_category(label: str, expected: str) -> None:
    assert category(label) is None  # no term matches as printed
    assert close_category(label, LATE) == expected


def test_every_term_written_out_names_its_own_category() -> None:
    # A term that an earlier category in CATEGORY_ORDER shadows would never be used.
    for language in LANGUAGES:
        for name, terms in language.CATEGORIES.items():
            assert name in CATEGORY_ORDER
            for term in terms:
                label = " and ".join(p.strip("^$").replace("*", "") for p in term.split("+"))
                assert (
                    category(label, LATE if name != "military_vehicles" else date(2022, 3, 1))
                    == name
                ), (
                    language.__name__,
                    term,
                )


def test_every_category_label_holds_a_figure_hint() -> None:
    # Prose sentences without one of LABEL_WORDS are passed over unread.
    for table in (ENGLISH, UKRAINIAN, RUSSIAN):
        for name, label in _rows(table):
            if name != "personnel":
                assert LABEL_HINT.compile().search(normalize(label).lower()), label
    assert all(word == word.lower() for word in LABEL_WORDS)


def test_match_form_reads_hyphens_slashes_and_yo_as_spaces_and_e() -> None:
    assert match_form(" Anti-aircraft  warfare/Systems: ") == "anti aircraft warfare systems"
    assert match_form("самолётов") == "самолетов"
