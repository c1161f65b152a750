"""All table models, imported together so metadata and relationships are complete."""

from tracker.models import base  # noqa: F401  (naming convention before any table)
from tracker.models.event import CREATED, UPDATED, Event
from tracker.models.experiment import (
    Experiment,
    ExperimentCreate,
    ExperimentFields,
    ExperimentMember,
    SuccessCriterion,
)
from tracker.models.journal import JOURNAL_KINDS, JournalEntry, JournalEntryCreate
from tracker.models.organisation import Organisation
from tracker.models.types import UTCDateTime, utcnow
from tracker.models.user import LOCALES, ROLES, ApiToken, LoginAttempt, User

__all__ = [
    "CREATED",
    "JOURNAL_KINDS",
    "LOCALES",
    "ROLES",
    "UPDATED",
    "ApiToken",
    "Event",
    "Experiment",
    "ExperimentCreate",
    "ExperimentFields",
    "ExperimentMember",
    "JournalEntry",
    "JournalEntryCreate",
    "LoginAttempt",
    "Organisation",
    "SuccessCriterion",
    "User",
    "UTCDateTime",
    "utcnow",
]
