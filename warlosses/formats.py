"""The formats every report is written in (`--format`); `output.emit` writes them.

A module of its own: the command line names the formats at start-up, and `--help` should
not import the output module's table drawing to do so.
"""

from enum import StrEnum


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
