"""An outbox row as an email: the recipient's language, plain text and HTML, links, .ics."""

import hashlib
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, render_template
from flask_babel import force_locale, format_date, gettext, ngettext

from tracker.models import OutboxMessage
from tracker.notifications import ics
from tracker.notifications.kinds import DIGEST, SUBJECTS
from tracker.services import calendar

SETTINGS_PATH = "/profile/notifications"


def _host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "localhost"


def message_id(dedup_key: str, base_url: str) -> str:
    """A Message-ID derived from the dedup key: a resend of the same row carries the same one."""
    digest = hashlib.sha256(dedup_key.encode()).hexdigest()[:40]
    return f"<{digest}@{_host(base_url)}>"


def subject_for(row: OutboxMessage) -> str:
    """The subject in the current locale (call inside force_locale)."""
    if row.kind == DIGEST:
        # "1 élément", "2 éléments": the count decides the form.
        return ngettext(
            "Your weekly digest: %(num)d item",
            "Your weekly digest: %(num)d items",
            int(row.context.get("count", 0)),
        )
    return gettext(SUBJECTS[row.kind], **{k: v for k, v in row.context.items() if k != "items"})


def _meeting_calendar(row: OutboxMessage, link: str, now: datetime) -> bytes:
    meeting = row.context["meeting"]
    names = {"pilot": gettext("pilot gate"), "decision": gettext("decision gate")}
    agenda = [
        f"{n}. {item['title']} ({names.get(item['kind'], item['kind'])})"
        for n, item in enumerate(meeting["agenda"], start=1)
    ]
    return calendar.meeting_event(
        meeting_id=meeting["id"],
        sequence=int(meeting["sequence"]),
        starts_at=datetime.fromisoformat(meeting["starts_at"]),
        duration_minutes=int(meeting["duration_minutes"]),
        summary=gettext("Review board meeting: %(board)s", board=row.context.get("title", "")),
        location=meeting["place"],
        agenda=agenda,
        url=link,
        cancelled=False,
        stamp=now,
    )


def _calendar(row: OutboxMessage, base_url: str, link: str, now: datetime) -> bytes | None:
    if row.context.get("meeting"):
        return _meeting_calendar(row, link, now)
    gate = row.context.get("gate")
    if not gate or not gate.get("review_date"):
        return None
    return ics.gate_event(
        uid=f"gate-{gate['id']}@{_host(base_url)}",
        sequence=int(gate.get("sequence", 0)),
        review_date=date.fromisoformat(gate["review_date"]),
        summary=gettext("Gate review: %(title)s", title=row.context.get("title", "")),
        description=link,
        url=link,
        stamp=now,
    )


def _long_date(iso: str) -> str:
    """An ISO date as the reader writes it ("21 novembre 2026", "November 21, 2026")."""
    return format_date(date.fromisoformat(iso), "long") if iso else ""


def render(app: Flask, row: OutboxMessage, now: datetime) -> EmailMessage:
    """Build the message for a row; needs an application context."""
    settings = app.config["TRACKER"]
    base_url = settings["BASE_URL"].rstrip("/")
    context: dict[str, Any] = dict(row.context)
    link = base_url + context.get("path", "/")
    with force_locale(row.locale):
        subject = subject_for(row)
        values = {
            **context,
            "kind": row.kind,
            "c": context,
            "lang": row.locale,
            "long_date": _long_date,
            "link": link,
            "base_url": base_url,
            "settings_link": base_url + SETTINGS_PATH,
        }
        text = render_template(f"email/{row.template}.txt", **values)
        html = render_template(f"email/{row.template}.html", **values)
        calendar = _calendar(row, base_url, link, now)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings["MAIL_FROM"]
    message["To"] = Address(addr_spec=row.email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(row.dedup_key, base_url)
    message["Content-Language"] = row.locale
    # Mail clients show an unsubscribe action that leads to the notification settings.
    message["List-Unsubscribe"] = f"<{base_url}{SETTINGS_PATH}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if calendar is not None:
        message.add_attachment(
            calendar,
            maintype="text",
            subtype="calendar",
            filename="meeting.ics" if row.context.get("meeting") else "gate-review.ics",
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    return message
