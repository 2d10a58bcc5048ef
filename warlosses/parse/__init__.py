"""Text in, records out: find the loss reports and civilian counts in a document.

Pure: no files, clock or environment. The flow inside is
normalize → find headings → find reports (anchors first, detailed patterns after) → date them.
The modules name what they read: `numbers`, `dates`, `headings`, `lists` (formats B and C),
`blocks` (A), `prose` (D and E), `civilians`, `noise` (what is not a report), and
`document`, which assembles them.
"""

from warlosses.parse.dates import day_from_filename, find_day
from warlosses.parse.document import normalize, parse, windows
from warlosses.parse.numbers import to_int
from warlosses.parse.records import (
    FORMAT_BLOCK,
    FORMAT_LIST_EN,
    FORMAT_LIST_UK,
    RULE_CONTINUITY,
    RULE_FILENAME,
    RULE_HEADER,
    RULE_HEADING,
    RULE_OPTION,
    RULE_PUBLISHED,
    Casualties,
    CivilianReport,
    Loss,
    Parsed,
    Report,
)

__all__ = [
    "FORMAT_BLOCK",
    "FORMAT_LIST_EN",
    "FORMAT_LIST_UK",
    "RULE_CONTINUITY",
    "RULE_FILENAME",
    "RULE_HEADER",
    "RULE_HEADING",
    "RULE_OPTION",
    "RULE_PUBLISHED",
    "Casualties",
    "CivilianReport",
    "Loss",
    "Parsed",
    "Report",
    "day_from_filename",
    "find_day",
    "normalize",
    "parse",
    "to_int",
    "windows",
]
