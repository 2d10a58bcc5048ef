"""Where documents come from: paths, folders, standard input and fetched addresses, decoded
to plain text; containers (feeds, e-mail, Telegram exports) give one document per item,
read by the modules that name them (feeds.py, mail.py, telegram.py)."""

import codecs
import hashlib
import os
import re
import select
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from warlosses.patterns import alternation
from warlosses.published import kyiv_date

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".eml", ".mbox", ".xml", ".rss", ".atom"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
# Telegram Desktop's machine-readable export of a chat or channel, in the folder it makes.
TELEGRAM_EXPORT = "result.json"
# A Telegram export is one JSON document read whole; a channel's years of posts fit.
TELEGRAM_MAX_BYTES = 128 * 1024 * 1024
# One document. Parsing costs about a microsecond and ten bytes of memory per character,
# so this bounds one file at ~20 s and ~200 MB; saved report pages are well under 1 MiB.
MAX_BYTES = 16 * 1024 * 1024
STDIN = "-"


@dataclass(frozen=True)
class Document:
    """A document's name as the user gave it, its decoded text and a hash of its bytes.

    `published` is its publication date in Kyiv time, where its container states one
    (an e-mail's Date, a feed entry's time, a page's published-time meta): day rule 3b.
    """

    name: str
    text: str
    sha256: str
    published: date | None = None
    # When its bytes were fetched, for a document that came from an address.
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Body:
    """What an address gave (see fetch.py): its bytes, in the cache file `path` or, when
    they could not be cached, in `data`; the media type and charset the server stated."""

    name: str
    path: str | None
    data: bytes | None
    media_type: str | None
    charset: str | None
    fetched_at: datetime

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        with open(self.path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)


