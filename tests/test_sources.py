"""Containers of documents: feeds, e-mail and Telegram exports, read from files; each
item one document, dated by its container's publication time (day rule 3b)."""

import base64
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlosses.cli import app
from warlosses.documents import Document, Unreadable, find_files, read_documents
from warlosses.mail import read_message
from warlosses.store import Store
from warlosses.telegram import text_of

SOURCES = Path(__file__).parent.parent / "examples" / "sources"


def documents(item: str) -> list[Document]:
    found = read_documents(item)
    assert all(isinstance(d, Document) for d in found), found
    return found  # type: ignore[return-value]


def stored(store: Path) -> list[tuple[int, str, int, int | None, str, str]]:
    losses = Store(store).read_arrow().losses
    columns = ("day", "category", "total", "delta", "rule", "source")
    rows = zip(*(losses[c].to_pylist() for c in columns), strict=True)
    return sorted(rows, key=lambda row: (row[0], row[1], row[5], row[2]))


# ---------------------------------------------------------------------------------------
# Feeds


def test_a_feed_gives_one_document_per_entry_named_by_its_link() -> None:
    found = documents(str(SOURCES / "feed.xml"))
    assert [d.name for d in found] == [
        "https://notes.example.org/losses/2024-12-30-tally",
        "https://notes.example.org/losses/morning-numbers-year-end",
        "https://notes.example.org/losses/morning-numbers-new-year",
    ]
    # 23:30 UTC on 31 December is half past one on 1 January in Kyiv.
    assert [d.published for d in found] == [date(2024, 12, 30), date(2024, 12, 31),
                                            date(2025, 1, 1)]  # fmt: skip
    # The title heads the text; the HTML is converted as a page's is.
    assert found[1].text.splitlines()[:3] == [
        "Morning numbers: the last day of the year",
        "Our short board of the day's figures.",
        "Russian War Losses (Today/Total)",
    ]
    assert "<br>" not in found[0].text and "‒ about 787940 (+2010) persons" in found[0].text
    assert len({d.sha256 for d in found}) == 3


def test_an_atom_feed_with_content_and_an_entry_named_by_its_id(tmp_path: Path) -> None:
    feed = tmp_path / "losses.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Daily tally</title>'
        "<id>urn:tally</id><updated>2025-01-03T06:00:00Z</updated>"
        "<entry><title>Friday</title><id>urn:tally:1045</id>"
        "<updated>2025-01-03T05:50:00Z</updated>"
        '<summary>A short note.</summary><content type="html">'
        "&lt;p&gt;Russian War Losses (Today/Total)&lt;/p&gt;&lt;p&gt;Troops +1080&lt;br&gt;"
        "793250 |&lt;/p&gt;&lt;p&gt;Tanks +1&lt;br&gt;9677 |&lt;/p&gt;</content></entry></feed>",
        encoding="utf-8",
    )
    (entry,) = documents(str(feed))
    assert entry.name == "urn:tally:1045"  # feedparser gives the id as the link
    assert entry.published == date(2025, 1, 3)
    assert (
        entry.text
        == "Friday\nRussian War Losses (Today/Total)\nTroops +1080\n793250 |\nTanks +1\n9677 |"
    )


def test_a_broken_feed_is_one_warning(tmp_path: Path) -> None:
    feed = tmp_path / "broken.xml"
    feed.write_text('<?xml version="1.0"?><rss><channel><item><title>cut')
    (found,) = read_documents(str(feed))
    assert isinstance(found, Unreadable) and not found.error
    assert found.reason.startswith("not a readable feed (")


# ---------------------------------------------------------------------------------------
# E-mail


