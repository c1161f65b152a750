"""The decision gate request declares which frozen stop criteria were triggered."""

import pytest
from sqlmodel import Session

from tests import gate_steps
from tests.factories import World
from tracker.services import gates_evidence
from tracker.services.errors import Invalid

STOP = "aucune baisse après trois mois"


@pytest.fixture
def evaluating(session: Session, world: World):
    cast = gate_steps.build_cast(session, world)
    experiment = gate_steps.in_evaluation(session, cast)
    return cast, experiment


def test_a_frozen_stop_criterion_can_be_declared_triggered(session: Session, evaluating) -> None:
    cast, experiment = evaluating
    data = {**gate_steps.DECISION_REQUEST, "stop_criteria_triggered": [STOP]}
    gate = gate_steps.request(session, cast.owner, experiment, "decision", data)
    assert gate.stop_criteria_triggered == [STOP]
    assert gates_evidence.stop_criteria_results(session, gate) == [
        {"criterion": STOP, "triggered": True}
    ]


def test_nothing_declared_means_no_stop_criterion_triggered(session: Session, evaluating) -> None:
    cast, experiment = evaluating
    gate = gate_steps.request(
        session, cast.owner, experiment, "decision", gate_steps.DECISION_REQUEST
    )
    assert gate.stop_criteria_triggered == []
    assert gates_evidence.stop_criteria_results(session, gate) == [
        {"criterion": STOP, "triggered": False}
    ]


def test_an_unknown_stop_criterion_is_refused_naming_the_field(
    session: Session, evaluating
) -> None:
    cast, experiment = evaluating
    data = {**gate_steps.DECISION_REQUEST, "stop_criteria_triggered": ["budget épuisé"]}
    with pytest.raises(Invalid) as refused:
        gate_steps.request(session, cast.owner, experiment, "decision", data)
    assert list(refused.value.errors) == ["stop_criteria_triggered"]
    assert "budget épuisé" in refused.value.errors["stop_criteria_triggered"][0]
