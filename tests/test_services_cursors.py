"""Keyset cursors: what `encode` writes `decode` reads back; anything else is a clear 422."""

from datetime import UTC, date, datetime

import pytest

from tracker.services import cursors
from tracker.services.errors import Invalid


def test_a_cursor_round_trips_dates_times_ids_and_text():
    moment = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    cursor = cursors.encode(date(2026, 12, 1), moment, 42, "Lozère")
    assert cursors.decode(cursor, date, datetime, int, str) == (
        date(2026, 12, 1),
        moment,
        42,
        "Lozère",
    )


@pytest.mark.parametrize(
    ("cursor", "kinds"),
    [
        ("garbage!", (int,)),  # not base64
        (cursors.encode(1) + "!", (int,)),  # a character outside the alphabet, once dropped
        (cursors.encode(1, 2), (int,)),  # the wrong number of values
        (cursors.encode("x"), (int,)),  # the wrong kind
        (cursors.encode(True), (int,)),  # a boolean is not an id
        (cursors.encode(-1), (int,)),  # below any id
        (cursors.encode(2**63), (int,)),  # beyond any integer column
        (cursors.encode("2026-11-27T09:00:00"), (datetime,)),  # a naive time
        (cursors.encode("2026-13-01"), (date,)),  # not a date
    ],
)
def test_anything_else_is_refused_on_the_cursor_field(cursor, kinds):
    with pytest.raises(Invalid) as refused:
        cursors.decode(cursor, *kinds)
    assert list(refused.value.errors) == ["cursor"]
