"""The Parquet store: one reader, one writer, atomic replacement, one lock.

Layout of a store folder:

    STORE/current -> snapshots/000012      a symlink, swapped atomically on every write
    STORE/snapshots/000012/losses.parquet    loss observations
    STORE/snapshots/000012/civilians.parquet civilian casualty observations
    STORE/snapshots/000012/daily.json        derived: the daily views, for fast reports
    STORE/lock                               held while an ingest reads, merges and writes

A snapshot is written in full in a temporary folder, flushed to disk and renamed before
`current` is pointed at it, so a crash leaves the old or the new store, never a mix.

Readers take no lock: they resolve `current` once and read that snapshot, which is never
changed, only pruned two writes later (a reader that loses that race reads again).

The tables hold observations: one row per day, category (or region) and source document.
The daily view picks one observation per day and category (see `losses_view`).

`daily.json` holds the daily views as plain JSON, so that `show`, `totals`, `export` and
`civilians` answer without importing pandas or pyarrow (most of their time). It is derived,
never the source of truth: it names the SHA-256 of the Parquet files it was made from, and
a report that finds it missing or not made from the files beside it reads the Parquet
files instead (and saves a new one when it can). pandas and pyarrow are imported only
where a function needs them, for the same reason.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from warlosses.errors import WarlossesError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    LOSSES_SCHEMA: pa.Schema
    CIVILIANS_SCHEMA: pa.Schema

# The schema version written into every file's metadata. Raise it when a column is added,
# removed or changes meaning, and add to _UPGRADES the step from the version before.
# Older files are upgraded as they are read, and the next ingest writes them in the
# current version; newer files are refused.
#   0  as 1, without `ingested_at`
#   1  as 2, without `source_bytes` (a name that was not UTF-8 could not be stored)
#   2  the current layout (see LOSSES_SCHEMA, CIVILIANS_SCHEMA)
SCHEMA_VERSION = 2
_VERSION_KEY = b"warlosses.schema_version"
LOSSES_FILE = "losses.parquet"
CIVILIANS_FILE = "civilians.parquet"
DAILY_FILE = "daily.json"
# daily.json's layout; another version is rebuilt, never read. 2: a header with the
# views' own SHA-256 before them (1 had none, so a changed figure went unseen).
_DAILY_VERSION = 2
_DATA_KEY = b',"views":'  # what separates daily.json's header from the views
_OWN_ENTRIES = frozenset({"current", "snapshots", "lock", "current.tmp"})
LOCK_TIMEOUT = 60.0  # seconds; a writer holds the lock only to merge and write one batch
_READ_ATTEMPTS = 5


@functools.cache
def _schemas() -> dict[str, pa.Schema]:
    """The schema of each store file, by the file's name."""
    import pyarrow as pa

    losses = pa.schema(
        [
            ("day", pa.int32()),
            ("date", pa.date32()),
            ("category", pa.string()),
            ("total", pa.int64()),
            ("delta", pa.int64()),
            ("format", pa.string()),
            ("rule", pa.string()),
            ("direction", pa.string()),
            ("source", pa.string()),
            ("source_sha256", pa.string()),
            ("ingested_at", pa.timestamp("us", tz="UTC")),
            ("source_bytes", pa.binary()),
        ]
    )
    civilians = pa.schema(
        [
            ("day", pa.int32()),
            ("date", pa.date32()),
            ("region", pa.string()),
            ("deaths", pa.int64()),
            ("injuries", pa.int64()),
            ("rule", pa.string()),
            ("source", pa.string()),
            ("source_sha256", pa.string()),
            ("ingested_at", pa.timestamp("us", tz="UTC")),
            ("source_bytes", pa.binary()),
        ]
    )
    return {LOSSES_FILE: losses, CIVILIANS_FILE: civilians}


