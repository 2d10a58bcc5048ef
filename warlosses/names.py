"""Names as they are shown: file names are bytes on Linux, not always UTF-8 and not always
printable, and a terminal runs the escape sequences a name may hold.

Python gives a name that is not UTF-8 with each undecodable byte as a lone surrogate
(U+DC80-U+DCFF, PEP 383), which no UTF-8 file or terminal can hold. `shown` writes those
bytes, and every character that is not printable (controls, escapes, line breaks, bidi
overrides), as Python escapes (`\\xe9`, `\\x1b`, `\\n`, `\\u202e`): what the store keeps as a
source's name and what every message prints. `raw` gives the name's bytes when they differ
from what is shown, for the store to keep them too (`source_bytes`), so nothing is lost.
"""

from __future__ import annotations

_SURROGATES = range(0xDC80, 0xDD00)  # the bytes 0x80-0xFF of a name that is not UTF-8
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def shown(name: str) -> str:
    """`name` with undecodable bytes and unprintable characters escaped; printable names
    (nearly all) are returned as they are."""
    if name.isprintable():
        return name
    return "".join(_escape(character) for character in name)


def _escape(character: str) -> str:
    if character.isprintable():
        return character
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if code in _SURROGATES:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def raw(name: str) -> bytes | None:
    """The bytes of `name` (as the file system holds them) when `shown(name)` differs from
    it; None when the name is shown as it is."""
    if name.isprintable():
        return None
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: not from a file name
        return name.encode("utf-8", "surrogatepass")
