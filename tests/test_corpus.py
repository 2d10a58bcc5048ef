"""The fixture corpus: documents written for the project with the records they must give.

See tests/fixtures/corpus/README.md for the sidecar format. Fixtures for formats the
parser does not read yet are expected to fail (strictly: one that starts passing must be
moved out of PENDING, so this list always tells the truth).
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from warlosses.documents import Document, read_document
from warlosses.parse import parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

# Formats D and E (news prose), lists without a header, and a few wordings: issue 3.
PENDING = {
    "civ_briefing_mixed_case_detail_sentences": "'two people died' wording",
    "d_news_2022_number_words": "format D",
    "d_news_2024_comma_numbers": "format D",
    "d_news_2025_nbsp_spaces": "format D",
    "e_wire_2023_increased_by": "format E",
    "e_wire_2024_up_to": "format E",
    "e_wire_2025_million": "format E",
    "f_page_news_wire_2022": "format E in a page",
    "g_digest_date_headings_wire": "format E in a digest",
    "civ_news_killed_injured": "format D with a `6 killed, 6 injured` headline",
}


def _cases() -> list[Any]:
    cases = []
    for sidecar in sorted(CORPUS.glob("*.expected.json")):
        name = sidecar.name.removesuffix(".expected.json")
        marks = []
        if name in PENDING:
            marks.append(pytest.mark.xfail(reason=PENDING[name], strict=True))
        cases.append(pytest.param(name, id=name, marks=marks))
    return cases


def _actual(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    [path] = [p for p in CORPUS.glob(f"{name}.*") if not p.name.endswith(".json")]
    document = read_document(str(path))
    assert isinstance(document, Document)
    on = date.fromisoformat(expected["date_option"]) if expected["date_option"] else None
    parsed = parse(document.text, name=path.name, on=on)
    actual = {
        "reports": [
            {
                "day": r.day,
                "date": r.date.isoformat() if r.date else None,
                "rule": r.rule,
                "records": {x.category: [x.total, x.delta] for x in r.losses},
                "direction": r.direction,
            }
            for r in parsed.reports
        ],
        "civilians": [
            {"day": c.day, "region": f.region, "deaths": f.deaths, "injuries": f.injuries}
            for c in parsed.civilians
            for f in c.figures
        ],
    }
    return expected, actual


@pytest.mark.parametrize("name", _cases())
def test_fixture_gives_exactly_its_expected_records(name: str) -> None:
    expected, actual = _actual(name)
    assert actual["reports"] == expected["reports"]
    assert actual["civilians"] == expected["civilians"]


def test_every_fixture_has_a_document() -> None:
    sidecars = {p.name.removesuffix(".expected.json") for p in CORPUS.glob("*.expected.json")}
    documents = {p.stem for p in CORPUS.iterdir() if p.suffix in {".txt", ".html"}}
    assert sidecars == documents
    assert set(PENDING) <= sidecars
