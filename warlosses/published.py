"""Publication times, as containers state them, turned into the Kyiv date that dates a
report (day rule 3b of the data contract)."""

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from zoneinfo import ZoneInfo

# The General Staff reports in Kyiv time: a message sent at 23:30 UTC on 27 December
# was read on the morning of the 28th in Kyiv.
_KYIV = "Europe/Kyiv"


@cache
def _kyiv() -> ZoneInfo:
    return ZoneInfo(_KYIV)


def kyiv_date(value: str | datetime | None) -> date | None:
    """The date in Kyiv of a publication time: a datetime, an ISO 8601 string
    (`2024-12-27T23:30:00Z`, `2024-12-28`) or an RFC 2822 one (an e-mail's Date). A time
    without a zone is taken as Kyiv's own; a bare date is that date. None when `value`
    is none of these."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        if not text or len(text) > 64:
            return None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                moment = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
            if moment is None:
                return None
        else:
            if len(text) == 10:  # a bare date: no time to convert
                return moment.date()
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(_kyiv()).date()
    except (OverflowError, ValueError):
        return moment.astimezone(UTC).date()
