"""Notifications of what just happened reach a real SMTP server once, in each reader's
language, with links and the gate's calendar event."""

from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlmodel import select

from tests.conftest import NOW
from tests.gate_steps import PILOT_REQUEST, build_cast, in_prototype, request, reviewed
from tests.smtp import smtp_sink, use_smtp
from tracker.jobs import dispatcher
from tracker.models import OutboxMessage
from tracker.services import transitions as transition_service
from tracker.services.errors import Invalid

BASE = "https://essai.example.gouv.fr"


def _stop(session, cast, experiment):
    return transition_service.fire(
        session=session,
        actor=cast.owner,
        experiment_id=experiment.id,
        trigger="stop",
        version=experiment.version,
        params={"stop_reason": "no_impact", "explanation": "Aucun effet mesuré."},
        now=NOW + timedelta(days=2),
    )


def _scenario(session, world):
    """A pilot gate requested and decided go, then the experiment stopped."""
    cast = build_cast(session, world)
    cast.member.locale = "en"
    session.add(cast.member)
    session.commit()
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    reviewed(session, cast, gate, "go")
    session.refresh(experiment)
    _stop(session, cast, experiment)
    return cast, experiment, gate


def test_each_action_reaches_exactly_its_recipients(app, session, world):
    cast, experiment, _gate = _scenario(session, world)
    app.config["TRACKER"]["BASE_URL"] = BASE
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        report = dispatcher.dispatch(app, now=NOW + timedelta(days=3))
    assert report.sent == 5
    received = sorted(
        (r[0], m["Subject"]) for m, r in zip(sink.messages, sink.recipients, strict=True)
    )
    title = experiment.title
    assert received == sorted(
        [
            (cast.chair.email, f"Passage en comité demandé : {title}"),
            (cast.member.email, f"Gate review requested: {title}"),
            (cast.owner.email, f"Décision du comité : {title}"),
            (cast.teammate.email, f"Décision du comité : {title}"),
            (cast.chair.email, f"Expérimentation arrêtée : {title}"),
        ]
    )


def test_a_gate_email_carries_text_html_link_and_calendar_event(app, session, world):
    cast, experiment, gate = _scenario(session, world)
    app.config["TRACKER"]["BASE_URL"] = BASE
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=NOW + timedelta(days=3))
    [message] = sink.to(cast.member.email)
    link = f"{BASE}/experiments/{experiment.id}"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text and f'href="{link}"' in html
    assert "Hello," in text and "Bonjour" not in text
    # The review date as each reader writes it.
    assert format_date(gate.review_date, "long", locale="en") in text
    [french, _stopped] = sink.to(cast.chair.email)
    french_text = french.get_body(("plain",)).get_content()
    assert f"se réunit le {format_date(gate.review_date, 'long', locale='fr')}." in french_text
    assert f"{BASE}/profile/notifications" in text
    assert message["List-Unsubscribe"] == f"<{BASE}/profile/notifications>"
    [calendar] = list(message.iter_attachments())
    assert calendar.get_content_type() == "text/calendar"
    ics = calendar.get_payload(decode=True).decode("utf-8")
    assert calendar.get_content_charset() == "utf-8"
    assert "\r\n" in ics
    assert f"UID:gate-{gate.id}@essai.example.gouv.fr" in ics
    assert f"DTSTART;VALUE=DATE:{gate.review_date.strftime('%Y%m%d')}" in ics


def test_message_id_derives_from_the_dedup_key(app, session, world):
    _scenario(session, world)
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=NOW + timedelta(days=3))
    rows = session.exec(select(OutboxMessage)).all()
    assert {row.message_id for row in rows} == {m["Message-ID"] for m in sink.messages}
    assert len({row.message_id for row in rows}) == len(rows)


def test_a_refused_action_enqueues_nothing(session, world):
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast)
    with pytest.raises(Invalid):
        request(session, cast.owner, experiment, "pilot", {})
    assert session.exec(select(OutboxMessage)).all() == []


def test_the_file_backend_writes_eml_files_in_the_instance(app, session, world, tmp_path):
    _scenario(session, world)
    app.config["TRACKER"]["MAIL_BACKEND"] = "file"
    with app.app_context():
        report = dispatcher.dispatch(app, now=NOW + timedelta(days=3))
    files = sorted((tmp_path / "instance" / "mail").glob("*.eml"))
    assert report.sent == 5 and len(files) == 5
    assert all(b"Message-ID:" in path.read_bytes() for path in files)
