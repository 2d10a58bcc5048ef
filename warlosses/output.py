"""The one place that turns a report into a table, CSV, JSON or JSON lines.

A report is a pandas frame or plain rows (`daily.Rows`); both are read through `_rows`.
This module imports neither pandas nor, until it draws a table, rich: the CLI names
`Format` at start-up, and `--help` or CSV output should not pay for what they do not use.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from warlosses.errors import WarlossesError
from warlosses.formats import Format

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    from warlosses.daily import Rows


Renderer = Callable[["pd.DataFrame | Rows"], "RenderableType"]


def emit(
    frame: pd.DataFrame | Rows,
    fmt: Format,
    *,
    title: str | None = None,
    render: Renderer | None = None,
    out: TextIO | None = None,
) -> None:
    """Write `frame` to stdout in `fmt`. `render` builds the table view when the default
    (one row per frame row) is not the right one.

    Tables fit the terminal where they can and are never cut: a column of numbers keeps
    its widest number, names wrap at their spaces, and a table that cannot be narrower
    than the terminal is drawn wider. Lines carry no trailing spaces. A stream that cannot
    encode the table's characters (`PYTHONIOENCODING=ascii`) gets ASCII lines and boxes;
    JSON escapes what it cannot write; CSV that cannot be written says so in one line.
    """
    import csv
    import json

    stream = out if out is not None else sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    unicode = encoding.lower().replace("-", "").startswith("utf")
    if fmt is Format.table:
        stream.write(_drawn(frame, title, render, stream, encoding))
    elif fmt is Format.csv:
        writer = csv.writer(stream, lineterminator="\n")
        try:
            writer.writerow(frame.columns)
            for row in _rows(frame):
                writer.writerow(["" if v is None else _cell(v) for v in row.values()])
        except UnicodeEncodeError as error:
            raise WarlossesError(
                f"standard output's encoding ({encoding}) cannot write "
                f"{error.object[error.start : error.end]!r}; set PYTHONIOENCODING=utf-8"
            ) from None
    elif fmt is Format.json:
        json.dump(list(_rows(frame)), stream, ensure_ascii=not unicode, indent=2)
        stream.write("\n")
    else:
        for row in _rows(frame):
            stream.write(json.dumps(row, ensure_ascii=not unicode) + "\n")


def _drawn(
    frame: pd.DataFrame | Rows,
    title: str | None,
    render: Renderer | None,
    stream: TextIO,
    encoding: str,
) -> str:
    """The table view of `frame` as the text to write."""
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    view = render(frame) if render is not None else plain_table(frame)
    console = Console(file=stream, soft_wrap=False)
    width = console.width
    if title and isinstance(view, Table | _Blocks | _Narrowest):
        view.title = title
        title = None
    if isinstance(view, Table | _Narrowest | Group):
        # Never narrower than the table's columns allow: drawn wider, nothing is cut.
        width = max(width, _floor(view))
    console.width = width  # print(width=) would only ever narrow it
    with console.capture() as capture:
        if title:
            console.print(Text(title, style="italic", justify="center"))
        console.print(view, crop=False)
    text = "\n".join(
        _without_tail(line) if "\x1b" in line else line.rstrip(" ")
        for line in capture.get().split("\n")
    )
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.translate(_ASCII).encode(encoding, "replace").decode(encoding)
    return text


def _without_tail(line: str) -> str:
    """A coloured line without its trailing spaces, the colour codes among them kept."""
    tail = re.search(r"(?: |\x1b\[[0-9;]*m)+$", line)
    if tail is None:
        return line
    return line[: tail.start()] + "".join(re.findall(r"\x1b\[[0-9;]*m", tail.group()))


# What a stream that cannot write them gets instead of the characters tables and charts use
# (rich itself draws ASCII boxes on such a stream): one character for one, so that columns
# stay aligned.
_ASCII = {
    ord(k): v for k, v in {
        "⌀": "~", "–": "-", "—": "-", "‒": "-", "·": ".", "…": ".", "→": ">",
        "━": "=", "┤": "|", "└": "+", "─": "-", "░": ":", "█": "#", "▁": "_", "▂": ".",
        "▃": ":", "▄": "-", "▅": "=", "▆": "+", "▇": "*", "\u00a0": " ",
    }.items()
}  # fmt: skip


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: missing values become None, dates ISO strings."""
    kind = type(value)  # the common cases first: a report holds thousands of cells
    if value is None or kind is int or kind is str:
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):  # pandas' Timestamp included
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows(frame: pd.DataFrame | Rows) -> Iterator[dict[str, Any]]:
    from warlosses.daily import Rows

    if isinstance(frame, Rows):
        yield from frame.records()  # plain values already
        return
    columns = [str(c) for c in frame.columns]
    clean = frame.astype(object).where(frame.notna(), None)
    for values in clean.itertuples(index=False, name=None):
        yield {column: _plain(value) for column, value in zip(columns, values, strict=True)}


