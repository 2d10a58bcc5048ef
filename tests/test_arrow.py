"""warlosses.arrow lays out Arrow arrays by hand: they must equal pyarrow's own."""

from datetime import UTC, date, datetime

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warlosses import arrow
from warlosses.store import CIVILIANS_SCHEMA, LOSSES_SCHEMA

KINDS = {
    "int8": (pa.int8(), st.integers(-(2**7), 2**7 - 1)),
    "int32": (pa.int32(), st.integers(-(2**31), 2**31 - 1)),
    "int64": (pa.int64(), st.integers(-(2**63), 2**63 - 1)),
    "uint16": (pa.uint16(), st.integers(0, 2**16 - 1)),
    "bool": (pa.bool_(), st.booleans()),
    "string": (pa.string(), st.text()),
    "binary": (pa.binary(), st.binary()),
    "date": (pa.date32(), st.dates()),
    "timestamp": (
        pa.timestamp("us", tz="UTC"),
        st.datetimes(min_value=datetime(1, 1, 2), timezones=st.just(UTC)),
    ),
}


@pytest.mark.parametrize("name", sorted(KINDS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_arrays_equal_pyarrows(name: str, data: st.DataObject) -> None:
    kind, values = KINDS[name]
    given_values = data.draw(st.lists(st.none() | values, max_size=40))
    built = arrow.array(given_values, kind)
    built.validate(full=True)
    assert built.equals(pa.array(given_values, kind))
    assert built.to_pylist() == given_values


def test_unicode_strings_keep_their_byte_offsets() -> None:
    values = ["Запоріжжя", None, "", "a\u00a0b", "😀"]
    assert arrow.array(values, pa.string()).to_pylist() == values


@pytest.mark.parametrize(("kind", "value"), [(pa.int32(), 2**31), (pa.int64(), -(2**63) - 1)])
def test_a_number_too_large_for_its_type_is_refused(kind: pa.DataType, value: int) -> None:
    with pytest.raises(OverflowError):
        arrow.array([1, value], kind)


def test_a_type_without_a_layout_here_is_refused() -> None:
    with pytest.raises(TypeError, match="double"):
        arrow.array([1.5], pa.float64())


def test_tables_equal_pyarrows_in_the_store_schemas() -> None:
    moment = datetime(2024, 12, 28, 7, 30, tzinfo=UTC)
    loss = (1039, date(2024, 12, 28), "tanks", 9651, None, "B", "header", "Pokrovsk",
            "a.txt", "ab" * 32, moment, None)  # fmt: skip
    civilian = (1039, date(2024, 12, 28), None, 6, 6, "option", "b\\xe9.txt", "cd" * 32, moment,
                b"b\xe9.txt")  # fmt: skip
    for row, schema in ((loss, LOSSES_SCHEMA), (civilian, CIVILIANS_SCHEMA)):
        rows = [row, row]
        expected = pa.Table.from_pylist(
            [dict(zip(schema.names, r, strict=True)) for r in rows], schema
        )
        assert arrow.table(rows, schema).equals(expected)
        assert arrow.table([], schema).equals(schema.empty_table())


@settings(max_examples=60, deadline=None)
@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-7, 7).filter(bool))
def test_arange_is_range(start: int, stop: int, step: int) -> None:
    made = arrow.arange(start, stop, step)
    assert made.type == pa.int64()
    assert made.to_pylist() == list(range(start, stop, step))


@pytest.mark.parametrize(
    ("value", "kind"), [(7, pa.int64()), (False, pa.bool_()), ("tanks", pa.string())]
)
def test_scalars_equal_pyarrows(value: object, kind: pa.DataType) -> None:
    assert arrow.scalar(value, kind).equals(pa.scalar(value, kind))
