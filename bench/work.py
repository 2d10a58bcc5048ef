#!/usr/bin/env python3
"""Read, convert and parse the first N documents of a folder, and nothing else: the work
ingest does per document, for an instruction counter.

Wall and CPU times on a shared machine move with its other load; the number of instructions
executed does not. Count them with valgrind, and subtract a run with N = 0 (the interpreter
and the imports):

    python bench/perf.py --scale 0.3 --keep --workdir /tmp     # writes the corpora
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python bench/work.py /tmp/warlosses-perf-*/pages 200
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python bench/work.py /tmp/warlosses-perf-*/pages 0

valgrind prints the count on its `Collected :` line. `--root DIR` measures another checkout
(say, a `git worktree` of an earlier commit) with the same script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int, help="documents to read, in name order")
    parser.add_argument(
        "--root", type=Path, default=Path(__file__).resolve().parent.parent,
        help="the checkout whose warlosses is measured (default: this one)",
    )  # fmt: skip
    parser.add_argument("--no-parse", action="store_true", help="read and convert only")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    from warlosses.documents import Document, read_document
    from warlosses.parse import parse

    names = sorted(str(p) for p in args.folder.rglob("*") if p.is_file())[: args.count]
    reports = 0
    for name in names:
        document = read_document(name)
        if isinstance(document, Document) and not args.no_parse:
            reports += len(parse(document.text, name=name).reports)
    print(f"{len(names)} documents, {reports} reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
