"""Generated input: API bodies and form posts never produce a 500 (hypothesis)."""

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from tests.conftest import NOW
from tests.security_scenario import Scenario, build_scenario, client_as
from workflows.experiment import EXPERIMENT

TEXT_FIELDS = ("title", "problem", "hypothesis", "target_users", "territory")


@pytest.fixture
def scenario(session: Session) -> Scenario:
    return build_scenario(session, NOW)


# Strings that broke or could break something: NUL (refused by PostgreSQL), numbers that are
# not finite, dates at the edges, markup, long text.
EDGES = st.sampled_from(
    ["\x00", "a\x00b", "nan", "NaN", "inf", "-inf", "1e400", "-0", "", " ", "0001-01-01",
     "9999-12-31", "2026-02-30", "<script>", "%00", "\u202e", "x" * 300, "é" * 201]
)  # fmt: skip
TEXT = st.text(max_size=300) | EDGES | st.tuples(st.text(max_size=8), EDGES).map("".join)
# Any JSON value, NaN and infinities included (Python's json module reads them).
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
DATES = st.dates().map(str) | TEXT
CRITERION = st.fixed_dictionaries(
    {},
    optional={
        "indicator": TEXT | JSON,
        "target": TEXT | JSON,
        "method": TEXT | JSON,
        "target_value": st.floats() | st.integers() | JSON,
        "direction": st.sampled_from(["at_least", "at_most", "sideways"]) | JSON,
    },
)
EXPERIMENT_FIELDS = {
    **dict.fromkeys(TEXT_FIELDS, TEXT | JSON),
    "success_criteria": st.lists(CRITERION, max_size=3) | JSON,
    "stop_criteria": st.lists(TEXT, max_size=3) | JSON,
    "visibility": st.sampled_from(["internal", "public", "secret"]) | JSON,
    "planned_start": DATES | JSON,
    "planned_end": DATES | JSON,
    "team": st.lists(st.emails() | TEXT, max_size=2) | JSON,
}
VERSION = st.integers(min_value=-(2**70), max_value=2**70) | JSON
TRIGGERS = st.sampled_from([t["trigger"] for t in EXPERIMENT.as_dict()["transitions"]])
BODIES = {
    "create": st.fixed_dictionaries({}, optional=EXPERIMENT_FIELDS) | JSON,
    "patch": st.fixed_dictionaries({}, optional={**EXPERIMENT_FIELDS, "version": VERSION}) | JSON,
    "transition": st.fixed_dictionaries(
        {},
        optional={
            "trigger": TRIGGERS | TEXT | JSON,
            "version": VERSION,
            "stop_reason": st.sampled_from(["other", "budget_cut", "nope"]) | JSON,
            "explanation": TEXT | JSON,
        },
    )
    | JSON,
    "journal": st.fixed_dictionaries(
        {},
        optional={
            "kind": st.sampled_from(["note", "measurement", "incident", "gossip"]) | JSON,
            "body": TEXT | JSON,
            "indicator": TEXT | JSON,
            "value": st.floats() | st.integers() | JSON,
            "occurred_on": DATES | JSON,
        },
    )
    | JSON,
}


@pytest.mark.parametrize("operation", sorted(BODIES))
def test_generated_api_bodies_never_produce_a_500(
    client: FlaskClient, scenario: Scenario, operation: str
) -> None:
    headers = {"Authorization": f"Bearer {scenario.tokens['agent_a']}"}
    experiment_id = scenario.internal.id
    method, url = {
        "create": ("POST", "/api/v1/experiments"),
        "patch": ("PATCH", f"/api/v1/experiments/{experiment_id}"),
        "transition": ("POST", f"/api/v1/experiments/{experiment_id}/transitions"),
        "journal": ("POST", f"/api/v1/experiments/{experiment_id}/journal"),
    }[operation]
    failures = []

    @settings(max_examples=40, deadline=None, database=None)
    @given(body=BODIES[operation])
    def send(body: Any) -> None:
        data = json.dumps(body)
        response = client.open(
            url, method=method, data=data, content_type="application/json", headers=headers
        )
        if response.status_code >= 500 or response.mimetype not in (
            "application/json",
            "application/problem+json",
        ):
            failures.append(f"{method} {url} {data[:300]} -> {response.status_code}")
        assert not failures, failures[-1]

    send()


