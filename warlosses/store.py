"""The Parquet store: one reader, one writer, atomic replacement, one lock.

Layout of a store folder:

    STORE/current -> snapshots/000012      a symlink, swapped atomically on every write
    STORE/snapshots/000012/losses.parquet    loss observations
    STORE/snapshots/000012/civilians.parquet civilian casualty observations
    STORE/lock                               held while an ingest reads, merges and writes

A snapshot is written in full in a temporary folder, flushed to disk and renamed before
`current` is pointed at it, so a crash leaves the old or the new store, never a mix.

Readers take no lock: they resolve `current` once and read that snapshot, which is never
changed, only pruned two writes later (a reader that loses that race reads again).

The tables hold observations: one row per day, category (or region) and source document.
The daily view picks one observation per day and category (see `losses_view`).
"""

import errno
import fcntl
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from warlosses.errors import WarlossesError

# The schema version written into every file's metadata. Raise it when a column is added,
# removed or changes meaning, and add to _UPGRADES the step from the version before.
# Older files are upgraded as they are read, and the next ingest writes them in the
# current version; newer files are refused.
#   0  as 1, without `ingested_at`
#   1  the current layout (see LOSSES_SCHEMA, CIVILIANS_SCHEMA)
SCHEMA_VERSION = 1
_VERSION_KEY = b"warlosses.schema_version"
LOSSES_FILE = "losses.parquet"
CIVILIANS_FILE = "civilians.parquet"
_OWN_ENTRIES = frozenset({"current", "snapshots", "lock", "current.tmp"})
LOCK_TIMEOUT = 60.0  # seconds; a writer holds the lock only to merge and write one batch
_READ_ATTEMPTS = 5

LOSSES_SCHEMA = pa.schema(
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
    ]
)
CIVILIANS_SCHEMA = pa.schema(
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
    ]
)
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


def empty_tables() -> Tables:
    return Tables(
        LOSSES_SCHEMA.empty_table().to_pandas(types_mapper=_types),
        CIVILIANS_SCHEMA.empty_table().to_pandas(types_mapper=_types),
    )


def to_frame(rows: list[dict[str, object]], schema: pa.Schema) -> pd.DataFrame:
    """Rows (dicts by column name) as a frame in `schema`'s dtypes.

    Built through Arrow: pandas alone makes an int column with a missing value float,
    which rounds integers past 2**53.
    """
    table = pa.Table.from_pylist(rows, schema=schema)
    frame: pd.DataFrame = table.to_pandas(types_mapper=_types)
    return frame


def _types(arrow_type: pa.DataType) -> object:
    """Nullable pandas dtypes, so that a missing increase stays missing and ints stay ints."""
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
        """The whole store; empty tables when nothing has been stored yet."""
        self.check_usable()
        for _ in range(_READ_ATTEMPTS):
            folder = self._snapshot()
            if folder is None:
                return empty_tables()
            try:
                losses, old_losses = _read_table(folder / LOSSES_FILE, LOSSES_SCHEMA)
                civilians, old_civilians = _read_table(folder / CIVILIANS_FILE, CIVILIANS_SCHEMA)
            except _Missing as missing:
                if self._snapshot() != folder:
                    continue  # pruned by a writer after `current` moved on: read the new one
                raise WarlossesError(
                    f"the store is damaged: {missing.path} is missing; "
                    "ingest again into a new --store"
                ) from None
            return Tables(losses, civilians, min(old_losses, old_civilians))
        raise WarlossesError(
            f"the store {self.path} changed under every read; try again when ingests are done"
        )

    def read_existing(self) -> Tables:
        """The whole store, or an error telling the user to ingest first."""
        self.check_usable()
        if not self.exists():
            raise WarlossesError(
                f"no store at {self.path}; run `warlosses ingest PATH...` first (or pass --store)"
            )
        return self.read()

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
        folder = self.path / target
        if not folder.is_dir():
            raise WarlossesError(
                f"the store is damaged: {self.current} points at {target}, which does not "
                f"exist; point it at a whole snapshot in {self.path / 'snapshots'} or ingest "
                "again into a new --store"
            )
        return folder

    def write(self, tables: Tables) -> None:
        """Replace the store's content atomically with `tables`. Call it holding the lock.

        On failure (a full disk, no permission) the store is left as it was.
        """
        self.check_usable()
        self._snapshot()  # a damaged store is refused, never replaced
        if self.current.is_dir() and not self.current.is_symlink():
            raise WarlossesError(
                f"{self.current} is a folder, not a link (was the store copied without its "
                "links?); copy it again with `cp -a`, or ingest into a new --store"
            )
        snapshots = self.path / "snapshots"
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
            _write_table(tables.losses, LOSSES_SCHEMA, written / LOSSES_FILE)
            _write_table(tables.civilians, CIVILIANS_SCHEMA, written / CIVILIANS_FILE)
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
            if written is not None:
                shutil.rmtree(written, ignore_errors=True)
        # Keep the previous snapshot too: a reader may still be reading it.
        for old in sorted(n for n in numbers if n < int(name) - 1):
            shutil.rmtree(snapshots / f"{old:06d}", ignore_errors=True)

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
            handle = open(self.path / "lock", "a+b")
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


