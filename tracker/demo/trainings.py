"""Demo trainings: the administrator records what the agents followed (before and during)."""

from datetime import datetime, timedelta

from sqlmodel import Session

from tracker.models import User
from tracker.services import trainings as training_service

# (person, kind, days after the organisation opened (negative: before), provider)
TRAININGS = (
    ("agent", "prototyping", -40, "Campus de la transformation publique"),
    ("agent", "user_research", 30, "Laboratoire d'innovation territoriale"),
    ("agent", "evaluation", 150, ""),
    ("reviewer", "intrapreneurship", -120, "Réseau des intrapreneurs publics"),
)


def record(session: Session, people: dict[str, User], opened: datetime) -> None:
    """The first agent is trained (so the portfolio compares); the second is not."""
    for person, kind, day, provider in TRAININGS:
        training_service.record(
            session=session,
            actor=people["admin"],
            user_id=people[person].id,  # type: ignore[arg-type]
            data={
                "kind": kind,
                "followed_on": (opened + timedelta(days=day)).date(),
                "provider": provider,
            },
            now=opened + timedelta(days=max(day, 0)),
        )
