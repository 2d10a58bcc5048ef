"""The one place that turns a report's frame into a table, CSV, JSON or JSON lines.

Imports no pandas of its own (frames arrive from the caller), so the CLI can name
`Format` without paying for pandas at start-up.
"""

import csv
import json
import math
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    import pandas as pd


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


TableRenderer = Callable[["pd.DataFrame"], Table]


def emit(
    frame: "pd.DataFrame",
    fmt: Format,
    *,
    title: str | None = None,
    render: TableRenderer | None = None,
    out: TextIO | None = None,
) -> None:
    """Write `frame` to stdout in `fmt`. `render` builds the table view when the default
    (one row per frame row) is not the right one."""
    stream = out if out is not None else sys.stdout
    if fmt is Format.table:
        table = render(frame) if render is not None else plain_table(frame)
        if title:
            table.title = title
        Console(file=stream, soft_wrap=False).print(table)
    elif fmt is Format.csv:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(frame.columns)
        for row in _rows(frame):
            writer.writerow(["" if v is None else _cell(v) for v in row.values()])
    elif fmt is Format.json:
        json.dump(list(_rows(frame)), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        for row in _rows(frame):
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: missing values become None, dates ISO strings."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):  # pandas' Timestamp included
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows(frame: "pd.DataFrame") -> Iterator[dict[str, Any]]:
    columns = [str(c) for c in frame.columns]
    clean = frame.astype(object).where(frame.notna(), None)
    for values in clean.itertuples(index=False, name=None):
        yield {column: _plain(value) for column, value in zip(columns, values, strict=True)}


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def number(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, int):
        return f"{plain:,}"
    return str(plain)


def plain_table(frame: "pd.DataFrame") -> Table:
    """One table row per frame row; numbers right-aligned with thousands separators."""
    table = Table(show_edge=False, header_style="bold")
    numeric = {c for c in frame.columns if frame[c].dtype.kind in "iuf"}
    for column in frame.columns:
        table.add_column(str(column), justify="right" if column in numeric else "left")
    for row in _rows(frame):
        table.add_row(
            *(number(v) if k in numeric and k != "day" else _text(v) for k, v in row.items())
        )
    return table


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def wide_losses_table(frame: "pd.DataFrame") -> Table:
    """Days as rows, categories as columns; each total with the day's increase beside it."""
    table = Table(show_edge=False, header_style="bold")
    table.add_column("day", justify="right")
    table.add_column("date")
    categories = list(dict.fromkeys(frame["category"]))
    for category in categories:
        table.add_column(category.replace("_", " "), justify="right")
    for (day, when), group in frame.groupby(["day", "date"], sort=True):
        cells: dict[str, Text] = {}
        for row in _rows(group):
            cell = Text(number(row["total"]))
            if row["delta"] is not None:
                cell.append(f" {row['delta']:+,}", style="dim")
            cells[str(row["category"])] = cell
        table.add_row(str(day), _text(_plain(when)), *(cells.get(c, Text("")) for c in categories))
    return table
