"""A gate meeting as an iCalendar (RFC 5545) event, with the same escaping and folding as the
gate reminders' .ics (tracker.notifications.ics): one way to write a calendar file."""

from datetime import UTC, datetime, timedelta

from tracker.notifications.ics import _escape, _fold

UID_DOMAIN = "droit-a-l-essai"


def meeting_uid(meeting_id: int) -> str:
    """The stable UID of a meeting's event: a calendar updates it instead of adding another."""
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def _text(value: str) -> str:
    # A lone carriage return would end the content line early: make every line break "\n".
    return _escape(value.replace("\r\n", "\n").replace("\r", "\n"))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_event(
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
) -> bytes:
    """The meeting as one VEVENT: times in UTC, the agenda as the description, CRLF and folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Droit a l'essai//tracker//FR",
        "METHOD:PUBLISH",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting_id)}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(starts_at + timedelta(minutes=duration_minutes))}",
        f"SUMMARY:{_text(summary)}",
        f"LOCATION:{_text(location)}",
        f"DESCRIPTION:{_text(chr(10).join(agenda))}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
