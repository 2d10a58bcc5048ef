#!/usr/bin/env python3
"""Do two checkouts of warlosses find the same records in the same documents?

A differential test for changes to reading and converting documents (issue 13): every
document is read (`read_document`) and parsed by each checkout in a process of its own,
and the records (day, rule, category, total, increase; civilian counts) are compared file
by file. The documents are the project's HTML fixtures and sample pages, any folders
given, and two generated archives: bench/accuracy.py's saved pages (format F, as
bench/perf.py wrote them before issue 13) and bench/pages.py's real-shaped pages.

    python bench/htmldiff.py --old /tmp/warlosses-main            # that checkout vs this one
    python bench/htmldiff.py --old A --new B --pages 3000 --real 3000 FOLDER...

By default the publication time a page states is not passed to the parser (a checkout
before issue 13 cannot read it), so that only the conversion is compared; `--published`
passes it. Prints each document whose records differ, and a count. Exit status 0 always.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy  # noqa: E402
import pages  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

# Run by each checkout's interpreter: the records of every document named on stdin.
_CHILD = """\
import json, sys
sys.path.insert(0, sys.argv[1])
from warlosses.documents import Document, read_document
from warlosses.parse import parse
published = sys.argv[2] == "1"
for name in sys.stdin.read().splitlines():
    document = read_document(name)
    if not isinstance(document, Document):
        print(json.dumps([name, None, None]))
        continue
    when = getattr(document, "published", None) if published else None
    found = parse(document.text, name=name, published=when)
    losses = sorted([r.day, r.rule, x.category, x.total, x.delta]
                    for r in found.reports for x in r.losses)
    civilians = sorted([c.day, c.rule, f.region or "", f.deaths, f.injuries]
                       for c in found.civilians for f in c.figures)
    print(json.dumps([name, losses, civilians]))
"""


def records(root: Path, names: list[str], published: bool) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), "1" if published else "0"],
        input="\n".join(names),
        capture_output=True,
        text=True,
        check=True,
    )
    found = {}
    for line in result.stdout.splitlines():
        name, losses, civilians = json.loads(line)
        found[name] = (losses, civilians)
    return found


def write_archives(folder: Path, count: int, real: int, truth_dir: Path) -> None:
    truth = accuracy.load_truth(truth_dir)
    old = folder / "accuracy-pages"
    old.mkdir(parents=True)
    for start in range(0, count, 250):
        docs = accuracy.generate(
            min(250, count - start), 1 + start, "", formats="F", page_bytes=63_000, truth=truth
        )
        for doc in docs:
            (old / f"{start:06d}-{doc.name}").write_bytes(doc.data())
    shaped = folder / "real-shaped"
    shaped.mkdir()
    for index, day in enumerate(pages.archive_days(truth, real, 1)):
        page = pages.page(day, index, truth, cp1251_share=0.03, broken_share=0.03)
        (shaped / f"{index:06d}.html").write_bytes(page.data())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more documents to compare")
    parser.add_argument("--old", type=Path, required=True, help="the checkout compared")
    parser.add_argument("--new", type=Path, default=REPO, help="(default: this checkout)")
    parser.add_argument("--pages", type=int, default=1000, help="accuracy.py pages (1000)")
    parser.add_argument("--real", type=int, default=1000, help="real-shaped pages (1000)")
    parser.add_argument("--published", action="store_true", help="pass publication times")
    parser.add_argument("--truth", type=Path, default=accuracy.DEFAULT_TRUTH)
    parser.add_argument("--keep", type=Path, help="write the archives here and keep them")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="warlosses-htmldiff-"))
    try:
        if not (base / "real-shaped").exists():
            write_archives(base, args.pages, args.real, args.truth)
        sources = [REPO / "tests" / "fixtures", REPO / "data", *args.folders, base]
        names = sorted(
            str(p) for folder in sources for p in folder.rglob("*") if p.suffix in {".html", ".htm"}
        )
        old = records(args.old, names, args.published)
        new = records(args.new, names, args.published)
        differ = [name for name in names if old.get(name) != new.get(name)]
        for name in differ:
            print(f"{name}:\n  old {old.get(name)}\n  new {new.get(name)}")
        total = sum(len(found[0]) for found in new.values() if found[0])
        print(f"{len(names)} pages, {total} loss records (new); {len(differ)} pages differ")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
