"""Telegram Desktop exports in, documents out: each message of a channel one document.

Telegram Desktop's "Export chat history" in its machine-readable form writes a folder with
`result.json`: the chat's `name`, `id` and `messages`, each message with an `id`, a `type`
("message", or "service" for joins and pins), a `date` (the exporting computer's local
time, no zone) and, in newer versions, `date_unixtime`, and a `text` that is a string or
a list of pieces: strings, and objects (`{"type": "bold", "text": "..."}`) for formatted
runs. An export of a whole account holds its chats under `chats.list`.
Each message is named by its channel and id (`Генеральний штаб ЗСУ/12345`) and dated by
its time in Kyiv (day rule 3b): `date_unixtime` when there is one, else `date`, taken as
Kyiv time (the General Staff's channel is read, and mostly exported, there).
"""

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from warlosses.documents import Document, Unreadable
from warlosses.published import kyiv_date

NOT_AN_EXPORT = (
    "JSON, but not a Telegram Desktop export (result.json); data sets are read by "
    "`warlosses import`"
)


def looks_like_export(data: bytes) -> bool:
    """Whether JSON bytes are shaped like a Telegram export, judged from their start."""
    head = data[:4096]
    return b'"messages"' in head or (b'"chats"' in head and b'"list"' in head)


def read_export(
    name: str, data: bytes, *, fetched_at: datetime | None = None
) -> list[Document | Unreadable]:
    """Every text message of an export's `result.json` as a document."""
    try:
        export = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [Unreadable(name, f"not valid JSON ({_why(error)}); skipped", error=False)]
    except RecursionError:  # brackets nested deeper than the parser's stack
        return [Unreadable(name, "not valid JSON (nested too deeply); skipped", error=False)]
    chats = list(_chats(export))
    if not chats:
        return [Unreadable(name, NOT_AN_EXPORT, error=False)]
    documents: list[Document | Unreadable] = []
    for chat in chats:
        channel = " ".join(str(chat.get("name") or chat.get("id") or "Telegram").split())
        for message in chat["messages"]:
            document = _message(channel, message, fetched_at)
            if document is not None:
                documents.append(document)
    return documents or [Unreadable(name, "a Telegram export without text messages", False)]


def _why(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno}, column {error.colno}"
    return "not UTF-8"


def _chats(export: Any) -> Iterator[dict[str, Any]]:
    """The chats of a one-chat export, or of a whole account's."""
    if not isinstance(export, dict):
        return
    if isinstance(export.get("messages"), list):
        yield export
        return
    for key in ("chats", "left_chats"):
        group = export.get(key)
        listed = group.get("list") if isinstance(group, dict) else None
        for chat in listed if isinstance(listed, list) else []:
            if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
                yield chat


def _message(channel: str, message: Any, fetched_at: datetime | None) -> Document | None:
    """A message's document; None for service messages and posts without text."""
    if not isinstance(message, dict) or message.get("type", "message") != "message":
        return None
    text = text_of(message.get("text"))
    if not text.strip():
        return None
    name = f"{channel}/{message.get('id')}"
    published = _published(message)
    identity = json.dumps([name, message.get("date"), text], ensure_ascii=False)
    return Document(name, text, hashlib.sha256(identity.encode()).hexdigest(), published,
                    fetched_at)  # fmt: skip


def text_of(value: Any) -> str:
    """A message's text: a string, or a list of strings and `{"text": ...}` pieces."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(text_of(piece) for piece in value)
    if isinstance(value, dict):
        return text_of(value.get("text"))
    return ""


def _published(message: dict[str, Any]) -> date | None:
    stamp = message.get("date_unixtime")
    if isinstance(stamp, str | int) and str(stamp).isdigit():
        try:
            return kyiv_date(datetime.fromtimestamp(int(stamp), UTC))
        except (OverflowError, OSError, ValueError):
            pass
    raw = message.get("date")
    return kyiv_date(raw) if isinstance(raw, str) else None
