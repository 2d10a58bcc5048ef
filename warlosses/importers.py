"""Day-keyed data sets in, loss records out: backfilling history from public figures.

Three shapes are read, told apart by their content:

- the 2022-Ukraine-Russia-War-Dataset: a JSON array (or CSV) of one object per date,
  with its own category names as keys (`tank`, `APC`, `field artillery`, ...); equipment
  and personnel come in separate files; totals only, no stated increase;
- the russianwarship.rip statistics API: records with `date`, `day`, `stats` (totals)
  and `increase` (the day's stated increase), as a list or inside the API's envelope;
- warlosses' own export: CSV, JSON or JSON lines with `day`/`date`, `category`,
  `total` and `delta` (`export`), or `region`, `deaths` and `injuries` (`export
  --civilians`). A record's `source` is kept as its source; with `export --observations`
  every column of the store is, so that export then import gives the same store.

`read_records` is pure: a file's name and text in, rows for the store out. Only
`import_files` at the end touches files and the store. `observations` is the other way:
the store's observations as the rows `export --observations` writes.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from warlosses import names
from warlosses.categories import API_NAMES, CANONICAL, DATASET_NAMES, canonical, slug
from warlosses.daily import Rows, Span, rank, resolve_categories
from warlosses.documents import Unreadable, read_document
from warlosses.ingest import Notice, Summary, apply
from warlosses.store import CIVILIANS_SCHEMA, LOSSES_SCHEMA, ArrowTables, Store
from warlosses.warday import date_of, date_problem, day_of, day_problem

FORMAT_DATASET = "dataset"
FORMAT_API = "api"
FORMAT_EXPORT = "export"
RULE_IMPORT = "import"

DATASET_DIRECTION = "greatest losses direction"
# "about" or "more" beside the personnel figure: a qualifier, not a figure.
DATASET_IGNORED = frozenset({"date", "day", "personnel*", DATASET_DIRECTION})

EXPECTED = (
    "expected the 2022-Ukraine-Russia-War-Dataset's JSON or CSV, the russianwarship.rip "
    "API's JSON, or a warlosses export (CSV, JSON or JSON lines)"
)


class ImportProblem(Exception):
    """A file that cannot be imported, and why, in words for the user."""


@dataclass(frozen=True)
class Origin:
    """Where an exported record came from, as the export says: kept on import, so that
    export then import keeps each record's source, and with `export --observations` the
    rest of it (the document's SHA-256, the day rule, when it was first stored)."""

    source: str
    sha256: str | None = None
    rule: str | None = None
    ingested_at: datetime | None = None
    source_bytes: bytes | None = None


@dataclass(frozen=True)
class Record:
    """One day and category as a data set gives it."""

    day: int
    category: str
    total: int
    delta: int | None
    format: str
    direction: str | None = None
    index: int = field(default=0, compare=False)  # which record of the file gave it
    origin: Origin | None = None  # for an exported record, where it came from


@dataclass(frozen=True)
class CivilianRecord:
    """One day and region of civilian casualties (region None: the day's headline), as an
    export of them gives it."""

    day: int
    region: str | None
    deaths: int
    injuries: int
    origin: Origin | None = None
    index: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Imported:
    """What one file gave: records, how many day entries, and warnings for the user."""

    records: tuple[Record, ...] = ()
    days: int = 0
    warnings: tuple[str, ...] = field(default=())
    civilians: tuple[CivilianRecord, ...] = ()


def is_correction_file(name: str) -> bool:
    """The data set's file of corrections holds adjustments, not totals."""
    return "correction" in name.rsplit("/", 1)[-1].lower()


def read_records(name: str, text: str) -> Imported:
    """The loss records in one file's text; ImportProblem when it is none of the shapes."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ImportProblem(f"the file is empty; {EXPECTED}")
    if stripped[0] in "[{":
        return _from_json(stripped)
    return _from_csv(stripped)


# ---------------------------------------------------------------------------------------
# JSON


def _loads(text: str) -> Any:
    """JSON, with an integer too long for any store figure kept as its digits (for
    `_count` to refuse by name; Python would refuse to convert one past 4,300 digits)."""
    try:
        return json.loads(text, parse_int=_json_int)
    except RecursionError:
        raise ImportProblem("not valid JSON (nested too deeply)") from None


def _json_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= 40 else digits


def _from_json(text: str) -> Imported:
    try:
        document = _loads(text)
    except json.JSONDecodeError as error:
        lines = _json_lines(text)
        if lines is None:
            raise ImportProblem(
                f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
            ) from None
        return _from_objects(lines)
    if isinstance(document, dict) and "data" in document:
        document = document["data"]  # the API's envelope
        if isinstance(document, dict) and "records" in document:
            document = document["records"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list) or not all(isinstance(x, dict) for x in document):
        raise ImportProblem(EXPECTED)
    return _from_objects(document)


def _json_lines(text: str) -> list[dict[str, Any]] | None:
    """JSON lines: one object per non-empty line; None when the text is not that."""
    objects = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            value = _loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(value, dict):
            return None
        objects.append(value)
    return objects


def _from_objects(objects: Sequence[dict[str, Any]]) -> Imported:
    if not objects:
        raise ImportProblem(f"no records in the file; {EXPECTED}")
    first = objects[0]
    if "category" in first and "total" in first:
        return _from_export(objects)
    if "deaths" in first and "injuries" in first:
        return _from_civilians(objects)
    if "stats" in first:
        return _from_api(objects)
    if "date" in first:
        return _from_dataset(objects)
    raise ImportProblem(EXPECTED)


# ---------------------------------------------------------------------------------------
# The three shapes


def _from_dataset(rows: Sequence[dict[str, Any]]) -> Imported:
    records: list[Record] = []
    warnings = _Warnings()
    for index, row in enumerate(rows, start=1):
        day = _day(row, index, warnings)
        direction = _text(row.get(DATASET_DIRECTION))
        for key, value in row.items():
            if key in DATASET_IGNORED:
                continue
            total = _total(value, key, index)
            if total is None:
                continue
            category = _category(key, DATASET_NAMES, day, warnings)
            records.append(Record(day, category, total, None, FORMAT_DATASET, direction, index))
    return _imported(records, len(rows), warnings)


def _from_api(rows: Sequence[dict[str, Any]]) -> Imported:
    records: list[Record] = []
    warnings = _Warnings()
    for index, row in enumerate(rows, start=1):
        day = _day(row, index, warnings)
        stats, increase = row.get("stats"), row.get("increase") or {}
        if not isinstance(stats, dict) or not isinstance(increase, dict):
            raise ImportProblem(f"record {index}: `stats` and `increase` must be objects")
        for key, value in stats.items():
            total = _total(value, f"stats.{key}", index)
            if total is None:
                continue
            delta = _count(increase.get(key), f"increase.{key}", index)
            category = _category(key, API_NAMES, day, warnings)
            records.append(Record(day, category, total, delta, FORMAT_API, index=index))
    return _imported(records, len(rows), warnings)


def _from_export(rows: Sequence[dict[str, Any]]) -> Imported:
    records: list[Record] = []
    warnings = _Warnings()
    days: set[int] = set()
    for index, row in enumerate(rows, start=1):
        day = _day(row, index, warnings)
        total = _total(row.get("total"), "total", index)
        if total is None:
            raise ImportProblem(f"record {index}: no total")
        name = str(row.get("category") or "").lstrip("'")
        category = name if name in CANONICAL else _category(name, {}, day, warnings)
        delta = _count(row.get("delta"), "delta", index)
        origin = _origin(row, index)
        kind = (_text(row.get("format")) if origin and origin.sha256 else None) or FORMAT_EXPORT
        direction = _text(row.get("direction"))
        records.append(Record(day, category, total, delta, kind, direction, index, origin))
        days.add(day)
    return _imported(records, len(days), warnings)


def _from_civilians(rows: Sequence[dict[str, Any]]) -> Imported:
    found: list[CivilianRecord] = []
    warnings = _Warnings()
    for index, row in enumerate(rows, start=1):
        day = _day(row, index, warnings)
        counts = [_total(row.get(key), key, index) for key in ("deaths", "injuries")]
        if counts[0] is None or counts[1] is None:
            raise ImportProblem(f"record {index}: no deaths or no injuries")
        region = _text(row.get("region"))
        origin = _origin(row, index)
        found.append(CivilianRecord(day, region, counts[0], counts[1], origin, index))
    return Imported(days=len({r.day for r in found}), warnings=warnings.all(),
                    civilians=tuple(found))  # fmt: skip


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _origin(row: dict[str, Any], index: int) -> Origin | None:
    """Where an exported record came from, when the export says (`source`, and from
    `export --observations` also `source_sha256`, `rule`, `ingested_at`, `source_bytes`)."""
    source = _text(row.get("source"))
    if source is None:
        return None
    sha256 = _text(row.get("source_sha256"))
    if sha256 is not None and not _SHA256.fullmatch(sha256):
        raise ImportProblem(f"record {index}: source_sha256 {sha256!r} is not a SHA-256")
    stored = _text(row.get("ingested_at"))
    try:
        when = None if stored is None else datetime.fromisoformat(stored)
        raw = row.get("source_bytes")
        raw_bytes = None if _text(raw) is None else bytes.fromhex(str(raw))
    except ValueError:
        raise ImportProblem(
            f"record {index}: ingested_at or source_bytes is not what an export writes"
        ) from None
    if when is not None:
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return Origin(source, sha256, _text(row.get("rule")), when, raw_bytes)


def _imported(records: list[Record], days: int, warnings: "_Warnings") -> Imported:
    """What a file gave, with a warning when it gives a day's category twice with other
    figures: the store keeps the last (see ingest.merge), which the user should know."""
    first: dict[tuple[int, str, str | None], Record] = {}
    repeated: list[tuple[Record, Record]] = []
    for record in records:
        document = record.origin.sha256 if record.origin is not None else None
        earlier = first.setdefault((record.day, record.category, document), record)
        if (earlier.total, earlier.delta) != (record.total, record.delta):
            if not any(earlier is seen for seen, _ in repeated):
                repeated.append((earlier, record))
    if repeated:
        earlier, later = repeated[0]
        example = (f"day {earlier.day}, {earlier.category} {_figures(earlier)} in record "
                   f"{earlier.index}, {_figures(later)} in record {later.index}")  # fmt: skip
        if len(repeated) == 1:
            warnings.add(
                f"a category of a day is given twice with other figures ({example}); "
                "the last record is kept"
            )
        else:
            warnings.add(
                f"{len(repeated)} categories of a day are given twice with other figures "
                f"(the first: {example}); the last record of each is kept"
            )
    return Imported(tuple(records), days, warnings.all())


def _figures(record: Record) -> str:
    stated = "" if record.delta is None else f" ({record.delta:+,})"
    return f"{record.total:,}{stated}"


def _from_csv(text: str) -> Imported:
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = reader.fieldnames or []
    except csv.Error as error:
        raise ImportProblem(f"not a readable CSV file ({error})") from None
    if "date" not in fields and "day" not in fields:
        raise ImportProblem(f"the CSV has no `date` or `day` column; {EXPECTED}")
    # Empty cells are values the file does not give, as in the JSON's missing keys.
    try:
        rows = [{k: v for k, v in row.items() if k is not None and v not in ("", None)}
                for row in reader]  # fmt: skip
    except csv.Error as error:
        raise ImportProblem(f"not a readable CSV file ({error})") from None
    rows = [{k: _unescaped(v) for k, v in row.items()} for row in rows]
    if "category" in fields and "total" in fields:
        return _from_export(rows)
    if "deaths" in fields and "injuries" in fields:
        return _from_civilians(rows)
    return _from_dataset(rows)


def _unescaped(cell: str) -> str:
    """A CSV cell as it was before `export` kept a spreadsheet from running it as a
    formula (a `'` before `=`, `+`, `-`, `@`, a tab or a carriage return)."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


# ---------------------------------------------------------------------------------------
# Values


class _Warnings:
    """Warnings for one file, each said once."""

    def __init__(self) -> None:
        self.seen: dict[str, None] = {}

    def add(self, message: str) -> None:
        self.seen.setdefault(message, None)

    def all(self) -> tuple[str, ...]:
        return tuple(self.seen)


def _day(row: dict[str, Any], index: int, warnings: _Warnings) -> int:
    """The war day of a record: from its date when it has one, else its day. Every record
    passes here first, so this is also where one that is not text is refused."""
    _check_text(row, index)
    stated = _count(row.get("day"), "day", index)
    raw = row.get("date")
    if raw is None:
        if stated is None:
            raise ImportProblem(f"record {index}: no date and no day")
        problem = day_problem(stated)
        if problem is not None:
            raise ImportProblem(f"record {index}: {problem}")
        return stated
    try:
        when = date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        raise ImportProblem(f"record {index}: {raw!r} is not a YYYY-MM-DD date") from None
    problem = date_problem(when)
    if problem is not None:
        raise ImportProblem(f"record {index}: {problem}")
    day = day_of(when)
    if stated is not None and stated != day:
        warnings.add(f"record {index} says day {stated} for {when}, which is day {day}; "
                     f"stored as day {day}")  # fmt: skip
    return day


def _check_text(record: object, index: int) -> None:
    """Refuse a record holding a lone surrogate (JSON can escape one, `"\\ud800"`): it is
    not text, and no store file or terminal can hold it."""
    pending = [record]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.keys()
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str) and not _encodable(value):
            raise ImportProblem(
                f"record {index}: {value!r} holds a lone surrogate, which is not text"
            )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_WHOLE = re.compile(r"[+-]?[0-9]+")
