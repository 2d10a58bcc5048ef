"""Arrow arrays from Python values, built from their buffers.

`pyarrow.array()` probes every Python input for pandas objects, and the first probe imports
pandas when it is installed (apache/arrow#34994): 0.3 s, most of what an ingest of a few
thousand briefings needs in all, for a library ingest never uses. The columnar layout of
the few types the store holds is simple and fixed by the Arrow format, so these arrays
are laid out here instead: validity bitmap, then the values (fixed-width numbers, or
UTF-8 or raw bytes with their offsets). tests/test_arrow.py holds them equal to pyarrow's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

_EPOCH_DAY = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def array(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """`pyarrow.array(values, kind)` for integers, booleans, strings, bytes, dates and UTC
    timestamps in microseconds; None is a missing value. A number that does not fit the
    type raises OverflowError, as pyarrow does."""
    import numpy as np
    import pyarrow as pa

    size = len(values)
    present = [value is not None for value in values]
    missing = size - sum(present)
    validity = _bits(present) if missing else None
    if pa.types.is_string(kind) or pa.types.is_binary(kind):
        text = pa.types.is_string(kind)
        encoded = [b"" if v is None else v.encode() if text else bytes(v) for v in values]
        offsets = np.zeros(size + 1, dtype=np.int32)
        np.cumsum([len(chunk) for chunk in encoded], out=offsets[1:])
        buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
        return pa.Array.from_buffers(kind, size, buffers, null_count=missing)
    if pa.types.is_boolean(kind):
        data = _bits([bool(value) for value in values])
        return pa.Array.from_buffers(kind, size, [validity, data], null_count=missing)
    if pa.types.is_date32(kind):
        numbers = [0 if v is None else v.toordinal() - _EPOCH_DAY for v in values]
        dtype: Any = np.int32
    elif pa.types.is_timestamp(kind) and kind.unit == "us" and kind.tz in ("UTC", "+00:00"):
        numbers = [0 if v is None else (v - _EPOCH) // _MICROSECOND for v in values]
        dtype = np.int64
    elif pa.types.is_integer(kind):
        numbers = [0 if value is None else value for value in values]
        dtype = np.dtype(f"{'i' if pa.types.is_signed_integer(kind) else 'u'}{kind.bit_width // 8}")
    else:
        raise TypeError(f"no buffer layout here for Arrow type {kind}")
    data = pa.py_buffer(np.array(numbers, dtype=dtype))
    return pa.Array.from_buffers(kind, size, [validity, data], null_count=missing)


def table(rows: Sequence[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    """A table of `schema` from rows of values in its column order."""
    import pyarrow as pa

    columns = zip(*rows, strict=True) if rows else ([] for _ in schema.names)
    arrays = [array(column, field.type) for column, field in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def scalar(value: Any, kind: pa.DataType) -> pa.Scalar:
    """`pyarrow.scalar(value, kind)`, which imports pandas as `pyarrow.array()` does; for
    the compute functions, which turn a plain Python value into a scalar that way."""
    return array([value], kind)[0]


def arange(start: int, stop: int, step: int = 1) -> pa.Array:
    """int64 positions, as `range(start, stop, step)`: row numbers for take and filter."""
    import numpy as np
    import pyarrow as pa

    values = np.arange(start, stop, step, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def _bits(flags: list[bool]) -> pa.Buffer:
    """A bitmap, least significant bit first, as Arrow lays out validity and booleans."""
    import numpy as np
    import pyarrow as pa

    return pa.py_buffer(np.packbits(np.array(flags, dtype=bool), bitorder="little"))
