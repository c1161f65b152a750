"""Experiment pages: create, edit, the experiment page, actions, journal, lists."""

import re
from datetime import timedelta

from sqlmodel import select

from tests import web
from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, Experiment, JournalEntry
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service
from tracker.services import transitions as transition_service
from tracker.views.experiments_detail import stepper

ROW = re.compile(r'<th scope="row"><a href="/experiments/(\d+)">')


def sign_in(client, user):
    """Sign in and read the pages in English, so assertions do not depend on the catalogue."""
    web.login(client, user.email)
    with client.session_transaction() as cookie:
        cookie["locale"] = "en"


def valid_form(**overrides):
    data = {
        "title": "Guichet unique",
        "problem": "Les usagers abandonnent.",
        "hypothesis": "Un guichet unique réduit les abandons.",
        "target_users": "Demandeurs d'aides",
        "success_criteria-0-indicator": "taux d'abandon",
        "success_criteria-0-target": "moins de 20 %",
        "success_criteria-0-method": "suivi des dossiers",
        "success_criteria-0-target_value": "20",
        "success_criteria-0-direction": "at_most",
        "stop_criteria": "aucune baisse\npas d'usagers",
        "territory": "Lozère",
        "team": "colleague@a.example",
        "planned_start": "2027-01-04",
        "planned_end": "2027-06-30",
        "visibility": "internal",
    }
    data.update(overrides)
    return data


def experiments_in(session):
    return session.exec(select(Experiment)).all()


def reload(session, experiment):
    session.expire_all()
    return session.get(Experiment, experiment.id)


def fire(session, experiment, actor, trigger, **params):
    return transition_service.fire(
        session=session,
        actor=actor,
        experiment_id=experiment.id,
        trigger=trigger,
        version=experiment.version,
        params=params,
        now=NOW,
    )


