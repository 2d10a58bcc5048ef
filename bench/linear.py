"""Linear time on hostile text: the parser's time for 1 MB and 2 MB of pathological input.

Prints, per input, the seconds for each size and the ratio t(2 MB) / t(1 MB), which should
stay near 2 (quadratic behaviour shows as about 4, catastrophic backtracking as far more).

    python bench/linear.py [--mb 1.0]
"""

import argparse
import time

from warlosses.parse import parse

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the smaller input")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
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
