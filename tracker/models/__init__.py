"""All table models, imported together so metadata and relationships are complete."""

from tracker.models import base  # noqa: F401  (naming convention before any table)
from tracker.models.board import (
    DEFAULT_SCORECARD,
    Board,
    BoardCreate,
    BoardMember,
    ScorecardItem,
)
from tracker.models.charter import (
    ACKNOWLEDGING_ROLES,
    CharterAcknowledgement,
    CharterFields,
    CharterVersion,
)
from tracker.models.commons import COMMONS_KINDS, CommonsContribution, CommonsIn
from tracker.models.derogation import DEROGATION_KINDS, Derogation
from tracker.models.event import CREATED, UPDATED, Event
from tracker.models.experiment import (
    Experiment,
    ExperimentCreate,
    ExperimentFields,
    ExperimentMember,
    SuccessCriterion,
)
from tracker.models.gate import Gate, GateCondition, GateDecision, Vote
from tracker.models.gate_input import DecisionCreate, GateRequest, PilotPlan, VoteCast
from tracker.models.journal import JOURNAL_KINDS, JournalEntry, JournalEntryCreate
from tracker.models.lesson import Lesson, LessonReuse
from tracker.models.meeting import (
    MEETING_STATUSES,
    Meeting,
    MeetingCreate,
    MeetingItem,
    MeetingReschedule,
)
from tracker.models.organisation import Organisation
from tracker.models.outbox import OUTBOX_STATUSES, OutboxMessage
from tracker.models.partner import (
    PARTNER_KINDS,
    PARTNER_ROLES,
    ExperimentPartner,
    Partner,
    PartnerIn,
)
from tracker.models.planner import PlannerMark
from tracker.models.portfolio_snapshot import PortfolioSnapshot
from tracker.models.preferences import DELIVERIES, NotificationPreference, ReminderSettings
from tracker.models.retrospective import (
    FollowUp,
    FollowUpIn,
    Retrospective,
    RetrospectiveAddendum,
    RetrospectiveFields,
)
from tracker.models.scaling import ScalingMilestone, ScalingPlan
from tracker.models.territory import (
    TERRITORY_LEVELS,
    ExperimentTerritory,
    Territory,
    TerritoryIn,
    TransitionCluster,
)
from tracker.models.training import TRAINING_KINDS, Training, TrainingCreate
from tracker.models.types import UTCDateTime, utcnow
from tracker.models.user import LOCALES, ROLES, ApiToken, LoginAttempt, User

__all__ = [
    "ACKNOWLEDGING_ROLES",
    "COMMONS_KINDS",
    "PARTNER_KINDS",
    "PARTNER_ROLES",
    "TERRITORY_LEVELS",
    "CommonsContribution",
    "CommonsIn",
    "ExperimentPartner",
    "ExperimentTerritory",
    "Partner",
    "PartnerIn",
    "Territory",
    "TerritoryIn",
    "TransitionCluster",
    "CREATED",
    "DELIVERIES",
    "DEFAULT_SCORECARD",
    "DEROGATION_KINDS",
    "JOURNAL_KINDS",
    "LOCALES",
    "MEETING_STATUSES",
    "ROLES",
    "UPDATED",
    "ApiToken",
    "Board",
    "BoardCreate",
    "BoardMember",
    "CharterAcknowledgement",
    "CharterFields",
    "CharterVersion",
    "DecisionCreate",
    "Derogation",
    "Event",
    "Experiment",
    "ExperimentCreate",
    "ExperimentFields",
    "ExperimentMember",
    "FollowUp",
    "FollowUpIn",
    "Gate",
    "GateCondition",
    "GateDecision",
    "GateRequest",
    "JournalEntry",
    "JournalEntryCreate",
    "Lesson",
    "LessonReuse",
    "LoginAttempt",
    "Meeting",
    "MeetingCreate",
    "MeetingItem",
    "MeetingReschedule",
    "NotificationPreference",
    "OUTBOX_STATUSES",
    "OutboxMessage",
    "PlannerMark",
    "PortfolioSnapshot",
    "Organisation",
    "PilotPlan",
    "ReminderSettings",
    "Retrospective",
    "RetrospectiveAddendum",
    "RetrospectiveFields",
    "ScalingMilestone",
    "ScalingPlan",
    "ScorecardItem",
    "TRAINING_KINDS",
    "Training",
    "TrainingCreate",
    "SuccessCriterion",
    "User",
    "UTCDateTime",
    "Vote",
    "VoteCast",
    "utcnow",
]
