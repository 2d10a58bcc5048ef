"""bench/real.py's scoring, on a tiny manifest and texts written here (our own words)."""

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "real.py"


@pytest.fixture(scope="module")
def real():
    spec = importlib.util.spec_from_file_location("bench_real", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_real"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    yield module
    del sys.modules["bench_real"]


def entry(tid, text, kind="news", report_date="2024-12-28", figures=None, **extra):
    return {
        "id": tid,
        "url": f"https://example.org/{tid}",
        "outlet": "example.org",
        "language": tid[:2],
        "kind": kind,
        "published": None,
        "report_date": report_date if kind not in ("ru_mod_claim", "weekly") else None,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "chars": len(text),
        "notes": "",
        "figures": figures or {},
        **extra,
    }


def write(tmp_path, items):
    texts = tmp_path / "texts"
    texts.mkdir()
    for e, text in items:
        if text is not None:
            (texts / f"{e['id']}.txt").write_text(text, encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(e) + "\n" for e, _ in items), encoding="utf-8")
    return manifest, texts


DAY = 1039  # 2024-12-28


def test_counts_what_a_fake_parser_gives(real, tmp_path):
    """Every count of the table, from a parser whose answers we choose per text."""
    good = "good list"
    mixed = "mixed prose"
    claim = "a ministry claim"
    crash = "this one crashes"
    absent = "never written"
    changed = "written, then edited"
    items = [
        (
            entry(
                "en-0001",
                good,
                figures={
                    "personnel": {"total": 784200, "delta": 1690, "agrees": True},
                    "tanks": {"total": 9651, "delta": 7, "agrees": True},
                },
            ),
            good,
        ),
        (
            entry(
                "uk-0001",
                mixed,
                figures={
                    "personnel": {"total": 784200, "delta": 1690, "agrees": True},
                    "drones": {"total": 21013, "delta": None, "agrees": True},
                },
                increases_only={"tanks": 7},
            ),
            mixed,
        ),
        (entry("ru-0001", claim, kind="ru_mod_claim"), claim),
        (entry("en-0002", crash, figures={"tanks": {"total": 1, "delta": None}}), crash),
        (entry("en-0003", absent), None),
        (entry("en-0004", changed), changed + " later"),
    ]
    manifest, texts = write(tmp_path, items)
    R = real.Record
    answers = {
        # named pass: everything right
        (good, "2024-12-28-en-0001.txt"): [
            R(DAY, "personnel", 784200, 1690),
            R(DAY, "tanks", 9651, 7),
        ],
        # without a name, the text dated nothing
        (good, ""): [R(None, "personnel", 784200, 1690), R(None, "tanks", 9651, 7)],
        # personnel right without its increase, and a second, other personnel figure; drones
        # on the wrong day; the increase of personnel and the increase-only tanks stored as
        # totals; an extra category
        (mixed, "2024-12-28-uk-0001.txt"): [
            R(DAY, "personnel", 784200, None),
            R(DAY, "personnel", 782510, None),
            R(DAY - 1, "drones", 21013, None),
            R(DAY, "personnel", 1690, None),
            R(DAY, "tanks", 7, None),
            R(DAY, "ships", 28, None),
        ],
        (mixed, ""): [R(DAY, "personnel", 784200, None), R(1, "drones", 21013, None)],
        (claim, "2024-01-01-ru-0001.txt"): [R(677, "personnel", 5937, None)],
        (claim, ""): [],
    }

    def fake(text, name):
        if text == crash:
            raise ValueError("boom")
        return answers[(text, name)]

    outcome = real.run(real.load_manifest(manifest), texts, fake)
    assert [e["id"] for e in outcome.missing] == ["en-0003"]
    assert [e["id"] for e in outcome.changed] == ["en-0004"]
    by_id = {r.entry["id"]: r for r in outcome.results}
    assert set(by_id) == {"en-0001", "uk-0001", "ru-0001", "en-0002"}

    first = by_id["en-0001"]
    assert (first.tally.totals, first.tally.totals_right) == (2, 2)
    assert (first.tally.deltas, first.tally.deltas_right) == (2, 2)
    assert not first.missed_totals and first.bare_dated_right == 0 and first.bare_undated == 2

    second = by_id["uk-0001"]
    assert (second.tally.totals, second.tally.totals_right) == (2, 1)
    assert (second.tally.deltas, second.tally.deltas_right) == (1, 0)
    assert [r.category for r in second.wrong_days] == ["drones"]
    assert sorted((r.category, r.total) for r in second.increases_as_totals) == [
        ("personnel", 1690),
        ("tanks", 7),
    ]
    assert [(r.category, r.total) for r in second.extras] == [("ships", 28)]
    assert [(r.category, r.total) for r in second.conflicts] == [("personnel", 782510)]
    assert second.bare_dated_right == 1
    assert [(r.category, r.day) for r in second.bare_wrong_days] == [("drones", 1)]

    claim_result = by_id["ru-0001"]
    assert claim_result.negative and [r.total for r in claim_result.spurious] == [5937]
    assert by_id["en-0002"].error is not None and "ValueError: boom" in by_id["en-0002"].error

    total = real.overall(outcome.results)
    assert (total.texts, total.totals, total.totals_right) == (3, 5, 3)
    assert (total.deltas, total.deltas_right) == (3, 2)
    by_language = real.groups(outcome.results, "language")
    assert (by_language["uk"].totals, by_language["uk"].totals_right) == (2, 1)
    assert real.below(outcome, 0.97) == ["overall: 3/5", "en: 2/3", "uk: 1/2"]
    assert real.below(outcome, 0.5) == []

    assert real.coverage(real.load_manifest(manifest))[:2] == [
        "manifest: 6 texts, 5 positives (5 stated totals), 1 negatives, 1 outlets",
        "  positives by language: en 4, uk 1",
    ]

    lines = real.report(outcome, verbose=True)
    printed = "\n".join(lines)
    assert "en-0003  https://example.org/en-0003" in printed  # missing: fetch again by address
    assert "en-0004  https://example.org/en-0004" in printed  # changed
    assert "spurious personnel 5937, day 677" in printed
    assert "increase stored as total: tanks 7, day 1039" in printed
    assert "other value personnel 782510, day 1039" in printed
    assert all(len(line) <= 100 for line in lines if not line.startswith(("en-", "uk-", "ru-")))