_SCHEMA_NAMES = {"LOSSES_SCHEMA": LOSSES_FILE, "CIVILIANS_SCHEMA": CIVILIANS_FILE}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """LOSSES_SCHEMA and CIVILIANS_SCHEMA, built on first use (PEP 562)."""
        if name in _SCHEMA_NAMES:
            return _schemas()[_SCHEMA_NAMES[name]]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Columns a file written by warlosses never leaves empty.
_REQUIRED = {
    LOSSES_FILE: ["day", "date", "category", "total", "source", "source_sha256"],
    CIVILIANS_FILE: ["day", "date", "deaths", "injuries", "source", "source_sha256"],
}
LOSS_KEY = ["day", "category", "source_sha256"]
CIVILIAN_KEY = ["day", "region", "source_sha256"]

# The daily view prefers the General Staff's own lists over relayed figures.
FORMAT_RANK = {"B": 0, "C": 0, "E": 1, "D": 2, "A": 3}


@dataclass(frozen=True)
class Tables:
    """Everything a store holds, as pandas frames in the schemas above.

    `version` is the schema version the store was read in: below SCHEMA_VERSION when it
    was upgraded on reading and should be written again.
    """

    losses: pd.DataFrame
    civilians: pd.DataFrame
    version: int = SCHEMA_VERSION


@dataclass(frozen=True)
class ArrowTables:
    """Everything a store holds, as Arrow tables in the schemas above: what ingest and
    import merge and write, without pandas (most of a short run's import time)."""

    losses: pa.Table
    civilians: pa.Table
    version: int = SCHEMA_VERSION

    def to_pandas(self) -> Tables:
        return Tables(
            self.losses.to_pandas(types_mapper=_types),
            self.civilians.to_pandas(types_mapper=_types),
            self.version,
        )


# The daily views as plain rows (see DailyView): dates as ISO strings, None where missing.
DAILY_LOSS_COLUMNS = ("day", "date", "category", "total", "delta", "source")
DAILY_CIVILIAN_COLUMNS = ("day", "date", "region", "deaths", "injuries", "source")
LossRow = tuple[int, str, str, int, int | None, str]
CivilianRow = tuple[int, str, str | None, int, int, str]


@dataclass(frozen=True)
class DailyView:
    """`losses_view` and `civilians_view` as plain Python rows, in their order (by day,
    then category; by day, headline first, then region): what daily.json holds."""

    losses: list[LossRow]
    civilians: list[CivilianRow]


def empty_arrow_tables() -> ArrowTables:
    from warlosses import arrow

    schemas = _schemas()
    return ArrowTables(
        arrow.table([], schemas[LOSSES_FILE]), arrow.table([], schemas[CIVILIANS_FILE])
    )


def to_arrow(tables: Tables | ArrowTables) -> ArrowTables:
    """`tables` as Arrow tables in the store's schemas."""
    if isinstance(tables, ArrowTables):
        return tables
    import pyarrow as pa

    schemas = _schemas()
    losses, civilians = schemas[LOSSES_FILE], schemas[CIVILIANS_FILE]
    return ArrowTables(
        pa.Table.from_pandas(tables.losses[losses.names], schema=losses, preserve_index=False),
        pa.Table.from_pandas(
            tables.civilians[civilians.names], schema=civilians, preserve_index=False
        ),
        tables.version,
    )


def to_frame(rows: list[dict[str, object]], schema: pa.Schema) -> pd.DataFrame:
    """Rows (dicts by column name) as a frame in `schema`'s dtypes.

    Built through Arrow: pandas alone makes an int column with a missing value float,
    which rounds integers past 2**53.
    """
    import pyarrow as pa

    table = pa.Table.from_pylist(rows, schema=schema)
    frame: pd.DataFrame = table.to_pandas(types_mapper=_types)
    return frame


def _types(arrow_type: pa.DataType) -> object:
    """Nullable pandas dtypes, so that a missing increase stays missing and ints stay ints."""
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None