NUMBERS = st.sampled_from(["12", "12,5", "nan", "inf", "-inf", "1e400", "-0"]) | TEXT
FORM_DATES = st.dates().map(str) | TEXT
# Mostly plausible values, so that many posts get past the form and reach the database.
FORMS = {
    "new": st.fixed_dictionaries(
        {"title": TEXT},
        optional={
            **dict.fromkeys(("problem", "hypothesis", "target_users", "territory"), TEXT),
            "stop_criteria": TEXT,
            "team": st.sampled_from(["colleague@a.example", "agent@b.example"]) | TEXT,
            "planned_start": FORM_DATES,
            "planned_end": FORM_DATES,
            "visibility": st.sampled_from(["internal", "public"]) | TEXT,
            "version": TEXT,
            "add_criterion": TEXT,
            "success_criteria-0-indicator": TEXT,
            "success_criteria-0-target": TEXT,
            "success_criteria-0-method": TEXT,
            "success_criteria-0-target_value": NUMBERS,
            "success_criteria-0-direction": st.sampled_from(["at_least", "at_most"]) | TEXT,
            "success_criteria-99-target_value": NUMBERS,
            "success_criteria-x-indicator": TEXT,
        },
    ),
    "journal": st.fixed_dictionaries(
        {"kind": st.sampled_from(["note", "measurement", "incident"]) | TEXT},
        optional={"body": TEXT, "indicator": TEXT, "value": NUMBERS, "occurred_on": FORM_DATES},
    ),
    "list": st.dictionaries(st.sampled_from(["state", "territory", "q", "cursor", "next"]), TEXT),
}
# What these tests found once (500s on PostgreSQL, an experiment page broken for good).
FOUND = {
    "new": [
        {"title": "a\x00b"},
        {
            "title": "t",
            "success_criteria-0-indicator": "i",
            "success_criteria-0-target": "t",
            "success_criteria-0-target_value": "inf",
        },
    ],  # fmt: skip
    "journal": [
        {"kind": "note", "body": "\x00"},
        {"kind": "measurement", "indicator": "i", "value": "inf"},
        {"kind": "measurement", "indicator": "i", "value": "nan"},
    ],
    "list": [{"q": "\x00"}, {"territory": "a\x00"}],
}


@pytest.mark.parametrize("page", ["new", "journal", "list"])
def test_generated_form_posts_never_produce_a_500(
    app: Flask, scenario: Scenario, page: str
) -> None:
    client, csrf = client_as(app, scenario, "agent_a")
    experiment_id = scenario.internal.id
    method, url = {
        "new": ("POST", "/experiments/new"),
        "journal": ("POST", f"/experiments/{experiment_id}/journal"),
        "list": ("GET", "/experiments/"),
    }[page]

    def send(form: dict[str, str]) -> None:
        if method == "GET":
            response = client.get(url, query_string=form)
        else:
            response = client.post(url, data={**form, "csrf_token": csrf})
        assert response.status_code < 500, f"{method} {url} {form!r} -> {response.status_code}"
        if method == "POST" and response.status_code == 303:
            # What was accepted must show again: a stored value that breaks the page
            # (a NaN measurement, say) would hide the experiment for good.
            shown = client.get(response.headers["Location"])
            assert shown.status_code == 200, f"{form!r} saved, then its page -> {shown.status_code}"

    run = given(form=FORMS[page])(send)
    for found in FOUND[page]:
        run = example(form=found)(run)
    settings(max_examples=40, deadline=None, database=None)(run)()
