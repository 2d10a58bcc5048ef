"""Saved report pages shaped like real ones, for bench/perf.py.

A real saved page of a General Staff report (a ministry or news site, 2022-2024) is about
74 KiB and 1,500 elements: a head of metadata, navigation menus and a footer of hundreds
of links, a sidebar listing other days' report headlines, inline scripts and styles at
about 4% of the bytes, and the report itself, about 2 KB. A few percent are saved as
Windows-1251 or hold a broken tag. `page()` writes one such page around a report made by
bench/accuracy.py's writers (formats B, C and E), and `Shape` measures a page so that the
benchmark can print what its archive looks like beside its timings.

Everything is generated here from the public day-keyed figures; no site's text is copied.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field

import accuracy
from accuracy import Ctx, Expected, Part, Truth

TARGET_BYTES = 74 * 1024
_SECTIONS_EN = (
    "News", "War", "Politics", "Economy", "Society", "Regions", "World", "Culture",
    "Sports", "Technology", "Opinion", "Video",
)  # fmt: skip
_SECTIONS_UK = (
    "Новини", "Війна", "Політика", "Економіка", "Суспільство", "Регіони", "Світ", "Культура",
    "Спорт", "Технології", "Думки", "Відео",
)  # fmt: skip
_TOPICS_EN = (
    "Front line", "Air defence", "Analysis", "Interviews", "Explainers", "Fact check",
    "Photo", "Live blog", "Maps", "Data", "Newsletters", "Archive", "Kyiv", "Kharkiv",
    "Odesa", "Donetsk region", "Energy", "Reconstruction", "Diplomacy", "Sanctions",
)  # fmt: skip
_TOPICS_UK = (
    "Фронт", "Протиповітряна оборона", "Аналітика", "Інтерв'ю", "Пояснення", "Фактчек",
    "Фото", "Онлайн", "Карти", "Дані", "Розсилки", "Архів", "Київ", "Харків", "Одеса",
    "Донеччина", "Енергетика", "Відбудова", "Дипломатія", "Санкції",
)  # fmt: skip


@dataclass
class Site:
    """What a site puts around every page: its name, menus, footer, styles and scripts."""

    name: str
    host: str
    ukrainian: bool
    style: str
    scripts: list[str]
    menu: str
    footer: str


def _site(rng: random.Random, name: str, host: str, ukrainian: bool) -> Site:
    sections = _SECTIONS_UK if ukrainian else _SECTIONS_EN
    topics = _TOPICS_UK if ukrainian else _TOPICS_EN
    rules = []
    for k in range(34):
        kind = rng.choice(["nav", "card", "grid", "btn", "hdr", "menu", "post", "meta"])
        rules.append(
            f".{kind}-{k}{{margin:{rng.randint(0, 30)}px;padding:{rng.randint(0, 20)}px "
            f"{rng.randint(0, 20)}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}"
        )
    style = "\n".join(rules)
    scripts = [
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
        f"gtag('js',new Date());gtag('config','G-{rng.randint(10**7, 10**8)}');",
        f'var siteConfig={{"build":{rng.randint(1000, 9999)},'
        f'"lang":"{"uk" if ukrainian else "en"}",'
        f'"ajaxUrl":"https://{host}/wp-admin/admin-ajax.php","nonce":"{rng.getrandbits(40):x}"}};',
        "document.querySelectorAll('.menu-toggle').forEach(function(b){b.addEventListener("
        "'click',function(){document.body.classList.toggle('menu-open');});});",
    ]

    def item(href: str, label: str, extra: str = "") -> str:
        ident = rng.randint(1000, 99999)
        return (
            f'<li id="menu-item-{ident}" class="menu-item menu-item-type-taxonomy '
            f'menu-item-object-category menu-item-{ident}{extra}"><a href="https://{host}{href}">'
            f"{html.escape(label)}</a></li>"
        )

    blocks = []
    for s, section in enumerate(sections):
        subs = "".join(item(f"/{s}/{k}/", rng.choice(topics)) for k in range(rng.randint(9, 13)))
        blocks.append(
            f'<li class="menu-item menu-item-has-children"><a href="https://{host}/{s}/">'
            f'{html.escape(section)}</a><ul class="sub-menu">{subs}</ul></li>'
        )
    menu = (
        '<div class="top-bar"><div class="container"><ul class="top-links">'
        + "".join(item(f"/t/{k}/", rng.choice(topics)) for k in range(6))
        + '</ul><div class="lang-switch"><a href="/uk/">УКР</a> <a href="/en/">ENG</a></div>'
        f'</div></div><header class="site-header"><div class="container"><div class="logo">'
        f'<a href="https://{host}/"><img src="/img/logo.svg" alt="{html.escape(name)}" '
        f'width="180" height="40"></a></div><nav class="main-navigation" '
        f'aria-label="Main"><ul id="primary-menu" class="menu">{"".join(blocks)}</ul></nav>'
        f'<form class="search-form" action="/"><input type="search" name="s">'
        f'<button type="submit">Search</button></form></div></header>'
    )
    mobile = "".join(
        f'<li><a href="/{s}/{k}/">{html.escape(rng.choice(topics))}</a></li>'
        for s in range(len(sections))
        for k in range(rng.randint(9, 12))
    )
    menu += (
        f'<div class="mobile-menu" hidden><button class="menu-toggle">Menu</button>'
        f"<ul>{mobile}</ul></div>"
    )
    columns = []
    for c in range(6):
        links = "".join(
            f'<li><a href="/f/{c}/{k}/">{html.escape(rng.choice(topics + sections))}</a></li>'
            for k in range(rng.randint(14, 18))
        )
        columns.append(
            f'<div class="footer-col"><h4>{html.escape(sections[c])}</h4><ul>{links}</ul></div>'
        )
    icons = "".join(
        f'<a href="https://social.example/{k}" class="social"><svg width="20" height="20" '
        f'viewBox="0 0 20 20"><path d="M{rng.randint(1, 9)} {rng.randint(1, 9)}h10v10H3z"/>'
        f"</svg></a>"
        for k in range(5)
    )
    footer = (
        f'<footer class="site-footer"><div class="container"><div class="footer-cols">'
        f'{"".join(columns)}</div><div class="social-links">{icons}</div>'
        f'<p class="copyright">&copy; 2015&ndash;2025 {html.escape(name)}. '
        + ("Усі права захищено." if ukrainian else "All rights reserved.")
        + "</p></div></footer>"
    )
    return Site(name, host, ukrainian, style, scripts, menu, footer)


_SITES: dict[bool, list[Site]] = {}


def _sites(ukrainian: bool) -> list[Site]:
    if ukrainian not in _SITES:
        rng = random.Random(f"pages-{ukrainian}")
        names = (
            [("Генеральний штаб ЗСУ", "zsu.example.ua"), ("Новини Дня", "novyny.example.ua"),
             ("Укрінформ-стиль", "inform.example.ua")]
            if ukrainian
            else [("General Staff news", "gs.example.com"), ("Kyiv Daily Wire", "wire.example.com"),
                  ("Frontline Desk", "desk.example.com")]
        )  # fmt: skip
        _SITES[ukrainian] = [_site(rng, name, host, ukrainian) for name, host in names]
    return _SITES[ukrainian]


def _sidebar(ctx: Ctx, site: Site, inner: str) -> str:
    rng = ctx.rng
    entries = []
    for _ in range(rng.randint(12, 18)):
        headline = accuracy.sidebar_headline(ctx, site.ukrainian, inner)
        when = f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"
        href = f"https://{site.host}/news/{rng.randint(100000, 999999)}/"
        entries.append(
            f'<li class="news-item"><div class="thumb"><a href="{href}"><img src="/img/t'
            f'{rng.randint(1, 9999)}.jpg" alt="" width="80" height="60"></a></div>'
            f'<div class="body">'
            f'<span class="time">{when}</span> <a href="{href}">{html.escape(headline)}</a>'
            f"</div></li>"
        )
    popular = "".join(
        f'<li><span class="rank">{k + 1}</span><a href="https://{site.host}/news/'
        f'{rng.randint(100000, 999999)}/">{html.escape(accuracy.noise(ctx).split(",")[0][:70])}'
        f'</a><span class="views">{rng.randint(100, 99999)}</span></li>'
        for k in range(10)
    )
    latest, read = ("Latest news", "Most read")
    if site.ukrainian:
        latest, read = ("Останні новини", "Найпопулярніше")
    return (
        f'<aside class="sidebar widget-area"><section class="widget"><h3 class="widget-title">'
        f'{latest}</h3><ul class="news-list">{"".join(entries)}</ul></section>'
        f'<section class="widget"><h3 class="widget-title">{read}</h3><ol class="popular">'
        f"{popular}</ol></section></aside>"
    )


def _card(ctx: Ctx, site: Site, broken: bool) -> str:
    rng = ctx.rng
    body = accuracy.noise(ctx)
    headline = html.escape(body.split(",")[0][:90])
    image = f'<img src="/img/{rng.randint(1, 9999)}.jpg" alt="" loading="lazy"'
    image += "" if broken else ">"  # a tag left without its ">" swallows the next one
    return (
        f'<div class="card"><a class="card-link" href="https://{site.host}/news/'
        f'{rng.randint(100000, 999999)}/"><div class="card-image">{image}</div>'
        f'<h4 class="card-title">{headline}</h4></a><p class="card-text">{html.escape(body)}</p>'
        f'<div class="card-meta"><span class="views">{rng.randint(10, 99999)}</span></div></div>'
    )


@dataclass
class Page:
    """One saved page: its text, the encoding it is saved in, and the report it holds."""

    text: str
    encoding: str
    expected: Expected
    report_bytes: int
    broken: bool

    def data(self) -> bytes:
        return self.text.encode(self.encoding, errors="xmlcharrefreplace")


def _report(ctx: Ctx, inner: str) -> tuple[str, str, Expected]:
    """The article's title and the report's HTML (bench/accuracy.py's writers)."""
    rng = ctx.rng
    if inner in "BC":
        parts, expected, _ = accuracy.gs_parts(ctx, inner == "C")
        titles = [p.lines[0] for p in parts if p.kind == "title"]
        parts = [p for p in parts if p.kind != "title"]
        if inner == "C":
            title = titles[0] if titles else f"Втрати ворога станом на {accuracy.dotted(ctx.when)}"
        else:
            title = titles[0] if titles else f"Enemy losses as of {accuracy.dotted(ctx.when)}"
    else:
        expected = Expected(ctx.day)
        title = rng.choice(accuracy.wire_titles(ctx)[0])
        paragraphs = accuracy.wire_paragraphs(ctx, expected)
        if rng.random() < 0.5:  # news wires set the figures among other news of the day
            paragraphs.insert(rng.randint(1, len(paragraphs)), accuracy.noise(ctx))
        parts = [Part("para", [p]) for p in paragraphs]
    # Sites that relay the figures add other news of the day below them.
    parts += [Part("para", [p]) for p in accuracy.noise_paragraphs(ctx, 3, 4)]
    closing = (
        "<p><em>Читайте наші новини в Telegram та Facebook.</em></p>"
        if inner == "C"
        else "<p><em>Follow our updates on Telegram and Facebook.</em></p>"
    )
    figure = (
        f'<figure class="wp-block-image"><img src="/img/{rng.randint(1, 9999)}.jpg" alt="" '
        f'width="800" height="450"><figcaption>{"Фото" if inner == "C" else "Photo"}: '
        f"{html.escape(rng.choice(_TOPICS_EN))}</figcaption></figure>"
    )
    return title, figure + accuracy.parts_to_html(parts, rng) + closing, expected


def page(day: int, seed: int, truth: Truth, *, cp1251_share: float, broken_share: float) -> Page:
    """A saved page of the report of `day`, padded with related cards to about 74 KiB."""
    rng = random.Random(seed)
    ctx = Ctx(rng, day, truth)
    inner = rng.choices(["B", "C", "E"], [4, 3, 3])[0]
    site = rng.choice(_sites(inner == "C"))
    title, report, expected = _report(ctx, inner)
    when = ctx.when
    published = f"{when.isoformat()}T{rng.randint(7, 10):02d}:{rng.randint(0, 59):02d}:00+02:00"
    encoding = "cp1251" if inner == "C" and rng.random() < cp1251_share / 0.3 else "utf-8"
    broken = rng.random() < broken_share
    charset = "windows-1251" if encoding == "cp1251" else "utf-8"
    escaped = html.escape(title)
    jsonld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":"'
        + escaped
        + f'","datePublished":"{published}","dateModified":"{published}",'
        f'"publisher":{{"@type":"Organization","name":"{html.escape(site.name)}"}}}}'
    )
    head = (
        f'<!DOCTYPE html>\n<html lang="{"uk" if site.ukrainian else "en"}">\n<head>\n'
        f'<meta charset="{charset}">\n<meta name="viewport" content="width=device-width, '
        f'initial-scale=1">\n<title>{escaped} | {html.escape(site.name)}</title>\n'
        f'<meta name="description" content="{escaped}">\n'
        f'<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{escaped}">\n'
        f'<meta property="og:url" content="https://{site.host}/news/{day}/">\n'
        f'<meta property="article:published_time" content="{published}">\n'
        f'<meta name="twitter:card" content="summary_large_image">\n'
        f'<link rel="canonical" href="https://{site.host}/news/{day}/">\n'
        f'<link rel="stylesheet" href="https://{site.host}/wp-content/themes/news/style.css">\n'
        f"<style>{site.style}</style>\n"
        f'<script type="application/ld+json">{jsonld}</script>\n'
        f"<script>{site.scripts[0]}</script>\n<script>{site.scripts[1]}</script>\n"
        f'<script async src="https://{site.host}/wp-includes/js/jquery.min.js"></script>\n'
        "</head>\n"
    )
    crumbs = (
        f'<nav class="breadcrumbs"><a href="/">{"Головна" if site.ukrainian else "Home"}</a> '
        f'&raquo; <a href="/war/">{"Війна" if site.ukrainian else "War"}</a></nav>'
    )
    share = "".join(
        f'<a class="share share-{k}" href="https://share.example/{k}?u={day}" rel="nofollow">'
        f'<span class="icon"></span></a>'
        for k in ("fb", "tw", "tg", "vb", "mail")
    )
    topics = _TOPICS_UK if site.ukrainian else _TOPICS_EN
    tags = "".join(
        f'<a href="/tag/{k}/" rel="tag">{html.escape(rng.choice(topics))}</a>'
        for k in range(rng.randint(3, 6))
    )
    stamp = f"{accuracy.dotted(when)} {published[11:16]}"
    article = (
        f'<main id="main" class="site-main"><article class="post type-post status-publish">'
        f'<header class="entry-header"><h1 class="entry-title">{escaped}</h1>'
        f'<div class="entry-meta"><time class="entry-date published" datetime="{published}">'
        f'{stamp}</time></div></header><div class="entry-content">{report}</div>'
        f'<footer class="entry-footer"><div class="share-buttons">{share}</div>'
        f'<div class="tags-links">{tags}</div></footer></article>'
    )
    sidebar = _sidebar(ctx, site, inner)
    cards: list[str] = []

    def assemble() -> str:
        related = "".join(cards)
        return (
            f'{head}<body class="post-template-default single">\n{site.menu}\n'
            f'<div id="page" class="site"><div class="container"><div class="row">'
            f'<div class="content-area col-8">{crumbs}{article}'
            f'<section class="related"><h3>{"Читайте також" if site.ukrainian else "Related"}'
            f'</h3><div class="cards">{related}</div></section></main></div>'
            f'<div class="col-4">{sidebar}</div></div></div></div>\n{site.footer}\n'
            f"<script>{site.scripts[2]}</script>\n</body>\n</html>\n"
        )

    text = assemble()
    while len(text.encode(encoding, errors="xmlcharrefreplace")) < TARGET_BYTES - 600:
        cards.append(_card(ctx, site, broken=broken and not cards))
        text = assemble()
    report_bytes = len(report.encode(encoding, errors="xmlcharrefreplace"))
    return Page(text, encoding, expected, report_bytes, broken)


