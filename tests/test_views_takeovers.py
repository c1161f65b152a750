"""Takeover through the pages: offer a stopped experiment, take it over, links both ways."""

import re

from sqlmodel import select

from tests import web
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_pages import client_for, reload
from tests.retro_steps import stop
from tracker.models import Experiment

NEW = re.compile(r"/experiments/(\d+)$")


def test_offer_take_over_and_both_pages_link(app, session, world):
    experiment = stop(session, world.agent_a, make_experiment(session, world.agent_a, NOW))
    url = f"/experiments/{experiment.id}"
    owner = client_for(app, world.agent_a)
    assert "Look for a taker" in owner.get(url).get_data(as_text=True)
    offer = {"seeking": "1", "version": str(experiment.version)}
    response = web.post_form(owner, f"{url}/seeking-taker", offer, url)
    assert response.status_code == 303
    assert reload(session, experiment).seeking_taker is True

    taker = client_for(app, world.colleague_a)
    assert "Take this experiment over" in taker.get(url).get_data(as_text=True)
    response = web.post_form(taker, f"{url}/takeover", {}, url)
    assert response.status_code == 303
    new_id = int(NEW.search(response.headers["Location"]).group(1))
    taken = session.get(Experiment, new_id)
    assert (taken.owner_id, taken.taken_over_from_id) == (world.colleague_a.id, experiment.id)
    new_page = taker.get(f"/experiments/{new_id}").get_data(as_text=True)
    assert f'href="/experiments/{experiment.id}"' in new_page
    old_page = taker.get(url).get_data(as_text=True)
    assert f'href="/experiments/{new_id}"' in old_page
    assert "Taken over" in old_page  # the timeline event


def test_a_second_taker_is_told_it_is_no_longer_offered(app, session, world):
    experiment = stop(session, world.agent_a, make_experiment(session, world.agent_a, NOW))
    url = f"/experiments/{experiment.id}"
    owner = client_for(app, world.agent_a)
    offer = {"seeking": "1", "version": str(experiment.version)}
    web.post_form(owner, f"{url}/seeking-taker", offer, url)
    taker = client_for(app, world.colleague_a)
    web.post_form(taker, f"{url}/takeover", {}, url)
    response = web.post_form(owner, f"{url}/takeover", {}, url)
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    assert "not looking for a taker" in owner.get(url).get_data(as_text=True)
    assert len(session.exec(select(Experiment)).all()) == 2
