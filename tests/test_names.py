"""warlosses.names: a name as it is shown is printable, and nothing of it is lost."""

import os

from hypothesis import given
from hypothesis import strategies as st

from warlosses.names import raw, shown


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"\x00" not in b and b"/" not in b))
def test_any_file_name_is_shown_printable_and_kept_whole(name: bytes) -> None:
    given_name = os.fsdecode(name)  # what Python gives for the bytes the file system holds
    assert shown(given_name).isprintable()
    kept = raw(given_name)
    assert (kept if kept is not None else shown(given_name).encode()) == name


@given(st.text(max_size=40))
def test_any_text_is_shown_printable_and_printable_text_as_it_is(text: str) -> None:
    assert shown(text).isprintable()
    assert (shown(text) == text) == text.isprintable() == (raw(text) is None)


def test_escapes_read_as_python_writes_them() -> None:
    assert shown("caf\udce9 \x1b[31m\tline\n\u202eevil.txt 😀") == (
        "caf\\xe9 \\x1b[31m\\tline\\n\\u202eevil.txt 😀"
    )
    assert shown("Запоріжжя 2024-12-28.txt") == "Запоріжжя 2024-12-28.txt"
