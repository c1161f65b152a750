"""Reminders about retrospectives and follow-up actions: each fires at its threshold and not
before, per organisation, weekly where it repeats, and never twice for the same `now`."""

from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import event
from sqlmodel import col, select

from tests.conftest import NOW
from tests.gate_steps import build_cast, in_prototype
from tests.retro_steps import DUE_ON, FILLED, fire, save, stop
from tests.smtp import smtp_sink, use_smtp
from tracker.db import get_engine
from tracker.jobs import dispatcher, planner, rules_retrospectives
from tracker.models import NotificationPreference, OutboxMessage, ReminderSettings
from tracker.notifications import preferences
from tracker.services.errors import Invalid

DAY = timedelta(days=1)
KINDS = ("retrospective_unpublished", "retrospective_overdue", "follow_up_overdue")


def _reminders(session, kind=None):
    session.expire_all()
    query = select(OutboxMessage).where(col(OutboxMessage.kind).in_((kind,) if kind else KINDS))
    return session.exec(query.order_by(col(OutboxMessage.id))).all()


def _plan(app, now):
    with app.app_context():
        return planner.plan(app, now=now)


@pytest.fixture
def cast(session, world):
    return build_cast(session, world)


def _stopped(session, cast, title="Guichet unique"):
    experiment = in_prototype(session, cast, title=title)
    stop(session, cast.owner, experiment)
    return experiment


def test_the_rules_are_registered_in_the_planner():
    assert set(rules_retrospectives.RULES) <= set(planner.RULES)


def test_unpublished_after_14_days_reminds_the_owner_once(app, session, cast):
    experiment = _stopped(session, cast)
    _plan(app, NOW + 13 * DAY)
    assert _reminders(session) == []
    _plan(app, NOW + 14 * DAY)
    _plan(app, NOW + 20 * DAY)
    [row] = _reminders(session)
    assert (row.kind, row.user_id, row.context["days"]) == (
        "retrospective_unpublished",
        cast.owner.id,
        14,
    )
    assert row.context["path"] == f"/experiments/{experiment.id}/retrospective"
    assert row.dedup_key == (
        f"retrospective:{row.context['retrospective_id']}:unpublished-14:user:{cast.owner.id}"
    )


def test_a_published_retrospective_is_not_reminded(app, session, cast):
    experiment = _stopped(session, cast)
    save(session, cast.owner, experiment, 1, **FILLED)
    fire(session, cast.owner, experiment, "submit")
    fire(session, cast.chair, experiment, "publish")
    _plan(app, NOW + 60 * DAY)
    assert _reminders(session) == []


def test_past_its_due_date_the_chair_is_told_then_weekly(app, session, cast):
    _stopped(session, cast)
    overdue = NOW + (DUE_ON - NOW.date())
    _plan(app, overdue)
    assert _reminders(session, "retrospective_overdue") == []
    for days in range(1, 16):
        _plan(app, overdue + days * DAY)
    rows = _reminders(session, "retrospective_overdue")
    # The day after the due date, then 7 and 14 days later.
    assert [row.user_id for row in rows] == [cast.chair.id] * 3
    assert [row.dedup_key.split(":")[3:5] for row in rows] == [
        [DUE_ON.isoformat(), "0"],
        [DUE_ON.isoformat(), "1"],
        [DUE_ON.isoformat(), "2"],
    ]
    assert [row.created_at.date() for row in rows] == [
        DUE_ON + DAY,
        DUE_ON + 8 * DAY,
        DUE_ON + 15 * DAY,
    ]


def test_an_organisation_sets_its_own_retrospective_thresholds(app, session, world, cast):
    thresholds = {"retrospective_unpublished_days": 5, "retrospective_overdue_every_days": 2}
    session.add(ReminderSettings(organisation_id=world.org_a.id, thresholds=thresholds))
    session.commit()
    _stopped(session, cast)
    _plan(app, NOW + 4 * DAY)
    assert _reminders(session) == []
    _plan(app, NOW + 5 * DAY)
    [row] = _reminders(session)
    assert (row.kind, row.context["days"]) == ("retrospective_unpublished", 5)
    overdue = NOW + (DUE_ON - NOW.date())
    for days in range(1, 6):
        _plan(app, overdue + days * DAY)
    assert len(_reminders(session, "retrospective_overdue")) == 3


def _with_follow_up(session, cast, due_on, status="open"):
    experiment = _stopped(session, cast)
    follow_up = {
        "title": "Partager la grille d'entretien",
        "owner": cast.teammate.email,
        "due_on": due_on.isoformat(),
        "status": status,
    }
    save(session, cast.owner, experiment, 1, follow_ups=[follow_up])
    return experiment


def test_an_open_follow_up_past_its_due_date_reminds_its_owner_once(app, session, cast):
    due = NOW.date() + 40 * DAY
    experiment = _with_follow_up(session, cast, due)
    _plan(app, NOW + 40 * DAY)
    assert _reminders(session, "follow_up_overdue") == []
    _plan(app, NOW + 41 * DAY)
    _plan(app, NOW + 50 * DAY)
    [row] = _reminders(session, "follow_up_overdue")
    assert (row.user_id, row.context["action"], row.context["due_on"]) == (
        cast.teammate.id,
        "Partager la grille d'entretien",
        due.isoformat(),
    )
    assert row.context["path"] == f"/experiments/{experiment.id}/retrospective"