def _tuples(frame: pd.DataFrame | Rows) -> Iterator[tuple[Any, ...]]:
    """The rows of `frame` as tuples of plain values, in the order of its columns."""
    from warlosses.daily import Rows

    if isinstance(frame, Rows):
        return iter(frame.rows)
    return (tuple(row.values()) for row in _rows(frame))


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula; booleans as JSON has them."""
    if value is True or value is False:
        return "true" if value else "false"
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


def _numeric(frame: pd.DataFrame | Rows) -> set[str]:
    """The columns that hold numbers."""
    from warlosses.daily import Rows

    if isinstance(frame, Rows):
        return set(frame.numeric)
    return {c for c in frame.columns if frame[c].dtype.kind in "iuf"}


def plain_table(frame: pd.DataFrame | Rows) -> Table:
    """One table row per frame row; numbers right-aligned with thousands separators."""
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    numeric = _numeric(frame)
    for column in frame.columns:
        if column in numeric or column in ("date", "day"):
            table.add_column(str(column), justify="right" if column in numeric else "left",
                             no_wrap=True)  # fmt: skip
        else:
            table.add_column(str(column), overflow="fold")
    for row in _rows(frame):
        table.add_row(
            *(number(v) if k in numeric and k != "day" else _text(v) for k, v in row.items())
        )
    return _keep_whole(table)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def signed(value: Any) -> str:
    plain = _plain(value)
    return "" if plain is None else f"{plain:+,}"


def approx(value: Any) -> str:
    """A mean for reading: whole numbers from 100 up, one decimal from 1, two below 1 (a
    mean of 0.03 a day is not 0.0)."""
    plain = _plain(value)
    if plain is None:
        return ""
    if abs(plain) >= 100:
        return f"{plain:,.0f}"
    return f"{plain:,.1f}" if abs(plain) >= 1 or plain == 0 else f"{plain:.2f}"


def _label(category: Any) -> str:
    return str(category).replace("_", " ")


# ---------------------------------------------------------------------------------------
# Tables that are never cut


def _keep_whole(table: Table) -> Table:
    """`table` with each column at least as wide as what must stay whole in it: every
    cell of a column that does not wrap (numbers, dates), the longest word of one that does
    (names wrap at their spaces)."""
    from rich.cells import cell_len
    from rich.text import Text

    for column in table.columns:
        texts = [column.header, *column._cells]
        lines = [line for cell in texts if isinstance(cell, str | Text)
                 for line in str(cell).split("\n")]  # fmt: skip
        if column.no_wrap:
            widths = [cell_len(line) for line in lines]
        else:
            widths = [cell_len(word) for line in lines for word in line.split()]
        widths += [cell.widest for cell in column._cells if isinstance(cell, _Path)]
        column.min_width = max([column.min_width or 0, *widths])
    return table


def _floor(view: Any) -> int:
    """How narrow a table (or the widest of several) can be drawn without cutting what
    `_keep_whole` keeps whole: its columns' least widths, their padding and the lines
    between them. Read from the columns, without measuring every cell again."""
    from rich.console import Group
    from rich.table import Table

    if isinstance(view, _Narrowest):
        return _floor(view.tables[-1])
    if isinstance(view, Group):
        return max([_floor(part) for part in view.renderables if isinstance(part, Table)],
                   default=0)  # fmt: skip
    if not isinstance(view, Table):
        return 0
    columns = view.columns
    sides = view.padding[1] + view.padding[3]
    inner = sum((column.min_width or 1) + sides for column in columns)
    edges = 2 if view.show_edge else 0
    outer = 0 if view.pad_edge else sides  # no padding outside the first and last column
    return inner + max(0, len(columns) - 1) + edges - outer


class _Narrowest:
    """The first of several tables, widest first, that fits the width; else the last."""

    def __init__(self, tables: list[Table]) -> None:
        self.tables = tables

    @property
    def title(self) -> str | None:
        title = self.tables[0].title
        return None if title is None else str(title)

    @title.setter
    def title(self, title: str | None) -> None:
        for table in self.tables:
            table.title = title

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        widest = Measurement.get(console, options, self.tables[0])
        return Measurement(min(_floor(self.tables[-1]), options.max_width), widest.maximum)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for table in self.tables:
            if _floor(table) <= options.max_width:
                yield table
                return
        yield self.tables[-1]


# ---------------------------------------------------------------------------------------
# show: days (or periods) as rows, categories as columns


Cell = tuple[str, str]  # a `show` cell: the total and increase, then the mean (dimmed)

# Text that rich reads as markup or emoji (`[bold]`, `:smile:`) or that moves the cursor:
# a table holding it is left to rich's Table.
_NOT_PLAIN = re.compile(r"[\[:\x00-\x1f\x7f]")


class _Blocks:
    """Tables that share their first columns and split the others into blocks that fit
    the terminal's width (80 columns in a pipe), instead of squeezing cells; a block too
    wide even alone is drawn wider than the terminal rather than cut.

    The blocks are drawn line by line here rather than by rich's Table, which measures
    and lays out each cell several times: `show` over a year has thousands of cells. The
    lines are the ones Table draws (tests/test_fast_reports.py compares them, styles
    included); text that is not plain is left to Table.
    """

    def __init__(self, keys: list[tuple[str, list[str]]], columns: list[tuple[str, list[Cell]]],
                 caption: str) -> None:  # fmt: skip
        self.keys, self.columns, self.caption = keys, columns, caption
        self.title: str | None = None

    def _table(self, columns: list[tuple[str, list[Cell]]]) -> Table:
        from rich.table import Table
        from rich.text import Text

        table = Table(show_edge=False, header_style="bold")
        for name, _ in self.keys:
            table.add_column(name, justify="right" if name == "day" else "left", no_wrap=True)
        for name, _ in columns:
            table.add_column(name, justify="right", no_wrap=True)
        for i in range(len(self.keys[0][1])):
            cells = []
            for _, values in columns:
                total, mean = values[i]
                cell = Text(total)
                if mean:
                    cell.append(mean, style="dim")
                cells.append(cell)
            table.add_row(*(values[i] for _, values in self.keys), *cells)
        return _keep_whole(table)

    def _text(self) -> str:
        texts = [name for name, _ in [*self.keys, *self.columns]]
        texts += [value for _, values in self.keys for value in values]
        texts += [part for _, cells in self.columns for cell in cells for part in cell]
        return "".join(texts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len as rich_cell_len
        from rich.text import Text

        text = self._text()
        if _NOT_PLAIN.search(text):
            yield from self._rich_blocks(console, options)
            return
        # Thousands of cells: when every character is one column wide, so is every string.
        narrow = all(rich_cell_len(character) == 1 for character in set(text))
        cell_len = len if narrow else rich_cell_len
        # Widths with the padding of one space each side, as Table measures them.
        key_widths = [max(map(cell_len, [name, *values])) + 2 for name, values in self.keys]
        widths = [
            max([cell_len(name), *(cell_len(total + mean) for total, mean in cells)]) + 2
            for name, cells in self.columns
        ]
        blocks: list[list[int]] = [[]]
        for i, width in enumerate(widths):
            block = blocks[-1]
            dividers = len(self.keys) + len(block)  # one between each two columns
            wide = sum(key_widths) + sum(widths[j] for j in block) + width + dividers
            if block and wide > options.max_width:
                blocks.append([])
            blocks[-1].append(i)
        for n, block in enumerate(blocks):
            if n:
                yield from console.render(Text(""), options)
            # A block wider than the terminal even alone is drawn wider: nothing is cut.
            yield from self._lines(
                console,
                options,
                [*key_widths, *(widths[j] for j in block)],
                [self.columns[j] for j in block],
                self.title if n == 0 else None,
                cell_len,
            )
        yield from console.render(Text(self.caption, style="dim"), options)

    def _lines(
        self,
        console: Console,
        options: ConsoleOptions,
        widths: list[int],
        columns: list[tuple[str, list[Cell]]],
        title: str | None,
        cell_len: Callable[[str], int],
    ) -> RenderResult:
        """One block, segment for segment as rich's Table draws it: header cells and
        their padding in bold, box lines and unstyled text plain, the means dimmed.

        Unstyled text that follows unstyled text is the same output in one segment or
        several; without colours (a pipe), styles are not drawn, so each line is one.
        """
        from rich import box
        from rich.segment import Segment
        from rich.style import Style

        table_width = sum(widths) + len(widths) - 1
        if title:
            options_ = options.update(width=table_width, highlight=False, height=None)
            text = console.render_str(title, style="table.title", highlight=False)
            yield from console.render(text, options_.update(justify="center"))
        frame = box.HEAVY_HEAD.substitute(options, safe=console.safe_box)
        styled = console.color_system is not None
        bold = console.get_style("bold") if styled else None
        dim = console.get_style("dim") if styled else None

        def line(pieces: list[tuple[str, Style | None]]) -> Iterator[Segment]:
            if not styled:
                yield Segment("".join([text for text, _ in pieces]) + "\n")
                return
            plain: list[str] = []
            for text, style in pieces:
                if style is None:
                    plain.append(text)
                    continue
                if plain:
                    yield Segment("".join(plain))
                    plain = []
                yield Segment(text, style)
            yield Segment("".join(plain) + "\n")

        names = [name for name, _ in [*self.keys, *columns]]
        right = [name == "day" for name, _ in self.keys] + [True] * len(columns)
        header: list[tuple[str, Style | None]] = []
        for i, (name, width, to_right) in enumerate(zip(names, widths, right, strict=True)):
            if i:
                header.append((frame.head_vertical, None))
            pad = " " * (width - 2 - cell_len(name))
            header += [(" ", bold), (pad + name if to_right else name + pad, bold), (" ", bold)]
        yield from line(header)
        yield Segment(frame.get_row(widths, "head", edge=False) + "\n")
        key_widths = widths[: len(self.keys)]
        column_widths = widths[len(self.keys) :]
        rows = len(self.keys[0][1])
        for i in range(rows):
            divider = frame.foot_vertical if i == rows - 1 else frame.mid_vertical
            pieces: list[tuple[str, Style | None]] = []
            for k, ((_, values), width) in enumerate(zip(self.keys, key_widths, strict=True)):
                value = values[i]
                pad = " " * (width - 2 - cell_len(value))
                cell = pad + value if right[k] else value + pad
                pieces.append((f"{divider} {cell} " if k else f" {cell} ", None))
            for (_, cells), width in zip(columns, column_widths, strict=True):
                total, mean = cells[i]
                pad = " " * (width - 2 - cell_len(total) - cell_len(mean))
                pieces.append((f"{divider} {pad}{total}", None))
                if mean:
                    pieces.append((mean, dim))
                pieces.append((" ", None))
            yield from line(pieces)

    def _rich_blocks(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The blocks measured and drawn by rich's Table."""
        from rich.measure import Measurement
        from rich.text import Text

        blocks: list[list[tuple[str, list[Cell]]]] = [[]]
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
        for n, table in enumerate(tables):
            if n:
                yield from console.render(Text(""), options)
            # As wide as it has to be: a table squeezed below that loses columns.
            width = Measurement.get(console, unbounded, table).maximum
            yield from console.render(table, options.update_width(max(width, options.max_width)))
        yield from console.render(Text(self.caption, style="dim"), options)


