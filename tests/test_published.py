"""Publication times become the Kyiv date that dates a report (rule 3b)."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from warlosses.published import kyiv_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-27T23:30:00Z", date(2024, 12, 28)),  # 01:30 in Kyiv (UTC+2 in winter)
        ("2024-12-27T21:59:59+00:00", date(2024, 12, 27)),
        ("2024-06-27T21:30:00Z", date(2024, 6, 28)),  # summer time: UTC+3
        ("2024-06-27T20:30:00Z", date(2024, 6, 27)),
        ("2024-12-28T08:15:00+02:00", date(2024, 12, 28)),
        ("2024-12-28", date(2024, 12, 28)),
        ("2024-12-28T09:00:00", date(2024, 12, 28)),  # no zone: Kyiv's own
        ("Fri, 27 Dec 2024 23:30:00 +0000", date(2024, 12, 28)),  # an e-mail's Date
        ("Sat, 28 Dec 2024 07:02:11 +0200", date(2024, 12, 28)),
        ("yesterday", None),
        ("", None),
        ("Fri, 99 Foo 2024", None),
        (None, None),
    ],
)
def test_times_are_dated_in_kyiv(value: str | None, expected: date | None) -> None:
    assert kyiv_date(value) == expected


def test_a_datetime_is_converted_too() -> None:
    assert kyiv_date(datetime(2024, 12, 27, 23, 30, tzinfo=UTC)) == date(2024, 12, 28)
    eastern = timezone(timedelta(hours=-5))
    assert kyiv_date(datetime(2024, 12, 27, 16, 0, tzinfo=eastern)) == date(2024, 12, 27)
    assert kyiv_date(datetime(2024, 12, 27, 18, 0, tzinfo=eastern)) == date(2024, 12, 28)
