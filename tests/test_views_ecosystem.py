"""Territory and partner pages, the experiment page's partners and commons ledger."""

import re

from sqlmodel import select

from tests import web
from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import (
    CommonsContribution,
    ExperimentPartner,
    ExperimentTerritory,
    Partner,
    Territory,
)
from tracker.services import commons as commons_service
from tracker.services import partners as partner_service
from tracker.services import territories as territory_service


def sign_in(client, user) -> None:
    web.login(client, user.email)
    with client.session_transaction() as cookie:
        cookie["locale"] = "en"


def test_an_admin_adds_and_edits_a_territory_through_the_forms(client, session, world):
    sign_in(client, world.admin_a)
    response = web.post_form(
        client, "/territories/new", {"name": "Mende", "level": "commune", "code": "48095"}
    )
    assert response.status_code == 303
    territory = session.exec(select(Territory)).one()
    bad = web.post_form(
        client,
        f"/territories/{territory.id}/edit",
        {"name": "Mende", "level": "commune", "code": "12-3", "version": "1"},
    )
    assert bad.status_code == 422
    assert "An INSEE code" in bad.get_data(as_text=True)
    ok = web.post_form(
        client,
        f"/territories/{territory.id}/edit",
        {"name": "Mende-Ville", "level": "commune", "code": "48095", "version": "1"},
    )
    assert ok.status_code == 303
    session.expire_all()
    assert session.get(Territory, territory.id).name == "Mende-Ville"


def test_agents_read_the_inventory_but_cannot_add_to_it(client, session, world):
    territory_service.create(session=session, actor=world.admin_b, data={"name": "Gard"}, now=NOW)
    sign_in(client, world.agent_a)
    assert "Gard" in client.get("/territories/").get_data(as_text=True)
    assert client.get("/territories/new").status_code == 403


def test_the_territory_page_shows_only_what_the_reader_may_see(client, session, world):
    gard = territory_service.create(
        session=session, actor=world.admin_a, data={"name": "Gard", "code": "30"}, now=NOW
    )
    seen = make_experiment(
        session, world.agent_b, NOW, title="Navette publique", visibility="public", territory="Gard"
    )
    make_experiment(session, world.agent_b, NOW, title="Secret de B", territory="Gard")
    partner = partner_service.create(
        session=session, actor=world.agent_b, data={"name": "Coop", "kind": "company"}, now=NOW
    )
    partner_service.link(
        session=session,
        actor=world.agent_b,
        experiment_id=seen.id,
        partner_id=partner.id,
        role="operator",
        now=NOW,
    )
    commons_service.add(
        session=session,
        actor=world.agent_b,
        experiment_id=seen.id,
        data={"kind": "funding", "description": "Aide", "value_eur": 1200},
        now=NOW,
    )
    sign_in(client, world.agent_a)
    page = client.get(f"/territories/{gard.id}").get_data(as_text=True)
    assert "Navette publique" in page and "Secret de B" not in page
    assert "Coop" in page and "Operator" in page
    assert "1,200" in page


def test_the_team_links_a_partner_and_adds_to_the_ledger_from_the_experiment_page(
    client, session, world
):
    experiment = make_experiment(session, world.agent_a, NOW)
    partner = partner_service.create(
        session=session,
        actor=world.agent_b,
        data={"name": "Labo", "kind": "research_team"},
        now=NOW,
    )
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    linked = web.post_form(
        client,
        f"{url}/partners",
        {"partner_id": str(partner.id), "role": "evaluator"},
        form_url=url,
    )
    assert linked.status_code == 303
    assert session.exec(select(ExperimentPartner)).one().role == "evaluator"
    missing_unit = web.post_form(
        client,
        f"{url}/commons",
        {"kind": "staff_time", "description": "Agents", "quantity": "3,5", "unit": ""},
        form_url=url,
    )
    assert missing_unit.status_code == 422
    assert "A quantity needs its unit." in missing_unit.get_data(as_text=True)
    added = web.post_form(
        client,
        f"{url}/commons",
        {
            "kind": "staff_time",
            "description": "Agents",
            "quantity": "3,5",
            "unit": "jours",
            "value_eur": "1 200",
            "start": "2026-01-05",
            "end": "2026-02-05",
        },
        form_url=url,
    )
    assert added.status_code == 303
    row = session.exec(select(CommonsContribution)).one()
    assert (row.quantity, row.value_eur, row.unit) == (3.5, 1200.0, "jours")
    page = client.get(url).get_data(as_text=True)
    assert "Labo" in page and "Evaluator" in page and "Agents" in page
    edit = f"{url}/commons/{row.id}/edit"
    withdrawn = web.post_form(client, edit, {"withdraw": "1", "version": "1"}, form_url=edit)
    assert withdrawn.status_code == 303
    session.expire_all()
    assert session.get(CommonsContribution, row.id).withdrawn_at is not None