def wide_losses_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """Days (or periods) as rows, categories as columns; each cell the total, the
    increase (stated, else the change of totals) and, dimmed, the mean per day."""
    from warlosses.daily import rank, whole_days

    names = [str(c) for c in frame.columns]
    by_period = "period" in names
    means = [c for c in names if c.startswith("avg_")]
    mean = means[0] if means else None
    key = "period" if by_period else "day"
    at = {name: i for i, name in enumerate(names)}
    i_key, i_date, i_category, i_total = at[key], at["date"], at["category"], at["total"]
    i_step = at["change"] if by_period or "delta" not in at else at["delta"]
    i_change, i_mean = at["change"], None if mean is None else at[mean]
    i_days = at.get("days") if by_period else None
    i_day = at["day"]
    i_partial = at.get("partial") if by_period else None
    cells: dict[tuple[Any, str], Cell] = {}
    dates: dict[Any, str] = {}
    covered: dict[Any, str] = {}  # a period's days, as its latest row says: `31`, `8/31`
    for row in _tuples(frame):  # thousands of rows: by position, not by name
        step = row[i_step] if row[i_step] is not None else row[i_change]
        total = number(row[i_total])
        if step is not None:
            total += f" {step:+,}"
        average = ""
        if i_mean is not None and row[i_mean] is not None:
            average = f" ⌀{approx(row[i_mean])}"
        cells[(row[i_key], str(row[i_category]))] = (total, average)
        dates[row[i_key]] = _text(row[i_date])
        if i_days is not None:
            days = str(row[i_days])
            if i_partial is not None and row[i_partial]:
                days += f"/{whole_days(str(row[i_key]), row[i_day])}"
            covered[row[i_key]] = days
    keys = list(dates)
    categories = sorted({category for _, category in cells}, key=rank)
    key_columns = [(key, [str(k) for k in keys])]
    if not by_period:
        key_columns.append(("date", [dates[k] for k in keys]))
    else:
        key_columns.append(("to", [dates[k] for k in keys]))
        if covered:
            key_columns.append(("days", [covered.get(k, "") for k in keys]))
    columns = [(_label(c), [cells.get((k, c), ("", "")) for k in keys]) for c in categories]
    if by_period:
        caption = (
            "total at the period's last day (to), change over the period, ⌀ per day; days: "
            "the days the change covers (8/31: a partial period)"
        )
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


