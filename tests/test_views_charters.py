"""Charter pages: administrators write versions, everyone reads; the gate forms ask for it."""

import html

from sqlmodel import select

from tests import web
from tests.gate_pages import cast_votes, client_for, decide, pilot_form, reload, request_gate
from tests.gate_steps import build_cast, in_prototype
from tests.test_services_charters import TEXT
from tracker.models import CharterVersion


def test_an_admin_saves_versions_and_sees_the_history(app, session, world):
    admin = client_for(app, world.admin_a)
    response = web.post_form(admin, "/admin/charter", TEXT)
    assert response.status_code == 302
    web.post_form(admin, "/admin/charter", {**TEXT, "non_sanction": "Jamais de sanction."})
    page = html.unescape(admin.get("/admin/charter").get_data(as_text=True))
    assert "Version 2" in page and "Version 1" in page
    assert "Jamais de sanction." in page and TEXT["non_sanction"] in page
    numbers = session.exec(select(CharterVersion.number)).all()
    assert sorted(numbers) == [1, 2]


def test_a_blank_commitment_comes_back_with_a_field_message(app, session, world):
    admin = client_for(app, world.admin_a)
    response = web.post_form(admin, "/admin/charter", {**TEXT, "duty_to_share": " "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="duty_to_share-error"' in page
    assert session.exec(select(CharterVersion)).all() == []


def test_everyone_reads_it_only_admins_edit(app, session, world):
    web.post_form(client_for(app, world.admin_a), "/admin/charter", TEXT)
    agent = client_for(app, world.agent_a)
    assert TEXT["acceptable_failure"] in html.unescape(agent.get("/charter").get_data(as_text=True))
    assert agent.get("/admin/charter").status_code == 403
    other = client_for(app, world.agent_b)
    assert TEXT["acceptable_failure"] not in html.unescape(
        other.get("/charter").get_data(as_text=True)
    )


def test_the_gate_forms_ask_and_the_experiment_page_shows_the_acknowledgements(app, session, world):
    cast = build_cast(session, world)
    web.post_form(client_for(app, world.admin_a), "/admin/charter", TEXT)
    experiment = in_prototype(session, cast)
    owner = client_for(app, cast.owner)
    form_url = f"/gates/experiments/{experiment.id}/pilot"
    assert 'name="charter_acknowledged"' in owner.get(form_url).get_data(as_text=True)
    refused = web.post_form(owner, form_url, pilot_form(charter_acknowledged=""))
    assert refused.status_code == 422
    assert 'id="charter_acknowledged-error"' in refused.get_data(as_text=True)
    gate_id = request_gate(owner, experiment, "pilot", pilot_form())
    cast_votes(app, cast, gate_id, "go")
    decide(app, cast, gate_id, "go")
    assert reload(session, experiment).state == "pilot"
    page = owner.get(f"/experiments/{experiment.id}").get_data(as_text=True)
    assert 'id="charter-acknowledgements"' in page
    assert cast.owner.name in page and cast.chair.name in page
