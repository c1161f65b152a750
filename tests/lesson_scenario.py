"""Lessons in the security matrix: a standing internal lesson of org A, fresh ones to write."""

from typing import Any

from tests.conftest import NOW
from tracker.models import Experiment
from tracker.services import lessons as lesson_service

_STANDING = "_standing_lesson_id"


def _new_lesson(scenario: Any, experiment: Experiment) -> int:
    session = scenario.gates.session
    lesson = lesson_service.add(
        session, experiment, NOW, kind="retrospective", outcome="stop", body="Matrice"
    )
    session.commit()
    return lesson.id or 0


def lesson_id(scenario: Any, experiment: Experiment | None) -> int:
    """Reading routes use the standing lesson (of org A's internal experiment); a writing
    route gets a fresh lesson on its fresh experiment, so one actor's step never blocks the next."""
    if experiment is None or experiment is scenario.internal:
        if not hasattr(scenario, _STANDING):
            setattr(scenario, _STANDING, _new_lesson(scenario, scenario.internal))
        return getattr(scenario, _STANDING)
    return _new_lesson(scenario, experiment)


def applied_lesson(scenario: Any, experiment: Experiment | None) -> dict[str, Any]:
    """The standing lesson, readable by org A, applied by another experiment."""
    return {"lesson_id": lesson_id(scenario, None)}


def reuse_form(scenario: Any, _experiment: Experiment | None) -> dict[str, Any]:
    """Another fresh experiment of agent_a (colleague_a on its team) applies the lesson."""
    from tests.security_scenario import fresh_experiment

    other = fresh_experiment(scenario.gates.session, scenario.world, "internal", NOW)
    return {"experiment_id": str(other.id)}
