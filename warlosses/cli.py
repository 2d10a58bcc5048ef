"""The command line: each command turns options into one call of the library
(`warlosses.api`, through `Store.rows`: the same reports as plain rows) and hands the
result to `output.emit`. Modules are imported inside the commands that use them, so that
`--help` and `--version` stay fast and `show`, `totals`, `export` and `civilians` never
import pandas or pyarrow (tests/test_docs.py checks)."""

import contextlib
import errno
import functools
import gc
import io
import os
import signal
import sys
import threading
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, cast

import typer
from typer._click.exceptions import ClickException  # typer's own copy of click
from typer.core import TyperCommand, TyperGroup

from warlosses import __version__
from warlosses.errors import ExitStatus, WarlossesError
from warlosses.formats import Format

if TYPE_CHECKING:
    from rich.console import Console

    from warlosses.api import Store
    from warlosses.daily import Rows
    from warlosses.ingest import Summary


def _stderr() -> "Console":
    # Made per call: tests swap sys.stderr, and a console binds the stream it is given.
    return _messages()(stderr=True, highlight=False, soft_wrap=True)


@functools.cache
def _messages() -> "type[Console]":
    """The console every message goes through: names in messages (of files, folders, the
    store) are shown escaped where they are not printable (see warlosses.names), so that
    a name can neither break a line nor send escape sequences to the terminal."""
    from rich.console import Console

    from warlosses.names import shown

    class Messages(Console):
        def print(self, *objects: Any, **options: Any) -> None:
            text = (shown(item) if isinstance(item, str) else item for item in objects)
            super().print(*text, **options)

    return Messages


class _Terminated(BaseException):
    """SIGTERM, raised where the main process is, so that everything on the way out is
    undone or finished as for any error: parse workers stopped, a half-written snapshot
    removed, the store's lock released. A BaseException, like KeyboardInterrupt: no
    handler of expected errors may take it for one."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


class _OutputError(Exception):
    """Standard output could not be written (a full disk, a closed pipe), told apart from
    every other OSError: see _Stdout."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


class _Stdout:
    """Standard output while a command runs: what it fails to write raises _OutputError."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise _OutputError(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise _OutputError(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_failed(error: _OutputError, stream: TextIO) -> None:
    """Say why standard output failed, except to a reader that stopped reading (`| head`),
    which chose to; then point the descriptor at /dev/null, so that what is still buffered
    goes nowhere at exit instead of failing again with a traceback."""
    if error.error.errno != errno.EPIPE:
        reason = str(error).lower()
        _stderr().print(f"Error: could not write the output ({reason})", markup=False)
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


class _Group(TyperGroup):
    """Turns the one expected error type into `Error: ...` and exit status 1; SIGTERM too.
    Lists the commands with their summaries whole (click cuts them at the terminal's width)."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _terminate)
        stdout = sys.stdout
        sys.stdout = cast(TextIO, _Stdout(stdout))
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except _OutputError as error:
            _output_failed(error, stdout)
            raise typer.Exit(ExitStatus.ERROR) from None
        except WarlossesError as error:
            _stderr().print(f"Error: {error}", markup=False)
            raise typer.Exit(ExitStatus.ERROR) from None
        except _Terminated:
            _stderr().print(
                "Error: stopped by SIGTERM; what was committed before is stored: run the "
                "same command again to complete it",
                markup=False,
            )
            raise typer.Exit(ExitStatus.ERROR) from None
        except ClickException as error:
            # A usage error quotes what was typed: escaped like every other message.
            from warlosses.names import shown

            error.message = shown(error.message)
            raise
        finally:
            sys.stdout = stdout
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


_WHEN_OPTIONS = ("--since", "--until", "--at")


class _Command(TyperCommand):
    """A command whose usage line names its arguments as its help does (`PATH...`,
    `CATEGORY`; typer braces required ones and drops the dots of repeated ones)."""

    def invoke(self, ctx: Any) -> Any:
        # The objects start-up made live until exit: frozen, the garbage collector stops
        # walking them each time a report's rows set it off (a tenth of a quick report).
        gc.freeze()
        return super().invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = param.metavar or (param.name or "").upper()
            if param.nargs != 1 and not name.endswith("..."):
                name += "..."
            pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
        return pieces


class _WhenCommand(_Command):
    """Lets `--since day 1000` be typed as two words, the way people say it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        joined: list[str] = []
        i = 0
        while i < len(args):
            if (
                args[i] in _WHEN_OPTIONS
                and i + 2 < len(args)
                and args[i + 1].lower() == "day"
                and args[i + 2].replace(",", "").isdigit()
            ):
                joined += [args[i], f"day {args[i + 2]}"]
                i += 3
            else:
                joined.append(args[i])
                i += 1
        return super().parse_args(ctx, joined)


app = typer.Typer(
    cls=_Group,
    name="warlosses",
    help=(
        "Track Russia's losses in its war against Ukraine from the reports people read.\n\n"
        "Ingest briefings and saved General Staff pages, then report totals and daily "
        "increases by war day (day 1 = 2022-02-24)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Click's plain help: typer's Rich help panels import ~85 ms of modules (rich.markdown,
    # rich.traceback), which would double the time `--help` takes.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warlosses {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track Russia's losses in its war against Ukraine from the reports people read."""


# Text, not a Path: typer would turn `--store ""` into ".", the current folder (see _store).
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="FOLDER",
        help="Store folder. Default: $WARLOSSES_STORE, else `warlosses` in your data folder.",
        show_default=False,
    ),
]
# The most of days, periods or rows any numeric option takes: far beyond the war's length,
# and a bound, so that no figure computed from it can overflow.
MOST = 100_000
# The most parse processes `--jobs` starts: parsing is bound by the processor, so more
# processes than cores only cost memory (each is a copy of the ingest).
MOST_JOBS = 64
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, csv, json or jsonl."
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help="From this day, or the start of this span: `day 1,000`, `2024-12-01`, `2024-12`, "
        "`2024-W52`, `7d`, `yesterday`...",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="WHEN",
        help="To this day, or the end of this span (the same forms as --since).",
        show_default=False,
    ),
]


