"""The private calendar feed (`/calendar/<token>.ics`) and its revocation from the profile."""

from flask import Blueprint, current_app, flash, redirect, url_for
from flask_babel import force_locale, gettext
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.models import User
from tracker.notifications import ics
from tracker.services import calendar as calendar_service
from tracker.services import calendar_feed as feed_service
from tracker.views.main import actor
from workflows.definition import N_

bp = Blueprint("calendar_feeds", __name__)

_SUMMARIES = {
    "gate_review": N_("Gate review: %(title)s"),
    "pilot_end": N_("Planned end of the pilot: %(title)s"),
    "retrospective_due": N_("Retrospective due: %(title)s"),
    "derogation_expiry": N_("Derogation expires: %(title)s"),
    "report_due": N_("Evaluation report due (derogation): %(title)s"),
}


def feed_url(user: User) -> str | None:
    """The absolute URL of the user's feed, or None while it is switched off."""
    settings = current_app.config["TRACKER"]
    plain = feed_service.token(user, current_app.config["SECRET_KEY"])
    if plain is None:
        return None
    return settings["BASE_URL"].rstrip("/") + url_for("calendar_feeds.feed", token=plain)


def _document(user: User) -> bytes:
    session = get_session()
    now = clock.now()
    base = current_app.config["TRACKER"]["BASE_URL"].rstrip("/")
    events: list[list[str]] = []
    with force_locale(user.locale):
        for item in feed_service.items(session=session, user=user, today=now.date()):
            events.append(
                ics.all_day_event(
                    uid=f"{item.uid}@{calendar_service.UID_DOMAIN}",
                    sequence=item.sequence,
                    day=item.day,
                    summary=gettext(_SUMMARIES[item.kind], title=item.title),
                    description=base + item.path,
                    url=base + item.path,
                    stamp=now,
                )
            )
        for meeting, board in feed_service.meetings(session=session, user=user, now=now):
            events.append(
                calendar_service.meeting_vevent(
                    meeting_id=meeting.id or 0,
                    sequence=meeting.sequence,
                    starts_at=meeting.starts_at,
                    duration_minutes=meeting.duration_minutes,
                    summary=gettext("Review board meeting: %(board)s", board=board),
                    location=meeting.place,
                    agenda=[],
                    url=f"{base}/meetings/{meeting.id}",
                    cancelled=meeting.status == "cancelled",
                    stamp=now,
                )
            )
        name = gettext("Droit à l'essai — %(name)s", name=user.name)
    return ics.document(events, name=name)


@bp.get("/calendar/<token>.ics")
def feed(token: str) -> Response:
    """The feed itself: no sign-in (calendar programs cannot), the token is the key."""
    user = feed_service.user_for_token(
        session=get_session(), plain=token, secret_key=current_app.config["SECRET_KEY"]
    )
    response = Response(_document(user), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="droit-a-l-essai.ics"'
    # The URL is a secret: keep it out of shared caches and referrers.
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/profile/calendar/rotate")
@login_required
def rotate() -> Response:
    """Revoke my calendar URL (CSRF checked by CSRFProtect); the page shows the new one."""
    feed_service.rotate(session=get_session(), actor=actor())
    flash(gettext("Your calendar address was replaced: the old one no longer works."), "success")
    return redirect(url_for("auth.profile") + "#calendar-title")