_INT64 = range(-(2**63), 2**63)


def _count(value: object, key: str, index: int) -> int | None:
    """A whole number from JSON or CSV that a store's 64-bit integers hold; None for a
    missing one."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ImportProblem(f"record {index}: {key} is {value!r}, not a number")
    number: int | None = None
    if isinstance(value, float):
        if not value.is_integer():  # also inf and nan
            raise ImportProblem(f"record {index}: {key} is {value!r}, not a whole number")
        number = int(value) if abs(value) < 2**63 else None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "").removesuffix(".0")
        if not _WHOLE.fullmatch(cleaned):
            raise ImportProblem(f"record {index}: {key} is {value!r}, not a whole number")
        if len(cleaned.lstrip("+-").lstrip("0")) <= 19:
            number = int(cleaned)
    else:
        raise ImportProblem(f"record {index}: {key} is {value!r}, not a whole number")
    if number is None or number not in _INT64:
        raise ImportProblem(f"record {index}: {key} {_short(str(value))} is too large to store")
    return number


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:21] + "…"


def _total(value: object, key: str, index: int) -> int | None:
    """A total: a whole number, never below zero (a negative one would also let a change
    between two totals overflow the store's integers)."""
    total = _count(value, key, index)
    if total is not None and total < 0:
        raise ImportProblem(f"record {index}: {key} is {total}; a total is never below zero")
    return total


def _text(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _category(key: str, names: dict[str, str], day: int, warnings: _Warnings) -> str:
    name = names.get(key) or canonical(key.replace("_", " "), date_of(day))
    if name is None:
        name = slug(key)
        warnings.add(f"unknown category {key!r} stored as {name!r}")
    return name


# ---------------------------------------------------------------------------------------
# Into the store


def rows(imported: Imported, *, source: str, sha256: str, now: datetime) -> list[dict[str, Any]]:
    """Store rows (LOSSES_SCHEMA) for one file's loss records: from `source`, the file
    whose bytes hash to `sha256`, read at `now`, except what a record's origin says."""
    return [
        {
            "day": record.day,
            "date": date_of(record.day),
            "category": record.category,
            "total": record.total,
            "delta": record.delta,
            "format": record.format,
            "direction": record.direction,
            **_provenance(record.origin, source, sha256, now),
        }
        for record in imported.records
    ]


def civilian_rows(
    imported: Imported, *, source: str, sha256: str, now: datetime
) -> list[dict[str, Any]]:
    """Store rows (CIVILIANS_SCHEMA) for one file's civilian records, as `rows`."""
    return [
        {
            "day": record.day,
            "date": date_of(record.day),
            "region": record.region,
            "deaths": record.deaths,
            "injuries": record.injuries,
            **_provenance(record.origin, source, sha256, now),
        }
        for record in imported.civilians
    ]


def _provenance(origin: Origin | None, source: str, sha256: str, now: datetime) -> dict[str, Any]:
    """The columns that say where a row came from: the record's own origin where the
    export gave it (a record's source kept, not replaced by the export file's name), else
    the file's."""
    name = origin.source if origin is not None else source
    raw = origin.source_bytes if origin is not None and origin.source_bytes else None
    return {
        "rule": (origin.rule if origin is not None else None) or RULE_IMPORT,
        "source": names.shown(name),
        "source_sha256": (origin.sha256 if origin is not None else None) or sha256,
        "ingested_at": (origin.ingested_at if origin is not None else None) or now,
        "source_bytes": raw if raw is not None else names.raw(name),
    }


def _collect(
    paths: Iterable[str], summary: Summary, now: datetime
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Each file's loss rows and civilian rows, for the store."""
    for name in paths:
        if is_correction_file(name):
            summary.notices.append(
                Notice(
                    name, "the data set's corrections file holds adjustments, not totals; skipped"
                )  # fmt: skip
            )
            continue
        document = read_document(name)
        if isinstance(document, Unreadable):
            summary.notices.append(Notice(document.name, document.reason, document.error))
            continue
        summary.files_read += 1
        try:
            imported = read_records(name, document.text)
        except ImportProblem as problem:
            summary.notices.append(Notice(name, str(problem), error=True))
            continue
        summary.reports_found += imported.days
        summary.notices += [Notice(name, warning) for warning in imported.warnings]
        yield (
            rows(imported, source=name, sha256=document.sha256, now=now),
            civilian_rows(imported, source=name, sha256=document.sha256, now=now),
        )


def import_files(paths: Sequence[str], store: Store) -> Summary:
    """Read every file in `paths` and store its records; the store is updated once."""
    from warlosses import arrow

    summary = Summary()
    losses: list[tuple[Any, ...]] = []
    civilians: list[tuple[Any, ...]] = []
    with store.lock():
        before = store.read_arrow()
        for loss_rows, civilian_rows_ in _collect(paths, summary, datetime.now(UTC)):
            losses += [tuple(row[n] for n in LOSSES_SCHEMA.names) for row in loss_rows]
            civilians += [tuple(row[n] for n in CIVILIANS_SCHEMA.names) for row in civilian_rows_]
        found = ArrowTables(
            arrow.table(losses, LOSSES_SCHEMA), arrow.table(civilians, CIVILIANS_SCHEMA)
        )
        apply(store, before, found, summary)
    return summary


# ---------------------------------------------------------------------------------------
# Out of the store: what `export --observations` writes


def observations(
    tables: ArrowTables, span: Span, categories: Sequence[str] = (), *, civilians: bool = False
) -> Rows:
    """Every observation of the store, from every source, with every column of the store
    (the name's own bytes, `source_bytes`, as hex): what `import` reads back into the same
    store. By day, then category (in the General Staff's order) or headline then region."""
    import pyarrow as pa

    table = tables.civilians if civilians else tables.losses
    names = table.column_names
    columns = []
    for name in names:
        values = table[name]
        if name == "date":
            values = values.cast(pa.string())
        elif name == "ingested_at":  # as integers: pyarrow's datetimes import pandas
            values = values.cast(pa.int64())
        columns.append(values.to_pylist())
    at = {name: i for i, name in enumerate(names)}
    found = [list(row) for row in zip(*columns, strict=True)] if table.num_rows else []
    found = [row for row in found if span.contains(row[at["day"]])]
    if categories and not civilians:
        stored = list(dict.fromkeys(row[at["category"]] for row in found))
        chosen = set(resolve_categories(categories, stored))
        found = [row for row in found if row[at["category"]] in chosen]
    for row in found:
        stamp = row[at["ingested_at"]]
        if stamp is not None:
            row[at["ingested_at"]] = (_EPOCH + timedelta(microseconds=stamp)).isoformat()
        raw = row[at["source_bytes"]]
        row[at["source_bytes"]] = None if raw is None else raw.hex()

    def order(row: list[Any]) -> tuple[Any, ...]:
        if civilians:  # the day's headline first, then the regions
            where = row[at["region"]]
            return (row[at["day"]], where is not None, where or "", row[at["source_sha256"]])
        return (row[at["day"]], rank(row[at["category"]]), row[at["source_sha256"]])

    found.sort(key=order)
    numbers = {"day", "total", "delta", "deaths", "injuries"} & set(names)
    return Rows(tuple(names), [tuple(row) for row in found], frozenset(numbers),
                dates=frozenset({"date"}), times=frozenset({"ingested_at"}))  # fmt: skip


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
