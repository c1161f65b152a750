"""API takeover: PATCH seeking_taker on a stopped experiment, POST .../takeover."""

from sqlmodel import col, select

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import GateApi, assert_problem
from tests.gate_steps import build_cast
from tests.retro_steps import stop
from tracker.models import Event, Experiment, Lesson, LessonReuse


def stopped(session, owner, **fields):
    experiment = make_experiment(session, owner, NOW, **fields)
    return stop(session, owner, experiment)


def offer(api, user, experiment, **extra):
    body = {"seeking_taker": True, "version": experiment.version, **extra}
    return api.patch(user, f"/experiments/{experiment.id}", body)


def test_the_owner_offers_a_stopped_experiment(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a)
    response = offer(api, world.agent_a, experiment)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["seeking_taker"] is True
    assert body["version"] == experiment.version + 1
    triggers = session.exec(select(Event.trigger).where(Event.experiment_id == experiment.id)).all()
    assert "offered_for_takeover" in triggers


def test_a_chair_may_offer_too_but_not_another_agent(client, session, world):
    build_cast(session, world)
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a)
    assert_problem(offer(api, world.admin_a, experiment), 403)
    assert offer(api, world.reviewer_a, experiment).status_code == 200


def test_offering_needs_a_stopped_experiment_and_the_field_alone(client, session, world):
    api = GateApi(client, session)
    draft = make_experiment(session, world.agent_a, NOW)
    assert_problem(offer(api, world.agent_a, draft), 409)
    experiment = stopped(session, world.agent_a)
    body = assert_problem(offer(api, world.agent_a, experiment, title="Autre"), 422)
    assert "title" in str(body)
    assert_problem(offer(api, world.agent_a, experiment, version=experiment.version + 5), 409)


def test_a_stopped_experiment_still_refuses_other_edits(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a)
    response = api.patch(
        world.agent_a,
        f"/experiments/{experiment.id}",
        {"version": experiment.version, "title": "X"},
    )
    assert_problem(response, 409)


def test_takeover_is_409_unless_the_experiment_seeks_a_taker(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a)
    assert_problem(api.post(world.colleague_a, f"/experiments/{experiment.id}/takeover"), 409)
    running = make_experiment(session, world.agent_a, NOW)
    assert_problem(api.post(world.colleague_a, f"/experiments/{running.id}/takeover"), 409)


def test_takeover_across_organisations_links_both_ways(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a, visibility="public", territory="Lozère")
    assert offer(api, world.agent_a, experiment).status_code == 200
    response = api.post(world.agent_b, f"/experiments/{experiment.id}/takeover")
    assert response.status_code == 201, response.get_json()
    taken = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/experiments/{taken['id']}")
    assert taken["state"] == "draft"
    assert taken["organisation"]["id"] == world.org_b.id
    assert taken["owner"]["id"] == world.agent_b.id
    assert taken["taken_over_from"] == experiment.id
    assert taken["visibility"] == "internal"
    for name in ("problem", "hypothesis", "target_users", "stop_criteria", "territory"):
        assert taken[name] == getattr(experiment, name), name
    assert taken["success_criteria"][0]["indicator"] == experiment.success_criteria[0]["indicator"]
    old = api.get(world.agent_a, f"/experiments/{experiment.id}").get_json()
    assert old["seeking_taker"] is False
    # An event on both: the old one says who took it, the new one's creation names its source.
    old_events = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    taken_event = [e for e in old_events if e.trigger == "taken_over"]
    assert taken_event and taken_event[0].data["experiment_id"] == taken["id"]
    created = session.exec(select(Event).where(Event.experiment_id == taken["id"])).one()
    assert created.data == {"taken_over_from_id": experiment.id}
    # Taken once: the offer closed, a second taker gets a conflict.
    assert_problem(api.post(world.agent_b, f"/experiments/{experiment.id}/takeover"), 409)


def test_an_internal_experiment_is_404_to_other_organisations(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a)
    assert offer(api, world.agent_a, experiment).status_code == 200
    assert_problem(api.post(world.agent_b, f"/experiments/{experiment.id}/takeover"), 404)
    response = api.post(world.colleague_a, f"/experiments/{experiment.id}/takeover")
    assert response.status_code == 201
    assert response.get_json()["organisation"]["id"] == world.org_a.id


def _lesson(session, experiment, visibility):
    lesson = Lesson(
        experiment_id=experiment.id,
        organisation_id=experiment.organisation_id,
        kind="retrospective",
        title=f"Leçon {visibility}",
        outcome="stop",
        visibility=visibility,
        created_at=NOW,
    )
    session.add(lesson)
    session.commit()
    return lesson


def test_takeover_applies_the_lessons_the_taker_may_read(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a, visibility="public")
    public = _lesson(session, experiment, "public")
    _lesson(session, experiment, "internal")
    assert offer(api, world.agent_a, experiment).status_code == 200
    taken = api.post(world.agent_b, f"/experiments/{experiment.id}/takeover").get_json()
    reuses = session.exec(select(LessonReuse).where(LessonReuse.experiment_id == taken["id"])).all()
    assert [(r.lesson_id, r.marked_by) for r in reuses] == [(public.id, world.agent_b.id)]
    assert reuses[0].marked_at is not None


def test_takeover_within_the_organisation_applies_every_lesson(client, session, world):
    api = GateApi(client, session)
    experiment = stopped(session, world.agent_a)
    lessons = {_lesson(session, experiment, v).id for v in ("public", "internal")}
    assert offer(api, world.agent_a, experiment).status_code == 200
    taken = api.post(world.colleague_a, f"/experiments/{experiment.id}/takeover").get_json()
    applied = session.exec(
        select(col(LessonReuse.lesson_id)).where(LessonReuse.experiment_id == taken["id"])
    ).all()
    assert set(applied) == lessons
    assert session.get(Experiment, taken["id"]).taken_over_from_id == experiment.id
