"""warlosses: Russia's losses in its war against Ukraine, from the reports people read.

The library (see `warlosses.api`):

    import warlosses

    store = warlosses.Store("history")
    store.totals()                      # a pandas DataFrame, as `warlosses totals --format csv`

`import warlosses` imports neither pandas nor pyarrow: they are imported when a frame is
asked for.
"""

from typing import TYPE_CHECKING, Any

from warlosses.errors import WarlossesError

__version__ = "0.1.0"

__all__ = ["Rows", "Store", "Summary", "WarlossesError", "parse_text", "__version__"]

if TYPE_CHECKING:
    from warlosses.api import Store, parse_text
    from warlosses.daily import Rows
    from warlosses.ingest import Summary
else:

    def __getattr__(name: str) -> Any:
        """The API's names, imported on first use (PEP 562): the command line imports
        this package for its version, and `--help` should not pay for the engine."""
        if name in ("Store", "parse_text"):
            from warlosses import api

            return getattr(api, name)
        if name == "Rows":
            from warlosses.daily import Rows

            return Rows
        if name == "Summary":
            from warlosses.ingest import Summary

            return Summary
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
