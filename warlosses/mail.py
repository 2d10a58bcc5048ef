"""E-mail in, documents out: an `.eml` file is one message, an mbox many.

Each message is one document: its text/plain part, else its text/html part converted as a
page is, with the transfer encoding and charset undone; named by its Message-ID, else its
subject; dated by its Date header (day rule 3b, in Kyiv time).
"""

import email
import email.policy
import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.message import EmailMessage, Message

from warlosses.documents import (
    MAX_BYTES,
    Document,
    Unreadable,
    decode,
    page_text,
)
from warlosses.published import kyiv_date


def read_message(
    name: str, data: bytes, *, fetched_at: datetime | None = None, number: int | None = None
) -> Document | Unreadable:
    """One message's document; `name` is the file it came from (with `number`, its place
    in an mbox), used when the message has neither Message-ID nor subject."""
    where = name if number is None else f"{name}#{number}"
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    title = _header(message, "Message-ID").strip("<>") or _header(message, "Subject") or where
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return Unreadable(where, "an e-mail without a text or HTML part; skipped", error=False)
    text = _content(body)
    published = kyiv_date(_header(message, "Date") or None)
    if body.get_content_subtype() == "html":
        text, page_published = page_text(text)
        published = published or page_published
    return Document(title, text, hashlib.sha256(data).hexdigest(), published, fetched_at)


def _header(message: Message, key: str) -> str:
    """A header's value as text, "" when it is missing or cannot be read."""
    try:
        value = message.get(key)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot make sense of
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _content(part: Message) -> str:
    """A text part's content: transfer encoding undone and its charset decoded, or, for a
    charset Python does not know, decoded as a document's bytes are."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset is not None:
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode(raw) or ""


# A message in an mbox starts at a line that begins with "From " (mboxo and mboxrd alike;
# such a line inside a body is written ">From ").
_FROM_LINE = re.compile(rb"^From ", re.M)


def read_mbox(
    name: str, data: bytes, *, fetched_at: datetime | None = None
) -> list[Document | Unreadable]:
    """Every message of an mbox held in memory (standard input, a fetched address)."""
    starts = [match.start() for match in _FROM_LINE.finditer(data)]
    chunks = (data[start:end] for start, end in zip(starts, [*starts[1:], len(data)], strict=True))
    return list(_messages(name, chunks, fetched_at))


def read_mbox_file(name: str) -> list[Document | Unreadable]:
    """Every message of an mbox file, read line by line: the file may be of any size, each
    message at most MAX_BYTES."""
    try:
        with open(name, "rb") as handle:
            return list(_messages(name, _split(handle), None))
    except OSError as error:
        return [Unreadable(name, (error.strerror or str(error)).lower())]


def _split(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The messages of an mbox's lines; a message over MAX_BYTES comes out empty."""
    current: list[bytes] = []
    size = 0
    for line in lines:
        if line.startswith(b"From ") and current:
            yield b"".join(current) if size <= MAX_BYTES else b""
            current, size = [], 0
        size += len(line)
        if size <= MAX_BYTES:
            current.append(line)
    if current:
        yield b"".join(current) if size <= MAX_BYTES else b""


def _messages(
    name: str, chunks: Iterable[bytes], fetched_at: datetime | None
) -> Iterator[Document | Unreadable]:
    found = False
    for number, chunk in enumerate(chunks, start=1):
        found = True
        if not chunk:
            yield Unreadable(f"{name}#{number}", "an e-mail larger than 16 MiB, skipped", False)
            continue
        if not chunk.startswith(b"From "):
            yield Unreadable(name, 'not an mbox: it does not begin with a "From " line', False)
            return
        # The "From " line is the mbox's, not a header of the message.
        message = chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
        yield read_message(name, message, fetched_at=fetched_at, number=number)
    if not found:
        yield Unreadable(name, "an mbox without messages", error=False)
