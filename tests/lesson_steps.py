"""Lessons built by hand (search and facet tests) and through the real steps (outcomes)."""

from typing import Any

from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import World, make_experiment
from tests.gate_steps import Cast
from tests.retro_steps import fire, submitted
from tracker.models import Experiment, Lesson, User
from tracker.services import lessons as lesson_service
from tracker.services import lessons_publication
from tracker.services import lessons_search as search_service


def lesson(session: Session, experiment: Experiment, **values: Any) -> Lesson:
    """A lesson of the experiment written directly (kind retrospective, outcome stop)."""
    values.setdefault("kind", "retrospective")
    values.setdefault("outcome", "stop")
    row = lesson_service.add(session, experiment, NOW, **values)
    session.commit()
    return row


def titled(session: Session, owner: User, title: str, body: str, **values: Any) -> Lesson:
    """A lesson with its own title, on a new experiment of the owner."""
    experiment = make_experiment(session, owner, NOW, title=title, **values.pop("fields", {}))
    return lesson(session, experiment, body=body, **values)


def published(session: Session, cast: Cast, **fields: Any) -> tuple[Experiment, Lesson]:
    """An experiment stopped, its retrospective submitted then published by the chair."""
    experiment = make_experiment(session, cast.owner, NOW, **fields)
    submitted(session, cast.owner, experiment)
    fire(session, cast.chair, experiment, "publish")
    [row] = lesson_service.of_experiment(
        session=session, actor=cast.owner, experiment_id=experiment.id
    )
    return experiment, row


def search(session: Session, actor: User, q: str = "", **filters: Any) -> list[str]:
    """Titles of the matching lessons, in the service's order."""
    page = search_service.search(
        session=session, actor=actor, filters=search_service.Filters(q=q, **filters), limit=100
    )
    return [hit.lesson.title for hit in page.items]


def publication(session: Session, actor: User, row: Lesson, action: str) -> Lesson:
    """One publication step."""
    return lessons_publication.act(
        session=session, actor=actor, lesson_id=row.id, action=action, now=NOW
    )


def world_lessons(session: Session, world: World) -> dict[str, Lesson]:
    """A hand-built set: three lessons of A (one public), two of B (one public)."""
    rows = {
        "a1": titled(
            session,
            world.agent_a,
            "Guichet unique",
            "Les horaires comptent.",
            stop_reason="no_impact",
            cause_tags=["timing", "user_adoption"],
            theme="social",
        ),
        "a2": titled(
            session,
            world.agent_a,
            "Navette rurale",
            "Les partenaires doivent signer tôt.",
            stop_reason="cost",
            cause_tags=["partners", "timing"],
            theme="mobilité",
            fields={"territory": "Cantal"},
        ),
        "a3": titled(
            session,
            world.agent_a,
            "Formulaire simplifié",
            "Moins de champs, plus de demandes.",
            kind="adapt",
            outcome="adapt",
            theme="social",
        ),
        "b1": titled(
            session, world.agent_b, "Tiers-lieu", "Les élus portent le projet.", theme="social"
        ),
        "b2": titled(
            session,
            world.agent_b,
            "Cantine bio",
            "Le budget a manqué.",
            stop_reason="budget_cut",
            cause_tags=["resources"],
            theme="alimentation",
        ),
    }
    for key in ("a3", "b2"):
        rows[key].visibility = "public"
        session.add(rows[key])
    session.commit()
    return rows