class Store:
    """A store folder; see the module's docstring for its layout."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def current(self) -> Path:
        return self.path / "current"

    def exists(self) -> bool:
        """Whether anything was ever stored here (`current` exists, even if broken)."""
        return os.path.lexists(self.current)

    def check_usable(self) -> None:
        """Refuse a path that is a file, or a folder of something other than a store."""
        try:
            mode = os.stat(self.path).st_mode
            names = os.listdir(self.path) if stat.S_ISDIR(mode) else []
        except FileNotFoundError:
            return
        except OSError as error:
            raise WarlossesError(f"cannot open the store {self.path} ({_reason(error)})") from None
        if not stat.S_ISDIR(mode):
            raise WarlossesError(
                f"store path {self.path} is a file, not a store folder; "
                "pass --store with a folder path"
            )
        foreign = sorted(name for name in names if name not in _OWN_ENTRIES)
        if foreign and not self.exists():
            raise WarlossesError(
                f"{self.path} is not a warlosses store (it holds {foreign[0]!r} and "
                "no store); pass --store with an empty or new folder"
            )

    def read(self) -> Tables:
        """The whole store as pandas frames; empty ones when nothing has been stored yet."""
        return self.read_arrow().to_pandas()

    def read_arrow(self) -> ArrowTables:
        """The whole store as Arrow tables; empty ones when nothing has been stored yet."""
        self.check_usable()
        for _ in range(_READ_ATTEMPTS):
            folder = self._snapshot()
            if folder is None:
                return empty_arrow_tables()
            try:
                schemas = _schemas()
                losses, old_losses = _read_table(folder / LOSSES_FILE, schemas[LOSSES_FILE])
                civilians, old_civilians = _read_table(
                    folder / CIVILIANS_FILE, schemas[CIVILIANS_FILE]
                )
            except _Missing as missing:
                if self._snapshot() != folder:
                    continue  # pruned by a writer after `current` moved on: read the new one
                raise WarlossesError(
                    f"the store is damaged: {missing.path} is missing; "
                    "ingest again into a new --store"
                ) from None
            return ArrowTables(losses, civilians, min(old_losses, old_civilians))
        raise WarlossesError(
            f"the store {self.path} changed under every read; try again when ingests are done"
        )

    def snapshot(self) -> Path | None:
        """The snapshot folder the store is at now (None when nothing is stored). Snapshots
        never change, so a caller holding tables read from or written to this folder need
        not read them again."""
        return self._snapshot()

    def read_existing(self) -> Tables:
        """The whole store, or an error telling the user to ingest first."""
        self._check_existing()
        return self.read()

    def read_daily(self) -> DailyView:
        """The daily views, or an error telling the user to ingest first: what `show`,
        `totals`, `export` and `civilians` report, read without pandas or pyarrow.

        They come from the snapshot's daily.json when it was derived from the Parquet files
        beside it; otherwise from those files (with every check `read` makes), and they are
        saved as daily.json for the next report when the folder is writable.
        """
        self._check_existing()
        folder = self._snapshot()
        if folder is not None:
            view = _read_daily(folder)
            if view is not None:
                return view
        view = daily_view(self.read_arrow())
        # `current` only moves on to higher numbers: when it points at the same folder
        # after the read as before, the read was of that folder.
        if folder is not None and self._snapshot() == folder:
            with contextlib.suppress(OSError):  # a read-only store is read the slow way
                _write_daily(folder, view)
        return view

    def _check_existing(self) -> None:
        self.check_usable()
        if not self.exists():
            raise WarlossesError(
                f"no store at {self.path}; run `warlosses ingest PATH...` first (or pass --store)"
            )

    def _snapshot(self) -> Path | None:
        """The snapshot folder `current` points at; None when nothing has been stored."""
        try:
            target = os.readlink(self.current)
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno == errno.EINVAL and self.current.is_dir():
                return self.current  # a store copied without its links: readable as it is
            raise WarlossesError(
                f"the store is damaged: {self.current} is not a link to a snapshot "
                f"({_reason(error)}); ingest again into a new --store"
            ) from None
        snapshots = self._snapshots()
        parts = PurePosixPath(target).parts
        if len(parts) != 2 or parts[0] != "snapshots" or not _is_number(parts[1]):
            raise WarlossesError(
                f"the store is damaged: {self.current} points at {target}, outside the "
                f"store's snapshots; point it at one of {snapshots} "
                "(`ln -sfn snapshots/NNNNNN current`) or ingest again into a new --store"
            )
        folder = snapshots / parts[1]
        _not_a_link(folder)
        if not folder.is_dir():
            raise WarlossesError(
                f"the store is damaged: {self.current} points at {target}, which does not "
                f"exist; point it at a whole snapshot in {snapshots} or ingest "
                "again into a new --store"
            )
        return folder

    def _snapshots(self) -> Path:
        """The snapshots folder, which must be the store's own, not a link elsewhere."""
        snapshots = self.path / "snapshots"
        _not_a_link(snapshots)
        return snapshots

    def write(self, tables: Tables | ArrowTables) -> DailyView:
        """Replace the store's content atomically with `tables`. Call it holding the lock.
        Returns the daily views it saved with them.

        On failure (a full disk, no permission) the store is left as it was.
        """
        tables = to_arrow(tables)
        self.check_usable()
        self._snapshot()  # a damaged store is refused, never replaced
        if self.current.is_dir() and not self.current.is_symlink():
            raise WarlossesError(
                f"{self.current} is a folder, not a link (was the store copied without its "
                "links?); copy it again with `cp -a`, or ingest into a new --store"
            )
        snapshots = self._snapshots()
        written: Path | None = None  # a snapshot of ours not yet pointed at by `current`
        switched = False
        try:
            snapshots.mkdir(parents=True, exist_ok=True)
            for leftover in snapshots.glob("*.tmp"):
                shutil.rmtree(leftover, ignore_errors=True)
            numbers = [int(p.name) for p in snapshots.iterdir() if _is_number(p.name)]
            name = f"{max(numbers, default=0) + 1:06d}"
            written = snapshots / f"{name}.tmp"
            written.mkdir()
            _write_table(tables.losses, written / LOSSES_FILE)
            _write_table(tables.civilians, written / CIVILIANS_FILE)
            view = daily_view(tables)
            _write_daily(written, view)
            _fsync_dir(written)
            written = written.rename(snapshots / name)
            _fsync_dir(snapshots)
            link = self.path / "current.tmp"
            if os.path.lexists(link):
                link.unlink()
            link.symlink_to(Path("snapshots") / name)
            os.replace(link, self.current)
            switched, written = True, None
            _fsync_dir(self.path)
        except OSError as error:
            state = "the new snapshot is in place" if switched else "it is unchanged"
            raise WarlossesError(
                f"could not write the store {self.path} ({_reason(error)}); {state}"
            ) from None
        finally:
            # Not the snapshot `current` already points at: an interruption (SIGTERM,
            # Ctrl-C) can land between the switch and the line that records it.
            if written is not None and os.path.realpath(self.current) != str(written.resolve()):
                shutil.rmtree(written, ignore_errors=True)
        # Keep the previous snapshot too: a reader may still be reading it.
        for old in sorted(n for n in numbers if n < int(name) - 1):
            shutil.rmtree(snapshots / f"{old:06d}", ignore_errors=True)
        return view

    @contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's lock for a read-modify-write; wait at most `timeout` seconds
        (default LOCK_TIMEOUT) for another holder to finish.

        flock is released by the kernel when its holder dies, so a killed ingest never
        leaves a stale lock behind.
        """
        wait = LOCK_TIMEOUT if timeout is None else timeout
        self.check_usable()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
            handle = os.fdopen(_open_regular(self.path / "lock", flags), "r+b")
        except OSError as error:
            raise WarlossesError(
                f"could not lock the store {self.path} ({_reason(error)}); "
                "check that the folder is writable"
            ) from None
        with handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise WarlossesError(
                            f"the store {self.path} is busy: another warlosses process "
                            f"held its lock for {wait:.0f} s; try again when it is done"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class _Missing(Exception):
    """A store file that is not there: damaged, or pruned while it was being read."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _not_a_link(path: Path) -> None:
    """Refuse a link where the store keeps a folder of its own: through it, the store would
    read another store's data and prune that store's snapshots."""
    if os.path.islink(path):
        raise WarlossesError(
            f"the store is damaged: {path} is a link to {os.readlink(path)}; a store reads "
            "and writes only inside its own folder: ingest again into a new --store"
        )