def _is_number(name: str) -> bool:
    return name.isascii() and name.isdigit()


def _upgrade_from_0(table: pa.Table) -> pa.Table:
    """Version 0 did not record when a row was ingested: unknown (null) for its rows."""
    if "ingested_at" in table.schema.names:
        return table
    kind = pa.timestamp("us", tz="UTC")
    return table.append_column(pa.field("ingested_at", kind), pa.nulls(len(table), kind))


# version → the step that brings a table of that version to the next one
_UPGRADES: dict[int, Callable[[pa.Table], pa.Table]] = {0: _upgrade_from_0}


def _read_table(path: Path, schema: pa.Schema) -> tuple[pd.DataFrame, int]:
    """One store file as a frame in `schema`, and the schema version it was written in."""
    damaged = "the store is damaged: move it away and ingest again into a new --store"
    try:
        with open(path, "rb") as handle:
            table = pq.read_table(handle)
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
    frame: pd.DataFrame = table.to_pandas(types_mapper=_types)
    return frame, version


def _first_line(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return _reason(error)
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _write_table(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> None:
    table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    table = table.replace_schema_metadata({_VERSION_KEY: str(SCHEMA_VERSION).encode()})
    with open(path, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def losses_view(losses: pd.DataFrame) -> pd.DataFrame:
    """One observation per day and category.

    The rule: the General Staff's own list (formats B, C) over relayed figures, then the
    most recently ingested, then the source name, so that the choice never depends on
    the order of rows.
    """
    if losses.empty:
        return losses.reset_index(drop=True)
    ranked = losses.assign(_rank=losses["format"].map(FORMAT_RANK).fillna(9))
    ranked = ranked.sort_values(
        ["day", "category", "_rank", "ingested_at", "source"],
        ascending=[True, True, True, False, True],
        kind="stable",
    )
    chosen = ranked.drop_duplicates(["day", "category"], keep="first")
    return chosen.drop(columns="_rank").reset_index(drop=True)


def civilians_view(civilians: pd.DataFrame) -> pd.DataFrame:
    """One source's figures per day: the most recently ingested document's."""
    if civilians.empty:
        return civilians.reset_index(drop=True)
    latest = civilians.sort_values(
        ["day", "ingested_at", "source"], ascending=[True, False, True], kind="stable"
    ).drop_duplicates("day")[["day", "source_sha256"]]
    chosen = civilians.merge(latest, on=["day", "source_sha256"])
    order = chosen["region"].isna().map({True: 0, False: 1})
    return (
        chosen.assign(_headline=order)
        .sort_values(["day", "_headline", "region"], kind="stable")
        .drop(columns="_headline")
        .reset_index(drop=True)
    )
