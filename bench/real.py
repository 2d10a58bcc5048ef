#!/usr/bin/env python3
"""How warlosses reads real public texts: the development corpus of issue 12.

`bench/real/manifest.jsonl` lists real texts (General Staff relays, news articles, wires,
newsletters, AI-rewritten summaries, and negatives: the Russian defence ministry's claims of
Ukrainian losses, weekly and monthly summaries, interception tallies, aid packages) with the
facts each states: the totals per category, the day's increases, the report's date. The texts
themselves are other people's writing and stay out of the repository: they live in
`bench/real/texts/<id>.txt` (git-ignored), and this script scores whatever is present there.

For each text, the pure parser `warlosses.parse.parse` is called twice:

1. with a file name that carries the report's date, `<report_date>-<id>.txt`, as a user
   names saved articles (negatives: `<published or 2024-01-01>-<id>.txt`, so that anything
   they give would be stored), and
2. with no file name, to see what the text dates by itself.

The first pass counts totals and increases right out of those stated (per language, kind,
outlet and overall); records from negatives (all spurious); records on positives for
categories the text states no total for; increases stored as totals; records dated to
another day; reports found but undated. The second pass counts what is dated by the text
alone, and whether any of it is dated wrong.

    python bench/real.py                     # the table
    python bench/real.py -v                  # and every text that missed, with its address
    python bench/real.py --texts DIR --min-totals 0.97

Measurement only: the exit status is 0 whatever the figures, unless `--min-totals` is given
and the share of totals right, overall or in any language, is below it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "real"
DEFAULT_MANIFEST = HERE / "manifest.jsonl"
DEFAULT_TEXTS = HERE / "texts"
WAR_START = date(2022, 2, 24)
NEGATIVE_KINDS = frozenset(
    {"ru_mod_claim", "weekly", "monthly", "intercepts", "aid", "other_negative"}
)
# A negative with no known publication date still gets a dated name.
NEGATIVE_NAME_DATE = "2024-01-01"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # measure the working tree, whichever python runs this


def war_day(iso: str) -> int:
    return (date.fromisoformat(iso) - WAR_START).days + 1


@dataclass(frozen=True)
class Record:
    """One loss figure the parser gave: the day its report was dated to (None: undated)."""

    day: int | None
    category: str
    total: int
    delta: int | None


ParseFn = Callable[[str, str], list[Record]]


def parse_records(text: str, name: str) -> list[Record]:
    """The parser's loss records for one text; `name` is the file name ('' for none)."""
    from warlosses.parse import parse

    parsed = parse(text, name=name)
    return [
        Record(report.day, loss.category, loss.total, loss.delta)
        for report in parsed.reports
        for loss in report.losses
    ]


@dataclass
class Tally:
    """Right / expected counts for one group of texts."""

    texts: int = 0
    totals: int = 0
    totals_right: int = 0
    deltas: int = 0
    deltas_right: int = 0

    def add(self, other: Tally) -> None:
        self.texts += other.texts
        self.totals += other.totals
        self.totals_right += other.totals_right
        self.deltas += other.deltas
        self.deltas_right += other.deltas_right


@dataclass
class TextResult:
    """What one text gave, against what its manifest entry says it states."""

    entry: dict[str, Any]
    tally: Tally
    missed_totals: list[str] = field(default_factory=list)  # "tanks: 9651 expected, got 9650"
    missed_deltas: list[str] = field(default_factory=list)
    spurious: list[Record] = field(default_factory=list)  # negatives: every record
    extras: list[Record] = field(default_factory=list)  # positives: categories not stated
    increases_as_totals: list[Record] = field(default_factory=list)
    conflicts: list[Record] = field(default_factory=list)  # right day and category, other total
    wrong_days: list[Record] = field(default_factory=list)
    undated: int = 0  # reports found but not dated (records with day None)
    error: str | None = None
    # the pass without a file name
    bare_dated_right: int = 0  # stated totals found on the right day from the text alone
    bare_wrong_days: list[Record] = field(default_factory=list)
    bare_undated: int = 0
    bare_error: str | None = None

    @property
    def negative(self) -> bool:
        return bool(self.entry["kind"] in NEGATIVE_KINDS)

    @property
    def missed(self) -> bool:
        return bool(
            self.missed_totals
            or self.missed_deltas
            or self.spurious
            or self.extras
            or self.increases_as_totals
            or self.conflicts
            or self.wrong_days
            or self.undated
            or self.error
            or self.bare_wrong_days
        )


