"""The Parquet store: one reader, one writer, atomic replacement, one lock.

Layout of a store folder:

    STORE/current -> snapshots/000012      a symlink, swapped atomically on every write
    STORE/snapshots/000012/losses.parquet    loss observations
    STORE/snapshots/000012/civilians.parquet civilian casualty observations
    STORE/lock                               held while an ingest reads, merges and writes

A snapshot is written in full in a temporary folder, flushed to disk and renamed before
`current` is pointed at it, so a crash leaves the old or the new store, never a mix.

The tables hold observations: one row per day, category (or region) and source document.
The daily view picks one observation per day and category (see `losses_view`).
"""

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from warlosses.errors import WarlossesError

SCHEMA_VERSION = 1
_VERSION_KEY = b"warlosses.schema_version"
LOSSES_FILE = "losses.parquet"
CIVILIANS_FILE = "civilians.parquet"
_OWN_ENTRIES = frozenset({"current", "snapshots", "lock", "current.tmp"})
LOCK_TIMEOUT = 60.0

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
LOSS_KEY = ["day", "category", "source_sha256"]
CIVILIAN_KEY = ["day", "region", "source_sha256"]

# The daily view prefers the General Staff's own lists over relayed figures.
FORMAT_RANK = {"B": 0, "C": 0, "E": 1, "D": 2, "A": 3}


@dataclass(frozen=True)
class Tables:
    """Everything a store holds, as pandas frames in the schemas above."""

    losses: pd.DataFrame
    civilians: pd.DataFrame


def empty_tables() -> Tables:
    return Tables(
        LOSSES_SCHEMA.empty_table().to_pandas(types_mapper=_types),
        CIVILIANS_SCHEMA.empty_table().to_pandas(types_mapper=_types),
    )


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
        return self.current.is_dir()

    def check_usable(self) -> None:
        """Refuse a path that is a file, or a folder of something other than a store."""
        if self.path.exists() and not self.path.is_dir():
            raise WarlossesError(
                f"store path {self.path} is a file, not a store folder; "
                "pass --store with a folder path"
            )
        if self.path.is_dir():
            foreign = sorted(p.name for p in self.path.iterdir() if p.name not in _OWN_ENTRIES)
            if foreign and not self.exists():
                raise WarlossesError(
                    f"{self.path} is not a warlosses store (it holds {foreign[0]!r} and "
                    "no store); pass --store with an empty or new folder"
                )

    def read(self) -> Tables:
        """The whole store; empty tables when nothing has been stored yet."""
        self.check_usable()
        if not self.exists():
            return empty_tables()
        return Tables(
            _read_table(self.current / LOSSES_FILE, LOSSES_SCHEMA),
            _read_table(self.current / CIVILIANS_FILE, CIVILIANS_SCHEMA),
        )

    def read_existing(self) -> Tables:
        """The whole store, or an error telling the user to ingest first."""
        self.check_usable()
        if not self.exists():
            raise WarlossesError(
                f"no store at {self.path}; run `warlosses ingest PATH...` first (or pass --store)"
            )
        return self.read()

    def write(self, tables: Tables) -> None:
        """Replace the store's content atomically with `tables`."""
        self.check_usable()
        snapshots = self.path / "snapshots"
        snapshots.mkdir(parents=True, exist_ok=True)
        for leftover in snapshots.glob("*.tmp"):
            shutil.rmtree(leftover, ignore_errors=True)
        numbers = [int(p.name) for p in snapshots.iterdir() if p.name.isdigit()]
        name = f"{max(numbers, default=0) + 1:06d}"
        staging = snapshots / f"{name}.tmp"
        staging.mkdir()
        _write_table(tables.losses, LOSSES_SCHEMA, staging / LOSSES_FILE)
        _write_table(tables.civilians, CIVILIANS_SCHEMA, staging / CIVILIANS_FILE)
        _fsync_dir(staging)
        final = snapshots / name
        staging.rename(final)
        _fsync_dir(snapshots)
        link = self.path / "current.tmp"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(Path("snapshots") / name)
        os.replace(link, self.current)
        _fsync_dir(self.path)
        # Keep the previous snapshot too: a reader may still be reading it.
        for old in sorted(n for n in numbers if n < int(name) - 1):
            shutil.rmtree(snapshots / f"{old:06d}", ignore_errors=True)

    @contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the store's lock for a read-modify-write.

        flock is released by the kernel when its holder dies, so a killed ingest never
        leaves a stale lock behind.
        """
        self.check_usable()
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "lock", "a+b") as handle:
            deadline = time.monotonic() + timeout
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
                            f"held its lock for {timeout:.0f} s; try again when it is done"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _read_table(path: Path, schema: pa.Schema) -> pd.DataFrame:
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        raise WarlossesError(
            f"the store is damaged: {path} is missing; ingest again into a new --store"
        ) from None
    except (pa.ArrowException, OSError) as error:
        raise WarlossesError(
            f"{path} is not a readable Parquet file ({error}); the store is damaged: "
            "move it away and ingest again into a new --store"
        ) from None
    metadata = table.schema.metadata or {}
    version = metadata.get(_VERSION_KEY)
    if version is None:
        raise WarlossesError(f"{path} is not a warlosses store file (no schema version)")
    if int(version) > SCHEMA_VERSION:
        raise WarlossesError(
            f"{path} has store schema version {int(version)}, newer than this warlosses "
            f"knows ({SCHEMA_VERSION}); upgrade warlosses to read it"
        )
    missing = set(schema.names) - set(table.schema.names)
    if missing:
        raise WarlossesError(f"{path} lacks the columns {sorted(missing)}; the store is damaged")
    frame: pd.DataFrame = table.select(schema.names).cast(schema).to_pandas(types_mapper=_types)
    return frame


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
