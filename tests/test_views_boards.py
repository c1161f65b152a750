"""Board pages: admins create review boards through the form; their colleagues read them."""

from sqlmodel import Session, select

from tests import web
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.models import Board, BoardMember, Experiment


def sign_in(client, user) -> None:
    web.login(client, user.email)
    with client.session_transaction() as cookie:
        cookie["locale"] = "en"


def board_form(**overrides) -> dict:
    data = {
        "name": "Comité d'innovation",
        "chairs": "reviewer@a.example",
        "members": "admin@a.example, colleague@a.example",
        "quorum": "2",
        "scorecard": "legal_ok | Légalement possible | knockout\nuser_value | Valeur | scored",
        "evidence_pilot": "1",
        "evidence_decision": "3",
        "meeting_cadence": "Premier mardi du mois",
    }
    data.update(overrides)
    return data


def test_an_admin_creates_a_board_through_the_form(client, session: Session, world: World):
    sign_in(client, world.admin_a)
    response = web.post_form(client, "/boards/", board_form())
    assert response.status_code == 303
    board = session.exec(select(Board)).one()
    assert board.is_default  # the organisation's first board
    assert board.scorecard[0] == {
        "key": "legal_ok",
        "label": "Légalement possible",
        "kind": "knockout",
    }
    assert board.evidence_levels == {"pilot": 1, "decision": 3}
    links = session.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all()
    assert {(link.user_id, link.is_chair) for link in links} == {
        (world.reviewer_a.id, True),
        (world.admin_a.id, False),
        (world.colleague_a.id, False),
    }
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Comité d&#39;innovation" in page and "Chair" in page and "Valeur" in page


def test_the_new_board_form_is_prefilled_with_the_default_scorecard(client, world):
    sign_in(client, world.admin_a)
    page = client.get("/boards/new").get_data(as_text=True)
    assert "user_value | Value for users | scored" in page
    assert 'value="2"' in page  # the quorum


def test_invalid_boards_rerender_with_field_messages(client, session, world):
    sign_in(client, world.admin_a)
    unknown = web.post_form(client, "/boards/", board_form(chairs="nobody@a.example"))
    assert unknown.status_code == 422
    assert "No active colleague with this email: nobody@a.example" in unknown.get_data(as_text=True)
    too_many = web.post_form(client, "/boards/", board_form(quorum="9"))
    assert too_many.status_code == 422
    assert "The quorum cannot exceed the number of board members." in too_many.get_data(
        as_text=True
    )
    bad_line = web.post_form(client, "/boards/", board_form(scorecard="just a line"))
    assert bad_line.status_code == 422
    assert "Line 1: write" in bad_line.get_data(as_text=True)
    assert session.exec(select(Board)).all() == []


def test_only_admins_create_boards(client, session, world):
    sign_in(client, world.reviewer_a)
    assert client.get("/boards/new").status_code == 403
    token = web.csrf_token(client, "/boards/")
    posted = client.post("/boards/", data={**board_form(), "csrf_token": token})
    assert posted.status_code == 403
    assert session.exec(select(Board)).all() == []


def test_boards_of_another_organisation_are_not_found(app, client, session, world):
    sign_in(client, world.admin_a)
    web.post_form(client, "/boards/", board_form())
    board = session.exec(select(Board)).one()
    outsider = app.test_client()
    sign_in(outsider, world.admin_b)
    assert outsider.get(f"/boards/{board.id}").status_code == 404
    assert "Comité" not in outsider.get("/boards/").get_data(as_text=True)
    colleague = app.test_client()
    sign_in(colleague, world.agent_a)
    assert "Comité d&#39;innovation" in colleague.get("/boards/").get_data(as_text=True)


def test_board_creation_needs_the_csrf_token(client, session, world):
    sign_in(client, world.admin_a)
    assert client.post("/boards/", data=board_form()).status_code == 400
    assert session.exec(select(Board)).all() == []


def test_the_team_chooses_another_board_on_the_experiment_page(app, client, session, world):
    sign_in(client, world.admin_a)
    web.post_form(client, "/boards/", board_form(), "/boards/new")
    web.post_form(client, "/boards/", board_form(name="Comité santé"), "/boards/new")
    other = session.exec(select(Board).where(Board.name == "Comité santé")).one()
    experiment = make_experiment(session, world.agent_a, NOW)
    owner = app.test_client()
    sign_in(owner, world.agent_a)
    url = f"/experiments/{experiment.id}"
    page = owner.get(url).get_data(as_text=True)
    assert "Choose this board" in page and "The default board (Comité d&#39;innovation)" in page
    data = {"board_id": str(other.id), "version": str(experiment.version)}
    chosen = web.post_form(owner, f"/gates/experiments/{experiment.id}/board", data, url)
    assert chosen.status_code == 303
    session.expire_all()
    assert session.get(Experiment, experiment.id).board_id == other.id
    assert "Reviewed by: Comité santé" in owner.get(url).get_data(as_text=True)
    reviewer = app.test_client()
    sign_in(reviewer, world.reviewer_a)
    refused = web.post_form(reviewer, f"/gates/experiments/{experiment.id}/board", data, url)
    assert refused.status_code == 403
