"""Hostile input on the pages and exports of the right-to-fail and ecosystem features:
retrospectives, lessons (internal and on the public portal), territories, partners, commons,
the failure page and the dashboard. Payloads are inert in HTML and formulas in CSV."""

from typing import Any

import pytest
from sqlmodel import Session, select

from tests import retro_steps
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import bearer
from tests.gate_steps import build_cast
from tests.test_security_inputs import PAYLOAD, RAW, _escaped, _hostile
from tests.web import login
from tracker.models import Lesson
from tracker.services import commons as commons_service
from tracker.services import lessons_publication, partner_links
from tracker.services import partners as partner_service
from tracker.services import territories as territory_service

FORMULA = '=HYPERLINK("http://evil.example","clic")'


@pytest.fixture
def hostile(session: Session, world) -> dict[str, Any]:
    """A public experiment stopped with a published, public lesson, a territory, a partner and a
    commons line, every text of them hostile."""
    cast = build_cast(session, world)
    territory = territory_service.create(
        session=session, actor=world.admin_a, data={"name": _hostile("territory")}, now=NOW
    )
    experiment = make_experiment(
        session, world.agent_a, NOW, title=_hostile("title"), visibility="public",
        territory_ids=[territory.id],
    )  # fmt: skip
    partner = partner_service.create(
        session=session, actor=world.agent_a, now=NOW,
        data={"name": _hostile("partner"), "kind": "association",
              "description": _hostile("partner_description")},
    )  # fmt: skip
    partner_links.link(
        session=session, actor=world.agent_a, experiment_id=experiment.id,
        partner_id=partner.id, role="host", note=_hostile("note"), now=NOW,
    )  # fmt: skip
    commons_service.add(
        session=session, actor=world.agent_a, experiment_id=experiment.id, now=NOW,
        data={"kind": "premises", "description": _hostile("commons"), "unit": "m²",
              "quantity": 40},
    )  # fmt: skip
    make_experiment(session, world.agent_a, NOW, title=FORMULA)
    retro_steps.stop(session, world.agent_a, experiment)
    retro_steps.save(
        session, world.agent_a, experiment, 1,
        **{**retro_steps.FILLED, "what_we_tried": _hostile("tried"),
           "what_we_learned": f"{FORMULA} {_hostile('learned')}",
           "follow_ups": [{"title": _hostile("follow_up"), "owner": world.agent_a.email,
                           "due_on": "2027-01-15", "status": "open"}]},
    )  # fmt: skip
    retro_steps.fire(session, world.agent_a, experiment, "submit")
    retro_steps.fire(session, cast.chair, experiment, "publish")
    lesson = session.exec(select(Lesson).where(Lesson.experiment_id == experiment.id)).one()
    for actor, action in ((world.agent_a, "request"), (cast.chair, "approve")):
        lessons_publication.act(
            session=session, actor=actor, lesson_id=lesson.id, action=action, now=NOW
        )
    return {"experiment": experiment, "lesson": lesson, "territory": territory, "partner": partner}


def _problems(url: str, response, names: tuple[str, ...]) -> list[str]:
    page = response.get_data(as_text=True)
    found = [] if response.status_code == 200 else [f"{url}: {response.status_code}"]
    found += [f"{url}: raw {raw}" for raw in RAW if raw in page]
    return found + [f"{url}: {name} not shown" for name in names if _escaped(name) not in page]


def test_payloads_are_escaped_on_every_new_page(client, hostile):
    experiment_id = hostile["experiment"].id
    pages = {
        f"/experiments/{experiment_id}": ("title", "partner", "commons"),
        f"/experiments/{experiment_id}/retrospective": ("tried", "learned", "follow_up"),
        "/retrospectives": ("title",),
        "/lessons": (),
        f"/lessons/{hostile['lesson'].id}": ("title",),
        "/territories/": ("territory",),
        f"/territories/{hostile['territory'].id}": ("territory", "title"),
        "/partners/": ("partner",),
        f"/partners/{hostile['partner'].id}": ("partner", "partner_description", "title"),
        "/failures": (),
        "/portfolio": (),
        f"/lessons?q={PAYLOAD}": (),
    }
    login(client, "agent@a.example")
    problems = []
    for url, names in pages.items():
        problems += _problems(url, client.get(url), names)
    assert not problems, "\n".join(problems)


def test_payloads_are_escaped_on_the_public_portal(app, hostile):
    anonymous = app.test_client()
    experiment_id = hostile["experiment"].id
    problems = []
    for url, names in {
        "/public/": ("title",),
        f"/public/experiments/{experiment_id}": ("title", "learned"),
        f"/public/?q={PAYLOAD}": (),
    }.items():
        problems += _problems(url, anonymous.get(url), names)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("what", ["experiments", "lessons", "commons", "decisions"])
def test_exports_neutralise_formulas_and_keep_payloads_as_text(
    client, session, world, hostile, what
):
    response = client.get(f"/api/v1/exports/{what}.csv", headers=bearer(session, world.agent_a))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    quoted = FORMULA.replace('"', '""')  # CSV doubles the quotes inside a quoted cell
    # A cell never starts with the formula: it is prefixed with ' so a spreadsheet shows text.
    assert f';"{quoted}' not in text and f'\n"{quoted}' not in text
    if what in ("experiments", "lessons"):
        assert f"'{quoted}" in text
    if what in ("experiments", "lessons", "commons"):
        # In a CSV a payload is data, not markup: present as typed, quoted where needed.
        assert "<script>alert(1)</script>" in text
