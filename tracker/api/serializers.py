"""Rows to response models; a page loads its organisations, owners and teams in one query each."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from flask_babel import gettext
from sqlmodel import Session, select

from tracker.api.schemas import (
    ActorRef,
    AmendmentOut,
    BlockedTrigger,
    CharterAcknowledgementOut,
    EventOut,
    ExperimentOut,
    JournalEntryOut,
    OrganisationRef,
    TerritoryRef,
    UserRef,
)
from tracker.models import Event, Experiment, ExperimentMember, JournalEntry, Organisation, User
from tracker.models.base import pk
from tracker.services import (
    charter_acks,
    gates_lock,
    lessons_reuse,
    territories,
    transitions_page,
)
from tracker.services.permissions import can_view


def _by_id(session: Session, model: type, ids: Iterable[int | None]) -> dict[int, object]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(model).where(model.id.in_(wanted))).all()  # type: ignore[attr-defined]
    return {row.id: row for row in rows}


def _teams(session: Session, experiment_ids: list[int]) -> dict[int, list[User]]:
    teams: dict[int, list[User]] = defaultdict(list)
    if not experiment_ids:
        return teams
    rows = session.exec(
        select(ExperimentMember.experiment_id, User)
        .join(User, User.id == ExperimentMember.user_id)  # type: ignore[arg-type]
        .where(ExperimentMember.experiment_id.in_(experiment_ids))  # type: ignore[attr-defined]
        .order_by(User.name)
    ).all()
    for experiment_id, user in rows:
        teams[experiment_id].append(user)
    return teams


def _user_ref(user: User) -> UserRef:
    return UserRef(id=user.id, name=user.name, email=user.email)  # type: ignore[arg-type]


def _actor_ref(user: User | None) -> ActorRef | None:
    return None if user is None else ActorRef(id=user.id, name=user.name)  # type: ignore[arg-type]


def _amendments(rows: list[dict], authors: dict[int, object]) -> list[AmendmentOut]:
    return [
        AmendmentOut(**row, author=_actor_ref(authors.get(row["author_id"])))  # type: ignore[arg-type]
        for row in rows
    ]


def _source_id(actor: User, source: object | None) -> int | None:
    # A replica's source may since have turned internal to another organisation: no leak.
    if not isinstance(source, Experiment) or not can_view(actor, source):
        return None
    return source.id


def experiments(session: Session, actor: User, rows: Sequence[Experiment]) -> list[ExperimentOut]:
    """Experiments as the actor sees them, with the triggers they may fire now."""
    organisations = _by_id(session, Organisation, (e.organisation_id for e in rows))
    owners = _by_id(session, User, (e.owner_id for e in rows))
    teams = _teams(session, [e.id for e in rows if e.id is not None])
    places = territories.of_experiments(session, [e.id for e in rows if e.id is not None])
    # A page costs the same queries whatever its length (no per-row triggers or amendments).
    triggers = transitions_page.triggers_for_page(session=session, actor=actor, experiments=rows)
    amendments = gates_lock.amendments_of(session, [e.id for e in rows if e.id is not None])
    authors = _by_id(
        session, User, (a["author_id"] for found in amendments.values() for a in found)
    )
    # Replicated or taken over from: both sources in one query.
    sources = _by_id(
        session,
        Experiment,
        (i for e in rows for i in (e.replicated_from_id, e.taken_over_from_id)),
    )
    applied = lessons_reuse.applied_ids(session, [e.id for e in rows if e.id is not None])
    acknowledged = charter_acks.of_experiments(session, [e.id for e in rows if e.id is not None])
    items = []
    for experiment in rows:
        allowed, blocked = triggers[experiment.id]  # type: ignore[index]
        organisation = organisations[experiment.organisation_id]
        items.append(
            ExperimentOut(
                # Response models ignore columns they do not publish (ids of links, etc.).
                **experiment.model_dump(),
                organisation=OrganisationRef(id=organisation.id, name=organisation.name),  # type: ignore[attr-defined]
                owner=_user_ref(owners[experiment.owner_id]),  # type: ignore[arg-type]
                allowed_triggers=allowed,
                blocked_triggers=[
                    BlockedTrigger(trigger=t, reasons=[gettext(r) for r in reasons])
                    for t, reasons in blocked.items()
                ],
                team=[_user_ref(user) for user in teams.get(experiment.id, [])],  # type: ignore[arg-type]
                territory_ids=[pk(t) for t in places.get(experiment.id, [])],  # type: ignore[arg-type]
                territories=[
                    TerritoryRef.model_validate(t, from_attributes=True)
                    for t in places.get(experiment.id, [])  # type: ignore[arg-type]
                ],
                amendments=_amendments(amendments.get(experiment.id, []), authors),  # type: ignore[arg-type]
                replicated_from=_source_id(actor, sources.get(experiment.replicated_from_id or 0)),
                taken_over_from=_source_id(actor, sources.get(experiment.taken_over_from_id or 0)),
                applied_lesson_ids=applied.get(experiment.id, []),  # type: ignore[arg-type]
                charter_acknowledgements=charter_acknowledgements(
                    acknowledged.get(experiment.id, [])  # type: ignore[arg-type]
                ),
            )
        )
    return items


def charter_acknowledgements(
    rows: Sequence[charter_acks.Acknowledgement],
) -> list[CharterAcknowledgementOut]:
    """Charter acknowledgements with who gave them and the version number read."""
    return [
        CharterAcknowledgementOut(
            id=pk(ack),
            user=ActorRef(id=pk(user), name=user.name),
            role=ack.role,  # type: ignore[arg-type]
            charter_version=version.number,
            charter_version_id=ack.charter_version_id,
            gate_id=ack.gate_id,
            acknowledged_at=ack.acknowledged_at,
        )
        for ack, user, version in rows
    ]


def experiment(session: Session, actor: User, row: Experiment) -> ExperimentOut:
    """One experiment as the actor sees it."""
    return experiments(session, actor, [row])[0]


def events(session: Session, rows: Sequence[Event]) -> list[EventOut]:
    """Timeline lines with their actors (an actor may be gone: null)."""
    actors = _by_id(session, User, (e.actor_id for e in rows))
    return [
        EventOut(
            id=e.id,  # type: ignore[arg-type]
            trigger=e.trigger,
            from_state=e.from_state,
            to_state=e.to_state,
            actor=_actor_ref(actors.get(e.actor_id)),  # type: ignore[arg-type]
            reason=e.reason,
            at=e.at,
        )
        for e in rows
    ]


def journal(session: Session, rows: Sequence[JournalEntry]) -> list[JournalEntryOut]:
    """Journal entries with their authors."""
    authors = _by_id(session, User, (e.author_id for e in rows))
    return [
        JournalEntryOut(
            **entry.model_dump(),
            author=_actor_ref(authors.get(entry.author_id)),  # type: ignore[arg-type]
        )
        for entry in rows
    ]
