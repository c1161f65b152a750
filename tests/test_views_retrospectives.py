"""Retrospective pages through the real forms: who sees, writes and moves what."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlmodel import Session

from tests import gate_pages, retro_steps, web
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tests.gate_steps import Cast, build_cast
from tracker.models import Retrospective
from tracker.services import retrospectives as retrospective_service
from tracker.services import transitions as transition_service


@pytest.fixture
def cast(session: Session, world: World) -> Cast:
    return build_cast(session, world)


@pytest.fixture
def stopped(session: Session, cast: Cast):
    experiment = make_experiment(session, cast.owner, NOW, team=[cast.teammate.email])
    return retro_steps.stop(session, cast.owner, experiment)


def page(experiment_id: int, suffix: str = "") -> str:
    return f"/experiments/{experiment_id}/retrospective{suffix}"


def retrospective_of(session: Session, experiment) -> Retrospective:
    (row,) = retro_steps.retrospectives_of(session, experiment)
    return row


def form_data(version: int, **overrides) -> dict:
    data = {
        "version": str(version),
        "what_we_tried": "Un guichet unique pour les demandeurs.",
        "what_happened": "Peu d'usagers sont venus.",
        "why": "Horaires inadaptés.",
        "cause_tags": ["timing", "user_adoption"],
        "what_we_learned": "Tester les horaires d'abord.",
        "do_differently": "",
        "advice": "Parler aux usagers.",
        "reusable_assets": "",
        "cost_eur": "12 500,50",
        "agent_days": "40",
        "decided_by": "team",
        "follow_ups-0-title": "Partager les horaires testés",
        "follow_ups-0-owner": "colleague@a.example",
        "follow_ups-0-due_on": "2027-01-15",
        "follow_ups-0-status": "open",
        "follow_ups-1-title": "",
        "follow_ups-1-owner": "",
        "follow_ups-1-due_on": "",
        "follow_ups-1-status": "open",
    }
    data.update(overrides)
    return data


def test_the_owner_sees_the_retrospective_with_the_facts_and_can_write_it(
    app: Flask, cast: Cast, stopped
) -> None:
    owner = gate_pages.client_for(app, cast.owner)
    response = owner.get(page(stopped.id))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "What the record already knows" in body
    assert stopped.hypothesis in body
    assert "taux d&#39;abandon" in body  # the success criterion, against its measurement
    assert "To write" in body  # the due state, in words
    assert "Dec 27, 2026" in body  # due 30 days after the stop, localised
    assert page(stopped.id, "/edit") in body


def test_the_pages_are_french_by_default(app: Flask, cast: Cast, stopped) -> None:
    owner = app.test_client()
    web.login(owner, cast.owner.email)
    body = owner.get(page(stopped.id)).get_data(as_text=True)
    assert "Ce que le dossier sait déjà" in body
    assert "27 déc. 2026" in body


def test_another_organisation_gets_404_and_a_colleague_off_the_team_403_on_edit(
    app: Flask, world: World, cast: Cast, stopped
) -> None:
    outsider = gate_pages.client_for(app, world.agent_b)
    assert outsider.get(page(stopped.id)).status_code == 404
    assert outsider.get(page(stopped.id, "/edit")).status_code == 404
    colleague = gate_pages.client_for(app, world.admin_a)
    assert colleague.get(page(stopped.id)).status_code == 200
    assert colleague.get(page(stopped.id, "/edit")).status_code == 403
    token = web.csrf_token(colleague, page(stopped.id))
    refused = colleague.post(page(stopped.id, "/edit"), data={**form_data(1), "csrf_token": token})
    assert refused.status_code == 403


def test_a_running_experiment_has_no_retrospective_page(
    app: Flask, session: Session, cast: Cast
) -> None:
    experiment = make_experiment(session, cast.owner, NOW)
    owner = gate_pages.client_for(app, cast.owner)
    assert owner.get(page(experiment.id)).status_code == 404


def test_the_first_save_starts_the_draft_and_keeps_every_field(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    teammate = gate_pages.client_for(app, cast.teammate)
    response = web.post_form(teammate, page(stopped.id, "/edit"), form_data(1))
    assert response.status_code == 303
    row = retrospective_of(session, stopped)
    assert (row.state, row.version) == ("drafting", 2)
    assert row.cause_tags == ["timing", "user_adoption"]
    assert (row.cost_eur, row.agent_days, row.decided_by) == (12500.5, 40, "team")
    follow_ups = retrospective_service.follow_ups(session, row)
    assert [(f.title, email, f.status) for f, email in follow_ups] == [
        ("Partager les horaires testés", "colleague@a.example", "open")
    ]
    body = teammate.get(page(stopped.id)).get_data(as_text=True)
    assert "Being written" in body and "Partager les horaires testés" in body
    timeline = teammate.get(f"/experiments/{stopped.id}").get_data(as_text=True)
    assert "Retrospective started" in timeline


def test_the_edit_form_shows_the_saved_values_and_a_blameless_guidance(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    owner = gate_pages.client_for(app, cast.owner)
    web.post_form(owner, page(stopped.id, "/edit"), form_data(1))
    body = owner.get(page(stopped.id, "/edit")).get_data(as_text=True)
    assert "Name conditions, not persons" in body
    assert 'value="colleague@a.example"' in body
    assert '<input id="version" name="version" type="hidden" value="2">' in body
    assert (
        '<input checked id="cause_tags-1" name="cause_tags" type="checkbox" value="timing">' in body
    )


def test_a_stale_save_is_a_conflict_that_keeps_the_input(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    retro_steps.save(session, cast.teammate, stopped, 1, advice="Écrit par un collègue.")
    owner = gate_pages.client_for(app, cast.owner)
    response = web.post_form(
        owner, page(stopped.id, "/edit"), form_data(1, advice="Ma version à moi.")
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "changed by someone else meanwhile" in body
    assert "Ma version à moi." in body
    assert retrospective_of(session, stopped).advice == "Écrit par un collègue."


def test_bad_input_comes_back_with_field_messages(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    owner = gate_pages.client_for(app, cast.owner)
    response = web.post_form(owner, page(stopped.id, "/edit"), form_data(1, cost_eur="beaucoup"))
    assert response.status_code == 422
    assert "Enter a number" in response.get_data(as_text=True)
    response = web.post_form(
        owner, page(stopped.id, "/edit"), form_data(1, **{"follow_ups-0-owner": "x@b.example"})
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="follow_ups-0-owner-error"' in body
    assert "No active user of the organisation has this email." in body
    assert retrospective_of(session, stopped).state == "due"


def test_the_add_button_adds_a_follow_up_row_without_saving(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    owner = gate_pages.client_for(app, cast.owner)
    response = web.post_form(owner, page(stopped.id, "/edit"), form_data(1, add_follow_up="1"))
    assert response.status_code == 200
    assert 'name="follow_ups-2-title"' in response.get_data(as_text=True)
    assert retrospective_of(session, stopped).version == 1


def _fire(client, experiment_id: int, trigger: str):
    return web.post_form(
        client,
        page(experiment_id, "/transitions"),
        {"trigger": trigger},
        form_url=page(experiment_id),
    )


def test_submit_needs_the_three_answers(app: Flask, session: Session, cast: Cast, stopped) -> None:
    retro_steps.save(session, cast.owner, stopped, 1, advice="Seulement un conseil.")
    owner = gate_pages.client_for(app, cast.owner)
    assert "Submit for review: not possible yet" in owner.get(page(stopped.id)).get_data(
        as_text=True
    )
    response = _fire(owner, stopped.id, "submit")
    assert response.status_code == 422
    assert "what happened is told" in response.get_data(as_text=True)
    assert retrospective_of(session, stopped).state == "drafting"


def test_the_team_submits_and_the_chair_asks_for_changes_then_publishes(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    retro_steps.save(session, cast.owner, stopped, 1, **retro_steps.FILLED)
    owner = gate_pages.client_for(app, cast.owner)
    chair = gate_pages.client_for(app, cast.chair)
    assert _fire(chair, stopped.id, "submit").status_code == 403
    assert _fire(owner, stopped.id, "submit").status_code == 303
    assert retrospective_of(session, stopped).state == "submitted"
    assert owner.get(page(stopped.id, "/edit")).status_code == 303
    assert _fire(owner, stopped.id, "publish").status_code == 403
    chair_page = chair.get(page(stopped.id)).get_data(as_text=True)
    assert "Ask for changes" in chair_page and "Publish" in chair_page
    assert _fire(chair, stopped.id, "request_changes").status_code == 303
    assert retrospective_of(session, stopped).state == "drafting"
    assert _fire(owner, stopped.id, "submit").status_code == 303
    assert _fire(chair, stopped.id, "publish").status_code == 303
    row = retrospective_of(session, stopped)
    assert (row.state, row.published_by) == ("published", cast.chair.id)
    assert _fire(chair, stopped.id, "publish").status_code == 409


def test_a_published_retrospective_cannot_be_edited(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    retro_steps.save(session, cast.owner, stopped, 1, **retro_steps.FILLED)
    retro_steps.fire(session, cast.owner, stopped, "submit")
    retro_steps.fire(session, cast.chair, stopped, "publish")
    owner = gate_pages.client_for(app, cast.owner)
    body = owner.get(page(stopped.id)).get_data(as_text=True)
    assert page(stopped.id, "/edit") not in body
    response = owner.get(page(stopped.id, "/edit"))
    assert response.status_code == 303
    before = retrospective_of(session, stopped)
    token = web.csrf_token(owner, page(stopped.id))
    posted = owner.post(page(stopped.id, "/edit"), data={**form_data(4), "csrf_token": token})
    assert posted.status_code == 303
    after = retrospective_of(session, stopped)
    assert (after.version, after.advice) == (before.version, before.advice)


def test_addenda_are_dated_and_only_after_publication(
    app: Flask, session: Session, world: World, cast: Cast, stopped
) -> None:
    owner = gate_pages.client_for(app, cast.owner)
    early = web.post_form(
        owner, page(stopped.id, "/addenda"), {"body": "Trop tôt."}, form_url=page(stopped.id)
    )
    assert early.status_code == 409
    retro_steps.save(session, cast.owner, stopped, 1, **retro_steps.FILLED)
    retro_steps.fire(session, cast.owner, stopped, "submit")
    retro_steps.fire(session, cast.chair, stopped, "publish")
    chair = gate_pages.client_for(app, cast.chair)
    empty = web.post_form(chair, page(stopped.id, "/addenda"), {"body": " "}, page(stopped.id))
    assert empty.status_code == 422
    added = web.post_form(
        chair, page(stopped.id, "/addenda"), {"body": "Un an après : repris ailleurs."},
        page(stopped.id),
    )  # fmt: skip
    assert added.status_code == 303
    body = owner.get(page(stopped.id)).get_data(as_text=True)
    assert "Un an après : repris ailleurs." in body
    assert "<time datetime=" in body.split("Un an après")[0].rsplit("addendum-meta", 1)[1]
    member = gate_pages.client_for(app, world.admin_a)
    token = web.csrf_token(member, page(stopped.id))
    refused = member.post(page(stopped.id, "/addenda"), data={"body": "x", "csrf_token": token})
    assert refused.status_code == 403


def test_the_experiment_page_links_to_its_retrospective(
    app: Flask, session: Session, cast: Cast, stopped
) -> None:
    owner = gate_pages.client_for(app, cast.owner)
    body = owner.get(f"/experiments/{stopped.id}").get_data(as_text=True)
    assert f'href="{page(stopped.id)}"' in body
    running = make_experiment(session, cast.owner, NOW)
    running_page = owner.get(f"/experiments/{running.id}").get_data(as_text=True)
    assert page(running.id) not in running_page


def test_the_list_shows_visible_retrospectives_overdue_first(
    app: Flask, session: Session, world: World, cast: Cast, stopped
) -> None:
    long_ago = NOW - timedelta(days=90)
    late = make_experiment(session, cast.owner, long_ago, title="Essai oublié")
    transition_service.fire(
        session=session, actor=cast.owner, experiment_id=late.id, trigger="stop",
        version=late.version, now=long_ago,
        params={"stop_reason": "no_impact", "explanation": "Rien."},
    )  # fmt: skip
    other = make_experiment(session, world.agent_b, NOW, title="Essai de B")
    retro_steps.stop(session, world.agent_b, other)
    chair = gate_pages.client_for(app, cast.chair)
    body = chair.get("/retrospectives").get_data(as_text=True)
    assert "Essai de B" not in body
    assert body.index("Essai oublié") < body.index(stopped.title)
    assert 'class="overdue-row"' in body
    filtered = chair.get("/retrospectives?state=drafting").get_data(as_text=True)
    assert "Essai oublié" not in filtered and "No retrospective matches." in filtered
    overdue = chair.get("/retrospectives?overdue=y").get_data(as_text=True)
    assert "Essai oublié" in overdue and stopped.title not in overdue
