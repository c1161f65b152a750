"""iCalendar (RFC 5545) written by hand: CRLF line ends, escaped text, folded lines.

One writer for every calendar the tracker produces: the gate reminders' and meeting emails'
attachments and each user's calendar feed (tracker/services/calendar_feed.py).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

_HEADER = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Droit a l'essai//tracker//FR",
    "CALSCALE:GREGORIAN",
]


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def text(value: str) -> str:
    """Escaped TEXT; a lone carriage return would end the content line early."""
    return _escape(value.replace("\r\n", "\n").replace("\r", "\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def utc(moment: datetime) -> str:
    """A DATE-TIME in UTC (the Z form)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def document(
    events: Iterable[list[str]], *, method: str | None = "PUBLISH", name: str | None = None
) -> bytes:
    """A VCALENDAR around the given VEVENTs, CRLF-terminated and folded."""
    lines = list(_HEADER)
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{text(name)}")
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def all_day_event(
    *, uid: str, sequence: int, day: date, summary: str, description: str, url: str, stamp: datetime
) -> list[str]:
    """A whole-day VEVENT; the same UID with a higher SEQUENCE updates it."""
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{text(summary)}",
        f"DESCRIPTION:{text(description)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def gate_event(
    *,
    uid: str,
    sequence: int,
    review_date: date,
    summary: str,
    description: str,
    url: str,
    stamp: datetime,
) -> bytes:
    """A gate review as a calendar file of one whole-day event on its review date."""
    event = all_day_event(
        uid=uid,
        sequence=sequence,
        day=review_date,
        summary=summary,
        description=description,
        url=url,
        stamp=stamp,
    )
    return document([event])
