"""Gate forms: the two requests, a vote on the board's scorecard, a chair's decision.

As everywhere, the forms only parse; the services check the rules, and their Invalid errors
come back on the fields through `apply_errors` (gate errors are renamed to field names first).
"""

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.core import Field
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.boards import scorecard_label
from tracker.forms.experiments import NOT_A_DATE, NOT_A_NUMBER, _number
from tracker.forms.fields import MultiCheckboxField
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.views.experiments_labels import STOP_REASON_LABELS
from tracker.views.gates_labels import (
    DECISION_LABELS,
    RESTART_LABELS,
    ROUTE_LABELS,
    VERDICT_LABELS,
)
from workflows.experiment import STOP_REASONS
from workflows.gate import DECISIONS_BY_KIND, DEFAULT_REVIEW_DAYS

CHOOSE_DECISION = _l("Choose a decision.")
CHOOSE_VOTE = _l("Choose a recommendation.")
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
# Shown only when the organisation has a right-to-fail charter (the service requires it then).
CHARTER_ACKNOWLEDGED = _l("I have read the organisation's right-to-fail charter and commit to it")


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _text(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


class GateErrorsMixin(ServiceErrorsMixin):
    """Service error keys ("pilot_plan.territory", "scores.cost") renamed to this form's fields."""

    renames: dict[str, str] = {}

    def apply_gate_errors(self, errors: dict[str, list[str]]) -> None:
        """Attach the service's errors, renamed, to the fields (the rest on top of the form)."""
        renamed: dict[str, list[str]] = {}
        for key, messages in errors.items():
            name = key
            for prefix, replacement in self.renames.items():
                if key.startswith(prefix):
                    name = replacement + key[len(prefix) :]
            renamed.setdefault(name, []).extend(messages)
        self.apply_errors(renamed)


class ReviewDateMixin:
    """The review date: today + 14 days unless the requester chooses another."""

    def default_review_date(self, today: date) -> None:
        """Prefill the date on a new form."""
        field = self.review_date  # type: ignore[attr-defined]
        if field.data is None and not self.is_submitted():  # type: ignore[attr-defined]
            field.data = today + timedelta(days=DEFAULT_REVIEW_DAYS)


def _money(form: Any, field: Field) -> None:
    if (field.data or "").strip() and _number(field.data) is None:
        raise ValidationError(str(NOT_A_NUMBER))


def _amount(text: str | None) -> float | None:
    text = (text or "").strip()
    return _number(text) if text else None


class PilotGateForm(ReviewDateMixin, GateErrorsMixin, FlaskForm):
    """Request the pilot gate: what the prototype taught and the pilot plan."""

    renames = {"pilot_plan.": ""}

    prototype_learnings = TextAreaField(_l("What the prototype taught"), render_kw={"rows": 4})
    territory = StringField(_l("Pilot territory"), render_kw={"maxlength": 200})
    population = TextAreaField(_l("Population of the pilot"), render_kw={"rows": 2})
    duration_weeks = IntegerField(
        _l("Duration in weeks"), validators=[Optional(), NumberRange(min=1, max=520)]
    )
    partners = TextAreaField(_l("Partners (one per line)"), render_kw={"rows": 3})
    budget_eur = StringField(_l("Budget in euros"), validators=[_money])
    review_date = DateField(_l("Review date"), validators=[Optional()])
    charter_acknowledged = BooleanField(CHARTER_ACKNOWLEDGED)

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; readable messages for numbers and dates."""
        valid = super().validate(extra_validators)
        if self.review_date.errors:
            self.review_date.errors = [str(NOT_A_DATE)]
        if self.duration_weeks.errors and self.duration_weeks.raw_data:
            self.duration_weeks.errors = [str(_l("Enter a whole number of weeks."))]
        return valid

    def to_data(self) -> dict[str, Any]:
        """The request as the service takes it."""
        return {
            "prototype_learnings": _text(self.prototype_learnings.data),
            "review_date": self.review_date.data,
            "pilot_plan": {
                "territory": (self.territory.data or "").strip(),
                "population": _text(self.population.data),
                "duration_weeks": self.duration_weeks.data,
                "partners": _lines(self.partners.data),
                "budget_eur": _amount(self.budget_eur.data),
            },
            "charter_acknowledged": bool(self.charter_acknowledged.data),
        }


class DecisionGateForm(ReviewDateMixin, GateErrorsMixin, FlaskForm):
    """Request the decision gate: the evidence verdict, its analysis, the cost so far."""

    verdict = RadioField(
        _l("Evidence verdict"),
        choices=select_choices(VERDICT_LABELS.items()),
        validate_choice=False,
    )
    analysis = TextAreaField(_l("Analysis of the evidence"), render_kw={"rows": 6})
    cost_eur = StringField(_l("Cost so far in euros"), validators=[_money])
    # Choices are the experiment's stop criteria, given by the view (set_stop_criteria).
    stop_criteria_triggered = MultiCheckboxField(
        _l("Stop criteria triggered"), choices=[], validate_choice=False
    )
    review_date = DateField(_l("Review date"), validators=[Optional()])

    def set_stop_criteria(self, criteria: list[str]) -> None:
        """Offer each stop criterion as a checkbox."""
        self.stop_criteria_triggered.choices = [(c, c) for c in criteria]

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a bad date gets a readable message."""
        valid = super().validate(extra_validators)
        if self.review_date.errors:
            self.review_date.errors = [str(NOT_A_DATE)]
        return valid

    def to_data(self) -> dict[str, Any]:
        """The request as the service takes it."""
        return {
            "verdict": self.verdict.data or None,
            "analysis": _text(self.analysis.data),
            "cost_eur": _amount(self.cost_eur.data),
            "stop_criteria_triggered": list(self.stop_criteria_triggered.data or []),
            "review_date": self.review_date.data,
        }


SCORE_CHOICES = [("", _l("Choose a score")), *[(str(n), str(n)) for n in range(1, 6)]]


def vote_form(scorecard: list[dict], kind: str, **kwargs: Any) -> Any:
    """A vote form for this gate: its recommendations, one field per scorecard criterion."""

    class VoteForm(GateErrorsMixin, FlaskForm):
        renames = {"scores.": "score_"}
        criteria = scorecard

        recommendation = RadioField(
            _l("Your recommendation"),
            choices=select_choices((d, DECISION_LABELS[d]) for d in DECISIONS_BY_KIND[kind]),
            validate_choice=False,
        )
        comment = TextAreaField(_l("Comment"), render_kw={"rows": 3})

        def validate(self, extra_validators: Any = None) -> bool:
            """A recommendation must be chosen; the scores are checked by the service."""
            valid = super().validate(extra_validators)
            if not self.recommendation.data:
                self.recommendation.errors = [*self.recommendation.errors, str(CHOOSE_VOTE)]
                valid = False
            return valid

        def score_fields(self) -> list[Field]:
            """The scorecard's fields, in the board's order."""
            return [self[f"score_{item['key']}"] for item in self.criteria]

        def to_data(self) -> dict[str, Any]:
            """The vote as the service takes it; blanks stay out so the service names them."""
            scores: dict[str, Any] = {}
            for item in self.criteria:
                value = self[f"score_{item['key']}"].data
                if item["kind"] == "knockout" and value in ("yes", "no"):
                    scores[item["key"]] = value == "yes"
                elif item["kind"] == "scored" and value and value.isdigit():
                    scores[item["key"]] = int(value)
            return {
                "recommendation": self.recommendation.data or "",
                "scores": scores,
                "comment": _text(self.comment.data),
            }

    for item in scorecard:
        if item["kind"] == "knockout":
            field: Field = RadioField(
                scorecard_label(item), choices=select_choices(YES_NO), validate_choice=False
            )
        else:
            field = SelectField(
                scorecard_label(item), choices=select_choices(SCORE_CHOICES), validate_choice=False
            )
        setattr(VoteForm, f"score_{item['key']}", field)
    return VoteForm(**kwargs)


class DecisionForm(GateErrorsMixin, FlaskForm):
    """A chair's decision; each decision reads only the fields it needs."""

    decision = RadioField(_l("Decision"), validate_choice=False)
    rationale = TextAreaField(_l("Rationale (required)"), render_kw={"rows": 4})
    conditions = TextAreaField(_l("Conditions of the go (one per line)"), render_kw={"rows": 3})
    route = SelectField(
        _l("Scaling route"),
        choices=select_choices([("", _l("Choose a route")), *ROUTE_LABELS.items()]),
        validate_choice=False,
    )
    scaling_plan = TextAreaField(_l("Scaling plan"), render_kw={"rows": 3})
    restart_at = RadioField(
        _l("Restart point"),
        choices=select_choices(RESTART_LABELS.items()),
        validate_choice=False,
    )
    changes = TextAreaField(_l("What changes, and why"), render_kw={"rows": 3})
    stop_reason = SelectField(
        _l("Stop reason"),
        choices=select_choices(
            [("", _l("Choose a reason")), *[(r, STOP_REASON_LABELS[r]) for r in STOP_REASONS]]
        ),
        validate_choice=False,
    )
    review_date = DateField(_l("New review date (hold)"), validators=[Optional()])
    charter_acknowledged = BooleanField(CHARTER_ACKNOWLEDGED)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args: Any, kind: str = "pilot", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.decision.choices = select_choices(
            (d, DECISION_LABELS[d]) for d in DECISIONS_BY_KIND[kind]
        )

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a decision must be chosen, a bad date gets a readable message."""
        valid = super().validate(extra_validators)
        if self.review_date.errors:
            self.review_date.errors = [str(NOT_A_DATE)]
        if not self.decision.data:
            self.decision.errors = [*self.decision.errors, str(CHOOSE_DECISION)]
            valid = False
        return valid

    def to_data(self) -> dict[str, Any]:
        """The decision as the service takes it."""
        data: dict[str, Any] = {
            "decision": self.decision.data or "",
            "rationale": _text(self.rationale.data),
            "conditions": _lines(self.conditions.data),
            "route": self.route.data or None,
            "scaling_plan": _text(self.scaling_plan.data),
            "restart_at": self.restart_at.data or None,
            "changes": _text(self.changes.data),
            "stop_reason": self.stop_reason.data or None,
            "review_date": self.review_date.data,
            "charter_acknowledged": bool(self.charter_acknowledged.data),
            "version": self.version.data,
        }
        return data


class WithdrawForm(FlaskForm):
    """The team withdraws its open gate, optionally saying why."""

    reason = TextAreaField(_l("Why withdraw (optional)"), render_kw={"rows": 2})


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (mark a condition met)."""


class ScalingReportForm(FlaskForm):
    """A chair closes the scaling with its report."""

    scaling_report = TextAreaField(_l("Scaling report"), render_kw={"rows": 4})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
