"""The one place that turns a report's frame into a table, CSV, JSON or JSON lines.

Imports no pandas of its own (frames arrive from the caller), so the CLI can name
`Format` without paying for pandas at start-up.
"""

import csv
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from warlosses.categories import CANONICAL
from warlosses.errors import WarlossesError

if TYPE_CHECKING:
    import pandas as pd


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


Renderer = Callable[["pd.DataFrame"], RenderableType]


def emit(
    frame: "pd.DataFrame",
    fmt: Format,
    *,
    title: str | None = None,
    render: Renderer | None = None,
    out: TextIO | None = None,
) -> None:
    """Write `frame` to stdout in `fmt`. `render` builds the table view when the default
    (one row per frame row) is not the right one."""
    stream = out if out is not None else sys.stdout
    if fmt is Format.table:
        view = render(frame) if render is not None else plain_table(frame)
        console = Console(file=stream, soft_wrap=False)
        if title and isinstance(view, Table | _Blocks):
            view.title = title
        elif title:
            console.print(Text(title, style="italic", justify="center"))
        console.print(view)
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


def signed(value: Any) -> str:
    plain = _plain(value)
    return "" if plain is None else f"{plain:+,}"


def approx(value: Any) -> str:
    """A mean for reading: whole numbers from 100 up, one decimal below."""
    plain = _plain(value)
    if plain is None:
        return ""
    return f"{plain:,.0f}" if abs(plain) >= 100 else f"{plain:,.1f}"


def _label(category: Any) -> str:
    return str(category).replace("_", " ")


# ---------------------------------------------------------------------------------------
# show: days (or periods) as rows, categories as columns


class _Blocks:
    """Tables that share their first columns and split the others into blocks that fit
    the terminal's width (80 columns in a pipe), instead of squeezing cells."""

    def __init__(self, keys: list[tuple[str, list[str]]], columns: list[tuple[str, list[Text]]],
                 caption: str) -> None:  # fmt: skip
        self.keys, self.columns, self.caption = keys, columns, caption
        self.title: str | None = None

    def _table(self, columns: list[tuple[str, list[Text]]]) -> Table:
        table = Table(show_edge=False, header_style="bold")
        for name, _ in self.keys:
            table.add_column(name, justify="right" if name == "day" else "left", no_wrap=True)
        for name, _ in columns:
            table.add_column(name, justify="right", no_wrap=True)
        for i in range(len(self.keys[0][1])):
            table.add_row(*(values[i] for _, values in self.keys), *(c[i] for _, c in columns))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        blocks: list[list[tuple[str, list[Text]]]] = [[]]
        unbounded = options.update_width(10_000)
        for column in self.columns:
            trial = self._table([*blocks[-1], column])
            width = Measurement.get(console, unbounded, trial).maximum
            if blocks[-1] and width > options.max_width:
                blocks.append([])
            blocks[-1].append(column)
        tables = [self._table(block) for block in blocks]
        if self.title:
            tables[0].title = self.title
        parts: list[RenderableType] = []
        for table in tables:
            parts += [Text(""), table] if parts else [table]
        yield Group(*parts, Text(self.caption, style="dim"))


def wide_losses_table(frame: "pd.DataFrame") -> RenderableType:
    """Days (or periods) as rows, categories as columns; each cell the total, the
    increase (stated, else the change of totals) and, dimmed, the mean per day."""
    by_period = "period" in frame.columns
    means = [c for c in frame.columns if str(c).startswith("avg_")]
    mean = means[0] if means else None
    key = "period" if by_period else "day"
    keys = list(dict.fromkeys(frame[key]))
    rank = {name: i for i, name in enumerate(CANONICAL)}
    categories = sorted(dict.fromkeys(frame["category"]), key=lambda c: (rank.get(c, 99), c))
    cells: dict[tuple[Any, str], Text] = {}
    dates: dict[Any, str] = {}
    for row in _rows(frame):
        step = row["change"] if by_period or row.get("delta") is None else row["delta"]
        cell = Text(number(row["total"]))
        if step is not None:
            cell.append(f" {step:+,}")
        if mean is not None and row[mean] is not None:
            cell.append(f" ⌀{approx(row[mean])}", style="dim")
        cells[(row[key], str(row["category"]))] = cell
        dates[row[key]] = _text(row["date"])
    key_columns = [(key, [str(k) for k in keys])]
    if not by_period:
        key_columns.append(("date", [dates[k] for k in keys]))
    else:
        key_columns.append(("to", [dates[k] for k in keys]))
    columns = [(_label(c), [cells.get((k, c), Text("")) for k in keys]) for c in categories]
    if by_period:
        caption = "total at the period's last day (to), change over the period, ⌀ per day"
    else:
        days = str(mean).removeprefix("avg_")
        caption = (
            f"total +increase (stated, else the change of totals) ⌀ mean daily change, {days} days"
        )
    return _Blocks(key_columns, columns, caption)


