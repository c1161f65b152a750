"""Pages of routes to scale, the legal basis and replication: forms, errors, the lineage tree."""

import re

import pytest
from sqlmodel import select

from tests import web
from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_steps import build_cast
from tests.scaling_steps import in_scaling, record_derogation, replicate
from tracker.models import Derogation, Experiment, Lesson, ScalingMilestone
from tracker.services import experiments as experiment_service


@pytest.fixture
def cast(session, world):
    return build_cast(session, world)


def _client(app, user):
    client = app.test_client()
    web.login(client, user.email)
    return client


def _public(session, owner, **fields):
    experiment = make_experiment(session, owner, NOW, **fields)
    return experiment_service.update(
        session=session,
        actor=owner,
        experiment_id=experiment.id,
        version=experiment.version,
        changes={"visibility": "public"},
        now=NOW,
    )


def test_replicate_through_the_form_opens_the_new_draft(app, session, world):
    source = _public(session, world.agent_a, title="Guichet unique")
    client = _client(app, world.agent_b)
    url = f"/experiments/{source.id}/replicate"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Guichet unique"' in form and 'value="Lozère"' in form
    response = web.post_form(client, url, {"title": "", "territory": "Gironde"})
    assert response.status_code == 303
    session.expire_all()
    replica = session.exec(
        select(Experiment).where(Experiment.replicated_from_id == source.id)
    ).one()
    assert response.headers["Location"].endswith(f"/experiments/{replica.id}")
    assert (replica.title, replica.territory, replica.organisation_id) == (
        "Guichet unique",
        "Gironde",
        world.org_b.id,
    )


def test_an_invisible_source_cannot_be_replicated(app, session, world):
    source = make_experiment(session, world.agent_a, NOW)
    client = _client(app, world.agent_b)
    assert client.get(f"/experiments/{source.id}/replicate").status_code == 404


def _tree(page):
    """The lineage list of a page, tags and text only, to compare its nesting."""
    section = page.split('id="lineage-title"')[1].split("</section>")[0]
    return re.sub(r"\s+", " ", section)


def test_both_pages_show_the_lineage_with_redacted_nodes_and_lessons_flow_back(app, session, world):
    origin = _public(session, world.agent_a, title="Origine")
    hidden = replicate(session, world.agent_b, origin, title="Interne à B")
    mine = replicate(session, world.colleague_a, origin, title="Essaimage A")
    deeper = replicate(session, world.agent_a, mine, title="Essaimage A bis")
    session.add(
        Lesson(
            experiment_id=deeper.id,
            organisation_id=world.org_a.id,
            kind="scale",
            title="Former les agents d’accueil d’abord",
            outcome="scale",
            created_at=NOW,
        )
    )
    session.commit()
    client = _client(app, world.agent_a)
    origin_page = _tree(client.get(f"/experiments/{origin.id}").get_data(as_text=True))
    assert 'aria-current="page"' in origin_page
    assert "Interne à B" not in origin_page
    assert origin_page.count('class="redacted"') == 1
    assert f'href="/experiments/{deeper.id}"' in origin_page
    # nesting: the deeper replica sits in a list inside its parent's item
    assert re.search(
        rf"Essaimage A</a>.*?<ul>\s*<li>\s*<a href=\"/experiments/{deeper.id}\"", origin_page
    )
    assert "Former les agents d’accueil d’abord" in origin_page
    replica_page = _tree(client.get(f"/experiments/{deeper.id}").get_data(as_text=True))
    assert f'href="/experiments/{origin.id}"' in replica_page
    assert "<strong>Essaimage A bis</strong>" in replica_page
    assert "Former les agents" not in replica_page
    b_page = _tree(
        _client(app, world.agent_b).get(f"/experiments/{hidden.id}").get_data(as_text=True)
    )
    assert "Interne à B" in b_page and b_page.count('class="redacted"') == 2


def test_the_team_updates_the_plan_and_its_milestones(app, session, cast):
    experiment = in_scaling(session, cast)
    client = _client(app, cast.owner)
    url = f"/experiments/{experiment.id}/scaling"
    response = web.post_form(
        client,
        url,
        {
            "version": "1",
            "route": "public_policy",
            "carrier": "Conseil départemental",
            "summary": "Généraliser.",
            "milestones-0-title": "Délibération",
            "milestones-0-due_on": "2027-02-15",
            "milestones-0-done": "y",
            "milestones-1-title": "Formation",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    rows = session.exec(select(ScalingMilestone).order_by(ScalingMilestone.position)).all()
    assert [(r.title, r.done) for r in rows] == [("Délibération", True), ("Formation", False)]
    page = client.get(url).get_data(as_text=True)
    assert "Conseil départemental" in page and "<caption>" in page


def test_a_bad_date_or_a_stale_version_re_renders_the_plan_form(app, session, cast):
    experiment = in_scaling(session, cast)
    client = _client(app, cast.owner)
    url = f"/experiments/{experiment.id}/scaling"
    bad = web.post_form(
        client, url, {"version": "1", "route": "replication", "milestones-0-title": "X",
                      "milestones-0-due_on": "demain"},
    )  # fmt: skip
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)
    web.post_form(client, url, {"version": "1", "route": "replication"})
    stale = web.post_form(client, url, {"version": "1", "route": "partnership"})
    assert stale.status_code == 409
    assert 'selected value="partnership"' in stale.get_data(as_text=True)


def test_only_the_team_sees_the_plan_form(app, session, cast):
    experiment = in_scaling(session, cast)
    chair = _client(app, cast.chair)
    page = chair.get(f"/experiments/{experiment.id}/scaling").get_data(as_text=True)
    assert "milestones-0-title" not in page
    response = web.post_form(
        chair, f"/experiments/{experiment.id}/scaling", {"version": "1", "route": "replication"},
        form_url=f"/experiments/{experiment.id}/replicate",
    )  # fmt: skip
    assert response.status_code == 403


def test_the_team_records_a_derogation_and_bad_input_re_renders(app, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    client = _client(app, world.agent_a)
    url = f"/experiments/{experiment.id}/derogation"
    form = {
        "kind": "constitution_72",
        "reference": "Décret n° 2026-101",
        "starts_on": "2026-01-01",
        "expires_on": "2025-12-31",
    }
    bad = web.post_form(client, url, form)
    assert bad.status_code == 422
    assert 'id="error-summary"' in bad.get_data(as_text=True)
    missing = web.post_form(client, url, {**form, "expires_on": ""})
    assert missing.status_code == 422
    good = web.post_form(client, url, {**form, "expires_on": "2028-12-31"})
    assert good.status_code == 303
    session.expire_all()
    derogation = session.exec(select(Derogation)).one()
    assert (derogation.kind, derogation.version) == ("constitution_72", 1)
    page = client.get(f"/experiments/{experiment.id}").get_data(as_text=True)
    assert "Décret n° 2026-101" in page


def test_a_colleague_off_the_team_reads_but_cannot_record(app, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    record_derogation(session, world.agent_a, experiment)
    client = _client(app, world.reviewer_a)
    page = client.get(f"/experiments/{experiment.id}/derogation").get_data(as_text=True)
    assert "Arrêté du 3 mars 2026" in page and 'name="reference"' not in page
