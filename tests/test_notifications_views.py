"""The email settings page and the admins' outbox page."""

from sqlmodel import select

from tests.conftest import NOW
from tests.test_jobs_dispatcher import fill
from tests.web import login, post_form
from tracker.models import NotificationPreference, OutboxMessage

SETTINGS = "/profile/notifications"


def test_a_user_chooses_the_digest_and_mutes_a_reminder(client, session, world):
    login(client, world.agent_a.email)
    page = client.get(SETTINGS).get_data(as_text=True)
    assert 'value="immediate" checked' in page
    response = post_form(client, SETTINGS, {"delivery": "digest", "muted": ["stale"]})
    assert response.status_code == 303
    saved = session.get(NotificationPreference, world.agent_a.id)
    assert (saved.delivery, saved.muted) == ("digest", ["stale"])
    assert 'value="digest" checked' in client.get(SETTINGS).get_data(as_text=True)


def test_an_escalation_cannot_be_muted(client, session, world):
    login(client, world.agent_a.email)
    response = post_form(client, SETTINGS, {"delivery": "immediate", "muted": ["stale_chair"]})
    assert response.status_code == 422
    assert "Seuls les rappels peuvent être désactivés." in response.get_data(as_text=True)
    assert session.get(NotificationPreference, world.agent_a.id) is None


def test_admins_see_their_organisations_outbox_only(client, session, world):
    fill(session, world.agent_a, 1)
    session.add(
        OutboxMessage(
            dedup_key="other",
            user_id=world.agent_b.id,
            email=world.agent_b.email,
            kind="stale",
            template="stale",
            context={},
            next_attempt_at=NOW,
        )
    )
    session.commit()
    login(client, world.admin_a.email)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert world.agent_a.email in page and world.agent_b.email not in page


def test_agents_cannot_see_the_outbox(client, world):
    login(client, world.agent_a.email)
    assert client.get("/admin/outbox").status_code == 403


def test_an_admin_retries_a_dead_message_of_their_organisation_only(client, session, world):
    fill(session, world.agent_a, 1)
    session.add(
        OutboxMessage(
            dedup_key="other",
            user_id=world.agent_b.id,
            email=world.agent_b.email,
            kind="stale",
            template="stale",
            context={},
            status="dead",
            attempts=8,
            next_attempt_at=NOW,
        )
    )
    session.commit()
    mine, theirs = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    mine.status, mine.attempts = "dead", 8
    session.add(mine)
    session.commit()
    login(client, world.admin_a.email)
    for row in (mine, theirs):
        response = post_form(
            client, "/admin/outbox/retry", {"message_id": str(row.id)}, form_url="/admin/outbox"
        )
        assert response.status_code == 303
    session.expire_all()
    assert (
        session.get(OutboxMessage, mine.id).status,
        session.get(OutboxMessage, mine.id).attempts,
    ) == ("pending", 0)
    assert session.get(OutboxMessage, theirs.id).status == "dead"