class By(StrEnum):
    """`--by`: one row per day, or per ISO week, month or year."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


ByOption = Annotated[
    By,
    typer.Option(
        "--by", metavar="PERIOD", help="One row per day, week (2024-W52), month (2024-12) or year."
    ),
]
OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline", help="Fetch nothing: read web addresses from the cache of earlier runs."
    ),
]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        "-c",
        metavar="CATEGORY",
        help="Only these categories: `tanks`, `tanks,drones` (repeatable; the data set's "
        "names such as `APC` work too).",
        show_default=False,
    ),
]
WideOption = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="One row per day (or period), one column per category: for spreadsheets.",
    ),
]
ValueOption = Annotated[
    str,
    typer.Option(
        "--value",
        metavar="FIELD",
        help="With --wide, what each cell holds: total, change, delta, avg_7...",
    ),
]
WindowOption = Annotated[
    int | None,
    typer.Option(
        "--window",
        "-w",
        metavar="N",
        help="Mean of the daily change over N days, field avg_N. Default: 7.",
        show_default=False,
        min=1,
        max=MOST,
    ),
]


def _store(path: str | None) -> "Store":
    """The store `--store` names. An empty `--store ""` is a mistake (a script's
    `--store "$STORE"` with STORE unset), not the current folder; an empty
    $WARLOSSES_STORE, as an unset one, means the default."""
    from warlosses.api import Store

    if path == "":
        raise WarlossesError(
            "--store is empty; give a folder, or leave --store out for the default "
            "($WARLOSSES_STORE, else your data folder)"
        )
    return Store(path)


@app.command(cls=_WhenCommand)
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Files, folders or web addresses: pages and texts (.txt, .md, .html, .htm), "
            "feeds (.xml, .rss, .atom), e-mail (.eml, mbox), Telegram exports (result.json); "
            "`-` reads standard input.",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date every report as YYYY-MM-DD (overrides the text).",
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        int | None,
        typer.Option(
            "--day", metavar="N", help="Date every report as war day N.", show_default=False
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Processes that parse a large batch (at most 64). Default: one per core, "
            "at most 4.",
            show_default=False,
            min=1,
            max=MOST_JOBS,
        ),
    ] = None,
    offline: OfflineOption = False,
) -> None:
    """Read briefings, pages, feeds, e-mail and Telegram exports; store every report.

    Every loss report and civilian count found is stored; web addresses are fetched.

    Example:

    \b
      warlosses ingest data/
      warlosses ingest --date 2024-12-28 briefing.txt
      warlosses ingest https://example.org/losses/feed.xml newsletters.mbox
    """
    with _progress() as progress:
        summary = _store(store).ingest(
            paths, date=date, day=day, jobs=jobs, progress=progress, offline=offline
        )
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(ExitStatus.ERROR)


class _progress:
    """A progress bar on stderr for long batches, only when stderr is a terminal."""

    THRESHOLD = 50

    def __init__(self, threshold: int | None = None, label: str = "Reading") -> None:
        self.threshold = self.THRESHOLD if threshold is None else threshold
        self.label = label

    def __enter__(self) -> Any:
        self.bar: Any = None
        self.task: Any = None
        if not sys.stderr.isatty():
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=_stderr(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_notices(summary: "Summary") -> None:
    """One line per file worth mentioning, on stderr."""
    err = _stderr()
    for notice in summary.notices:
        prefix = "Error: " if notice.error else ""
        err.print(f"{prefix}{notice.name}: {notice.message}", markup=False)


def _print_summary(summary: "Summary") -> None:
    _print_notices(summary)
    _stderr().print(str(summary), markup=False)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


@app.command(cls=_WhenCommand)
def show(
    since: SinceOption = None,
    until: UntilOption = None,
    category: CategoryOption = None,
    window: WindowOption = None,
    by: ByOption = By.day,
    last: Annotated[
        int | None,
        typer.Option(
            "--last",
            metavar="N",
            help="Only the last N days (or periods).",
            show_default=False,
            min=1,
            max=MOST,
        ),
    ] = None,
    wide: WideOption = False,
    value: ValueOption = "total",
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show totals, daily increases and their rolling mean, by day, week, month or year.

    Example:

    \b
      warlosses show --since day 1000 -c tanks -c artillery --by month
      warlosses show --by month --wide --value change -f csv > months.csv
    """
    from warlosses.output import wide_losses_table

    frame = _store(store).rows.series(
        since,
        until,
        categories=category,
        window=window,
        by=by.value,
        last=last,
        wide=wide,
        value=value,
    )
    _emit(frame, fmt, render=None if wide else wide_losses_table, title="Russia's losses")


