"""Reading documents: decoding, HTML to text, folders."""

import codecs
import sys
from datetime import date
from pathlib import Path

from warlosses import documents
from warlosses.documents import (
    Document,
    Unreadable,
    convert_html,
    decode,
    find_files,
    html_to_text,
    read_document,
)


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode("танків ‒ 9651".encode()) == "танків ‒ 9651"
    assert decode(codecs.BOM_UTF8 + "танків".encode()) == "танків"


def test_decode_utf16_with_bom() -> None:
    assert decode("tanks ‒ 9651".encode("utf-16")) == "tanks ‒ 9651"


def test_decode_cp1251_ukrainian() -> None:
    assert decode("Загальні бойові втрати".encode("cp1251")) == "Загальні бойові втрати"


def test_binary_is_not_text() -> None:
    assert decode(b"\x00\x01\x02PK\x03\x04") is None


def test_html_drops_scripts_and_styles_and_breaks_blocks() -> None:
    page = (
        "<html><head><title>Losses, 28.12.2024</title><style>p{x:1}</style>"
        "<script>var tanks = 9999;</script></head><body><nav><a>Home</a></nav>"
        "<p>tanks&nbsp;&#8210; <b>9651</b> (+7),</p><p>APV &ndash; 19970</p></body></html>"
    )
    assert html_to_text(page) == "Losses, 28.12.2024\nHome\ntanks ‒ 9651 (+7),\nAPV – 19970"


def test_html_with_deep_nesting_is_fine() -> None:
    page = "<div>" * 50_000 + "tanks ‒ 1" + "</div>" * 50_000
    assert html_to_text(page) == "tanks ‒ 1"


def test_read_document_hashes_bytes_and_converts_html(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<p>hello</p><p>world</p>", encoding="utf-8")
    document = read_document(str(path))
    assert isinstance(document, Document)
    assert document.text == "hello\nworld"
    assert len(document.sha256) == 64


def test_unreadable_paths(tmp_path: Path) -> None:
    missing = read_document(str(tmp_path / "nope.txt"))
    assert missing == Unreadable(str(tmp_path / "nope.txt"), "no such file or directory")
    assert read_document(str(tmp_path)) == Unreadable(str(tmp_path), "is a directory")


def test_find_files_walks_folders_in_order_and_skips_other_suffixes(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "b/1.HTML", "a.md", "c.pdf", "b/notes.json"):
        (tmp_path / name).write_text("x")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)  # must not be followed forever
    found = list(find_files([str(tmp_path), str(tmp_path / "missing")]))
    assert found[:3] == [str(tmp_path / "a.md"), str(tmp_path / "b" / "1.HTML"),
                         str(tmp_path / "b" / "2.txt")]  # fmt: skip
    assert found[3] == Unreadable(str(tmp_path / "missing"), "no such file or directory")


PAGE_FIXTURES = [
    *Path(__file__).parent.glob("fixtures/**/*.htm*"),
    *(Path(__file__).parent.parent / "data").glob("*.htm*"),
]


def test_every_page_fixture_reads_the_same_flattened() -> None:
    """A page of more than MAX_TAGS tags is flattened before lexbor builds its tree: its
    text is the one the tree gives (the fixtures hold tables, lists, entities, scripts)."""
    assert PAGE_FIXTURES
    for path in PAGE_FIXTURES:
        page = path.read_text(encoding="utf-8")
        assert page.count("<") <= documents.MAX_TAGS
        padded = page + "<!-- -->" * documents.MAX_TAGS  # comments: no text, many "<"
        assert html_to_text(padded) == html_to_text(page), path


def test_an_unclosed_script_or_comment_hides_the_rest_of_the_page() -> None:
    page = "<p>tanks ‒ 9651 (+7)</p><script>var x = '<p>not text</p>';"
    assert html_to_text(page) == "tanks ‒ 9651 (+7)"
    assert html_to_text("<p>APV ‒ 19970</p><!-- <p>not text</p>") == "APV ‒ 19970"


# Pages made to trip up a hand-written scanner, and what a browser shows of them.
TRICKY_PAGES = {
    "</script><p>a</p><script>b": "a",  # an end tag before its start; b is script
    "<Script>a</SCRIPT>b<script>c</Script >d": "bd",  # tag names in any case
    "<ſcript>a</script>b</ſcript>c": "<ſcript>abc",  # a long s: "<" is text, "</" not
    "<script x='>'>a</script><style>b</style\n>c<svg/>d</svg>": "cd",  # <svg/> closes itself
    "<script<script>a</script</script>": "a",  # an element named "script<script"
    "<!-->a-->b<!--->c<!---->d": "a-->bcd",  # "<!-->" is a whole (empty) comment
    "<noscript><p>a</p></noscript><template>b</template>c": "c",
    "<iframe><p>a</p></iframe>b": "b",
    "<STYLE>a</style><SVG>b</SVG><pre>c</pre><PRE>d<Pre>e<pref>f<th>g<thead>h": "c\nd\nef\ng\nh",
    "a<p>b<P>c<pref>d<TH>e<thead>f<h7>g</DIV >h<Div>i": "a\nb\ncd\ne\nfg\nh\ni",
    "<p>a &amp;lt; &#8210; &#x2013; &notin; &noti; &#0; &#99999999999999; &#1114112;</p>": "a &lt; ‒ – ∉ ¬i; \ufffd \ufffd \ufffd",
    "&#" + "9" * 5000 + ";": "\ufffd",  # html.unescape raises past 4300 digits
}