def load_manifest(path: Path) -> list[dict[str, Any]]:
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON ({exc})") from exc
    return entries


def file_name(entry: dict[str, Any]) -> str:
    """The name a user would save this text under: its report's date, then its id."""
    when = entry.get("report_date") or entry.get("published") or NEGATIVE_NAME_DATE
    return f"{when}-{entry['id']}.txt"


def _unique_day(records: Iterable[Record]) -> set[int | None]:
    return {r.day for r in records}


def _call(parse: ParseFn, text: str, name: str) -> tuple[list[Record], str | None]:
    try:
        return parse(text, name), None
    except Exception as exc:  # noqa: BLE001 - a measurement counts a crash and goes on
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return [], f"{type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno})"


def stated_on_another_day(entry: dict[str, Any], record: Record) -> bool:
    """Whether the text states `record` for a day other than its report's, as the
    manifest's `other_days` says ("з 24 по 28 лютого ... 5300 осіб" in a report of 1 March):
    a figure right on its own day is no wrong day."""
    if record.day is None:
        return False
    when = (WAR_START + timedelta(days=record.day - 1)).isoformat()
    stated = (entry.get("other_days") or {}).get(when, {}).get(record.category, {})
    return bool(stated.get("total") == record.total)


def score_text(entry: dict[str, Any], text: str, parse: ParseFn) -> TextResult:
    """Score one text: the named pass, then the pass without a name."""
    result = TextResult(entry, Tally(texts=1))
    records, result.error = _call(parse, text, file_name(entry))
    result.undated = sum(1 for r in records if r.day is None)
    bare, result.bare_error = _call(parse, text, "")
    result.bare_undated = sum(1 for r in bare if r.day is None)

    if result.negative:
        result.spurious = records
        result.bare_wrong_days = [r for r in bare if r.day is not None]
        return result

    day = war_day(entry["report_date"])
    figures: dict[str, dict[str, Any]] = entry.get("figures") or {}
    increases: dict[str, int] = dict(entry.get("increases_only") or {})
    for category, figure in figures.items():
        if figure.get("delta") is not None:
            increases.setdefault(category, figure["delta"])

    on_day: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.day is not None and record.day != day:
            if stated_on_another_day(entry, record):
                continue  # right, on the other day the text states it for
            result.wrong_days.append(record)
        if record.day == day:
            on_day[record.category].append(record)
        expected = figures.get(record.category, {}).get("total")
        stated_increase = increases.get(record.category)
        if (
            stated_increase is not None
            and record.total == stated_increase
            and record.total != expected
        ):
            result.increases_as_totals.append(record)
        elif record.category not in figures:
            result.extras.append(record)
        elif record.day == day and expected is not None and record.total != expected:
            result.conflicts.append(record)

    tally = result.tally
    for category, figure in figures.items():
        total = figure.get("total")
        if total is None:
            continue
        tally.totals += 1
        got = on_day.get(category, [])
        if any(r.total == total for r in got):
            tally.totals_right += 1
        else:
            seen = ", ".join(str(r.total) for r in got) or "nothing"
            result.missed_totals.append(f"{category}: {total} expected, got {seen}")
        delta = figure.get("delta")
        if delta is not None:
            tally.deltas += 1
            if any(r.total == total and r.delta == delta for r in got):
                tally.deltas_right += 1
            else:
                seen = ", ".join(str(r.delta) for r in got) or "nothing"
                result.missed_deltas.append(f"{category}: +{delta} expected, got {seen}")

    for record in bare:
        if record.day is None:
            continue
        if record.day != day:
            if not stated_on_another_day(entry, record):
                result.bare_wrong_days.append(record)
        elif figures.get(record.category, {}).get("total") == record.total:
            result.bare_dated_right += 1
    return result