def test_a_follow_up_done_is_not_reminded(app, session, cast):
    _with_follow_up(session, cast, NOW.date() + 3 * DAY, status="done")
    _plan(app, NOW + 10 * DAY)
    assert _reminders(session, "follow_up_overdue") == []


def test_running_the_planner_twice_for_the_same_now_enqueues_nothing(app, session, cast):
    _with_follow_up(session, cast, NOW.date() + 3 * DAY)
    _stopped(session, cast, title="Deuxième essai")
    when = NOW + 45 * DAY
    first = _plan(app, when)
    assert {kind: first.enqueued.get(kind, 0) for kind in KINDS} == {
        "retrospective_unpublished": 2,
        "retrospective_overdue": 2,
        "follow_up_overdue": 1,
    }
    assert _plan(app, when).total == 0
    assert len(_reminders(session)) == 5


def test_reminders_can_be_muted_but_not_the_chair_escalation(app, session, cast):
    for user in (cast.owner, cast.teammate):
        preferences.update(
            session=session,
            actor=user,
            delivery="immediate",
            muted=["retrospective_unpublished", "follow_up_overdue"],
            now=NOW,
        )
    with pytest.raises(Invalid):
        preferences.update(
            session=session,
            actor=cast.chair,
            delivery="immediate",
            muted=["retrospective_overdue"],
            now=NOW,
        )
    session.rollback()
    # Even a stored mute of the escalation (written around the service) is ignored.
    session.add(NotificationPreference(user_id=cast.chair.id, muted=["retrospective_overdue"]))
    session.commit()
    _with_follow_up(session, cast, NOW.date() + 3 * DAY)
    _plan(app, NOW + 45 * DAY)
    assert [(row.kind, row.user_id) for row in _reminders(session)] == [
        ("retrospective_overdue", cast.chair.id)
    ]


def test_digest_readers_get_reminders_held_but_not_the_escalation(app, session, cast):
    for user in (cast.owner, cast.chair):
        session.add(NotificationPreference(user_id=user.id, delivery="digest"))
    session.commit()
    _stopped(session, cast)
    _plan(app, NOW + 45 * DAY)
    held = {row.kind: row.held for row in _reminders(session)}
    assert held == {"retrospective_unpublished": True, "retrospective_overdue": False}
    monday = NOW + 52 * DAY  # the next Monday, 10:00 in Paris
    _plan(app, monday)
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=monday)
    [digest] = sink.to(cast.owner.email)
    assert digest["Subject"] == "Votre récapitulatif hebdomadaire : 1 élément"
    text = digest.get_body(("plain",)).get_content()
    assert "s'est arrêtée il y a 14 jours" in text and "/retrospective" in text


def _statements_of_a_pass(app, when):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", count)
    try:
        _plan(app, when)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_retrospective_rules_cost_does_not_grow_with_the_number_due(app, session, cast):
    """Four times more due, the same statements, on a first pass and on a second one."""
    for _n in range(2):
        _with_follow_up(session, cast, NOW.date() + 3 * DAY)
    when = NOW + 45 * DAY
    few, few_again = _statements_of_a_pass(app, when), _statements_of_a_pass(app, when)
    for _n in range(6):
        _with_follow_up(session, cast, NOW.date() + 3 * DAY)
    later = when + DAY
    many, many_again = _statements_of_a_pass(app, later), _statements_of_a_pass(app, later)
    assert len(_reminders(session, "follow_up_overdue")) == 8
    assert len(_reminders(session, "retrospective_overdue")) == 8
    assert (many, many_again) == (few, few_again)


def test_the_reminders_reach_the_smtp_server_with_their_text_and_link(app, session, cast):
    cast.teammate.locale = "en"
    session.add(cast.teammate)
    session.commit()
    experiment = _with_follow_up(session, cast, NOW.date() + 3 * DAY)
    when = NOW + 45 * DAY
    _plan(app, when)
    app.config["TRACKER"]["BASE_URL"] = "https://essai.example.gouv.fr"
    with smtp_sink() as sink, app.app_context():
        use_smtp(app, sink.port)
        dispatcher.dispatch(app, now=when)
    link = f"https://essai.example.gouv.fr/experiments/{experiment.id}/retrospective"
    [owner] = sink.to(cast.owner.email)
    assert owner["Subject"] == f"Retour d'expérience encore à publier : {experiment.title}"
    text = owner.get_body(("plain",)).get_content()
    assert "s'est arrêtée il y a 14 jours" in text and link in text
    overdue = f"Retour d'expérience en retard : {experiment.title}"
    # The chair also had the stop's notification.
    [chair] = [m for m in sink.to(cast.chair.email) if m["Subject"] == overdue]
    assert format_date(DUE_ON, "long", locale="fr") in chair.get_body(("plain",)).get_content()
    [teammate] = sink.to(cast.teammate.email)
    assert teammate["Subject"] == "Follow-up action overdue: Partager la grille d'entretien"
    html = teammate.get_body(("html",)).get_content()
    assert f'href="{link}"' in html and "is still open" in html