def totals_table(
    frame: pd.DataFrame | Rows, recent: pd.DataFrame | Rows, days: int = 30
) -> RenderableType:
    """One row per category: total, the day's increase, the 7-day mean, the trend, and the
    last 30 days' increases as a sparkline with the record day under it. A terminal too
    narrow for all of it gets the table without the sparkline, then without the means."""
    from rich.table import Table
    from rich.text import Text

    history: dict[str, dict[int, float | None]] = {}
    for row in _rows(recent):
        history.setdefault(str(row["category"]), {})[int(row["day"])] = row["increase"]
    cells = []
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
        cells.append((_label(row["category"]), total, approx(row["avg_7"]), trend, spark))
    names = ("category", "total  today", "7 d", "trend", f"last {days} days")
    captions = (
        "today: the day's increase; 7 d: mean per day over 7 days; trend: the last 30 days "
        "against the 30 before; · no figure; sums, 30-day means: --format csv|json",
        "today: the day's increase; 7 d: mean per day over 7 days; trend: the last 30 days "
        "against the 30 before; more: --format csv|json",
        "today: the day's increase; more: --format csv|json",
    )
    tables = []
    for shown, caption in zip((5, 4, 2), captions, strict=True):
        table = Table(show_edge=False, header_style="bold", caption=caption)
        table.add_column(names[0], overflow="fold")
        for name in names[1:shown]:
            table.add_column(name, justify="left" if name == names[4] else "right", no_wrap=True)
        for row_cells in cells:
            table.add_row(*row_cells[:shown])
        tables.append(_keep_whole(table))
    return _Narrowest(tables)


