"""Gate request forms: the pilot gate and the decision gate, as the experiment's team asks them.

As everywhere, the forms only parse; the services check the rules (see tracker.forms.gates).
"""

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.core import Field
from wtforms.validators import NumberRange, Optional, ValidationError

from tracker.forms import select_choices
from tracker.forms.experiments import NOT_A_DATE, NOT_A_NUMBER, _number
from tracker.forms.fields import MultiCheckboxField
from tracker.forms.gates import CHARTER_ACKNOWLEDGED, GateErrorsMixin, clean_text, text_lines
from tracker.views.gates_labels import VERDICT_LABELS
from workflows.gate import DEFAULT_REVIEW_DAYS


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
            "prototype_learnings": clean_text(self.prototype_learnings.data),
            "review_date": self.review_date.data,
            "pilot_plan": {
                "territory": (self.territory.data or "").strip(),
                "population": clean_text(self.population.data),
                "duration_weeks": self.duration_weeks.data,
                "partners": text_lines(self.partners.data),
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
            "analysis": clean_text(self.analysis.data),
            "cost_eur": _amount(self.cost_eur.data),
            "stop_criteria_triggered": list(self.stop_criteria_triggered.data or []),
            "review_date": self.review_date.data,
        }