@app.command(cls=_WhenCommand)
def export(
    since: SinceOption = None,
    until: UntilOption = None,
    category: CategoryOption = None,
    wide: WideOption = False,
    value: ValueOption = "total",
    civilians: Annotated[
        bool,
        typer.Option(
            "--civilians", help="The civilian rows (day, region, deaths, injuries) instead."
        ),
    ] = False,
    observations: Annotated[
        bool,
        typer.Option(
            "--observations",
            help="Every stored observation, of every source, with all the store's columns: "
            "what `import` reads back into the same store.",
        ),
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = Format.csv,
) -> None:
    """Export every loss record, one row per day and category (CSV by default).

    Example:

    \b
      warlosses export --format jsonl | jq .
      warlosses export --wide > totals.csv
      warlosses export --civilians --observations > civilians.csv
    """
    for given, name in ((civilians, "--civilians"), (observations, "--observations")):
        if given and wide:
            raise typer.BadParameter(f"{name} cannot be used with --wide", param_hint="'--wide'")
    if civilians and category:
        raise typer.BadParameter("--civilians cannot be used with --category", param_hint="'-c'")
    rows = _store(store).rows
    if observations:
        frame = rows.observations(since, until, categories=category, civilians=civilians)
    elif civilians:
        frame = rows.civilians(since, until)
    else:
        frame = rows.losses(since, until, categories=category, wide=wide, value=value)
    _emit(frame, fmt)


@app.command(cls=_WhenCommand)
def civilians(
    since: SinceOption = None,
    until: UntilOption = None,
    by: ByOption = By.day,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", metavar="REGION", help="Only this region, e.g. Donetsk.", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show civilian deaths and injuries per day and region, or summed per week or month.

    Example:

    \b
      warlosses civilians --by month --region Donetsk
    """

    frame = _store(store).rows.civilians(since, until, by=by.value, region=region)
    _emit(frame, fmt, title="Civilian casualties (region empty: the day's national figure)")


@app.command(cls=_WhenCommand)
def totals(
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="The day to report (`day 1,039`, `2024-12-28`), or the last stored day of a "
            "span (`2024-12`). Default: the last stored day.",
            show_default=False,
        ),
    ] = None,
    category: CategoryOption = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show the day's dashboard: totals, changes, 7/30-day sums and means, trend, record.

    Example:

    \b
      warlosses totals --at day 1039
    """
    from warlosses.output import totals_table

    dashboard = _store(store).rows.dashboard(at, categories=category)
    render = partial(totals_table, recent=dashboard.recent)
    _emit(dashboard.frame, fmt, render=render, title="Russia's losses on the day")


class _SpanCommand(_WhenCommand):
    """Also joins a WHEN argument typed as two words (`span day 1000..1100`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        joined: list[str] = []
        for arg in args:
            if joined and joined[-1].lower().endswith("day") and arg[:1].isdigit():
                last = joined[-1].lower()
                if last == "day" or last.endswith("..day"):
                    joined[-1] = f"{joined[-1]} {arg}"
                    continue
            joined.append(arg)
        return super().parse_args(ctx, joined)


WhenArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[WHEN]",
        help="The span: `7d`, `2024-12`, `2024-W52`, `2026-01-01..2026-08-08`, `day 1,000`... "
        "Default: the whole war.",
        show_default=False,
    ),
]


@app.command(cls=_SpanCommand)
def span(
    when: WhenArgument = None,
    since: SinceOption = None,
    until: UntilOption = None,
    category: CategoryOption = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Sum up a span: per category the total, the change, per day and the record day.

    Example:

    \b
      warlosses span 7d
      warlosses span 2026-01-01..2026-08-08 -c tanks,drones
    """
    from warlosses.output import span_table

    frame = _store(store).rows.span(when, since=since, until=until, categories=category)
    _emit(frame, fmt, render=span_table)


@app.command(cls=_SpanCommand)
def compare(
    when: Annotated[
        str,
        typer.Argument(
            metavar="WHEN",
            help="The span to compare: `7d`, `2024-12`, `2024-W52`, `2024-12-01..2024-12-15`...",
            show_default=False,
        ),
    ],
    category: CategoryOption = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Compare a span with the span before it and with the same span a year earlier.

    Example:

    \b
      warlosses compare 2024-12 -c tanks
      warlosses compare 30d --format csv
    """
    from warlosses.output import compare_table

    frame = _store(store).rows.compare(when, categories=category)
    _emit(frame, fmt, render=compare_table)


@app.command(cls=_SpanCommand)
def top(
    category: Annotated[
        str,
        typer.Argument(
            metavar="CATEGORY",
            help="The category, e.g. drones (or a comma list).",
            show_default=False,
        ),
    ],
    when: WhenArgument = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", metavar="N", help="How many days.", min=1, max=MOST),
    ] = 10,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the days with the largest increase of a category, within a span.

    Example:

    \b
      warlosses top drones --since 2026-01
      warlosses top personnel 1y -n 5
    """
    from warlosses.output import top_table

    frame = _store(store).rows.top(category, when, since=since, until=until, limit=limit)
    _emit(frame, fmt, render=top_table)


@app.command(cls=_Command)
def check(
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit with status 1 when anything is found.")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List corrections, decreasing totals, gaps, civilian sums and conflicting sources.

    Example:

    \b
      warlosses check --strict --format jsonl
    """
    from warlosses.output import check_table, emit

    frame = _store(store).rows.check()
    if len(frame) == 0:
        _stderr().print("Nothing to check: the store is consistent.", markup=False)
    emit(frame, fmt, render=check_table, title="Figures to look at twice")
    if strict and len(frame) > 0:
        raise typer.Exit(ExitStatus.ERROR)


@app.command(cls=_WhenCommand)
def chart(
    category: Annotated[
        str,
        typer.Argument(
            metavar="CATEGORY", help="The category to draw, e.g. tanks.", show_default=False
        ),
    ],
    since: SinceOption = None,
    until: UntilOption = None,
    by: ByOption = By.day,
    window: Annotated[
        int | None,
        typer.Option(
            "--window",
            "-w",
            metavar="N",
            help="Mean over N days (default 7) or N periods with --by (default 4).",
            show_default=False,
            min=1,
            max=MOST,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write a .png or .svg (needs the `chart` extra: matplotlib).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    store: StoreOption = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: table (the chart), csv, json or jsonl (the points drawn).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Draw a category's daily increase and its rolling mean (the last 60 days by default).

    Example:

    \b
      warlosses chart tanks --since 2024-12-01 --by week
    """
    from warlosses.output import terminal_chart, write_chart

    if output is not None and fmt is not None:
        raise typer.BadParameter(
            "--output draws a picture, --format writes text: give one of them",
            param_hint="'--format'",
        )
    frame = _store(store).rows.chart(category, since, until, by=by.value, window=window)
    title = f"{category.replace('_', ' ')}: change per {by} and its mean"
    if output is not None:
        if len(frame) == 0:
            raise WarlossesError(frame.note or "nothing to draw")
        write_chart(frame, output, title)
        _stderr().print(f"Wrote {output}", markup=False)
    else:
        _emit(frame, fmt or Format.table, render=terminal_chart, title=title)


@app.command("import", cls=_Command)
def import_(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="Files: the data set's JSON or CSV, the russianwarship.rip API's JSON, or a "
            "warlosses export (CSV, JSON, JSONL).",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
) -> None:
    """Backfill history from public data sets and from warlosses' own exports.

    Example:

    \b
      warlosses import russia_losses_equipment.json russia_losses_personnel.json
    """
    summary = _store(store).import_files(paths)
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(ExitStatus.ERROR)


class UpdateSource(StrEnum):
    """`update --from`: the data set's files, or the statistics API."""

    dataset = "dataset"
    rip = "rip"


@app.command()
def update(
    source: Annotated[
        UpdateSource,
        typer.Option(
            "--from",
            metavar="SOURCE",
            help="dataset: the 2022-Ukraine-Russia-War-Dataset's JSON files; rip: the "
            "russianwarship.rip statistics API.",
        ),
    ] = UpdateSource.dataset,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="BASE",
            help="Read the source from this address (a mirror) instead of its own.",
            show_default=False,
        ),
    ] = None,
    offline: OfflineOption = False,
    store: StoreOption = None,
) -> None:
    """Bring the store up to date from a public data set, fetching only what is missing.

    Example:

    \b
      warlosses update
      warlosses update --from rip
      warlosses update --from dataset --url https://mirror.example/data/
    """
    with _progress(threshold=2, label="Fetching") as progress:
        summary = _store(store).update(source, url=url, offline=offline, progress=progress)
    _print_summary(summary)
    err = _stderr()
    for line in _added(summary.days_added, "Added"):
        err.print(line, markup=False)
    for line in _added(summary.days_changed, "New figures for"):
        err.print(line, markup=False)
    if summary.failed:
        raise typer.Exit(ExitStatus.ERROR)


def _added(days: list[int], verb: str) -> list[str]:
    """Days as runs: `Added days 1044-1046 (2025-01-02 to 2025-01-04).`"""
    from warlosses.warday import date_of

    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][1] + 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    lines = []
    for first, last in runs:
        if first == last:
            lines.append(f"{verb} day {first} ({date_of(first)}).")
        else:
            lines.append(f"{verb} days {first}-{last} ({date_of(first)} to {date_of(last)}).")
    return lines


@app.command(cls=_Command)
def forget(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE",
            help="A source as `warlosses sources` lists it: its name, or the start of its "
            "SHA-256 (4 hex digits or more).",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list what would go; change nothing.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Take back everything source documents gave, in one commit; reports use the rest.

    Example:

    \b
      warlosses forget --dry-run data/briefing-01.txt
      warlosses forget a4c9df1f
    """
    err = _stderr()
    forgotten = _store(store).forget(
        sources, dry_run=dry_run, tell=lambda line: err.print(line, markup=False)
    )
    err.print(str(forgotten), markup=False)


@app.command(cls=_Command)
def sources(store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """List the documents and files the store was built from.

    Example:

    \b
      warlosses sources --format csv
    """
    from warlosses.output import sources_table

    frame = _store(store).rows.sources()
    _emit(frame, fmt, render=sources_table, title="Sources")


@app.command("parse", cls=_WhenCommand)
def parse_(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Files, folders or web addresses, as for `ingest`; `-` reads standard input.",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date every report as YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        int | None,
        typer.Option(
            "--day", metavar="N", help="Date every report as war day N.", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = Format.table,
    offline: OfflineOption = False,
) -> None:
    """Show what `ingest` would store, and which rule dated each report; store nothing.

    Example:

    \b
      warlosses parse saved-page.html --format jsonl
    """
    from warlosses.output import emit, preview_table

    with _progress() as progress:
        rows, summary = _store(store).preview(
            paths, date=date, day=day, progress=progress, offline=offline
        )
    _print_notices(summary)
    _stderr().print(
        f"{summary.read()}, found {_count(summary.reports_found, 'report')}; nothing stored.",
        markup=False,
    )
    if len(rows) or fmt is not Format.table:
        emit(rows, fmt, render=preview_table, title="What ingest would store")
    if summary.failed:
        raise typer.Exit(ExitStatus.ERROR)


def _emit(frame: "Rows", fmt: Format, **options: Any) -> None:
    """`output.emit`, but an empty answer is one line on stderr, and no table (machine
    formats still give their header or `[]`)."""
    from warlosses.output import emit

    if len(frame) == 0:
        _stderr().print(frame.note or "No records match.", markup=False)
        if fmt is Format.table:
            return
    emit(frame, fmt, **options)


def main() -> None:
    """The console script's entry point."""
    app()