@dataclass
class Run:
    """Every text's result, and the manifest entries that could not be scored."""

    results: list[TextResult]
    missing: list[dict[str, Any]]
    changed: list[dict[str, Any]]  # present, but not the text the manifest describes


def run(manifest: list[dict[str, Any]], texts: Path, parse: ParseFn = parse_records) -> Run:
    results, missing, changed = [], [], []
    for entry in manifest:
        path = texts / f"{entry['id']}.txt"
        if not path.is_file():
            missing.append(entry)
            continue
        data = path.read_bytes()
        if entry.get("sha256") and hashlib.sha256(data).hexdigest() != entry["sha256"]:
            changed.append(entry)
            continue
        results.append(score_text(entry, data.decode("utf-8"), parse))
    return Run(results, missing, changed)


def coverage(manifest: list[dict[str, Any]]) -> list[str]:
    """What the manifest describes: texts per language, year, kind, and the outlets."""
    positives = [e for e in manifest if e["kind"] not in NEGATIVE_KINDS]
    negatives = [e for e in manifest if e["kind"] in NEGATIVE_KINDS]

    def counts(entries: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], str]) -> str:
        tally: dict[str, int] = defaultdict(int)
        for entry in entries:
            tally[key(entry)] += 1
        return ", ".join(f"{name} {n}" for name, n in sorted(tally.items()))

    stated = sum(
        1
        for e in positives
        for f in (e.get("figures") or {}).values()
        if f.get("total") is not None
    )
    return [
        f"manifest: {len(manifest)} texts, {len(positives)} positives "
        f"({stated} stated totals), {len(negatives)} negatives, "
        f"{len({e['outlet'] for e in manifest})} outlets",
        "  positives by language: " + counts(positives, lambda e: str(e["language"])),
        "  negatives by language: " + counts(negatives, lambda e: str(e["language"])),
        "  positives by report year: " + counts(positives, lambda e: str(e["report_date"])[:4]),
        "  by kind: " + counts(manifest, lambda e: str(e["kind"])),
    ]


def _ratio(right: int, expected: int) -> str:
    if not expected:
        return "-"
    return f"{right}/{expected} {100 * right / expected:5.1f}%"


def groups(results: list[TextResult], key: str) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for result in results:
        if not result.negative:
            out[str(result.entry.get(key))].add(result.tally)
    return dict(sorted(out.items()))


def overall(results: list[TextResult]) -> Tally:
    tally = Tally()
    for result in results:
        if not result.negative:
            tally.add(result.tally)
    return tally


def _rows(title: str, tallies: dict[str, Tally]) -> list[str]:
    lines = [f"{title:<26} {'texts':>5}  {'totals right':>20}  {'increases right':>20}"]
    for name, t in tallies.items():
        lines.append(
            f"  {name[:24]:<24} {t.texts:>5}  {_ratio(t.totals_right, t.totals):>20}"
            f"  {_ratio(t.deltas_right, t.deltas):>20}"
        )
    return lines


def _record(r: Record) -> str:
    delta = "" if r.delta is None else f" (+{r.delta})"
    when = "undated" if r.day is None else f"day {r.day}"
    return f"{r.category} {r.total}{delta}, {when}"