def test_tricky_pages_read_as_a_browser_shows_them() -> None:
    for page, text in TRICKY_PAGES.items():
        assert html_to_text(page) == text, page


def test_the_title_is_the_first_line_and_hidden_elements_are_left_out() -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Losses &ndash; day 1,039"
        "</title><style>p{}</style><script>var tanks = 9999;</script><noscript><p>x</p>"
        "</noscript></head><body><!-- <p>tanks 1</p> --><svg><title>icon</title></svg>"
        "<template><p>t</p></template><ul><li>tanks ‒ 9651</li><li>APV ‒ 19970</li></ul>"
        "</body></html>"
    )
    assert html_to_text(page) == "Losses – day 1,039\ntanks ‒ 9651\nAPV ‒ 19970"


def test_a_page_of_many_tags_is_flattened_and_keeps_its_text() -> None:
    """Flattened: every tag but those of raw-text elements left out, a block's as a line
    break. Text, line breaks, entities and scripts stay as they were; a tag is cut at its
    first ">" (here inside quotes), and markup inside a title or a textarea, which a
    browser shows as it is written, is left out as well."""
    body = "<div class='a>b'><span>x &amp; y</span></div><br/><b>z</b><p>w" * 1000
    page = f"<title>T</title><script>var s = '<div>';</script>{body}<textarea><i></i></textarea>"
    assert page.count("<") > documents.MAX_TAGS
    lines = html_to_text(page).split("\n")
    assert lines[:5] == ["T", "b'>x & y", "z", "w", "b'>x & y"]
    assert lines[-1] == "w"
    assert "var s" not in "\n".join(lines)  # the script stays raw text, and hidden


def test_published_time_from_the_meta_json_ld_or_time_element() -> None:
    def published(head: str, body: str = "") -> str | None:
        return convert_html(f"<html><head>{head}</head><body>{body}<p>x</p></body></html>")[1]

    meta = '<meta property="article:published_time" content="2024-12-27T23:30:00+00:00">'
    json_ld = '<script type="application/ld+json">{"datePublished": "2024-12-26"}</script>'
    time = '<time datetime="2024-12-25T08:00">25 Dec</time>'
    assert published(meta + json_ld, time) == "2024-12-27T23:30:00+00:00"
    assert published('<meta name="pubdate" content="20241227">') == "20241227"
    assert published('<meta itemprop="datePublished" content="2024-12-24">') == "2024-12-24"
    assert published("", '<div><meta itemprop="datePublished" content="2024-12-23"></div>') == (
        "2024-12-23"
    )
    assert published('<meta property="og:title" content="2024-01-01">' + json_ld, time) == (
        "2024-12-26"
    )
    assert published("", f"<aside><time datetime='2024-01-01'>x</time></aside><article>{time}"
                     "</article>") == "2024-12-25T08:00"  # fmt: skip
    assert published("", time) == "2024-12-25T08:00"
    assert published('<meta property="article:modified_time" content="2024-12-27">') is None
    assert published("", "<time>today</time>") is None


def test_a_flattened_page_keeps_its_published_time() -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2024-12-27T23:30:00Z">'
        "</head><body>" + "<p>x</p>" * documents.MAX_TAGS + "</body></html>"
    )
    assert convert_html(page)[1] == "2024-12-27T23:30:00Z"


def test_read_document_dates_a_page_by_its_published_time_in_kyiv(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    meta = '<meta property="article:published_time" content="2024-12-27T23:30:00Z">'
    path.write_text(f"<html><head>{meta}</head><body><p>x</p></body></html>", encoding="utf-8")
    document = read_document(str(path))
    assert isinstance(document, Document)
    assert (document.text, document.published) == ("x", date(2024, 12, 28))
    text = tmp_path / "note.txt"
    text.write_text(meta, encoding="utf-8")  # not a page: nothing is read from its markup
    assert getattr(read_document(str(text)), "published", "?") is None


def test_whitespace_is_tidied_line_by_line() -> None:
    from warlosses.documents import _tidy

    texts = [
        "  a  b \n\n\t c\td \r\n",
        "a\xa0\xa0b\u202fc\u3000\u2028d\x1ce\x85f\x0bg\x0ch",
        " \n \n  \n",
        "a\u200bb\xadc",  # not whitespace: kept
        "",
    ]
    for text in texts:
        lines = (" ".join(line.split()) for line in text.split("\n"))
        assert _tidy(text) == "\n".join(line for line in lines if line), repr(text)


def test_odd_spaces_are_every_whitespace_but_the_space_and_the_line_break() -> None:
    """The spelled-out set stays what str.isspace() holds, whatever Unicode adds."""
    from warlosses.documents import _ODD_SPACE

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    expected = {c for c in everything if c.isspace() and c not in " \n"}
    assert set(_ODD_SPACE.findall(everything)) == expected
