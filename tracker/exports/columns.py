"""The columns of each exported resource, shared by CSV, JSON, the data package and the import.

A column is public when it may appear in the open-data package: personal data (emails of the
owner and the team) is exported only to people who may see the experiment, never published.
"""

from dataclasses import dataclass

from tracker.models.themes import THEMES
from workflows.definition import N_

# Table Schema types (https://specs.frictionlessdata.io/table-schema/): "array" cells hold a
# JSON array, "object" cells a JSON object.
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "array")


@dataclass(frozen=True)
class Column:
    """One column: its name (CSV header, JSON key), Table Schema type and description."""

    name: str
    type: str
    description: str
    public: bool = True
    # The only values a cell may hold (besides empty), published as a Table Schema constraint.
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Resource:
    """One exportable resource: its name (`--what`), title and columns in order."""

    name: str
    title: str
    columns: tuple[Column, ...]

    def names(self, *, public_only: bool = False) -> list[str]:
        """The column names, all of them or the public ones."""
        return [c.name for c in self.columns if c.public or not public_only]

    def public_columns(self) -> tuple[Column, ...]:
        """The columns that the open-data package publishes."""
        return tuple(c for c in self.columns if c.public)


EXPERIMENTS = Resource(
    "experiments",
    N_("Experiments"),
    (
        Column("id", "integer", "Identifier (empty in an import row to create an experiment)."),
        Column("title", "string", "Title."),
        Column("state", "string", "draft, prototype, pilot, evaluation, scaling, scaled, stopped."),
        Column("iteration", "integer", "Iteration (grows on each adapt decision)."),
        Column("visibility", "string", "internal or public."),
        Column("territory", "string", "Territory."),
        Column("theme", "string", "Public-policy theme (empty: not said).", enum=THEMES),
        Column("problem", "string", "The problem addressed."),
        Column("hypothesis", "string", "The hypothesis tested."),
        Column("target_users", "string", "The target users."),
        Column(
            "success_criteria",
            "array",
            "Success criteria: JSON array of {indicator, target, method, target_value, direction}.",
        ),
        Column("stop_criteria", "array", "Stop criteria: JSON array of texts."),
        Column("planned_start", "date", "Planned start (YYYY-MM-DD)."),
        Column("planned_end", "date", "Planned end (YYYY-MM-DD)."),
        Column("stop_reason", "string", "Why it stopped (stopped experiments)."),
        Column("stop_explanation", "string", "The stop explained."),
        Column("criteria_frozen_at", "datetime", "When the criteria were frozen (pilot gate go)."),
        Column("organisation", "string", "The organisation running it."),
        Column("owner_email", "string", "The owner's email.", public=False),
        Column("team", "array", "Team members' emails: JSON array.", public=False),
        Column("created_at", "datetime", "Created at (UTC)."),
        Column("last_activity_at", "datetime", "Last activity (UTC)."),
        Column("version", "integer", "Version (an import update must name the current one)."),
    ),
)

DECISIONS = Resource(
    "decisions",
    N_("Gate decisions"),
    (
        Column("id", "integer", "Identifier of the decision."),
        Column("experiment_id", "integer", "The experiment."),
        Column("experiment_title", "string", "The experiment's title."),
        Column("gate_id", "integer", "The gate review."),
        Column("gate_kind", "string", "pilot or decision."),
        Column("iteration", "integer", "The experiment's iteration at the gate."),
        Column("decision", "string", "go, adapt, stop, hold or scale."),
        Column("rationale", "string", "The board's rationale."),
        Column("decided_at", "datetime", "Decided at (UTC)."),
        Column("verdict", "string", "The evidence verdict brought to a decision gate."),
        Column("route", "string", "Scaling route (scale decisions)."),
        Column("scaling_plan", "string", "Scaling plan (scale decisions)."),
        Column("restart_at", "string", "Where an adapted experiment restarts."),
        Column("changes", "string", "What changes and why (adapt decisions)."),
        Column("stop_reason", "string", "Stop reason (stop decisions)."),
        Column("next_review_date", "date", "Next review (hold decisions)."),
        Column("vote_count", "integer", "Votes cast (who voted what is not exported)."),
        Column("cost_eur", "number", "Cost declared at the gate, in euros."),
    ),
)

LESSONS = Resource(
    "lessons",
    N_("Lessons"),
    (
        Column("id", "integer", "Identifier of the lesson."),
        Column("experiment_id", "integer", "The experiment it comes from."),
        Column("kind", "string", "retrospective, adapt or scale."),
        Column("title", "string", "Title."),
        Column("body", "string", "The lesson."),
        Column("outcome", "string", "scale, adapt or stop."),
        Column("stop_reason", "string", "Stop reason (stopped experiments)."),
        Column("cause_tags", "array", "Cause tags: JSON array."),
        Column("territory", "string", "Territory of the experiment."),
        Column("theme", "string", "Theme."),
        Column("visibility", "string", "internal or public."),
        Column("reuse_count", "integer", "Experiments that applied it."),
        Column("created_at", "datetime", "Written at (UTC)."),
    ),
)

COMMONS = Resource(
    "commons",
    N_("Commons ledger"),
    (
        Column("id", "integer", "Identifier of the contribution."),
        Column("experiment_id", "integer", "The experiment it supports."),
        Column("kind", "string", "premises, data, procurement, funding, staff_time or training."),
        Column("description", "string", "What the public actor contributed."),
        Column("quantity", "number", "Quantity, in the unit."),
        Column("unit", "string", "Unit of the quantity."),
        Column("value_eur", "number", "Value in euros."),
        Column("start", "date", "Start of the contribution."),
        Column("end", "date", "End of the contribution."),
    ),
)

RESOURCES: dict[str, Resource] = {r.name: r for r in (EXPERIMENTS, DECISIONS, LESSONS, COMMONS)}
