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

# Fixtures the parser does not read yet, with the reason; strict xfail keeps this honest.
PENDING: dict[str, str] = {}


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

    # Regions come in the document's order; the sidecars need not keep it.
    def by_region(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (r["day"], r["region"] or ""))

    assert by_region(actual["civilians"]) == by_region(expected["civilians"])


def test_every_fixture_has_a_document() -> None:
    sidecars = {p.name.removesuffix(".expected.json") for p in CORPUS.glob("*.expected.json")}
    documents = {p.stem for p in CORPUS.iterdir() if p.suffix in {".txt", ".html"}}
    assert sidecars == documents
    assert set(PENDING) <= sidecars