# ---------------------------------------------------------------------------------------
# span, compare, top: categories as rows


def _dates(first: Any, last: Any) -> str:
    """A span of dates, for reading: `2024-12-01 – 2024-12-31 (31 days)`."""
    start, end = date.fromisoformat(str(first)), date.fromisoformat(str(last))
    days = (end - start).days + 1
    if days == 1:
        return f"{start}"
    return f"{start} – {end} ({days:,} days)"


def _change(change: Any, mean: Any) -> str:
    """A change with its mean per day: `+9,050 ⌀1,293`."""
    if change is None:
        return ""
    return f"{change:+,}" + ("" if mean is None else f" ⌀{approx(mean)}")


def span_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """`span`: one row per category: the total at the end, the change over the span with
    its mean per day, and the record day."""
    from rich.table import Table

    rows = list(_rows(frame))
    since = rows[0]["since"] if rows else None
    until = max(str(row["until"]) for row in rows) if rows else None
    uneven = len({str(row["until"]) for row in rows}) > 1
    table = Table(
        show_edge=False,
        header_style="bold",
        title=f"Russia's losses, {_dates(since, until)}" if rows else None,
        caption="change: over the span, from the day before it; ⌀ per day; record: the "
        "largest daily increase in the span",
    )
    table.add_column("category", overflow="fold")
    if uneven:
        table.add_column("to", no_wrap=True)
    for name in ("total", "change"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("record", overflow="fold")
    for row in rows:
        record = ""
        if row["record_change"] is not None:
            record = f"{row['record_change']:+,} on {row['record_date']}"
        cells = [_label(row["category"])]
        if uneven:
            cells.append(_text(row["until"]))
        cells += [number(row["total"]), _change(row["change"], row["avg_per_day"]), record]
        table.add_row(*cells)
    return _keep_whole(table)


def compare_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """`compare`: per category the change over the span, over the span before and over
    the same span a year earlier, each with its mean per day, and the percentages."""
    from rich.table import Table

    rows = list(_rows(frame))
    spans = ""
    if rows:
        first = rows[0]
        parts = [f"this span {_dates(first['since'], max(str(r['until']) for r in rows))}"]
        for prefix, name in (("before", "before"), ("year", "a year before")):
            known = [r for r in rows if r[f"{prefix}_since"] is not None]
            if known:
                end = max(str(r[f"{prefix}_until"]) for r in known)
                parts.append(f"{name} {_dates(known[0][f'{prefix}_since'], end)}")
        spans = "; ".join(parts)
    table = Table(
        show_edge=False,
        header_style="bold",
        title="Russia's losses compared" if rows else None,
        caption=f"{spans}. Change over each span, ⌀ its mean per day; vs: how much more "
        "per day this span than that one",
    )
    table.add_column("category", overflow="fold")
    for name in ("this span", "before", "vs", "a year before", "vs"):
        table.add_column(name, justify="right", no_wrap=name == "vs", overflow="fold")
    for row in rows:
        table.add_row(
            _label(row["category"]),
            _stacked(row["change"], row["avg_per_day"]),
            _stacked(row["before_change"], row["before_avg_per_day"]),
            _percent(row["pct_vs_before"]),
            _stacked(row["year_change"], row["year_avg_per_day"]),
            _percent(row["pct_vs_year"]),
        )
    return _keep_whole(table)


def _stacked(change: Any, mean: Any) -> Text:
    """A change over its mean per day (dimmed), in two lines: narrow columns."""
    from rich.text import Text

    cell = Text("" if change is None else f"{change:+,}")
    if mean is not None:
        cell.append(f"\n⌀{approx(mean)}", style="dim")
    return cell


def _percent(value: Any) -> str:
    return "" if value is None else f"{value:+.1f}%"


def top_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """`top`: the days with the largest increase, by rank."""
    from rich.table import Table

    rows = list(_rows(frame))
    categories = list(dict.fromkeys(str(row["category"]) for row in rows))
    several = len(categories) > 1
    title = None
    if rows:
        what = _label(categories[0]) if not several else "Russia's losses"
        title = f"{what}: the days of the largest increase"
    table = Table(
        show_edge=False,
        header_style="bold",
        title=title,
        caption="increase: the one stated, else the change of totals",
    )
    if several:
        table.add_column("category", overflow="fold")
    for name in ("rank", "day"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    for name in ("increase", "total"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        cells = [_label(row["category"])] if several else []
        cells += [str(row["rank"]), str(row["day"]), _text(row["date"]), signed(row["increase"]),
                  number(row["total"])]  # fmt: skip
        table.add_row(*cells)
    return _keep_whole(table)


# ---------------------------------------------------------------------------------------
# check and sources


def check_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """day, date, category, kind and what is wrong, in words."""
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    for name in ("day", "date"):
        table.add_column(name, justify="right" if name == "day" else "left", no_wrap=True)
    table.add_column("category", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("detail", overflow="fold")
    for row in _rows(frame):
        category = "(all)" if row["category"] is None and row["kind"] == "gap" else row["category"]
        table.add_row(str(row["day"]), _text(row["date"]), _label(category or ""),
                      str(row["kind"]), _text(row["detail"]))  # fmt: skip
    return _keep_whole(table)


def sources_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """Sources with a short hash and the first ingestion to the minute (UTC)."""
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    table.add_column("source")
    table.add_column("sha256", no_wrap=True)
    table.add_column("first stored", overflow="fold")
    for name in ("days", "records"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("formats", overflow="fold")
    for row in _rows(frame):
        stored = _text(row["ingested_at"])[:16].replace("T", " ")
        short = str(row["source_sha256"])[:8]
        table.add_row(_Path(str(row["source"])), short, stored, number(row["days"]),
                      number(row["records"]), _text(row["formats"]))  # fmt: skip
    return _keep_whole(table)


class _Path:
    """A path that wraps after its separators (`data/` `briefing-01.txt`), a part too
    long for the width folded."""

    def __init__(self, path: str) -> None:
        from rich.cells import cell_len

        self.parts = re.findall(r"[^/\\]*[/\\]+|[^/\\]+$", path) or [path]
        self.widest = max(cell_len(part) for part in self.parts)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        return Measurement(min(self.widest, options.max_width), cell_len("".join(self.parts)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.text import Text

        lines = [""]
        for part in self.parts:
            if lines[-1] and cell_len(lines[-1] + part) > options.max_width:
                lines.append("")
            lines[-1] += part
        yield Text("\n".join(lines), overflow="fold")


# ---------------------------------------------------------------------------------------
# chart


Points = list[float | None]


class _Series:
    """What a chart draws, from a `chart` report: a label, a bar and a point of the line
    for each day or period, which of them are partial periods, and the readable names of
    the bars and the line. (A plain class: `dataclasses` would cost `--help` its import.)"""

    def __init__(self, labels: list[str], bars: Points, line: Points, partial: list[bool],
                 bar_name: str, line_name: str) -> None:  # fmt: skip
        self.labels, self.bars, self.line, self.partial = labels, bars, line, partial
        self.bar_name, self.line_name = bar_name, line_name


_UNITS = {"week": "weeks", "month": "months", "year": "years"}


def _chart_series(frame: pd.DataFrame | Rows) -> _Series:
    value, mean = str(frame.columns[-2]), str(frame.columns[-1])
    rows = list(_rows(frame))
    by_period = "period" in frame.columns
    labels = [str(row["period" if by_period else "date"]) for row in rows]
    n = mean.removeprefix("avg_")
    if by_period:
        label = labels[0] if labels else ""
        unit = "week" if "-W" in label else "month" if "-" in label else "year"
        names = (f"change per {unit}", f"mean over {n} {_UNITS[unit] if n != '1' else unit}")
    else:
        names = ("increase per day", f"mean over {n} {'days' if n != '1' else 'day'}")
    return _Series(
        labels,
        [row[value] for row in rows],
        [row[mean] for row in rows],
        [bool(row.get("partial")) for row in rows],
        *names,
    )


def _buckets(values: list[float | None], size: int) -> list[float | None]:
    out: list[float | None] = []
    for i in range(0, len(values), size):
        known = [v for v in values[i : i + size] if v is not None]
        out.append(sum(known) / len(known) if known else None)
    return out


class _Chart:
    """Bars for the increase and a line for its mean, drawn with block characters; a
    partial period's bar in a lighter shade."""

    HEIGHT = 12
    AXIS = 9

    def __init__(self, frame: pd.DataFrame | Rows) -> None:
        self.frame = frame

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.console import Group
        from rich.text import Text

        series = _chart_series(self.frame)
        labels = series.labels
        if not labels:
            yield Text("Nothing to draw.")
            return
        room = max(10, options.max_width - self.AXIS - 2)
        size = -(-len(series.bars) // room)
        bars, line = _buckets(series.bars, size), _buckets(series.line, size)
        partial = [any(series.partial[i : i + size]) for i in range(0, len(labels), size)]
        wide = max(1, min(3, room // len(bars)))
        bars = [v for v in bars for _ in range(wide)]
        line = [v for v in line for _ in range(wide)]
        partial = [v for v in partial for _ in range(wide)]
        known = [v for v in [*bars, *line] if v is not None]
        high = max([*known, 1.0])
        low = min([*known, 0.0])
        step = (high - low) / self.HEIGHT
        rows: list[Text] = []
        for level in range(self.HEIGHT, 0, -1):
            top, bottom = low + step * level, low + step * (level - 1)
            axis = approx(top) if level in (self.HEIGHT, self.HEIGHT // 2) else ""
            text = Text(f"{axis:>{self.AXIS}} ┤", style="dim")
            for bar, mean_value, light in zip(bars, line, partial, strict=True):
                text.append(_chart_cell(bar, mean_value, bottom, top, level == self.HEIGHT, light))
            rows.append(text)
        axis_line = Text(f"{approx(low):>{self.AXIS}} └" + "─" * len(bars), style="dim")
        first, last = labels[0], labels[-1]
        gap = max(1, len(bars) - len(first) - len(last) + 1)
        dates = Text(" " * (self.AXIS + 1) + first + " " * gap + last, style="dim")
        per = f"; each column: the mean of {size}" if size > 1 else ""
        shade = "  ░ a partial period" if any(series.partial) else ""
        legend = Text(f"█ {series.bar_name}  ━ {series.line_name}{shade}{per}", style="dim")
        yield Group(*rows, axis_line, dates, legend)


def _chart_cell(
    bar: float | None, mean: float | None, bottom: float, top: float, highest: bool,
    light: bool = False,
) -> Text:  # fmt: skip
    """One character of the chart: the mean's line over the bar it crosses."""
    from rich.text import Text

    if mean is not None and (bottom <= mean < top or (highest and mean >= top)):
        return Text("━", style="bold yellow")
    if bar is None or bar == 0:
        return Text(" ")
    if bar < 0:
        return Text("█" if bar < top and top <= 0 else " ", style="red")
    if bottom < 0 or bar <= bottom:
        return Text(" ")
    if light:
        return Text("░", style="cyan")
    if bar >= top:
        return Text("█", style="cyan")
    eighths = int((bar - bottom) / (top - bottom) * len(SPARKS))
    return Text(SPARKS[min(eighths, len(SPARKS) - 1)], style="cyan")


def terminal_chart(frame: pd.DataFrame | Rows) -> RenderableType:
    """The chart drawn with characters, fitted to the terminal's width."""
    return _Chart(frame)


def write_chart(frame: pd.DataFrame | Rows, path: Path, title: str) -> None:
    """The chart as a PNG or SVG file, through matplotlib (the `chart` extra)."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise WarlossesError(f"--output {path}: write a .png or .svg file")
    try:
        import matplotlib  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise WarlossesError("--output needs matplotlib: pip install 'warlosses[chart]'") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.ticker import FuncFormatter  # type: ignore[import-not-found, unused-ignore]

    series = _chart_series(frame)
    labels = series.labels
    figure, axes = pyplot.subplots(figsize=(10, 4.5))
    positions = list(range(len(labels)))
    heights = [math.nan if v is None else v for v in series.bars]
    whole = [math.nan if light else v for v, light in zip(heights, series.partial, strict=True)]
    axes.bar(positions, whole, color="#4a90c2", label=series.bar_name)
    if any(series.partial):
        part = [v if light else math.nan for v, light in zip(heights, series.partial, strict=True)]
        axes.bar(positions, part, color="#a9cbe3", hatch="//", edgecolor="#4a90c2",
                 label="a partial period")  # fmt: skip
    axes.plot(positions, [math.nan if v is None else v for v in series.line], color="#d9a400",
              linewidth=2, label=series.line_name)  # fmt: skip
    ticks = positions[:: max(1, len(positions) // 8)]
    axes.set_xticks(ticks, [labels[i] for i in ticks], rotation=30, ha="right")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
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


def preview_table(frame: pd.DataFrame | Rows) -> RenderableType:
    """`parse`: one table per document, one line per record."""
    from rich.console import Group
    from rich.table import Table

    tables: list[RenderableType] = []
    table: Table | None = None
    source = None
    for row in _rows(frame):
        if table is None or row["source"] != source:
            source = row["source"]
            table = Table(title=str(source), title_justify="left", show_edge=False)
            for column in ("day", "date", "rule", "form", "record", "figures"):
                justify = "right" if column in ("day", "figures") else "left"
                table.add_column(column, justify=justify, no_wrap=column != "record",  # type: ignore[arg-type]
                                 overflow="fold")  # fmt: skip
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
    return Group(*(_keep_whole(table) for table in tables if isinstance(table, Table)))