@dataclass
class Shape:
    """What an archive of pages looks like, summed over its pages."""

    pages: int = 0
    bytes: int = 0
    non_ascii: int = 0
    elements: int = 0
    links: int = 0
    script_style: int = 0
    report: int = 0
    cp1251: int = 0
    broken: int = 0
    sidebar: list[int] = field(default_factory=list)

    def add(self, page: Page, data: bytes) -> None:
        text = page.text
        self.pages += 1
        self.bytes += len(data)
        self.non_ascii += len(data.translate(None, _ASCII))
        self.elements += len(_START_TAG.findall(text))
        self.links += text.count("<a ")
        self.script_style += sum(m.end() - m.start() for m in _SCRIPT_STYLE.finditer(text))
        self.report += page.report_bytes
        self.cp1251 += page.encoding == "cp1251"
        self.broken += page.broken
        self.sidebar.append(text.count('class="news-item"'))

    def describe(self) -> str:
        n = max(1, self.pages)
        return (
            f"{self.pages} pages, {self.bytes / n / 1024:.1f} KiB a page "
            f"({self.non_ascii / max(1, self.bytes):.0%} of bytes outside ASCII), "
            f"{self.elements / n:.0f} elements, {self.links / n:.0f} links (menus, footer, "
            f"cards), {sum(self.sidebar) / n:.1f} other days' headlines in the sidebar, "
            f"scripts and styles {self.script_style / max(1, self.bytes):.1%} of the bytes, "
            f"the report {self.report / n / 1000:.1f} KB ({self.report / max(1, self.bytes):.1%}), "
            f"{self.cp1251 / n:.1%} in Windows-1251, {self.broken / n:.1%} with a broken tag"
        )


_ASCII = bytes(range(128))
_START_TAG = re.compile(r"<[a-zA-Z]")
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S)


def archive_days(truth: Truth, count: int, seed: int) -> list[int]:
    """`count` war days spread over the war, each at most once while there are enough."""
    rng = random.Random(seed)
    days = [d for d in truth.days if d >= 2]
    picked = rng.sample(days, min(count, len(days)))
    while len(picked) < count:
        picked.append(rng.choice(days))
    return picked
