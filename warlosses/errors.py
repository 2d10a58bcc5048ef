"""The one error type for expected failures, and the exit statuses the CLI uses."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    # Typer/Click use 2 for usage errors; we leave that to them.
    USAGE = 2


class WarlossesError(Exception):
    """A failure the user can act on: printed as one line `Error: ...`, exit status 1."""
