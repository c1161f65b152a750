"""Gate pages: who sees which form, refusals and their status, CSRF, other organisations."""

import re

import pytest
from sqlmodel import Session

from tests import web
from tests.factories import World
from tests.gate_pages import (
    cast_votes,
    client_for,
    decide,
    pilot_form,
    reload,
    request_gate,
    vote_form,
)
from tests.gate_steps import PILOT_REQUEST, Cast, build_cast, in_prototype, request, vote


@pytest.fixture
def cast(session: Session, world: World) -> Cast:
    return build_cast(session, world)


def test_who_sees_which_form(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    url = f"/gates/{gate.id}"
    owner_page = client_for(app, cast.owner).get(url).get_data(as_text=True)
    assert "Withdraw the gate review" in owner_page
    assert "Cast my vote" not in owner_page
    conflicted = client_for(app, cast.teammate).get(url).get_data(as_text=True)
    assert "conflict of interest" in conflicted
    assert "Cast my vote" not in conflicted
    chair = client_for(app, cast.chair)
    before = chair.get(url).get_data(as_text=True)
    assert "Cast my vote" in before
    assert "The quorum is not reached yet" in before
    assert "Record the decision" not in before
    vote(session, cast.chair, gate, "go")
    vote(session, cast.member, gate, "go")
    after = chair.get(url).get_data(as_text=True)
    assert "Record the decision" in after
    assert "Change my vote" in after
    member_page = client_for(app, cast.member).get(url).get_data(as_text=True)
    assert "Record the decision" not in member_page


def test_voting_queue_lists_gates_waiting_for_my_vote(app, session, cast):
    experiment = in_prototype(session, cast, title="Guichet de la Lozère")
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    chair = client_for(app, cast.chair)
    assert "Guichet de la Lozère" in chair.get("/gates/queue").get_data(as_text=True)
    assert "Guichet de la Lozère" not in client_for(app, cast.teammate).get(
        "/gates/queue"
    ).get_data(as_text=True)
    vote(session, cast.chair, gate, "go")
    assert "No gate waits for your vote." in chair.get("/gates/queue").get_data(as_text=True)


def test_refusals_rerender_with_their_status(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    url = f"/gates/{gate.id}"
    teammate = client_for(app, cast.teammate)
    conflicted = web.post_form(teammate, f"{url}/votes", vote_form("go"), url)
    assert conflicted.status_code == 403
    assert "You cannot vote on an experiment you own or work on." in conflicted.get_data(
        as_text=True
    )
    chair = client_for(app, cast.chair)
    incomplete = web.post_form(chair, f"{url}/votes", vote_form("go", score_cost=""), url)
    assert incomplete.status_code == 422
    assert "An answer is required." in incomplete.get_data(as_text=True)
    vote(session, cast.chair, gate, "go")
    early = web.post_form(chair, f"{url}/decision", {"decision": "go", "rationale": "Oui"}, url)
    assert early.status_code == 422
    assert "the quorum of votes is reached" in early.get_data(as_text=True)
    vote(session, cast.member, gate, "go")
    unexplained = web.post_form(chair, f"{url}/decision", {"decision": "go"}, url)
    assert unexplained.status_code == 422
    assert "the decision is explained (rationale)" in unexplained.get_data(as_text=True)
    member = client_for(app, cast.member)
    not_chair = web.post_form(member, f"{url}/decision", {"decision": "go", "rationale": "x"}, url)
    assert not_chair.status_code == 403
    decide(app, cast, gate.id, "go")
    again = web.post_form(chair, f"{url}/decision", {"decision": "go", "rationale": "Bis"}, url)
    assert again.status_code == 409
    assert "This gate is already closed." in again.get_data(as_text=True)


def test_the_owner_withdraws_an_open_gate(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    owner = client_for(app, cast.owner)
    url = f"/gates/{gate.id}"
    chair = client_for(app, cast.chair)
    assert web.post_form(chair, f"{url}/withdraw", {}, url).status_code == 403
    response = web.post_form(owner, f"{url}/withdraw", {"reason": "Pas prêts."}, url)
    assert response.status_code == 303
    assert reload(session, gate).status == "withdrawn"
    assert web.post_form(owner, f"{url}/withdraw", {}, url).status_code == 409


def test_a_conditional_go_blocks_the_next_gate_until_a_chair_marks_it_met(app, session, cast):
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    gate_id = request_gate(owner, experiment, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "go")
    chair = decide(app, cast, gate_id, "go", conditions="Convention signée avec la CAF")
    page = chair.get(f"/gates/{gate_id}").get_data(as_text=True)
    assert "Convention signée avec la CAF" in page and "Mark met" in page
    assert "Convention signée avec la CAF" in owner.get(f"/experiments/{experiment.id}").get_data(
        as_text=True
    )
    condition_id = int(re.search(r"/conditions/(\d+)/met", page).group(1))
    met_url = f"/gates/{gate_id}/conditions/{condition_id}/met"
    assert web.post_form(owner, met_url, {}, f"/gates/{gate_id}").status_code == 403
    assert web.post_form(chair, met_url, {}, f"/gates/{gate_id}").status_code == 303
    assert "Mark met" not in chair.get(f"/gates/{gate_id}").get_data(as_text=True)


def test_requests_are_for_the_team_at_the_right_stage(app, session, cast):
    experiment = in_prototype(session, cast)
    chair = client_for(app, cast.chair)
    assert chair.get(f"/gates/experiments/{experiment.id}/pilot").status_code == 403
    owner = client_for(app, cast.owner)
    wrong_stage = owner.get(f"/gates/experiments/{experiment.id}/decision")
    assert wrong_stage.status_code == 303
    form = owner.get(f"/gates/experiments/{experiment.id}/pilot").get_data(as_text=True)
    assert 'name="review_date"' in form and 'value="20' in form


def test_another_organisation_gets_404(app, session, cast, world):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    outsider = client_for(app, world.agent_b)
    assert outsider.get(f"/gates/{gate.id}").status_code == 404
    assert outsider.get(f"/gates/experiments/{experiment.id}/pilot").status_code == 404
    token = web.csrf_token(outsider, "/gates/queue")
    vote_post = outsider.post(
        f"/gates/{gate.id}/votes", data={**vote_form("go"), "csrf_token": token}
    )
    assert vote_post.status_code == 404


def test_gate_posts_need_the_csrf_token(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    chair = client_for(app, cast.chair)
    assert chair.post(f"/gates/{gate.id}/votes", data=vote_form("go")).status_code == 400
    owner = client_for(app, cast.owner)
    assert owner.post(f"/gates/{gate.id}/withdraw").status_code == 400
    assert reload(session, gate).status == "open"


def test_gate_pages_read_in_french(app, session, cast):
    experiment = in_prototype(session, cast)
    gate = request(session, cast.owner, experiment, "pilot", PILOT_REQUEST)
    chair = app.test_client()
    web.login(chair, cast.chair.email)
    with chair.session_transaction() as cookie:
        cookie["locale"] = "fr"
    page = chair.get(f"/gates/{gate.id}").get_data(as_text=True)
    assert "Jalon pilote" in page and "À voter" in page
    # The board kept the default scorecard: its criteria read in the reader's language.
    assert "Valeur pour les usagers" in page
    assert "Voter" in page
    queue = chair.get("/gates/queue").get_data(as_text=True)
    assert "1 jalon attend votre vote" in queue