# ---------------------------------------------------------------------------------------
# totals: the dashboard

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, scaled from the lowest (or 0) to the highest; `·` for a
    day without a figure."""
    known = [v for v in values if v is not None]
    if not known:
        return "·" * len(values)
    low, high = min(0.0, min(known)), max(known)
    scale = (len(SPARKS) - 1) / (high - low) if high > low else 0.0
    return "".join("·" if v is None else SPARKS[round((v - low) * scale)] for v in values)


def totals_table(frame: "pd.DataFrame", recent: "pd.DataFrame", days: int = 30) -> RenderableType:
    """One row per category: total, the day's increase, the 7-day mean, the trend, and the
    last 30 days' increases as a sparkline with the record day under it."""
    table = Table(
        show_edge=False,
        header_style="bold",
        caption=(
            "today: the day's increase; 7 d: mean per day over 7 days; trend: the last 30 "
            "days against the 30 before; · no figure; sums, 30-day means: --format csv|json"
        ),
    )
    table.add_column("category")
    for name in ("total  today", "7 d", "trend"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column(f"last {days} days", no_wrap=True)
    history: dict[str, dict[int, float | None]] = {}
    for row in _rows(recent):
        history.setdefault(str(row["category"]), {})[int(row["day"])] = row["increase"]
    for row in _rows(frame):
        day = int(row["day"])
        values = history.get(str(row["category"]), {})
        spark = Text(sparkline([values.get(d) for d in range(day - days + 1, day + 1)]))
        if row["record_change"] is not None:
            spark.append(
                f"\nrecord {signed(row['record_change'])} on day {row['record_day']}", "dim"
            )
        total = Text(number(row["total"]))
        today = row["delta"] if row["delta"] is not None else row["change"]
        if today is not None:
            total.append(f" {today:+,}")
        trend = "" if row["trend"] is None else f"{row['trend']:+.0f}%"
        table.add_row(_label(row["category"]), total, approx(row["avg_7"]), trend, spark)
    return table


# ---------------------------------------------------------------------------------------
# check and sources


def check_table(frame: "pd.DataFrame") -> RenderableType:
    """day, date, category, kind and what is wrong, in words."""
    table = Table(show_edge=False, header_style="bold")
    for name in ("day", "date", "category", "kind"):
        table.add_column(name, justify="right" if name == "day" else "left", no_wrap=True)
    table.add_column("detail")
    for row in _rows(frame):
        category = "(all)" if row["category"] is None and row["kind"] == "gap" else row["category"]
        table.add_row(str(row["day"]), _text(row["date"]), _label(category or ""),
                      str(row["kind"]), _text(row["detail"]))  # fmt: skip
    return table


def sources_table(frame: "pd.DataFrame") -> RenderableType:
    """Sources with a short hash and the first ingestion to the minute (UTC)."""
    table = Table(show_edge=False, header_style="bold")
    table.add_column("source", overflow="fold")
    table.add_column("sha256", no_wrap=True)
    table.add_column("first stored", no_wrap=True)
    for name in ("days", "records"):
        table.add_column(name, justify="right")
    table.add_column("formats")
    for row in _rows(frame):
        stored = _text(row["ingested_at"])[:16].replace("T", " ")
        short = str(row["source_sha256"])[:8]
        table.add_row(str(row["source"]), short, stored, number(row["days"]),
                      number(row["records"]), _text(row["formats"]))  # fmt: skip
    return table


# ---------------------------------------------------------------------------------------
# chart


Points = list[float | None]


def _chart_columns(frame: "pd.DataFrame") -> tuple[list[str], Points, Points, str]:
    """Labels, bar values, line values and the line's name, from a `report.chart` frame."""
    value, mean = str(frame.columns[-2]), str(frame.columns[-1])
    rows = list(_rows(frame))
    key = "period" if "period" in frame.columns else "date"
    labels = [str(row[key]) for row in rows]
    return labels, [row[value] for row in rows], [row[mean] for row in rows], mean


def _buckets(values: list[float | None], size: int) -> list[float | None]:
    out: list[float | None] = []
    for i in range(0, len(values), size):
        known = [v for v in values[i : i + size] if v is not None]
        out.append(sum(known) / len(known) if known else None)
    return out


class _Chart:
    """Bars for the increase and a line for its mean, drawn with block characters."""

    HEIGHT = 12
    AXIS = 9

    def __init__(self, frame: "pd.DataFrame") -> None:
        self.frame = frame

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        labels, bars, line, mean = _chart_columns(self.frame)
        if not labels:
            yield Text("Nothing to draw.")
            return
        room = max(10, options.max_width - self.AXIS - 2)
        size = -(-len(bars) // room)
        bars, line = _buckets(bars, size), _buckets(line, size)
        wide = max(1, min(3, room // len(bars)))
        bars = [v for v in bars for _ in range(wide)]
        line = [v for v in line for _ in range(wide)]
        known = [v for v in [*bars, *line] if v is not None]
        high = max([*known, 1.0])
        low = min([*known, 0.0])
        step = (high - low) / self.HEIGHT
        rows: list[Text] = []
        for level in range(self.HEIGHT, 0, -1):
            top, bottom = low + step * level, low + step * (level - 1)
            axis = approx(top) if level in (self.HEIGHT, self.HEIGHT // 2) else ""
            text = Text(f"{axis:>{self.AXIS}} ┤", style="dim")
            for bar, mean_value in zip(bars, line, strict=True):
                text.append(_chart_cell(bar, mean_value, bottom, top, level == self.HEIGHT))
            rows.append(text)
        axis_line = Text(f"{approx(low):>{self.AXIS}} └" + "─" * len(bars), style="dim")
        first, last = labels[0], labels[-1]
        gap = max(1, len(bars) - len(first) - len(last) + 1)
        dates = Text(" " * (self.AXIS + 1) + first + " " * gap + last, style="dim")
        per = f"; each column: the mean of {size}" if size > 1 else ""
        legend = Text(f"█ {self.frame.columns[-2]}  ━ {mean}{per}", style="dim")
        yield Group(*rows, axis_line, dates, legend)


def _chart_cell(
    bar: float | None, mean: float | None, bottom: float, top: float, highest: bool
) -> Text:
    """One character of the chart: the mean's line over the bar it crosses."""
    if mean is not None and (bottom <= mean < top or (highest and mean >= top)):
        return Text("━", style="bold yellow")
    if bar is None or bar == 0:
        return Text(" ")
    if bar < 0:
        return Text("█" if bar < top and top <= 0 else " ", style="red")
    if bottom < 0 or bar <= bottom:
        return Text(" ")
    if bar >= top:
        return Text("█", style="cyan")
    eighths = int((bar - bottom) / (top - bottom) * len(SPARKS))
    return Text(SPARKS[min(eighths, len(SPARKS) - 1)], style="cyan")


def terminal_chart(frame: "pd.DataFrame") -> RenderableType:
    """The chart drawn with characters, fitted to the terminal's width."""
    return _Chart(frame)


def write_chart(frame: "pd.DataFrame", path: Path, title: str) -> None:
    """The chart as a PNG or SVG file, through matplotlib (the `chart` extra)."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise WarlossesError(f"--output {path}: write a .png or .svg file")
    try:
        import matplotlib  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise WarlossesError("--output needs matplotlib: pip install 'warlosses[chart]'") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot  # type: ignore[import-not-found, unused-ignore]

    labels, bars, line, mean = _chart_columns(frame)
    figure, axes = pyplot.subplots(figsize=(10, 4.5))
    positions = list(range(len(labels)))
    heights = [math.nan if v is None else v for v in bars]
    axes.bar(positions, heights, color="#4a90c2", label=str(frame.columns[-2]))
    axes.plot(positions, [math.nan if v is None else v for v in line], color="#d9a400",
              linewidth=2, label=mean)  # fmt: skip
    ticks = positions[:: max(1, len(positions) // 8)]
    axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=30, ha="right")
    axes.set_title(title)
    axes.legend()
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    try:
        figure.savefig(path, format=path.suffix.lower().lstrip("."))
    except OSError as error:
        raise WarlossesError(f"--output {path}: {error.strerror or error}") from None
    finally:
        pyplot.close(figure)


def preview_table(frame: "pd.DataFrame") -> RenderableType:
    """`parse`: one table per document, one line per record."""
    tables: list[RenderableType] = []
    table: Table | None = None
    source = None
    for row in _rows(frame):
        if table is None or row["source"] != source:
            source = row["source"]
            table = Table(title=str(source), title_justify="left", show_edge=False)
            for column in ("day", "date", "rule", "form", "record", "figures"):
                justify = "right" if column in ("day", "figures") else "left"
                table.add_column(column, justify=justify, no_wrap=column != "record")  # type: ignore[arg-type]
            tables.append(table)
        if row["format"] == "civilians":
            record = f"civilians, {row['region'] or 'national'}"
            figures = f"{row['deaths']} killed, {row['injuries']} injured"
        else:
            record = _label(row["category"])
            figures = number(row["total"])
            if row["delta"] is not None:
                figures += f" {row['delta']:+,}"
        form = "civ" if row["format"] == "civilians" else _text(row["format"])
        table.add_row(
            str(row["day"]), _text(row["date"]), _text(row["rule"]), form, record, figures
        )
    return Group(*tables)
