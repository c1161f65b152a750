"""Request and response models of the API; the OpenAPI document is generated from them.

Request models reuse the services' input models and refuse unknown fields; the services
validate again, so the API can never accept what the HTML forms would refuse.
"""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from tracker.models import ExperimentCreate, JournalEntryCreate, SuccessCriterion
from tracker.models.themes import THEMES
from tracker.services.listing import MAX_LIMIT
from workflows.experiment import EXPERIMENT, STATES, STOP_REASONS

StopReason = Literal[STOP_REASONS]  # type: ignore[valid-type]
State = Literal[STATES]  # type: ignore[valid-type]
Theme = Literal[THEMES]  # type: ignore[valid-type]


# Requests -----------------------------------------------------------------------------------


class ExperimentCreateBody(ExperimentCreate):
    """A new experiment: only the title is required, so drafts may be incomplete."""

    model_config = ConfigDict(extra="forbid")


def _no_defaults(schema: dict[str, Any]) -> None:
    # In a PATCH an omitted field is left unchanged: a default would misdescribe that.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


ExperimentPatch: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "ExperimentPatch",
    __config__=ConfigDict(extra="forbid", json_schema_extra=_no_defaults),
    __doc__="Changes to an experiment: the version you read, and only the fields to change.",
    version=(int, Field(ge=1, description="The version you read; a stale one is a 409.")),
    seeking_taker=(
        bool | None,
        Field(
            default=None,
            description=(
                "Offer a stopped experiment to a taker (owner, team or chair); the one field "
                "a stopped experiment accepts, and only on its own."
            ),
        ),
    ),
    amendment_reason=(
        str | None,
        Field(
            default=None,
            max_length=10_000,
            description="Why frozen success or stop criteria change (required once frozen).",
        ),
    ),
    **{
        name: (info.annotation, FieldInfo.merge_field_infos(info, default=None))
        for name, info in ExperimentCreate.model_fields.items()
    },
)


class TransitionBody(BaseModel):
    """Fire a workflow trigger; `stop` needs a reason and an explanation."""

    model_config = ConfigDict(extra="forbid")

    trigger: str = Field(
        max_length=40,
        description="A trigger of the workflow (see GET /workflow).",
        json_schema_extra={"examples": list(EXPERIMENT.triggers)},
    )
    version: int = Field(ge=1, description="The version you read; a stale one is a 409.")
    stop_reason: StopReason | None = Field(default=None, description="For `stop`.")
    explanation: str | None = Field(default=None, max_length=10_000, description="For `stop`.")
    scaling_report: str | None = Field(
        default=None, max_length=20_000, description="For `complete_scaling`."
    )


class JournalEntryBody(JournalEntryCreate):
    """A journal entry; a measurement needs an indicator and a value, other kinds a body."""

    model_config = ConfigDict(extra="forbid")


class ExperimentQuery(BaseModel):
    """Filters and keyset pagination of the experiment list (newest activity first)."""

    state: State | None = Field(default=None, description="Only experiments in this state.")
    territory: str | None = Field(
        default=None, max_length=200, description="A territory's name (any case) or official code."
    )
    q: str | None = Field(default=None, max_length=200, description="Words in title or text.")
    theme: Theme | None = Field(default=None, description="Only experiments of this theme.")
    limit: int | None = Field(
        default=None, ge=1, le=MAX_LIMIT, description="Page size (default: the site's, 20)."
    )
    cursor: str | None = Field(default=None, max_length=200, description="next_cursor of a page.")


# Responses ----------------------------------------------------------------------------------


class OrganisationRef(BaseModel):
    id: int
    name: str


class UserRef(BaseModel):
    id: int
    name: str
    email: str


class ActorRef(BaseModel):
    id: int
    name: str


class CharterAcknowledgementOut(BaseModel):
    """Who read which right-to-fail charter version, in which role, when."""

    id: int
    user: ActorRef
    role: Literal["owner", "chair"] = Field(
        description="`owner` at the pilot gate request, `chair` at the go decision."
    )
    charter_version: int = Field(description="The number of the charter version read.")
    charter_version_id: int
    gate_id: int | None = Field(description="The pilot gate it was given for.")
    acknowledged_at: datetime


class BlockedTrigger(BaseModel):
    """A trigger the caller could fire from this state, and the conditions it still misses."""

    trigger: str
    reasons: list[str]


class AmendmentOut(BaseModel):
    """A change of the criteria after they were frozen at go: the original stays readable."""

    version: int | None
    reason: str
    author: ActorRef | None
    at: datetime
    before: dict[str, Any]
    after: dict[str, Any]


class TerritoryRef(BaseModel):
    """A territory of the inventory, as experiments cite it."""

    id: int
    name: str
    code: str | None
    level: str | None


class ExperimentOut(BaseModel):
    """An experiment as the caller sees it, with the steps they may take now."""

    id: int
    title: str
    state: State
    iteration: int
    version: int
    visibility: Literal["internal", "public"]
    organisation: OrganisationRef
    owner: UserRef
    allowed_triggers: list[str]
    blocked_triggers: list[BlockedTrigger]
    problem: str
    hypothesis: str
    target_users: str
    success_criteria: list[SuccessCriterion]
    stop_criteria: list[str]
    territory: str
    territory_ids: list[int]
    territories: list[TerritoryRef]
    theme: Theme | None = Field(default=None, description="Its public-policy theme, if said.")
    planned_start: date | None
    planned_end: date | None
    team: list[UserRef]
    stop_reason: str | None
    stop_explanation: str | None
    board_id: int | None
    criteria_frozen_at: datetime | None
    amendments: list[AmendmentOut]
    charter_acknowledgements: list[CharterAcknowledgementOut] = Field(
        default_factory=list,
        description="The right-to-fail charter acknowledgements kept on the experiment.",
    )
    replicated_from: int | None = Field(
        default=None,
        description="The experiment this one replicates (null if none or no longer visible).",
    )
    seeking_taker: bool = Field(
        default=False, description="A stopped experiment offered to a taker (see /takeover)."
    )
    taken_over_from: int | None = Field(
        default=None,
        description="The stopped experiment this one took over (null if none or not visible).",
    )
    applied_lesson_ids: list[int] = Field(
        default_factory=list,
        description="Lessons the team marked as applied (POST .../applied-lessons).",
    )
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime


class ExperimentPage(BaseModel):
    """One page of experiments; pass next_cursor back as `cursor` for the next one."""

    items: list[ExperimentOut]
    next_cursor: str | None


class EventOut(BaseModel):
    """One line of the timeline: a creation, an edit or a state change."""

    id: int
    trigger: str
    from_state: str | None
    to_state: str
    actor: ActorRef | None
    reason: str
    at: datetime


class JournalEntryOut(BaseModel):
    """A journal entry, with where the experiment stood when it was logged."""

    id: int
    kind: str
    body: str
    indicator: str | None
    value: float | None
    occurred_on: date
    logged_in_state: str
    iteration: int
    author: ActorRef | None
    created_at: datetime


class TransitionOut(BaseModel):
    trigger: str
    source: str
    dest: str


class WorkflowOut(BaseModel):
    """A state machine: its states, where it starts and ends, and its edges."""

    states: list[str]
    initial: str
    terminal: list[str]
    transitions: list[TransitionOut]


class WorkflowDocument(BaseModel):
    """Every workflow of the API, by name."""

    experiment: WorkflowOut
    retrospective: WorkflowOut


class Problem(BaseModel):
    """An error (RFC 9457). 422 adds `errors`; a failed guard adds `trigger` and `reasons`."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None
    trigger: str | None = None
    reasons: list[str] | None = None
    current_version: int | None = None