def is_address(name: str) -> bool:
    """Whether `name` is a web address to fetch rather than a path."""
    return name[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Unreadable:
    """A path that gave no document, and why, in words for the user.

    `error` is set when the path could not be read at all (missing, no permission), which
    fails the run; a file that was read but holds no text (binary, too large) and a path
    that is not a file (a device, a named pipe in a folder) only warn.
    """

    name: str
    reason: str
    error: bool = True


def find_files(paths: Iterable[str]) -> Iterator[str | Unreadable]:
    """The files to read, in a stable order: folders are walked for report files.

    Lazy: a folder is listed only when the files before it have been consumed.
    """
    for raw in paths:
        if raw == STDIN or is_address(raw):
            yield raw
            continue
        try:
            mode = os.stat(raw).st_mode
        except OSError as error:
            yield Unreadable(raw, _reason(error))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(str(Path(raw)))
        elif stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
            # A pipe named on the command line is read: `ingest <(curl ...)`.
            yield raw
        else:
            yield Unreadable(raw, _not_a_file(mode), error=False)


def _walk(top: str) -> Iterator[str | Unreadable]:
    """Report files under `top`, depth first, each folder's files before its subfolders.

    Links to folders are not followed (one pointing back up would loop forever). A folder
    that cannot be listed is reported and the walk goes on. An explicit stack rather than
    recursion, so that a deep tree cannot exhaust Python's recursion limit.
    """
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield Unreadable(folder, _reason(error))
            continue
        subfolders: list[str] = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
            except OSError as error:
                yield Unreadable(entry.path, _reason(error))
                continue
            if _is_document(entry.name):
                yield _entry(entry)
        pending.extend(reversed(subfolders))


def _is_document(name: str) -> bool:
    """Whether a file found in a folder is read: by its suffix, or the names that Telegram
    Desktop and mail programs give their files."""
    return Path(name).suffix.lower() in SUFFIXES or name in (TELEGRAM_EXPORT, "mbox")


def _entry(entry: os.DirEntry[str]) -> str | Unreadable:
    """A report file found in a folder, or why it cannot be read."""
    try:
        if entry.is_file(follow_symlinks=False):
            return entry.path
        mode = os.stat(entry.path).st_mode
    except OSError as error:
        if entry.is_symlink():
            return Unreadable(entry.path, f"a link that cannot be followed ({_reason(error)})")
        return Unreadable(entry.path, _reason(error))
    if stat.S_ISREG(mode):
        return entry.path
    if stat.S_ISDIR(mode):
        return Unreadable(entry.path, "a link to a folder; not followed", error=False)
    # In a folder only regular files are read: a named pipe could block the run forever.
    return Unreadable(entry.path, _not_a_file(mode), error=False)


def _not_a_file(mode: int) -> str:
    kinds = [
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{kind}, not a text document; skipped"


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _too_large(name: str) -> Unreadable:
    return Unreadable(name, f"larger than {MAX_BYTES // (1024 * 1024)} MiB, skipped", error=False)


def read_document(name: str) -> Document | Unreadable:
    """Read and decode one file (or standard input for `-`); at most MAX_BYTES of it."""
    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if name == STDIN else _read_file(name)
    except OSError as error:
        return Unreadable(name, _reason(error))
    if isinstance(data, Unreadable):
        return data
    if len(data) > MAX_BYTES:
        return _too_large(name)
    return document_from_bytes(name, data)


def document_from_bytes(
    name: str,
    data: bytes,
    *,
    charset: str | None = None,
    html: bool = False,
    fetched_at: datetime | None = None,
) -> Document | Unreadable:
    """A text or HTML document from its bytes; `charset` is the one a server stated, and
    `html` whether it said the bytes are HTML."""
    text = decode(data, charset)
    if text is None:
        return Unreadable(name, "binary data, not a text document; skipped", error=False)
    published = None
    is_html = html or Path(name).suffix.lower() in HTML_SUFFIXES or _looks_like_html(text)
    if is_html:
        text, published = page_text(text)
    return Document(name, text, hashlib.sha256(data).hexdigest(), published, fetched_at)


def page_text(page: str) -> tuple[str, date | None]:
    """An HTML page's text and its publication date in Kyiv (from its metadata, see
    convert_html), for pages and the HTML inside feeds and e-mail alike."""
    text, stated = convert_html(page)
    return text, kyiv_date(stated)


def read_documents(item: "str | Body | Unreadable") -> list[Document | Unreadable]:
    """Every document in one file, standard input or fetched address: one for a page or a
    text, one per entry of a feed, per message of an mbox, per post of a Telegram export."""
    if isinstance(item, Unreadable):
        return [item]
    if isinstance(item, Body):
        return _documents_of_body(item)
    base = Path(item).name.lower()
    suffix = Path(base).suffix
    if item != STDIN and (base == "mbox" or suffix == ".mbox"):
        from warlosses import mail

        return mail.read_mbox_file(item)
    if item != STDIN and suffix == ".json":
        from warlosses import telegram

        data = _read_whole(item, TELEGRAM_MAX_BYTES)
        return [data] if isinstance(data, Unreadable) else telegram.read_export(item, data)
    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if item == STDIN else _read_file(item)
    except OSError as error:
        return [Unreadable(item, _reason(error))]
    if isinstance(data, Unreadable):
        return [data]
    if len(data) > MAX_BYTES:
        return [_too_large(item)]
    return _documents_of(item, data, suffix=suffix)


def _documents_of_body(body: Body) -> list[Document | Unreadable]:
    try:
        data = body.read()
    except OSError as error:
        return [Unreadable(body.name, f"its cached copy cannot be read ({_reason(error)})")]
    path = body.name.split("?", 1)[0].split("#", 1)[0]
    suffix = Path(path.rsplit("/", 1)[-1]).suffix.lower()
    if suffix == ".json" or body.media_type == "application/json":
        from warlosses import telegram

        if telegram.looks_like_export(data):
            return telegram.read_export(body.name, data, fetched_at=body.fetched_at)
    return _documents_of(
        body.name, data, suffix=suffix, media_type=body.media_type, charset=body.charset,
        fetched_at=body.fetched_at,
    )  # fmt: skip


FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
     "text/xml"}
)  # fmt: skip
_FEED_START = re.compile(rb"\s*(?:<\?[^>]*>\s*)*(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
# An mbox begins with a "From " line (sender and time), then the first message's headers.
_MBOX_START = re.compile(rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [^\r\n]*\r?\n[!-9;-~]+:")


def _documents_of(
    name: str,
    data: bytes,
    *,
    suffix: str,
    media_type: str | None = None,
    charset: str | None = None,
    fetched_at: datetime | None = None,
) -> list[Document | Unreadable]:
    """The documents in a file's or a body's bytes, told apart by suffix and content."""
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    if suffix == ".eml" or media_type == "message/rfc822":
        from warlosses import mail

        return [mail.read_message(name, data, fetched_at=fetched_at)]
    if _MBOX_START.match(head) or media_type == "application/mbox":
        from warlosses import mail

        return mail.read_mbox(name, data, fetched_at=fetched_at)
    if _FEED_START.match(head) or (
        (suffix in FEED_SUFFIXES or media_type in FEED_MEDIA_TYPES) and b"<html" not in head
    ):
        from warlosses import feeds

        return feeds.read_feed(name, data, fetched_at=fetched_at)
    html = media_type in ("text/html", "application/xhtml+xml") or suffix in HTML_SUFFIXES
    return [document_from_bytes(name, data, charset=charset, html=html, fetched_at=fetched_at)]


def _read_whole(name: str, limit: int) -> bytes | Unreadable:
    """A regular file's bytes, up to `limit` of them."""
    try:
        with open(name, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                return Unreadable(name, f"larger than {limit // (1024 * 1024)} MiB, skipped",
                                  error=False)  # fmt: skip
            data = handle.read(limit + 1)
    except OSError as error:
        return Unreadable(name, _reason(error))
    if len(data) > limit:
        return Unreadable(name, f"larger than {limit // (1024 * 1024)} MiB, skipped", error=False)
    return data


def _read_file(name: str) -> bytes | Unreadable:
    # O_NONBLOCK: opening a named pipe that has no writer would otherwise wait in open().
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(name, flags)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            return Unreadable(name, "is a directory")
        if stat.S_ISFIFO(info.st_mode):
            return _read_pipe(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return Unreadable(name, _not_a_file(info.st_mode), error=False)
        elif info.st_size > MAX_BYTES:
            return _too_large(name)
        with open(descriptor, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES + 1)
    finally:
        os.close(descriptor)


def _read_pipe(descriptor: int) -> bytes:
    """A named pipe given by name (only those reach here, see find_files), read as `cat`
    reads it: once its writer has opened it, however late, to its end. Read at once, a
    pipe whose writer opens late would seem empty, and the writer would then wait forever
    for a reader. poll() on a pipe opened without blocking reports nothing until a writer
    has come (then data, or the hang-up of its leaving), so it waits without a busy loop,
    and a writer that came and went before is not waited for again."""
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        poller.poll()
        try:
            chunk = os.read(descriptor, 1 << 16)
        except BlockingIOError:  # a writer holds the pipe open and has written nothing yet
            continue
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode(data: bytes, declared: str | None = None) -> str | None:
    """Text from bytes: UTF-16 or UTF-8 by their BOM; the charset a server `declared`;
    UTF-8; the charset the page's own meta names; else each line in UTF-8 where it is
    valid UTF-8, in cp1251 where it is not.

    A declared charset that the bytes do not decode in is passed over (servers get it
    wrong), and so is a declared single-byte Western one (a common server default) when
    the bytes are valid UTF-8 with letters beyond ASCII. None for binary data (NUL bytes
    outside UTF-16).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    if data.startswith(codecs.BOM_UTF8):
        declared = "utf-8-sig"
    for charset in (declared, "utf-8-sig", _meta_charset(data)):
        if charset is None:
            continue
        if _is_western(charset) and not data.isascii() and _is_utf8(data):
            continue
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
    # Ukrainian pages saved by older tools are often Windows-1251; a file may also hold
    # texts pasted from both (a UTF-8 report beside a cp1251 one). So each line is read as
    # UTF-8 where it is valid UTF-8, as Windows-1251 where it is not: a line of Cyrillic
    # in cp1251 is almost never valid UTF-8, while one character at a time would misread
    # pairs such as "Сі" (0xD1 0xB3), which are.
    return "\n".join(map(_line_text, data.split(b"\n")))


def _line_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1251", errors="replace")


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _is_western(charset: str) -> bool:
    return charset.lower().replace("_", "-") in {
        "iso-8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
    }  # fmt: skip


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_HTML_START = re.compile(r"\s*(?:<!doctype html|<html|<head|<body)", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:512]))


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead title tr "
    "ul".split()
)
# Elements whose content a reader never sees: scripts and styles, what a browser shows only
# without scripts or frames, templates, and drawings (icons). Comments are not text either.
_HIDDEN = "script, style, noscript, template, svg, iframe, noembed, noframes"
_NAME_END = r"(?![^\t\n\f\r />])"  # where a tag name ends, as the HTML tokenizer reads it
# A line break before each block element's start and end tag: the text keeps one block per
# line, as the parser's headings, lists and paragraphs need. A line break is only
# whitespace to the HTML parser, so the tree it builds is the same.
_BLOCK_START = re.compile("<(?=/?" + alternation(_BLOCK_TAGS) + _NAME_END + ")", re.I | re.A)

# lexbor's tree builder checks scopes by walking the stack of open elements, so some
# markup costs it time that grows with the square of its number of tags (10,000 nested
# <div> 0.14 s, 20,000 0.6 s). A page of more tags than this is flattened first, which
# keeps its text and its line breaks; no saved report page comes near (a whole page of a
# news site holds about 3,000).
MAX_TAGS = 5_000
# Elements whose content the HTML tokenizer reads as text, not markup: their tags stay in
# a flattened page so that what they hold is read as in the page itself.
_RAW_TEXT = ("script", "style", "noscript", "textarea", "title", "xmp", "iframe", "noembed",
             "noframes", "plaintext")  # fmt: skip
# A tag, to its first ">" (as the tokenizer reads it but for a ">" inside quotes).
_FLAT_TAG = re.compile("</?(?!" + alternation(_RAW_TEXT) + _NAME_END + ")[a-z][^>]*+>", re.I | re.A)
_TAG_OPEN = re.compile("</?[a-z]", re.I | re.A)


_CHUNK = 1 << 20  # characters flattened at a time: bounds the passes' own memory


def _flattened(page: str) -> str:
    """The page's text with line breaks marked for its block tags, and without its tags
    but for those of raw-text elements, so that what these hold is read as in the page.

    The tree builder then holds at most a few elements open at any time, so its time grows
    with the length of the page only, whatever the page nests or leaves open. A tag ends
    at its first ">", as the HTML tokenizer reads it unless quotes hold one (a line break
    marked inside a tag goes with it). After the last ">", a tag begun is never ended: the
    tokenizer drops it and all that follows. Two passes of the regular-expression engine,
    one step per character, over pieces that end with a ">", so that no tag spans two.
    """
    end = page.rfind(">") + 1
    parts = []
    start = 0
    while start < end:
        cut = page.find(">", min(start + _CHUNK, end - 1)) + 1
        parts.append(_FLAT_TAG.sub("", _BLOCK_START.sub("\n<", page[start:cut])))
        start = cut
    tail = page[end:]
    unended = _TAG_OPEN.search(tail)
    parts.append(tail if unended is None else tail[: unended.start()])
    return "".join(parts)


def convert_html(page: str) -> tuple[str, str | None]:
    """The readable text of an HTML page, one block per line (its title first), and the
    time the page says it was published, as written there (None when it says nothing).

    lexbor (through selectolax) parses the page as a browser does: entities, broken and
    unclosed markup, raw-text elements. Script, style and the other hidden elements are
    left out, and so are comments.
    """
    if page.count("<") <= MAX_TAGS:
        tree = _tree(_BLOCK_START.sub("\n<", page))
        published = _published(tree, page)
    else:
        tree = _tree(_flattened(page))
        head = _HEAD_END.search(page)  # the metadata, from the page as it is
        top = page[: head.start() if head else 0]
        published = _published(_tree(top), top) if top.count("<") <= MAX_TAGS else None
    for node in tree.css(_HIDDEN):
        node.decompose()
    root = tree.root
    return _tidy(root.text() if root is not None else ""), published


def _tree(page: str) -> LexborHTMLParser:
    return LexborHTMLParser(page, scripting=True)  # <noscript> holds text, as in a browser


def html_to_text(page: str) -> str:
    """The readable text of an HTML page, one block per line, its title first."""
    return convert_html(page)[0]


# Where a page states when it was published, in order: a meta element (Open Graph's
# article:published_time, schema.org's datePublished and their kin), JSON-LD's
# datePublished, then a <time> element's datetime (the article's own first).
_PUBLISHED_META = frozenset(
    {"article:published_time", "og:published_time", "og:article:published_time",
     "datepublished", "pubdate", "publishdate", "publish-date", "dc.date.issued"}
)  # fmt: skip
_META_KEYS = ("property", "itemprop", "name")
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"\\]{1,64})"')
_TIME_TAG = re.compile("<time" + _NAME_END, re.I | re.A)
_HEAD_END = re.compile("</head" + _NAME_END + "|<body" + _NAME_END, re.I | re.A)


def _published(tree: LexborHTMLParser, page: str) -> str | None:
    """The publication time a page states, as written; None when it states none. Each
    search of the whole tree costs as much as reading its text: the head's own children
    come first, and the tree is searched only for what the page's text shows it holds."""
    head = tree.head
    found = _meta_time([node for node in head.iter() if node.tag == "meta"] if head else [])
    if found is None and "datePublished" in page and "itemprop" in page:  # in the body
        found = _meta_time(tree.css('meta[itemprop="datePublished"]'))
    if found is None and (json_ld := _JSON_LD_PUBLISHED.search(page)) is not None:
        found = json_ld.group(1)
    if found is None and _TIME_TAG.search(page) is not None:
        for selector in ("article time[datetime]", "time[datetime]"):
            node = tree.css_first(selector)
            if node is not None and node.attributes.get("datetime"):
                return node.attributes.get("datetime")
    return found


def _meta_time(metas: list[LexborNode]) -> str | None:
    for meta in metas:
        attributes = meta.attributes
        key = next((attributes[k] for k in _META_KEYS if attributes.get(k)), None)
        content = attributes.get("content")
        if key is not None and content and key.lower() in _PUBLISHED_META:
            return content
    return None


# Whitespace other than the space and the line break, and runs of two spaces or more:
# matching only what must change, rather than every gap between words, keeps these two
# passes short ("   *" rather than " {2,}": a pattern that begins with plain characters
# is searched for like a string). The whitespace is every character but those two that
# str.isspace() holds, spelled out: 1.6 times as fast to search for as "[^\S \n]".
_ODD_SPACE = re.compile(
    "[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_SPACES = re.compile("   *")


def _tidy(text: str) -> str:
    """Each line with its words one space apart, and no blank lines.

    The same as joining `line.split()` for every line, in a few passes over the whole text
    instead of a Python step per line and a string per word.
    """
    text = _SPACES.sub(" ", _ODD_SPACE.sub(" ", text))
    return "\n".join(filter(None, map(str.strip, text.split("\n"))))