def test_pages_need_a_signed_in_user(client, world):
    response = client.get("/experiments/mine")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_create_with_invalid_input_rerenders_with_field_messages_and_saves_nothing(
    client, session, world
):
    sign_in(client, world.agent_a)
    data = valid_form(title=" ", **{"success_criteria-0-target": ""})
    response = web.post_form(client, "/experiments/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<div class="error-summary"[^>]*id="error-summary"[^>]*autofocus', page)
    assert 'id="title-error"' in page
    assert 'id="success_criteria-0-target-error"' in page
    assert "This field is required." in page
    assert "Les usagers abandonnent." in page  # the input is kept
    assert experiments_in(session) == []


def test_dates_in_the_wrong_order_are_reported_on_the_end_date(client, session, world):
    sign_in(client, world.agent_a)
    data = valid_form(planned_start="2027-06-30", planned_end="2027-01-04")
    response = web.post_form(client, "/experiments/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="planned_end-error"' in page
    assert "The planned end must not be before the planned start." in page
    assert experiments_in(session) == []


def test_create_with_a_bad_date_or_number_is_refused_by_the_form(client, session, world):
    sign_in(client, world.agent_a)
    data = valid_form(planned_start="31/12/2027", **{"success_criteria-0-target_value": "lots"})
    response = web.post_form(client, "/experiments/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a date as YYYY-MM-DD." in page
    assert "Enter a number, for example 12 or 12.5." in page
    assert experiments_in(session) == []


def test_not_a_finite_number_is_refused(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    for text in ("nan", "inf", "1e400"):
        data = {"kind": "measurement", "indicator": "abandons", "value": text}
        response = web.post_form(client, f"{url}/journal", data, url)
        assert response.status_code == 422
        assert 'id="value-error"' in response.get_data(as_text=True)
    assert session.exec(select(JournalEntry)).all() == []


def test_a_too_long_title_says_how_long_it_may_be(client, session, world):
    sign_in(client, world.agent_a)
    response = web.post_form(client, "/experiments/new", valid_form(title="x" * 201))
    assert response.status_code == 422
    assert "Too long: at most 200." in response.get_data(as_text=True)
    assert experiments_in(session) == []


def test_unknown_team_member_is_a_field_message(client, session, world):
    sign_in(client, world.agent_a)
    response = web.post_form(client, "/experiments/new", valid_form(team="nobody@a.example"))
    assert response.status_code == 422
    assert "nobody@a.example" in response.get_data(as_text=True)
    assert 'id="team-error"' in response.get_data(as_text=True)
    assert experiments_in(session) == []


def test_add_a_row_shows_one_more_criterion_and_saves_nothing(client, session, world):
    sign_in(client, world.agent_a)
    page = client.get("/experiments/new").get_data(as_text=True)
    assert 'name="success_criteria-2-indicator"' in page
    assert 'name="success_criteria-3-indicator"' not in page
    response = web.post_form(client, "/experiments/new", {**valid_form(), "add_criterion": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="success_criteria-3-indicator"' in page
    assert "taux d&#39;abandon" in page
    assert experiments_in(session) == []


def test_create_valid_then_the_page_shows_stepper_criteria_and_timeline(client, session, world):
    sign_in(client, world.agent_a)
    response = web.post_form(client, "/experiments/new", valid_form())
    assert response.status_code == 303
    [experiment] = experiments_in(session)
    assert response.headers["Location"].endswith(f"/experiments/{experiment.id}")
    assert experiment.owner_id == world.agent_a.id
    assert experiment.stop_criteria == ["aucune baisse", "pas d'usagers"]
    assert experiment.success_criteria[0]["target_value"] == 20
    assert [u.email for u in experiment_service.team_of(session, experiment)] == [
        "colleague@a.example"
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    current = re.findall(r'<li class="step step-(\w+)" aria-current="step">', page)
    assert current == ["current"]
    assert re.search(r'aria-current="step">\s*<span class="step-label">Draft<', page)
    assert "taux d&#39;abandon" in page and "pas d&#39;usagers" in page
    timeline = page.split('id="timeline"')[1]
    assert "Created" in timeline and "Agent" in timeline


def test_edit_is_prefilled_and_saves_with_the_current_version(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    page = client.get(f"/experiments/{experiment.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page or 'value="1" name="version"' in page
    assert "Guichet unique des aides" in page
    data = valid_form(title="Guichet unique v2", team="", version="1")
    response = web.post_form(client, f"/experiments/{experiment.id}/edit", data)
    assert response.status_code == 303
    saved = reload(session, experiment)
    assert saved.title == "Guichet unique v2" and saved.version == 2


def test_saving_an_untouched_form_records_no_edit(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, problem="Ligne 1\nLigne 2")
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}/edit"
    untouched = {
        "title": "Guichet unique des aides",
        "problem": "Ligne 1\r\nLigne 2",  # browsers send textarea lines as CRLF
        "hypothesis": "Un guichet unique réduit les abandons de moitié.",
        "target_users": "Demandeurs d'aides sociales",
        "success_criteria-0-indicator": "taux d'abandon",
        "success_criteria-0-target": "moins de 20 %",
        "success_criteria-0-method": "suivi des dossiers",
        "success_criteria-0-target_value": "20",
        "success_criteria-0-direction": "at_most",
        "stop_criteria": "aucune baisse après trois mois\r\n",
        "territory": "Lozère",
        "team": "",
        "visibility": "internal",
        "version": "1",
    }
    assert web.post_form(client, url, untouched).status_code == 303
    assert reload(session, experiment).version == 1
    events = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    assert [e.trigger for e in events] == ["create"]


def test_edit_with_a_stale_version_is_409_keeps_input_and_overwrites_nothing(
    client, session, world
):
    experiment = make_experiment(session, world.agent_a, NOW, team=["colleague@a.example"])
    experiment_service.update(
        session=session,
        actor=world.colleague_a,
        experiment_id=experiment.id,
        version=1,
        changes={"title": "Changed by a colleague"},
        now=NOW,
    )
    sign_in(client, world.agent_a)
    data = valid_form(title="My stale edit", team="", version="1")
    response = web.post_form(client, f"/experiments/{experiment.id}/edit", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed by someone else" in page
    assert "My stale edit" in page
    assert reload(session, experiment).title == "Changed by a colleague"


def test_edit_without_a_version_says_so_and_saves_nothing(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    data = valid_form(title="No version", team="")
    response = web.post_form(client, f"/experiments/{experiment.id}/edit", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<li>The version you edited is required.</li>" in page
    assert reload(session, experiment).title == "Guichet unique des aides"


def test_only_the_team_may_edit(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.reviewer_a)
    assert client.get(f"/experiments/{experiment.id}/edit").status_code == 403
    page = client.get(f"/experiments/{experiment.id}").get_data(as_text=True)
    assert f"/experiments/{experiment.id}/edit" not in page


def test_a_closed_experiment_cannot_be_edited(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, experiment, world.agent_a, "stop", stop_reason="cost", explanation="Trop cher")
    sign_in(client, world.agent_a)
    response = client.get(f"/experiments/{experiment.id}/edit")
    assert response.status_code == 303
    data = valid_form(title="After the stop", team="", version="2")
    # The form cannot be fetched any more, so take the token from the detail page.
    token = web.csrf_token(client, f"/experiments/{experiment.id}")
    response = client.post(f"/experiments/{experiment.id}/edit", data={**data, "csrf_token": token})
    assert response.status_code == 303
    assert reload(session, experiment).title == "Guichet unique des aides"


def test_start_prototype_through_the_action_form(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    assert 'name="trigger" value="start_prototype"' in client.get(url).get_data(as_text=True)
    response = web.post_form(
        client,
        f"{url}/transitions",
        {"trigger": "start_prototype", "version": "1"},
        form_url=url,
    )
    assert response.status_code == 303
    assert reload(session, experiment).state == "prototype"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'aria-current="step">\s*<span class="step-label">Prototype<', page)
    assert "Start the prototype" in page.split('id="timeline"')[1]


def test_a_failed_guard_names_what_is_missing_and_changes_nothing(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, problem="", success_criteria=[])
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="start_prototype"' not in page
    assert "the problem is described" in page
    response = web.post_form(
        client, f"{url}/transitions", {"trigger": "start_prototype", "version": "1"}, url
    )
    assert response.status_code == 422
    assert "at least one success criterion is set" in response.get_data(as_text=True)
    assert reload(session, experiment).state == "draft"


def test_stop_with_a_reason_and_an_explanation(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    data = {"trigger": "stop", "version": "1", "stop_reason": "budget_cut", "explanation": "Plus"}
    response = web.post_form(client, f"{url}/transitions", data, url)
    assert response.status_code == 303
    stopped = reload(session, experiment)
    assert (stopped.state, stopped.stop_reason, stopped.stop_explanation) == (
        "stopped",
        "budget_cut",
        "Plus",
    )
    page = client.get(url).get_data(as_text=True)
    assert "Budget cut" in page.split('id="timeline"')[1]
    assert 'name="trigger"' not in page  # a stopped experiment offers no action


def test_stop_without_reason_rerenders_with_field_messages(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    data = {"trigger": "stop", "version": "1", "stop_reason": "", "explanation": "Une raison"}
    response = web.post_form(client, f"{url}/transitions", data, url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="stop_reason-error"' in page and "a stop reason is chosen" in page
    assert "Une raison" in page
    assert reload(session, experiment).state == "draft"


def test_a_stale_version_on_an_action_is_a_conflict(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    token = web.csrf_token(client, url)
    fire(session, experiment, world.agent_a, "start_prototype")
    data = {"trigger": "stop", "version": "1", "stop_reason": "cost", "explanation": "x"}
    response = client.post(f"{url}/transitions", data={**data, "csrf_token": token})
    assert response.status_code == 409
    assert reload(session, experiment).state == "prototype"


def test_a_reviewer_of_the_organisation_sees_no_action_and_may_fire_none(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.reviewer_a)
    url = f"/experiments/{experiment.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="trigger"' not in page
    assert f'action="{url}/journal"' not in page
    response = web.post_form(
        client, f"{url}/transitions", {"trigger": "start_prototype", "version": "1"}, url
    )
    assert response.status_code == 403
    assert reload(session, experiment).state == "draft"


def test_go_pilot_is_never_a_button_for_the_owner(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    fire(session, experiment, world.agent_a, "start_prototype")
    sign_in(client, world.agent_a)
    page = client.get(f"/experiments/{experiment.id}").get_data(as_text=True)
    triggers = re.findall(r'name="trigger" value="(\w+)"', page)
    assert triggers == ["stop"]
    assert "Decided by a review board: Go to pilot, Adapt." in page


def test_another_organisation_gets_404_on_an_internal_experiment(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_b)
    assert client.get(f"/experiments/{experiment.id}").status_code == 404
    assert client.get(f"/experiments/{experiment.id}/edit").status_code == 404
    token = web.csrf_token(client, "/experiments/new")
    response = client.post(
        f"/experiments/{experiment.id}/transitions",
        data={"trigger": "stop", "version": "1", "csrf_token": token},
    )
    assert response.status_code == 404


def test_another_organisation_can_read_a_public_experiment_without_acting(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    sign_in(client, world.agent_b)
    response = client.get(f"/experiments/{experiment.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Guichet unique des aides" in page
    assert 'name="trigger"' not in page
    assert "/journal" not in page.split('id="journal"')[1].split('id="timeline"')[0]


def test_a_journal_entry_is_added_by_the_team(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.colleague_a)
    experiment_service.update(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        version=1,
        changes={"team": ["colleague@a.example"]},
        now=NOW,
    )
    url = f"/experiments/{experiment.id}"
    data = {
        "kind": "measurement",
        "indicator": "taux d'abandon",
        "value": "18,5",
        "occurred_on": "2026-11-20",
    }
    response = web.post_form(client, f"{url}/journal", data, url)
    assert response.status_code == 303
    [entry] = session.exec(select(JournalEntry)).all()
    assert (entry.kind, entry.value, entry.author_id) == ("measurement", 18.5, world.colleague_a.id)
    assert "18.5" in client.get(url).get_data(as_text=True)


def test_an_invalid_journal_entry_rerenders_with_errors_and_saves_nothing(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    url = f"/experiments/{experiment.id}"
    response = web.post_form(client, f"{url}/journal", {"kind": "measurement", "body": "x"}, url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="indicator-error"' in page and "A measurement needs an indicator." in page
    assert session.exec(select(JournalEntry)).all() == []


def test_a_reviewer_cannot_add_to_the_journal(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.reviewer_a)
    url = f"/experiments/{experiment.id}"
    response = web.post_form(client, f"{url}/journal", {"kind": "note", "body": "x"}, url)
    assert response.status_code == 403
    assert (
        journal_service.entries(session=session, actor=world.agent_a, experiment_id=experiment.id)
        == []
    )


def test_get_on_the_action_and_journal_urls_is_not_allowed(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    sign_in(client, world.agent_a)
    assert client.get(f"/experiments/{experiment.id}/transitions").status_code == 405
    assert client.get(f"/experiments/{experiment.id}/journal").status_code == 405
    events = session.exec(select(Event).where(Event.experiment_id == experiment.id)).all()
    assert len(events) == 1


def test_the_next_page_cursor_shows_the_rest_without_duplicates(client, session, world):
    created = [
        make_experiment(session, world.agent_a, NOW + timedelta(minutes=i), title=f"Exp {i}")
        for i in range(25)
    ]
    make_experiment(session, world.agent_b, NOW, title="Other organisation", visibility="public")
    sign_in(client, world.agent_a)
    first = client.get("/experiments/").get_data(as_text=True)
    first_ids = [int(i) for i in ROW.findall(first)]
    newest_first = [e.id for e in reversed(created)]
    assert first_ids == newest_first[:20]
    next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).get_data(as_text=True)
    second_ids = [int(i) for i in ROW.findall(second)]
    assert second_ids == newest_first[20:]
    assert 'rel="next"' not in second


def test_the_filters_narrow_the_list_and_the_cursor_keeps_them(client, session, world):
    for i in range(22):
        make_experiment(session, world.agent_a, NOW + timedelta(minutes=i), territory="Lozère")
    other = make_experiment(session, world.agent_a, NOW, title="Cantine bio", territory="Gard")
    fire(session, other, world.agent_a, "start_prototype")
    sign_in(client, world.agent_a)
    by_territory = client.get("/experiments/?territory=gard").get_data(as_text=True)
    assert ROW.findall(by_territory) == [str(other.id)]
    by_state = client.get("/experiments/?state=prototype").get_data(as_text=True)
    assert ROW.findall(by_state) == [str(other.id)]
    by_text = client.get("/experiments/?q=cantine").get_data(as_text=True)
    assert ROW.findall(by_text) == [str(other.id)]
    lozere = client.get("/experiments/?territory=Loz%C3%A8re").get_data(as_text=True)
    next_url = re.search(r'<a href="([^"]+)" rel="next">', lozere).group(1).replace("&amp;", "&")
    assert "territory=Loz" in next_url
    assert len(ROW.findall(client.get(next_url).get_data(as_text=True))) == 2


def test_a_forged_cursor_or_state_is_a_clear_error(client, session, world):
    sign_in(client, world.agent_a)
    response = client.get("/experiments/?cursor=not-ours")
    assert response.status_code == 422
    assert "This cursor is not valid." in response.get_data(as_text=True)
    assert client.get("/experiments/?state=flying").status_code == 422
    too_long = client.get("/experiments/?q=" + "x" * 201)
    assert too_long.status_code == 422
    assert 'id="q-error"' in too_long.get_data(as_text=True)


def test_my_experiments_lists_owned_and_team_experiments_only(client, session, world):
    mine = make_experiment(session, world.agent_a, NOW, title="Mine")
    on_team = make_experiment(session, world.colleague_a, NOW, team=["agent@a.example"])
    make_experiment(session, world.colleague_a, NOW, title="Not mine")
    sign_in(client, world.agent_a)
    ids = {int(i) for i in ROW.findall(client.get("/experiments/mine").get_data(as_text=True))}
    assert ids == {mine.id, on_team.id}


def test_the_stepper_marks_phases_a_stop_skipped_as_not_reached():
    stopped = Experiment(title="t", organisation_id=1, owner_id=1, state="stopped")
    steps = stepper(stopped, {"draft", "prototype", "stopped"})
    assert [(s.key, s.status) for s in steps] == [
        ("draft", "done"),
        ("prototype", "done"),
        ("pilot", "not_reached"),
        ("evaluation", "not_reached"),
        ("outcome", "current"),
    ]
    assert steps[-1].label == "Stopped"


def test_after_adapt_the_stepper_is_back_at_the_restart_point():
    adapted = Experiment(title="t", organisation_id=1, owner_id=1, state="pilot", iteration=2)
    steps = stepper(adapted, {"draft", "prototype", "pilot", "evaluation"})
    assert [s.status for s in steps] == ["done", "done", "current", "upcoming", "upcoming"]