def test_an_mbox_gives_each_message_named_and_dated_by_its_headers() -> None:
    found = documents(str(SOURCES / "newsletters.mbox"))
    assert [d.name for d in found] == [
        "brief-2025-01-02@brief.example.org",
        "brief-2025-01-03@brief.example.org",
        "Втрати ворога: суботній випуск",  # no Message-ID: its subject, decoded
    ]
    assert [d.published for d in found] == [date(2025, 1, 2), date(2025, 1, 3), date(2025, 1, 4)]
    # Quoted-printable UTF-8; base64 with the plain part preferred over the HTML one;
    # base64 Windows-1251 HTML, converted.
    assert "Troops +1370\n792170 |" in found[0].text
    assert "Vehicles +41\n32770 |" in found[1].text and "<p>" not in found[1].text
    assert found[2].text.splitlines()[1] == "Загальні бойові втрати противника орієнтовно склали:"


def test_an_eml_is_one_message_and_its_utc_date_is_read_in_kyiv() -> None:
    (letter,) = documents(str(SOURCES / "letter.eml"))
    assert letter.name == "brief-2025-01-05@brief.example.org"
    assert letter.published == date(2025, 1, 5)  # 22:45 UTC on the 4th
    assert letter.text.startswith("Sunday letter.")


def test_a_message_without_text_or_with_an_unknown_charset() -> None:
    attachment = (
        b"Subject: figures\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(b"%PDF-1.4")
        + b"--b--\r\n"
    )
    found = read_message("letter.eml", attachment)
    assert found == Unreadable("letter.eml", "an e-mail without a text or HTML part; skipped",
                               error=False)  # fmt: skip
    odd = b"Content-Type: text/plain; charset=x-unheard-of\r\n\r\ntanks \xe2\x80\x92 9651\r\n"
    message = read_message("odd.eml", odd)
    assert isinstance(message, Document)
    assert message.name == "odd.eml" and message.text.strip() == "tanks ‒ 9651"


def test_a_file_named_mbox_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "mbox").write_text("tanks ‒ 9651 (+7)\n")
    assert read_documents(str(tmp_path / "mbox")) == [
        Unreadable(str(tmp_path / "mbox"), 'not an mbox: it does not begin with a "From " line',
                   error=False)
    ]  # fmt: skip


def test_a_text_that_begins_with_from_is_not_taken_for_an_mbox(tmp_path: Path) -> None:
    text = tmp_path / "list.txt"
    text.write_text("From 24.02.2022 to 28.12.2024 the losses were:\nTanks: 9651\n")
    (document,) = documents(str(text))
    assert document.name == str(text) and document.text.startswith("From 24.02.2022")


# ---------------------------------------------------------------------------------------
# Telegram


def test_a_telegram_export_gives_each_text_post_named_by_channel_and_id() -> None:
    found = documents(str(SOURCES / "telegram" / "result.json"))
    # The service message and the photo without a caption give nothing.
    assert [d.name for d in found] == [
        f"Генеральний штаб ЗСУ/{n}" for n in (20010, 20011, 20020, 20030, 20040)
    ]
    assert [d.published for d in found] == [date(2025, 1, 2), date(2025, 1, 2), date(2025, 1, 3),
                                            date(2025, 1, 4), date(2025, 1, 5)]  # fmt: skip
    assert found[0].text.startswith("⚡️ Загальні бойові втрати противника з 24.02.22 по 02.01.25")


