"""The organisation settings page: every threshold, validated, per organisation."""

from flask import Flask
from sqlmodel import Session

from tests import gate_pages, retro_steps, web
from tests.conftest import NOW
from tests.factories import World, make_experiment
from tracker.notifications import kinds
from tracker.services import organisation_settings as settings_service

URL = "/admin/settings"


def _all(**overrides: str) -> dict[str, str]:
    values = {key: str(days) for key, days in kinds.DEFAULT_THRESHOLDS.items()}
    values.update(overrides)
    return values


def test_the_page_shows_every_threshold_with_its_label_and_value(app: Flask, world: World) -> None:
    admin = gate_pages.client_for(app, world.admin_a)
    body = admin.get(URL).get_data(as_text=True)
    for key in kinds.DEFAULT_THRESHOLDS:
        assert f'name="{key}"' in body
        assert f'id="{key}"' in body
    assert "Retrospective due delay" in body
    assert 'value="30"' in body
    assert f'href="{URL}"' in admin.get("/admin/users").get_data(as_text=True)


def test_a_key_without_a_label_still_shows(app: Flask, world: World, monkeypatch) -> None:
    monkeypatch.setitem(kinds.DEFAULT_THRESHOLDS, "brand_new_days", 12)
    admin = gate_pages.client_for(app, world.admin_a)
    body = admin.get(URL).get_data(as_text=True)
    assert "Setting “brand_new_days”" in body and 'value="12"' in body


def test_non_admins_are_refused(app: Flask, world: World) -> None:
    agent = gate_pages.client_for(app, world.agent_a)
    assert agent.get(URL).status_code == 403


def test_saving_changes_the_organisation_and_the_next_stop(
    app: Flask, session: Session, world: World
) -> None:
    admin = gate_pages.client_for(app, world.admin_a)
    response = web.post_form(admin, URL, _all(retrospective_due_days="45", stale_days="20"))
    assert response.status_code == 303
    values = settings_service.thresholds(session, world.org_a.id)
    assert (values["retrospective_due_days"], values["stale_days"]) == (45, 20)
    assert settings_service.thresholds(session, world.org_b.id)["retrospective_due_days"] == 30
    assert 'value="45"' in admin.get(URL).get_data(as_text=True)
    experiment = retro_steps.stop(
        session, world.agent_a, make_experiment(session, world.agent_a, NOW)
    )
    (retrospective,) = retro_steps.retrospectives_of(session, experiment)
    assert (retrospective.due_on - NOW.date()).days == 45
    other = retro_steps.stop(session, world.agent_b, make_experiment(session, world.agent_b, NOW))
    (retrospective,) = retro_steps.retrospectives_of(session, other)
    assert (retrospective.due_on - NOW.date()).days == 30


def test_bad_values_come_back_with_field_messages(
    app: Flask, session: Session, world: World
) -> None:
    admin = gate_pages.client_for(app, world.admin_a)
    for bad in ("0", "-3", "deux", "4000", "", "1.5"):
        response = web.post_form(admin, URL, _all(retrospective_due_days=bad))
        assert response.status_code == 422, bad
        body = response.get_data(as_text=True)
        assert 'id="retrospective_due_days-error"' in body
        assert "whole number of days between 1 and 3650" in body
    assert settings_service.thresholds(session, world.org_a.id)["retrospective_due_days"] == 30
