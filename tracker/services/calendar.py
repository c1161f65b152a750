"""A gate meeting as an iCalendar event, written by tracker.notifications.ics."""

from datetime import datetime, timedelta
from typing import Any

from tracker.notifications import ics

UID_DOMAIN = "droit-a-l-essai"


def meeting_uid(meeting_id: int) -> str:
    """The stable UID of a meeting's event: a calendar updates it instead of adding another."""
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def meeting_vevent(
    *,
    meeting_id: int,
    sequence: int,
    starts_at: datetime,
    duration_minutes: int,
    summary: str,
    location: str,
    agenda: list[str],
    url: str,
    cancelled: bool,
    stamp: datetime,
) -> list[str]:
    """The meeting as one VEVENT: times in UTC, the agenda as the description."""
    return [
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting_id)}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{ics.utc(stamp)}",
        f"DTSTART:{ics.utc(starts_at)}",
        f"DTEND:{ics.utc(starts_at + timedelta(minutes=duration_minutes))}",
        f"SUMMARY:{ics.text(summary)}",
        f"LOCATION:{ics.text(location)}",
        f"DESCRIPTION:{ics.text(chr(10).join(agenda))}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def meeting_event(**fields: Any) -> bytes:
    """The meeting as a calendar file of one event (the keyword arguments of meeting_vevent)."""
    return ics.document([meeting_vevent(**fields)])