class NotRegular(OSError):
    """A store file that is not a regular file: a named pipe would block the reader
    forever, a device would never end."""

    def __init__(self, path: Path, mode: int) -> None:
        kinds = [
            (stat.S_ISDIR, "is a directory"),
            (stat.S_ISFIFO, "a named pipe, not a regular file"),
            (stat.S_ISCHR, "a character device, not a regular file"),
            (stat.S_ISBLK, "a block device, not a regular file"),
            (stat.S_ISSOCK, "a socket, not a regular file"),
        ]
        kind = next((name for test, name in kinds if test(mode)), "not a regular file")
        super().__init__(errno.EINVAL, kind, str(path))


def _open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """A descriptor of `path`, refused (NotRegular) unless it is a regular file. Opened
    without blocking, so that a named pipe put in a store file's place is not waited on."""
    descriptor = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, mode)
        os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _read_bytes(path: Path) -> bytes:
    with os.fdopen(_open_regular(path), "rb") as handle:
        return handle.read()


def _is_number(name: str) -> bool:
    return name.isascii() and name.isdigit()


def _upgrade_from_0(table: pa.Table) -> pa.Table:
    """Version 0 did not record when a row was ingested: unknown (null) for its rows."""
    import pyarrow as pa

    if "ingested_at" in table.schema.names:
        return table
    kind = pa.timestamp("us", tz="UTC")
    return table.append_column(pa.field("ingested_at", kind), pa.nulls(len(table), kind))


