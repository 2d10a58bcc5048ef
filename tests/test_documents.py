"""Reading documents: decoding, HTML to text, folders."""

import codecs
import html
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from warlosses.documents import (
    Document,
    Unreadable,
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


def test_fast_html_path_agrees_with_the_scanner_on_every_page_fixture() -> None:
    from warlosses.documents import _scan_html

    root = Path(__file__).parent.parent
    pages = [*root.glob("tests/fixtures/**/*.htm*"), *root.glob("data/*.htm*")]
    assert pages
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert html_to_text(page) == _scan_html(page), path


def test_an_unclosed_script_falls_back_to_the_scanner() -> None:
    page = "<p>tanks ‒ 9651 (+7)</p><script>var x = '<p>not text</p>';"
    assert html_to_text(page) == "tanks ‒ 9651 (+7)"


# The fast path's pieces against their plain definitions, on pages made to trip them up.
TRICKY_PAGES = [
    "</script><p>a</p><script>b",  # counts balance, the start tag has no end tag after it
    "<Script>a</SCRIPT>b<script>c</Script >d",
    "<ſcript>a</script>b</ſcript>c",  # long s: the pattern's case rules, not str.lower's
    "<ſcript>a<script>b</script>c",
    "<script x='>'>a</script><style>b</style\n>c<svg/>d</svg>",
    "<script<script>a</script</script>",  # no ">" after the first start
    "<!-->a-->b<!--->c<!---->d",
    "<noscript><p>a</p></noscript><template>b</template>",
    "<STYLE>a</style><SVG>b</SVG><pre>c</pre><PRE>d<Pre>e<pref>f<th>g<thead>h",
]


def test_dropping_whole_elements_matches_the_pattern_applied_in_one_go() -> None:
    from warlosses.documents import _DROPPED, _drop

    for page in TRICKY_PAGES:
        assert _drop(page) == _DROPPED.sub(" ", page), page


def test_balance_counts_each_mark_in_lower_or_upper_case() -> None:
    from warlosses.documents import _balanced

    def counted(page: str) -> bool:
        pairs = [(f"<{name}", f"</{name}") for name in ("script", "style", "noscript")]
        pairs += [("<template", "</template"), ("<svg", "</svg"), ("<!--", "-->")]
        return all(
            page.count(start) + page.count(start.upper())
            == page.count(end) + page.count(end.upper())
            for start, end in pairs
        )

    for page in [*TRICKY_PAGES, "<SCRIPT>a</script>", "<Script>a</script>", "<!-- a", "a -->"]:
        assert _balanced(page) == counted(page), page


def test_block_tags_are_whole_names() -> None:
    page = "a<p>b<P>c<pref>d<TH>e<thead>f<h7>g</DIV >h"
    assert html_to_text(page) == "a\nb\ncd\ne\nfg\nh"


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


# Pieces of character references, valid, unknown, unfinished and oversized, and text.
_REFERENCE_PIECES = ["&", "#", ";", "x", "X", "amp", "lt", "ltx", "nbsp", "NBSP", "not", "notin",
                     "41", "8210", "0", "1114112", "99999999999", "fff", "a" * 33, " ", "\n",
                     "<", "é", "Втрати"]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_REFERENCE_PIECES), max_size=40).map("".join))
@example("&amp;lt; &lt;")  # what one reference gives is never read as another
@example("&lt; &amp;lt; &amp;amp;")
def test_references_are_unescaped_as_html_unescape_does(text: str) -> None:
    """Each kind of reference is unescaped once per page, with html.unescape's results."""
    from warlosses.documents import _HUGE_CHARREF, _unescape

    assert _unescape(text) == html.unescape(_HUGE_CHARREF.sub("\ufffd", text))