def report(outcome: Run, verbose: bool) -> list[str]:
    results = outcome.results
    positives = [r for r in results if not r.negative]
    negatives = [r for r in results if r.negative]
    lines = ["Real texts (bench/real/manifest.jsonl), pass 1: named <report_date>-<id>.txt", ""]
    lines += _rows("overall (positives)", {"all": overall(results)})
    lines += _rows("by language", groups(results, "language"))
    lines += _rows("by kind", groups(results, "kind"))
    lines.append("")

    def count(label: str, value: int, of: str = "") -> None:
        lines.append(f"{label:<58} {value:>6}{of}")

    neg_records = sum(len(r.spurious) for r in negatives)
    count("negatives scored", len(negatives))
    count(
        "  records from negatives (all spurious)",
        neg_records,
        f"  in {sum(1 for r in negatives if r.spurious)} texts",
    )
    count("positives scored", len(positives))
    count(
        "  extra records (categories the text states no total for)",
        sum(len(r.extras) for r in positives),
    )
    count("  increases stored as totals", sum(len(r.increases_as_totals) for r in positives))
    count(
        "  other values for a stated category on the report's day",
        sum(len(r.conflicts) for r in positives),
    )
    count(
        "  records dated to a wrong day",
        sum(len(r.wrong_days) for r in positives),
        f"  in {sum(1 for r in positives if r.wrong_days)} texts",
    )
    count("  records in reports found but undated", sum(r.undated for r in results))
    count("parser raised", sum(1 for r in results if r.error))
    lines.append("")
    lines.append("pass 2: no file name (what the text dates by itself)")
    stated = sum(r.tally.totals for r in positives)
    count(
        "  stated totals found on the right day",
        sum(r.bare_dated_right for r in positives),
        f" of {stated}",
    )
    count(
        "  positives' records dated to a wrong day",
        sum(len(r.bare_wrong_days) for r in positives),
        f"  in {sum(1 for r in positives if r.bare_wrong_days)} texts",
    )
    count("  negatives' records that got a date", sum(len(r.bare_wrong_days) for r in negatives))
    count("  records in reports found but undated", sum(r.bare_undated for r in results))
    count("  parser raised", sum(1 for r in results if r.bare_error))
    lines.append("")
    lines += _rows("by outlet", groups(results, "outlet"))

    if outcome.changed:
        lines += [
            "",
            f"{len(outcome.changed)} texts differ from the manifest (sha256), not scored:",
        ]
        lines += [f"  {e['id']}  {e['url']}" for e in outcome.changed]
    if outcome.missing:
        lines += [
            "",
            f"{len(outcome.missing)} manifest entries missing locally (fetch by address):",
        ]
        lines += [f"  {e['id']}  {e['url']}" for e in outcome.missing]

    if verbose:
        missed = [r for r in results if r.missed]
        lines += ["", f"{len(missed)} texts that missed something:"]
        for r in missed:
            e = r.entry
            lines.append("")
            lines.append(
                f"{e['id']} [{e['language']} {e['kind']} {e.get('report_date')}] {e['url']}"
            )
            if r.error:
                lines.append(f"    parser raised: {r.error}")
            if r.bare_error and r.bare_error != r.error:
                lines.append(f"    parser raised (no name): {r.bare_error}")
            for text in r.missed_totals:
                lines.append(f"    total    {text}")
            for text in r.missed_deltas:
                lines.append(f"    increase {text}")
            for rec in r.spurious:
                lines.append(f"    spurious {_record(rec)}")
            for rec in r.extras:
                lines.append(f"    extra    {_record(rec)}")
            for rec in r.increases_as_totals:
                lines.append(f"    increase stored as total: {_record(rec)}")
            for rec in r.conflicts:
                lines.append(f"    other value {_record(rec)}")
            for rec in r.wrong_days:
                lines.append(f"    wrong day {_record(rec)}")
            if r.undated:
                lines.append(f"    {r.undated} records undated")
            for rec in r.bare_wrong_days:
                lines.append(f"    no name, dated by the text: {_record(rec)}")
    return lines


def below(outcome: Run, minimum: float) -> list[str]:
    """The groups (overall, each language) whose share of totals right is below `minimum`."""
    failing = []
    checks = {"overall": overall(outcome.results), **groups(outcome.results, "language")}
    for name, t in checks.items():
        if t.totals and t.totals_right / t.totals < minimum:
            failing.append(f"{name}: {t.totals_right}/{t.totals}")
    return failing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="folder of <id>.txt")
    parser.add_argument("-v", "--verbose", action="store_true", help="every text that missed")
    parser.add_argument(
        "--min-totals", type=float, default=None, help="exit 1 below this share (e.g. 0.97)"
    )
    args = parser.parse_args(argv)
    manifest = load_manifest(args.manifest)
    outcome = run(manifest, args.texts)
    print("\n".join(coverage(manifest) + [""] + report(outcome, args.verbose)))
    if args.min_totals is not None:
        failing = below(outcome, args.min_totals)
        if failing:
            print(f"\ntotals right below {args.min_totals:.0%}: " + "; ".join(failing))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
