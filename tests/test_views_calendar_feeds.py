"""Each user's private calendar feed: what it holds, who can read it, and revocation."""

from datetime import date, timedelta

import icalendar
import pytest

from tests import gate_steps, meeting_steps, retro_steps
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.web import login, post_form
from tracker.models import User
from tracker.services import calendar_feed as feed_service
from tracker.services import derogations as derogation_service
from tracker.services import transitions as transition_service
from tracker.services import users as user_service


def _feed_path(user: User) -> str:
    return f"/calendar/{feed_service.token(user, 'test-secret')}.ics"


def _events(client, path: str) -> dict[str, icalendar.Event]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def dated(session, world):
    """Org A: an open gate on a board meeting's agenda, a pilot ending, a stopped experiment
    whose retrospective is due, and a derogation with its report date."""
    board = meeting_steps.board(session, world)
    gate = meeting_steps.open_gate(session, world, board=board)
    meeting = meeting_steps.schedule(session, world, board.id, [gate])
    stopped = make_experiment(session, world.agent_a, NOW, title="Bus à la demande")
    retro_steps.stop(session, world.agent_a, stopped)
    grounded = make_experiment(session, world.agent_a, NOW, title="Permis de louer")
    derogation_service.save(
        session=session,
        actor=world.agent_a,
        experiment_id=grounded.id,
        version=None,
        data={
            "kind": "constitution_37_1",
            "reference": "Décret n° 2026-118",
            "starts_on": date(2026, 1, 1),
            "expires_on": date(2027, 12, 31),
            "report_due_on": date(2027, 6, 30),
        },
        now=NOW,
    )
    return {"gate": gate, "meeting": meeting, "stopped": stopped, "grounded": grounded}


def test_the_owner_feed_holds_gate_retrospective_and_derogation_dates(client, world, dated):
    events = _events(client, _feed_path(world.agent_a))
    gate = events[f"gate-{dated['gate'].id}@droit-a-l-essai"]
    assert gate["DTSTART"].dt == dated["gate"].review_date
    assert "Guichet unique" in str(gate["SUMMARY"])
    assert str(gate["URL"]).endswith(f"/gates/{dated['gate'].id}")
    retro = [e for uid, e in events.items() if uid.startswith("retrospective-")]
    assert [e["DTSTART"].dt for e in retro] == [retro_steps.DUE_ON]
    assert str(retro[0]["URL"]).endswith(f"/experiments/{dated['stopped'].id}/retrospective")
    derogation = sorted(
        (e["DTSTART"].dt for uid, e in events.items() if uid.startswith("derogation-"))
    )
    assert derogation == [date(2027, 6, 30), date(2027, 12, 31)]


def test_the_feed_speaks_the_reader_language(client, session, world, dated):
    french = _events(client, _feed_path(world.agent_a))
    assert str(french[f"gate-{dated['gate'].id}@droit-a-l-essai"]["SUMMARY"]).startswith(
        "Passage en comité : Guichet unique"
    )
    user_service.set_locale(session=session, actor=world.agent_a, locale="en")
    english = _events(client, _feed_path(world.agent_a))
    assert str(english[f"gate-{dated['gate'].id}@droit-a-l-essai"]["SUMMARY"]).startswith(
        "Gate review: Guichet unique"
    )


def test_a_board_member_sees_the_gate_and_the_meeting(client, world, dated):
    events = _events(client, _feed_path(world.reviewer_a))
    meeting = events[f"meeting-{dated['meeting'].id}@droit-a-l-essai"]
    assert meeting["DTSTART"].dt == meeting_steps.WHEN
    assert f"gate-{dated['gate'].id}@droit-a-l-essai" in events
    # Not on the team: the stopped experiment's retrospective is not the reviewer's to write.
    assert not [uid for uid in events if uid.startswith("retrospective-")]


def test_a_pilot_end_is_in_the_owner_feed(client, session, world):
    cast = gate_steps.build_cast(session, world)
    experiment = gate_steps.in_prototype(session, cast, planned_end=date(2027, 3, 31))
    gate = gate_steps.request(session, cast.owner, experiment, "pilot", gate_steps.PILOT_REQUEST)
    gate_steps.reviewed(session, cast, gate, "go")
    session.refresh(experiment)
    assert experiment.state == "pilot" and experiment.planned_end is not None
    events = _events(client, _feed_path(world.agent_a))
    pilot = events[f"pilot-end-{experiment.id}@droit-a-l-essai"]
    assert pilot["DTSTART"].dt == experiment.planned_end


def test_another_organisation_feed_shows_none_of_it(client, world, dated):
    assert _events(client, _feed_path(world.agent_b)) == {}


@pytest.mark.parametrize("token", ["nope", "1.forged", "999999.abc", "../../etc"])
def test_an_unknown_or_forged_token_is_404(client, world, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_token_for_one_user_cannot_be_replayed_for_another(client, world):
    plain = feed_service.token(world.agent_a, "test-secret")
    forged = f"{world.agent_b.id}.{plain.partition('.')[2]}"
    assert client.get(f"/calendar/{forged}.ics").status_code == 404


def test_replacing_the_address_revokes_the_old_one(client, session, world):
    old = _feed_path(world.agent_a)
    assert client.get(old).status_code == 200
    login(client, world.agent_a.email)
    page = client.get("/profile").get_data(as_text=True)
    assert f"http://localhost{old}" in page or old in page
    response = post_form(client, "/profile/calendar/rotate", {}, form_url="/profile")
    assert response.status_code == 302
    session.refresh(world.agent_a)
    new = _feed_path(world.agent_a)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert new in client.get("/profile").get_data(as_text=True)


def test_a_deactivated_account_feed_stops(client, session, world):
    path = _feed_path(world.agent_a)
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    assert client.get(path).status_code == 404


def test_the_api_gives_the_feed_url_and_rotates_it(client, session, world):
    from tests.gate_api import bearer

    headers = bearer(session, world.agent_a)
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert me["email"] == world.agent_a.email
    url = me["calendar_feed_url"]
    assert url.endswith(_feed_path(world.agent_a))
    path = url.split("://", 1)[1].partition("/")[2]
    assert client.get(f"/{path}").status_code == 200
    rotated = client.post("/api/v1/me/calendar-feed/rotate", headers=headers).get_json()
    assert rotated["calendar_feed_url"] != url
    assert client.get(f"/{path}").status_code == 404


def test_the_feed_leaves_out_dates_long_past(client, session, world):
    long_ago = NOW - timedelta(days=400)
    old = make_experiment(session, world.agent_a, long_ago, title="Ancien")
    transition_service.fire(
        session=session, actor=world.agent_a, experiment_id=old.id, trigger="stop",
        version=old.version, params={"stop_reason": "cost", "explanation": "Trop cher."},
        now=long_ago,
    )  # fmt: skip
    recent = make_experiment(session, world.agent_a, NOW, title="Récent")
    retro_steps.stop(session, world.agent_a, recent)
    events = _events(client, _feed_path(world.agent_a))
    due = [e["DTSTART"].dt for uid, e in events.items() if uid.startswith("retrospective-")]
    assert due == [retro_steps.DUE_ON]