def test_others_cannot_write_an_experiments_ledger(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    sign_in(client, world.agent_b)
    response = web.post_form(
        client,
        f"/experiments/{experiment.id}/commons",
        {"kind": "data", "description": "x", "value_eur": "1"},
        form_url=f"/experiments/{experiment.id}",
    )
    assert response.status_code == 403


def test_the_experiment_form_picks_several_territories(client, session, world):
    mende = territory_service.create(
        session=session, actor=world.admin_a, data={"name": "Mende"}, now=NOW
    )
    gard = territory_service.create(
        session=session, actor=world.admin_a, data={"name": "Gard"}, now=NOW
    )
    sign_in(client, world.agent_a)
    form = client.get("/experiments/new").get_data(as_text=True)
    assert 'id="territory_ids"' in form and "multiple" in form and "Mende" in form
    response = client.post(
        "/experiments/new",
        data={
            "title": "Deux lieux",
            "territory_ids": [str(mende.id), str(gard.id)],
            "territory": "Aubrac",
            "visibility": "internal",
            "csrf_token": web.csrf_token(client, "/experiments/new"),
        },
    )
    assert response.status_code == 303
    links = session.exec(select(ExperimentTerritory.territory_id)).all()
    assert len(links) == 3
    experiment_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    edit = client.get(f"/experiments/{experiment_id}/edit").get_data(as_text=True)
    assert edit.count("selected") >= 3


def test_partner_pages_and_edit_rights(client, session, world):
    partner = partner_service.create(
        session=session,
        actor=world.agent_a,
        data={"name": "Asso", "kind": "association"},
        now=NOW,
    )
    sign_in(client, world.agent_b)
    assert "Asso" in client.get(f"/partners/{partner.id}").get_data(as_text=True)
    assert client.get(f"/partners/{partner.id}/edit").status_code == 403
    bad = web.post_form(client, "/partners/new", {"name": "X", "kind": "company", "siret": "123"})
    assert bad.status_code == 422 and "14 digits" in bad.get_data(as_text=True)


def _archive_button_value(page: str) -> str:
    found = re.search(r'name="archived" type="hidden" value="([^"]*)"', page)
    assert found is not None, "no archive button on the page"
    return found.group(1)


def test_the_archive_button_of_each_inventory_page_archives_then_restores(client, session, world):
    territory = territory_service.create(
        session=session, actor=world.admin_a, data={"name": "Mende"}, now=NOW
    )
    partner = partner_service.create(
        session=session, actor=world.admin_a, data={"name": "Asso", "kind": "association"}, now=NOW
    )
    sign_in(client, world.admin_a)
    for url, model, row_id in (
        (f"/territories/{territory.id}", Territory, territory.id),
        (f"/partners/{partner.id}", Partner, partner.id),
    ):
        # Press the button the page shows, twice: archived, then restored.
        for archived in (True, False):
            value = _archive_button_value(client.get(url).get_data(as_text=True))
            response = web.post_form(client, f"{url}/archive", {"archived": value}, form_url=url)
            assert response.status_code == 303, url
            session.expire_all()
            assert (session.get(model, row_id).archived_at is not None) is archived, url