def _upgrade_from_1(table: pa.Table) -> pa.Table:
    """Version 1 kept a source's name as it was given: now it is kept as it is shown (see
    warlosses.names), with its bytes in `source_bytes` when the two differ."""
    import pyarrow as pa

    from warlosses import arrow, names

    if "source_bytes" in table.schema.names:
        return table
    given = table["source"].to_pylist() if "source" in table.schema.names else []
    if all(name is None or name.isprintable() for name in given):
        return table.append_column(
            pa.field("source_bytes", pa.binary()), pa.nulls(len(table), pa.binary())
        )
    index = table.schema.get_field_index("source")
    shown = [None if name is None else names.shown(name) for name in given]
    table = table.set_column(index, table.schema.field(index), arrow.array(shown, pa.string()))
    raw = [None if name is None else names.raw(name) for name in given]
    return table.append_column(pa.field("source_bytes", pa.binary()), arrow.array(raw, pa.binary()))


# version → the step that brings a table of that version to the next one
_UPGRADES: dict[int, Callable[[pa.Table], pa.Table]] = {0: _upgrade_from_0, 1: _upgrade_from_1}


def _read_table(path: Path, schema: pa.Schema) -> tuple[pa.Table, int]:
    """One store file as a table in `schema`, and the schema version it was written in."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    damaged = "the store is damaged: move it away and ingest again into a new --store"
    try:
        with os.fdopen(_open_regular(path), "rb") as handle:
            table = pq.ParquetFile(handle).read()
    except FileNotFoundError:
        raise _Missing(path) from None
    except (pa.ArrowException, OSError) as error:
        raise WarlossesError(
            f"{path} is not a readable Parquet file ({_first_line(error)}); {damaged}"
        ) from None
    raw = (table.schema.metadata or {}).get(_VERSION_KEY)
    version = int(raw) if raw is not None and raw.isdigit() else None
    if version is None:
        raise WarlossesError(f"{path} is not a warlosses store file (no schema version); {damaged}")
    if version > SCHEMA_VERSION:
        raise WarlossesError(
            f"{path} has store schema version {version}, newer than this warlosses "
            f"knows ({SCHEMA_VERSION}); upgrade warlosses to read it"
        )
    for step in range(version, SCHEMA_VERSION):
        table = _UPGRADES[step](table)
    twice = sorted({name for name in table.schema.names if table.schema.names.count(name) > 1})
    if twice:
        raise WarlossesError(f"{path} has the column {twice[0]!r} twice; {damaged}")
    missing = set(schema.names) - set(table.schema.names)
    if missing:
        raise WarlossesError(f"{path} lacks the columns {sorted(missing)}; {damaged}")
    try:
        table = table.select(schema.names).cast(schema)
    except pa.ArrowException as error:
        raise WarlossesError(
            f"{path} has columns of the wrong type ({_first_line(error)}); {damaged}"
        ) from None
    empty = [name for name in _REQUIRED[path.name] if table.column(name).null_count]
    if empty:
        raise WarlossesError(f"{path} has rows without {empty[0]!r}; {damaged}")
    return table, version


def _first_line(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return _reason(error)
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _write_table(table: pa.Table, path: Path) -> None:
    import pyarrow.parquet as pq

    table = table.replace_schema_metadata({_VERSION_KEY: str(SCHEMA_VERSION).encode()})
    with open(path, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())


def _sha256(path: Path) -> str:
    with os.fdopen(_open_regular(path), "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _write_daily(folder: Path, view: DailyView) -> None:
    """daily.json in `folder`: the views, as columns of values rather than rows of objects
    (JSON's fastest shape to read), after a header naming the SHA-256 of the Parquet files
    there it was made from and of the views' own bytes, so that a change to either is seen.
    """
    views = {
        "losses": _columns(view.losses, DAILY_LOSS_COLUMNS),
        "civilians": _columns(view.civilians, DAILY_CIVILIAN_COLUMNS),
    }
    body = json.dumps(views, ensure_ascii=False, separators=(",", ":")).encode()
    header = {
        "warlosses_daily": _DAILY_VERSION,
        "derived_from": {name: _sha256(folder / name) for name in (LOSSES_FILE, CIVILIANS_FILE)},
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    data = json.dumps(header, separators=(",", ":")).encode()[:-1] + _DATA_KEY + body + b"}"
    staged = folder / f"{DAILY_FILE}.{os.getpid()}.tmp"
    try:
        with open(staged, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staged, folder / DAILY_FILE)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()


def _columns(rows: list[Any], names: tuple[str, ...]) -> dict[str, list[Any]]:
    if not rows:
        return {name: [] for name in names}
    return {name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)}


def _read_daily(folder: Path) -> DailyView | None:
    """The daily views from `folder`'s daily.json; None when it is missing, unreadable,
    changed since it was written, or was not made from the Parquet files beside it (also
    None when one of those is missing: `read` then says what is wrong)."""
    try:
        data = _read_bytes(folder / DAILY_FILE)
        split = data.find(_DATA_KEY)
        if split < 0 or not data.endswith(b"}"):
            return None
        header = json.loads(data[:split] + b"}")
        body = data[split + len(_DATA_KEY) : -1]
        if header["warlosses_daily"] != _DAILY_VERSION:
            return None
        if hashlib.sha256(body).hexdigest() != header["sha256"]:
            return None
        derived = header["derived_from"]
        if any(derived[name] != _sha256(folder / name) for name in (LOSSES_FILE, CIVILIANS_FILE)):
            return None
        views = json.loads(body)
        losses, civilians = views["losses"], views["civilians"]
        return DailyView(
            list(zip(*(losses[name] for name in DAILY_LOSS_COLUMNS), strict=True)),
            list(zip(*(civilians[name] for name in DAILY_CIVILIAN_COLUMNS), strict=True)),
        )
    except (OSError, ValueError, KeyError, TypeError):  # ValueError: not JSON
        return None


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def losses_view(losses: pd.DataFrame) -> pd.DataFrame:
    """One observation per day and category (the rule: see `_losses_view`)."""
    if losses.empty:
        return losses.reset_index(drop=True)
    view: pd.DataFrame = _losses_view(_from_pandas(losses)).to_pandas(types_mapper=_types)
    return view


def civilians_view(civilians: pd.DataFrame) -> pd.DataFrame:
    """One source's figures per day (the rule: see `_civilians_view`)."""
    if civilians.empty:
        return civilians.reset_index(drop=True)
    view: pd.DataFrame = _civilians_view(_from_pandas(civilians)).to_pandas(types_mapper=_types)
    return view


def daily_view(tables: Tables | ArrowTables) -> DailyView:
    """The daily views of `tables` as plain rows, as daily.json holds them."""
    arrow = to_arrow(tables)
    return DailyView(
        _plain_rows(_losses_view(arrow.losses), DAILY_LOSS_COLUMNS),
        _plain_rows(_civilians_view(arrow.civilians), DAILY_CIVILIAN_COLUMNS),
    )


def _from_pandas(frame: pd.DataFrame) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def _losses_view(losses: pa.Table) -> pa.Table:
    """One observation per day and category, ordered by day and category.

    The rule: the General Staff's own list (formats B, C) over relayed figures, then the
    most recently ingested (an unknown ingestion time last), then the source name, so
    that the choice never depends on the order of rows.
    """
    import pyarrow as pa

    from warlosses import arrow

    if losses.num_rows == 0:
        return losses
    ranks = [FORMAT_RANK.get(name, 9) for name in losses["format"].to_pylist()]
    ranked = losses.append_column("_rank", arrow.array(ranks, pa.int8())).sort_by(
        [("day", "ascending"), ("category", "ascending"), ("_rank", "ascending"),
         ("ingested_at", "descending"), ("source", "ascending")]
    )  # fmt: skip
    first = _starts(ranked, ["day", "category"])
    return ranked.filter(first).drop_columns(["_rank"])


def _civilians_view(civilians: pa.Table) -> pa.Table:
    """One source's figures per day: the most recently ingested document's (then the
    source name), headline first, then the regions in alphabetical order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from warlosses import arrow

    if civilians.num_rows == 0:
        return civilians
    latest = civilians.sort_by(
        [("day", "ascending"), ("ingested_at", "descending"), ("source", "ascending")]
    )
    latest = latest.filter(_starts(latest, ["day"]))
    chosen_sources = set(
        zip(latest["day"].to_pylist(), latest["source_sha256"].to_pylist(), strict=True)
    )
    chosen = [
        key in chosen_sources
        for key in zip(
            civilians["day"].to_pylist(), civilians["source_sha256"].to_pylist(), strict=True
        )
    ]
    kept = civilians.filter(arrow.array(chosen, pa.bool_()))
    regional = pc.is_valid(kept["region"])
    return (
        kept.append_column("_regional", regional)
        .sort_by([("day", "ascending"), ("_regional", "ascending"), ("region", "ascending")])
        .drop_columns(["_regional"])
    )


def _starts(table: pa.Table, columns: list[str]) -> pa.Array:
    """A mask of the rows of a table sorted by `columns` that start a new group of them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from warlosses import arrow

    size = table.num_rows
    chunks = (table[name].combine_chunks() for name in columns)
    steps = [pc.not_equal(column.slice(1), column.slice(0, size - 1)) for column in chunks]
    return pa.concat_arrays([arrow.array([True], pa.bool_()), functools.reduce(pc.or_, steps)])


def _plain_rows(table: pa.Table, names: tuple[str, ...]) -> list[Any]:
    import pyarrow as pa

    # Dates as ISO strings, cast by Arrow: much faster than date.isoformat() row by row.
    columns = (table[n].cast(pa.string()) if n == "date" else table[n] for n in names)
    return list(zip(*(column.to_pylist() for column in columns), strict=True))
