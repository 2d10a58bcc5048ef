"""Linear time on hostile text: the parser's time for 1 MB and 2 MB of pathological input,
and HTML conversion's time on hostile pages of 5 MB against real-shaped pages.

Prints, per input, the seconds for each size and the ratio t(2 MB) / t(1 MB), which should
stay near 2 (quadratic behaviour shows as about 4, catastrophic backtracking as far more).
Then, per hostile page (markup on which lexbor's tree builder is quadratic, broken and
unclosed markup), the CPU seconds `html_to_text` takes on 5 MB and on 10 MB of it, and its
cost per byte against real-shaped saved pages (bench/pages.py, converted one at a time),
which issue 13 keeps at most 10 times.

    python bench/linear.py [--mb 1.0] [--html-mb 5] [--no-parse] [--no-html]
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from warlosses.documents import MAX_TAGS, html_to_text
from warlosses.parse import parse

sys.path.insert(0, str(Path(__file__).resolve().parent))

SHAPES = {
    "digits": "1",
    "spaced digits": "1 ",
    "commas": "1,",
    "pluses": "+",
    "dashes": "-",
    "dash digits": "- 1 ",
    "labels": "tanks ‒ ",
    "unfinished items": "tanks ‒ 1 (+",
    "items": "tanks ‒ 9651 (+7),\n",
    "block lines": "Tanks +1\n1 |\n",
    "prose enumerations": "Russia lost 5 tanks, 3 aircraft and 2 helicopters. ",
    "number words": "one two three four five ",
    "civilian headlines": "DEATHS: 6 INJURIES: 6\n",
    "dates": "December 28, 2024\n",
    "oblasts": "In Donetsk Oblast killed two ",
    "list headers": "Total combat losses of the enemy from 24.02 to 18.07 ",
    "one long line": "word ",
    "personnel wording": "personnel losses up 5 ",
}


def seconds(text: str) -> float:
    start = time.perf_counter()
    parse(text)
    return time.perf_counter() - start


# Hostile pages, as a function of their size in characters.
PAGES: dict[str, Callable[[int], str]] = {
    "nested <div>": lambda n: "<div>" * (n // 5),
    "nested <ul><li>": lambda n: "<ul><li>" * (n // 8),
    "distinct <b i=N>": lambda n: "".join(f"<b i={i}>" for i in range(n // 11)),
    "<option> in <select>": lambda n: "<select>" + "<option>" * (n // 8),
    "</p> under 4,999 <div>": lambda n: "<div>" * 4999 + "</p>" * ((n - 25_000) // 4),
    "<span> then <div>": lambda n: "<span>" * (n // 12) + "<div>" * (n // 10),
    "misnested <i><b><u>": lambda n: "<i><b><u>x</i>" * (n // 14),
    "<svg><style> then <div>": lambda n: "<svg><style>" + "<div>" * (n // 5),
    "50,000 <div><span> deep": lambda n: "<div><span>" * 50_000 + "x " * ((n - 1_100_000) // 2),
    "unclosed comment": lambda n: "<p>a</p><!--" + "<p>b</p>" * (n // 8),
    "unclosed script": lambda n: "<p>a</p><script>" + "x = '<p>b</p>';" * (n // 15),
    "runs of </": lambda n: "</" * (n // 2),
    "runs of <a<": lambda n: "<a<" * (n // 3),
    "open quotes": lambda n: '<a x="' * (n // 6),
    "comments": lambda n: "<!-- c -->" * (n // 10),
    "entities": lambda n: "&amp;&#8210;&nbsp;&notin" * (n // 24),
}


def cpu(function: Callable[[], object]) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def html_table(megabytes: float, truth: Path) -> None:
    import accuracy
    import pages

    facts = accuracy.load_truth(truth)
    normal = [pages.page(day, k, facts, cp1251_share=0, broken_share=0.03).text
              for k, day in enumerate(pages.archive_days(facts, 80, 1))]  # fmt: skip
    for page in normal[:5]:
        html_to_text(page)
    per_char = min(cpu(lambda: [html_to_text(p) for p in normal]) for _ in range(3))
    per_char /= sum(map(len, normal))
    size = int(megabytes * 1_000_000)
    print(
        f"\nhtml_to_text, CPU seconds; real-shaped pages {per_char * 1e9:.1f} ns a character "
        f"({len(normal)} pages of {sum(map(len, normal)) / len(normal) / 1024:.0f} KiB)"
    )
    print(f"{'page':26} {'t(1x) s':>8} {'t(2x) s':>8} {'ratio':>6} {'vs real':>8}")
    worst = 0.0
    for name, make in PAGES.items():
        small_page, large_page = make(size), make(2 * size)
        small = cpu(lambda page=small_page: html_to_text(page))
        large = cpu(lambda page=large_page: html_to_text(page))
        against = small / len(small_page) / per_char
        worst = max(worst, against)
        print(f"{name:26} {small:8.2f} {large:8.2f} {large / small:6.2f} {against:7.1f}x")
    below = "".join(f"<b i={i}>" for i in range(MAX_TAGS - 1))  # not flattened: the worst
    alone = cpu(lambda: html_to_text(below))
    print(
        f"worst {worst:.1f}x a character of real pages (target <= 10x); below the {MAX_TAGS:,} "
        f"tags that are flattened, {MAX_TAGS - 1:,} distinct <b> ({len(below) / 1000:.0f} KB) "
        f"take {alone:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the smaller input")
    parser.add_argument("--html-mb", type=float, default=5.0, help="smaller hostile page (5)")
    parser.add_argument("--no-parse", action="store_true", help="skip the parser's table")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML table")
    parser.add_argument("--truth", type=Path, default=Path(__file__).resolve().parent.parent.parent
                        / "shared" / "truth")  # fmt: skip
    args = parser.parse_args()
    if not args.no_parse:
        parse_table(args.mb)
    if not args.no_html:
        html_table(args.html_mb, args.truth)


def parse_table(megabytes: float) -> None:
    size = int(megabytes * 1_000_000)
    print(f"{'input':22} {'t(1x) s':>8} {'t(2x) s':>8} {'ratio':>6}")
    worst = 0.0
    for name, unit in SHAPES.items():
        text = unit * (size // len(unit))
        small, large = seconds(text), seconds(text * 2)
        ratio = large / small if small else float("nan")
        worst = max(worst, ratio)
        print(f"{name:22} {small:8.2f} {large:8.2f} {ratio:6.2f}")
    print(f"worst ratio {worst:.2f} (linear is 2.0)")


if __name__ == "__main__":
    main()