def test_telegram_text_pieces_and_dates() -> None:
    assert text_of(["a ", {"type": "bold", "text": "b"}, {"type": "link", "text": " c"}]) == "a b c"
    assert text_of(None) == "" and text_of({"text": ["x", "y"]}) == "xy"
    export = {
        "chats": {"list": [{"name": "Channel", "id": 7, "messages": [
            # 22:30 UTC on the 27th: the 28th in Kyiv; the zone-less date is not used.
            {"id": 1, "type": "message", "date": "2024-12-27T23:30:00",
             "date_unixtime": "1735338600", "text": "a"},
            # No unix time: the date is taken as Kyiv's.
            {"id": 2, "type": "message", "date": "2024-12-27T23:30:00", "text": "b"},
        ]}]}
    }  # fmt: skip
    from warlosses.telegram import read_export

    found = read_export("result.json", json.dumps(export).encode())
    assert [(d.name, d.published) for d in found] == [  # type: ignore[union-attr]
        ("Channel/1", date(2024, 12, 28)),
        ("Channel/2", date(2024, 12, 27)),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"date": "2022-04-29", "tank": 1000}]',
         "JSON, but not a Telegram Desktop export (result.json); data sets are read by "
         "`warlosses import`"),
        ('{"messages": [', "not valid JSON (Expecting value at line 1, column 15); skipped"),
        ('{"name": "x", "messages": [{"id": 1, "type": "service", "text": ""}]}',
         "a Telegram export without text messages"),
        pytest.param("[" * 100_000, "not valid JSON (nested too deeply); skipped", id="deep"),
    ],
)  # fmt: skip
def test_json_that_is_no_telegram_export(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "result.json"
    path.write_text(content)
    assert read_documents(str(path)) == [Unreadable(str(path), reason, error=False)]


# ---------------------------------------------------------------------------------------
# Folders and the whole flow


def test_folders_give_feeds_mail_and_telegram_exports(tmp_path: Path) -> None:
    for name in ("a.eml", "b.mbox", "mbox", "c.xml", "d.rss", "e.atom", "result.json",
                 "other.json", "f.pdf"):  # fmt: skip
        (tmp_path / name).write_text("x")
    assert [Path(str(p)).name for p in find_files([str(tmp_path)])] == [
        "a.eml",
        "b.mbox",
        "c.xml",
        "d.rss",
        "e.atom",
        "mbox",
        "result.json",
    ]


def test_ingest_stores_every_report_on_its_day_without_a_date(store_path: Path) -> None:
    """The acceptance: a Telegram export of a few days of the General Staff's posts and an
    mbox of newsletters, each report on its own day, no --date."""
    result = CliRunner().invoke(
        app,
        ["ingest", "--store", str(store_path), str(SOURCES / "telegram"),
         str(SOURCES / "newsletters.mbox"), str(SOURCES / "letter.eml")],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{SOURCES / 'telegram' / 'result.json'}: 1 of 5 documents held no loss report or "
        "civilian count",
        "Read 3 files (9 documents), found 8 reports: 4 days added, 0 changed, 0 unchanged.",
    ]
    rows = stored(store_path)
    by_source = {}
    for day, _category, _total, _delta, rule, source in rows:
        by_source.setdefault(source, set()).add((day, rule))
    assert by_source == {
        "Генеральний штаб ЗСУ/20010": {(1044, "header")},
        "Генеральний штаб ЗСУ/20020": {(1045, "published")},
        "Генеральний штаб ЗСУ/20030": {(1046, "published")},
        "Генеральний штаб ЗСУ/20040": {(1047, "header")},
        "brief-2025-01-02@brief.example.org": {(1044, "published")},
        "brief-2025-01-03@brief.example.org": {(1045, "published")},
        "Втрати ворога: суботній випуск": {(1046, "published")},
        "brief-2025-01-05@brief.example.org": {(1047, "published")},
    }
    # The real figures of those days, from each source.
    tanks = {(day, source[:4]): total for day, category, total, _, _, source in rows
             if category == "tanks"}  # fmt: skip
    assert tanks == {(1044, "Гене"): 9676, (1044, "brie"): 9676, (1045, "Гене"): 9677,
                     (1045, "brie"): 9677, (1046, "Гене"): 9679, (1046, "Втра"): 9679,
                     (1047, "Гене"): 9686, (1047, "brie"): 9686}  # fmt: skip
    again = CliRunner().invoke(
        app, ["ingest", "--store", str(store_path), str(SOURCES / "telegram")]
    )
    assert again.stderr.splitlines()[-1] == (
        "Read 1 file (5 documents), found 4 reports: 0 days added, 0 changed, 4 unchanged."
    )
    assert stored(store_path) == rows


def test_ingest_of_a_feed_file_dates_entries_by_their_times(store_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", "--store", str(store_path), str(SOURCES / "feed.xml")]
    )
    assert result.exit_code == 0, result.stderr
    assert {(day, rule) for day, _, _, _, rule, _ in stored(store_path)} == {
        (1041, "header"),
        (1042, "published"),
        (1043, "published"),
    }
