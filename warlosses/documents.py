"""Where documents come from: paths, folders and standard input, decoded to plain text."""

import codecs
import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MAX_BYTES = 32 * 1024 * 1024  # one document; a larger one is refused with a message
STDIN = "-"


@dataclass(frozen=True)
class Document:
    """A document's name as the user gave it, its decoded text and a hash of its bytes."""

    name: str
    text: str
    sha256: str


@dataclass(frozen=True)
class Unreadable:
    """A path that gave no document, and why, in words for the user.

    `error` is set when the path could not be read at all (missing, no permission), which
    fails the run; a file that was read but holds no text (binary, too large) only warns.
    """

    name: str
    reason: str
    error: bool = True


def find_files(paths: Iterable[str]) -> Iterator[str | Unreadable]:
    """The files to read, in a stable order: folders are walked for report files."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield raw
        else:
            yield Unreadable(raw, "no such file or directory")


def _walk(folder: Path) -> Iterator[str | Unreadable]:
    def on_error(error: OSError) -> None:
        raise error

    try:
        # followlinks=False: a symlinked folder could loop forever.
        for root, dirs, files in os.walk(folder, onerror=on_error):
            dirs.sort()
            for name in sorted(files):
                if Path(name).suffix.lower() in SUFFIXES:
                    yield os.path.join(root, name)
    except OSError as error:
        yield Unreadable(str(folder), _reason(error))


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def read_document(name: str) -> Document | Unreadable:
    """Read and decode one file (or standard input for `-`)."""
    try:
        if name == STDIN:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        return Unreadable(name, "is a directory")
    except OSError as error:
        return Unreadable(name, _reason(error))
    if len(data) > MAX_BYTES:
        return Unreadable(
            name, f"larger than {MAX_BYTES // (1024 * 1024)} MiB, skipped", error=False
        )
    text = decode(data)
    if text is None:
        return Unreadable(name, "binary data, not a text document; skipped", error=False)
    is_html = Path(name).suffix.lower() in HTML_SUFFIXES or _looks_like_html(text)
    if is_html:
        text = html_to_text(text)
    return Document(name, text, hashlib.sha256(data).hexdigest())


def decode(data: bytes) -> str | None:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1251.

    None for binary data (NUL bytes outside UTF-16).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Ukrainian pages saved by older tools are often Windows-1251.
    return data.decode("cp1251", errors="replace")


_HTML_START = re.compile(r"\s*(?:<!doctype html|<html|<head|<body)", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:512]))


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead title tr "
    "ul".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})


class _TextExtractor(HTMLParser):
    """Page text with block tags as line breaks, and scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(page: str) -> str:
    """The readable text of an HTML page, one block per line."""
    extractor = _TextExtractor()
    extractor.feed(page)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)
