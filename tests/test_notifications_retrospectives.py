"""A retrospective's steps reach a real SMTP server once each: the submission the chairs,
changes requested and publication the owner and team, in each reader's language, with a
link straight to the retrospective."""

from datetime import timedelta

from sqlmodel import col, select

from tests.conftest import NOW
from tests.gate_steps import build_cast, in_prototype
from tests.retro_steps import FILLED, fire, save, stop
from tests.smtp import smtp_sink, use_smtp
from tracker.jobs import dispatcher
from tracker.models import OutboxMessage

BASE = "https://essai.example.gouv.fr"
RETRO_KINDS = (
    "retrospective_submitted",
    "retrospective_changes_requested",
    "retrospective_published",
)


def _rows(session):
    session.expire_all()
    return session.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.kind).in_(RETRO_KINDS))
        .order_by(col(OutboxMessage.id))
    ).all()


def _scenario(session, world):
    """Stopped, written, submitted, sent back, submitted again, published."""
    cast = build_cast(session, world)
    cast.teammate.locale = "en"
    session.add(cast.teammate)
    session.commit()
    experiment = in_prototype(session, cast)
    stop(session, cast.owner, experiment)
    save(session, cast.owner, experiment, 1, **FILLED)
    fire(session, cast.owner, experiment, "submit")
    fire(session, cast.chair, experiment, "request_changes")
    fire(session, cast.owner, experiment, "submit")
    fire(session, cast.chair, experiment, "publish")
    return cast, experiment


def test_each_step_is_in_the_outbox_with_its_recipients(session, world):
    cast, _experiment = _scenario(session, world)
    assert [(row.kind, row.user_id) for row in _rows(session)] == [
        ("retrospective_submitted", cast.chair.id),
        ("retrospective_changes_requested", cast.owner.id),
        ("retrospective_changes_requested", cast.teammate.id),
        # A second submission after changes is a new email, not a duplicate.
        ("retrospective_submitted", cast.chair.id),
        ("retrospective_published", cast.owner.id),
        ("retrospective_published", cast.teammate.id),
    ]


def test_a_refused_step_enqueues_nothing(session, world):
    cast = build_cast(session, world)
    experiment = in_prototype(session, cast)
    stop(session, cast.owner, experiment)
    try:
        # Nothing written yet: the submission's guards refuse it.
        fire(session, cast.owner, experiment, "submit")
    except Exception:  # noqa: BLE001 (the refusal itself is tested elsewhere)
        session.rollback()
    assert _rows(session) == []


def test_the_steps_reach_the_smtp_server_in_each_language_with_the_link(app, session, world):
    cast, experiment = _scenario(session, world)
    app.config["TRACKER"]["BASE_URL"] = BASE
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=NOW + timedelta(minutes=1))
    title = experiment.title
    link = f"{BASE}/experiments/{experiment.id}/retrospective"
    subjects = {
        address: sorted(m["Subject"] for m in sink.to(address))
        for address in (cast.owner.email, cast.teammate.email, cast.chair.email)
    }
    assert subjects[cast.owner.email] == sorted(
        [
            f"Modifications demandées sur le retour d'expérience : {title}",
            f"Retour d'expérience publié : {title}",
        ]
    )
    assert subjects[cast.teammate.email] == sorted(
        [
            f"Changes requested on the retrospective: {title}",
            f"Retrospective published: {title}",
        ]
    )
    submitted = f"Retour d'expérience soumis pour publication : {title}"
    assert subjects[cast.chair.email].count(submitted) == 2
    for address in (cast.owner.email, cast.teammate.email):
        for message in sink.to(address):
            text = message.get_body(("plain",)).get_content()
            html = message.get_body(("html",)).get_content()
            assert link in text and f'href="{link}"' in html
    [english, _] = sink.to(cast.teammate.email)
    assert "Hello," in english.get_body(("plain",)).get_content()
    [french, *_] = [m for m in sink.to(cast.chair.email) if m["Subject"] == submitted]
    assert "Bonjour" in french.get_body(("plain",)).get_content()
