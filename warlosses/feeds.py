"""RSS and Atom feeds in, documents out: one document per entry (feedparser reads them).

An entry's document is its title, then its content (else its summary), HTML converted as
a page is; it is named by its link and dated by its published (else updated) time, in Kyiv
time (day rule 3b).
"""

import hashlib
from datetime import UTC, date, datetime
from time import struct_time
from typing import Any

import feedparser  # type: ignore[import-untyped]

from warlosses.documents import Document, Unreadable, page_text
from warlosses.published import kyiv_date

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def read_feed(
    name: str, data: bytes, *, fetched_at: datetime | None = None
) -> list[Document | Unreadable]:
    """Every entry of a feed's bytes as a document."""
    # Bytes, never a string: given a string that looks like an address, feedparser fetches it.
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    found = [_entry(name, number, entry, fetched_at)
             for number, entry in enumerate(feed.get("entries") or [], start=1)]  # fmt: skip
    # A malformed feed's readable entries are kept; what it salvaged without text is not.
    documents: list[Document | Unreadable] = [d for d in found if d.text.strip()]
    if not documents:
        if feed.get("bozo"):
            reason = str(feed.get("bozo_exception") or "malformed").strip().rstrip(".")
            return [Unreadable(name, f"not a readable feed ({reason}); skipped", error=False)]
        return [Unreadable(name, "a feed without entries", error=False)]
    return documents


def _entry(name: str, number: int, entry: Any, fetched_at: datetime | None) -> Document:
    body, kind = _body(entry)
    published = _time(entry.get("published_parsed")) or _time(entry.get("updated_parsed"))
    if kind in _HTML_TYPES:
        body, page_published = page_text(body)
        published = published or page_published
    title = " ".join(str(entry.get("title") or "").split())
    text = f"{title}\n{body}" if title else body
    link = str(entry.get("link") or "").strip()
    title_name = link or f"{name}#{entry.get('id') or number}"
    sha256 = hashlib.sha256(f"{title_name}\n{text}".encode()).hexdigest()
    return Document(title_name, text, sha256, published, fetched_at)


def _body(entry: Any) -> tuple[str, str]:
    """An entry's content (the first HTML one, else the first), else its summary, and
    its media type."""
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    if contents:
        chosen = next((c for c in contents if c.get("type") in _HTML_TYPES), contents[0])
        return str(chosen["value"]), str(chosen.get("type") or "text/html")
    detail = entry.get("summary_detail") or {}
    return str(entry.get("summary") or ""), str(detail.get("type") or "text/html")


def _time(value: struct_time | None) -> date | None:
    """The Kyiv date of a time feedparser gives in UTC; None when there is none."""
    if value is None:
        return None
    try:
        return kyiv_date(datetime(*value[:6], tzinfo=UTC))
    except (TypeError, ValueError):
        return None