def test_the_real_parser_on_a_plain_list(real, tmp_path):
    """The default parse function reads a clean General Staff list (figures of 2024-12-28)."""
    text = (
        "The total combat losses of the enemy from 24.02.2022 to 28.12.2024 were approximately:\n"
        "personnel ‒ about 784200 (+1690) persons,\n"
        "tanks ‒ 9651 (+7),\n"
        "submarines ‒ 1 (+0)\n"
    )
    figures = {
        "personnel": {"total": 784200, "delta": 1690, "agrees": True},
        "tanks": {"total": 9651, "delta": 7, "agrees": True},
        "submarines": {"total": 1, "delta": 0, "agrees": True},
    }
    manifest, texts = write(tmp_path, [(entry("en-0001", text, "gs_list", figures=figures), text)])
    outcome = real.run(real.load_manifest(manifest), texts)
    (result,) = outcome.results
    assert (result.tally.totals_right, result.tally.deltas_right) == (3, 3)
    assert result.bare_dated_right == 3  # the header dates it without a file name
    assert not (result.wrong_days or result.extras or result.increases_as_totals)


def test_main_exits_1_below_min_totals_and_0_otherwise(real, tmp_path, capsys):
    text = "nothing to read here"
    figures = {"tanks": {"total": 9651, "delta": None, "agrees": True}}
    manifest, texts = write(tmp_path, [(entry("en-0001", text, figures=figures), text)])
    argv = ["--manifest", str(manifest), "--texts", str(texts)]
    assert real.main(argv) == 0
    assert real.main([*argv, "--min-totals", "0.97"]) == 1
    assert "totals right below 97%: overall: 0/1; en: 0/1" in capsys.readouterr().out


def test_a_figure_the_text_states_for_another_day_is_no_wrong_day(real, tmp_path):
    text = "a report of 1 March that also gives the span of 24-28 February"
    figures = {"personnel": {"total": 5710, "delta": None, "agrees": True}}
    other = {"2022-02-28": {"personnel": {"total": 5300, "delta": None, "agrees": True}}}
    item = entry("uk-0001", text, report_date="2022-03-01", figures=figures, other_days=other)
    manifest, texts = write(tmp_path, [(item, text)])
    R = real.Record
    given = [R(6, "personnel", 5710, None), R(5, "personnel", 5300, None)]
    wrong = [R(6, "personnel", 5710, None), R(5, "personnel", 5290, None)]

    def parsed(records):
        return lambda _text, _name: records

    (right,) = real.run(real.load_manifest(manifest), texts, parsed(given)).results
    assert right.tally.totals_right == 1 and not right.wrong_days and not right.bare_wrong_days
    (off,) = real.run(real.load_manifest(manifest), texts, parsed(wrong)).results
    assert [r.total for r in off.wrong_days] == [5290]
    assert [r.total for r in off.bare_wrong_days] == [5290]
