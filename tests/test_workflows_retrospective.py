"""The retrospective lifecycle as data: due -> drafting -> submitted -> published (no database)."""

import pytest

from workflows.experiment import CHAIR, OWNER
from workflows.machine import GuardsFailed, InvalidTransition, UnknownTrigger, fire
from workflows.retrospective import RETROSPECTIVE

FILLED = {
    "what_happened": "Peu d'usagers sont venus.",
    "why": "Horaires inadaptés.",
    "what_we_learned": "Tester les horaires d'abord.",
}

# Every (state, trigger) pair and where it leads; None means refused from that state.
EXPECTED = {
    ("due", "start_drafting"): "drafting",
    ("due", "submit"): None,
    ("due", "request_changes"): None,
    ("due", "publish"): None,
    ("drafting", "start_drafting"): None,
    ("drafting", "submit"): "submitted",
    ("drafting", "request_changes"): None,
    ("drafting", "publish"): None,
    ("submitted", "start_drafting"): None,
    ("submitted", "submit"): None,
    ("submitted", "request_changes"): "drafting",
    ("submitted", "publish"): "published",
    ("published", "start_drafting"): None,
    ("published", "submit"): None,
    ("published", "request_changes"): None,
    ("published", "publish"): None,
}


def test_the_table_covers_every_state_and_trigger():
    pairs = {(s, t) for s in RETROSPECTIVE.states for t in RETROSPECTIVE.triggers}
    assert set(EXPECTED) == pairs


@pytest.mark.parametrize(("state", "trigger"), sorted(EXPECTED))
def test_each_state_and_trigger(state, trigger):
    dest = EXPECTED[(state, trigger)]
    if dest is None:
        with pytest.raises(InvalidTransition):
            fire(RETROSPECTIVE, state, trigger, FILLED)
    else:
        assert fire(RETROSPECTIVE, state, trigger, FILLED) == dest


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("what_happened", "what happened is told"),
        ("why", "why it happened is explained"),
        ("what_we_learned", "what we learned is written"),
    ],
)
def test_submit_needs_the_three_core_answers(missing, message):
    with pytest.raises(GuardsFailed) as refused:
        fire(RETROSPECTIVE, "drafting", "submit", {**FILLED, missing: "   "})
    assert refused.value.reasons == [message]


def test_an_unknown_trigger_is_refused():
    with pytest.raises(UnknownTrigger):
        fire(RETROSPECTIVE, "drafting", "stop", FILLED)


def test_the_team_drafts_and_submits_a_chair_reviews():
    by = {t.trigger: t.fired_by for t in RETROSPECTIVE.transitions}
    assert by == {
        "start_drafting": (OWNER,),
        "submit": (OWNER,),
        "request_changes": (CHAIR,),
        "publish": (CHAIR,),
    }


def test_published_is_the_only_end():
    assert RETROSPECTIVE.initial == "due"
    assert RETROSPECTIVE.terminal == ("published",)
