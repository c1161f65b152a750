"""Experiment forms: the experiment itself, its list filters, transitions and journal entries.

The forms only parse (text, numbers, dates); every rule lives in the services, whose
Invalid errors are put back on the fields with `apply_errors`.
"""

import math
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import Field
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.ecosystem import territory_choices
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.models import JOURNAL_KINDS
from tracker.views.experiments_labels import (
    DIRECTION_LABELS,
    JOURNAL_KIND_LABELS,
    STATE_LABELS,
    STOP_REASON_LABELS,
    VISIBILITY_LABELS,
)
from tracker.views.theme_labels import theme_choices
from workflows.experiment import STOP_REASONS

CRITERIA_ROWS = 3
MAX_CRITERIA = 50
NOT_A_NUMBER = _l("Enter a number, for example 12 or 12.5.")
NOT_A_DATE = _l("Enter a date as YYYY-MM-DD.")


def _text(text: str | None) -> str:
    # Browsers send textarea lines as CRLF: normalised, an untouched field compares equal to
    # what is stored, so saving a form does not record edits nobody made.
    return (text or "").replace("\r\n", "\n")


def _split(text: str | None, pattern: str) -> list[str]:
    return [part.strip() for part in re.split(pattern, text or "") if part.strip()]


class CriterionForm(Form):
    """One success criterion: what is measured, the target, how."""

    indicator = StringField(_l("Indicator"), validators=[Optional(), Length(max=200)])
    target = StringField(_l("Target"), validators=[Optional(), Length(max=200)])
    method = StringField(_l("How it is measured"), validators=[Optional(), Length(max=500)])
    target_value = StringField(_l("Target value (number, optional)"), validators=[Optional()])
    direction = SelectField(
        _l("Direction (optional)"),
        choices=select_choices([("", _l("not set")), *DIRECTION_LABELS.items()]),
        validate_choice=False,
    )

    def is_blank(self) -> bool:
        """Nothing typed in this row: the row is ignored."""
        return not any((f.data or "").strip() for f in self if f.name != "direction") and not (
            self.direction.data
        )

    def to_dict(self) -> dict[str, Any]:
        """The row as the service takes it."""
        value = (self.target_value.data or "").strip()
        return {
            "indicator": (self.indicator.data or "").strip(),
            "target": (self.target.data or "").strip(),
            "method": (self.method.data or "").strip(),
            "target_value": _number(value) if value else None,
            "direction": self.direction.data or None,
        }

    def validate_target_value(self, field: Field) -> None:
        """Only a number (a comma as decimal separator is accepted)."""
        if (field.data or "").strip() and _number(field.data) is None:
            raise ValidationError(str(NOT_A_NUMBER))


def _number(text: str) -> float | None:
    try:
        number = float(text.strip().replace(",", ".").replace(" ", ""))
    except ValueError:
        return None
    # float() also reads "nan", "inf" and 1e400: none is a measurement, and a stored NaN or
    # infinity breaks every page and API answer that shows it.
    return number if math.isfinite(number) else None


class ExperimentForm(ServiceErrorsMixin, FlaskForm):
    """Create or edit an experiment; drafts may be incomplete."""

    title = StringField(_l("Title"), render_kw={"required": True, "maxlength": 200})
    problem = TextAreaField(_l("Problem"), render_kw={"rows": 4})
    hypothesis = TextAreaField(_l("Hypothesis"), render_kw={"rows": 4})
    target_users = TextAreaField(_l("Target users"), render_kw={"rows": 2})
    success_criteria = FieldList(
        FormField(CriterionForm),
        label=_l("Success criteria"),
        min_entries=CRITERIA_ROWS,
        max_entries=MAX_CRITERIA,
    )
    add_criterion = SubmitField(_l("Add a success criterion"), render_kw={"formnovalidate": True})
    stop_criteria = TextAreaField(_l("Stop criteria"), render_kw={"rows": 3})
    # Picked from the shared inventory (choices set in __init__); the text names another one.
    territory_ids = SelectMultipleField(
        _l("Territories"), coerce=int, validate_choice=False, render_kw={"size": 8}
    )
    territory = StringField(_l("Another territory"), render_kw={"maxlength": 200})
    theme = SelectField(
        _l("Theme (optional)"),
        choices=select_choices(theme_choices(_l("Not said yet"))),
        validate_choice=False,
    )
    team = TextAreaField(_l("Team members"), render_kw={"rows": 2})
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    visibility = RadioField(
        _l("Visibility"), choices=select_choices(VISIBILITY_LABELS.items()), default="internal"
    )
    # Asked only once the criteria are frozen by a go: a change becomes a recorded amendment.
    amendment_reason = TextAreaField(_l("Reason for amending the criteria"), render_kw={"rows": 2})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.territory_ids.choices = territory_choices(self.territory_ids.data or [])

    @classmethod
    def from_values(cls, values: dict[str, Any], version: int) -> "ExperimentForm":
        """A form prefilled with an experiment's current values."""
        data = dict(values)
        data["stop_criteria"] = "\n".join(values.get("stop_criteria") or [])
        data["team"] = "\n".join(values.get("team") or [])
        # The linked territories are selected in the picker; the text is for another one.
        data["territory_ids"] = list(values.get("territory_ids") or [])
        data["territory"] = ""
        data["success_criteria"] = [
            {**c, "target_value": "" if c.get("target_value") is None else f"{c['target_value']:g}"}
            for c in values.get("success_criteria") or []
        ]
        form = cls(data={**data, "version": version})
        while len(form.success_criteria.entries) < CRITERIA_ROWS:
            form.success_criteria.append_entry()
        return form

    def to_data(self) -> tuple[dict[str, Any], dict[str, list[int]]]:
        """The service's input, and which form row each criterion came from."""
        rows = [i for i, e in enumerate(self.success_criteria.entries) if not e.form.is_blank()]
        data = {
            "title": (self.title.data or "").strip(),
            "problem": _text(self.problem.data),
            "hypothesis": _text(self.hypothesis.data),
            "target_users": _text(self.target_users.data),
            "success_criteria": [self.success_criteria.entries[i].form.to_dict() for i in rows],
            "stop_criteria": _split(self.stop_criteria.data, r"\r?\n"),
            "territory": (self.territory.data or "").strip(),
            "territory_ids": list(self.territory_ids.data or []),
            "theme": self.theme.data or None,
            "team": _split(self.team.data, r"[\s,;]+"),
            "planned_start": self.planned_start.data,
            "planned_end": self.planned_end.data,
            "visibility": self.visibility.data or "internal",
        }
        reason = _text(self.amendment_reason.data).strip()
        if reason:
            data["amendment_reason"] = reason
        return data, {"success_criteria": rows}

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; field-level date errors get a readable message."""
        valid = super().validate(extra_validators)
        for date_field in (self.planned_start, self.planned_end):
            if date_field.errors:
                date_field.errors = [str(NOT_A_DATE)]
        return valid


class FilterForm(Form):
    """The list filters (a GET form: nothing changes, no CSRF token needed)."""

    state = SelectField(
        _l("State"),
        choices=select_choices([("", _l("Any state")), *STATE_LABELS.items()]),
        validate_choice=False,
    )
    territory = StringField(_l("Territory"), validators=[Length(max=200)])
    theme = SelectField(
        _l("Theme"), choices=select_choices(theme_choices(_l("Any theme"))), validate_choice=False
    )
    q = StringField(_l("Search"), validators=[Length(max=200)])

    def filters(self) -> dict[str, str]:
        """The filters that are set, as query arguments."""
        values = {"state": self.state.data, "territory": self.territory.data, "q": self.q.data}
        values["theme"] = self.theme.data
        return {key: value.strip() for key, value in values.items() if value and value.strip()}


class TransitionForm(FlaskForm):
    """Fire one trigger; the stop trigger carries a reason and an explanation."""

    trigger = StringField(widget=HiddenInput())
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    stop_reason = SelectField(
        _l("Stop reason"),
        choices=select_choices(
            [("", _l("Choose a reason")), *[(r, STOP_REASON_LABELS[r]) for r in STOP_REASONS]]
        ),
        validate_choice=False,
    )
    explanation = TextAreaField(_l("Explanation"), render_kw={"rows": 3})

    def params(self) -> dict[str, Any]:
        """What goes with the trigger to the service."""
        return {
            "stop_reason": self.stop_reason.data or None,
            "explanation": (self.explanation.data or "").strip() or None,
        }


class JournalForm(ServiceErrorsMixin, FlaskForm):
    """A journal entry: indicator and value are for measurements."""

    kind = SelectField(
        _l("Kind of entry"),
        choices=select_choices((kind, JOURNAL_KIND_LABELS[kind]) for kind in JOURNAL_KINDS),
        validate_choice=False,
    )
    body = TextAreaField(_l("Text"), render_kw={"rows": 3})
    indicator = StringField(_l("Indicator (measurements)"), validators=[Length(max=200)])
    value = StringField(_l("Value (measurements)"))
    occurred_on = DateField(_l("Date (default: today)"), validators=[Optional()])

    def validate_value(self, field: Field) -> None:
        """Only a number."""
        if (field.data or "").strip() and _number(field.data) is None:
            raise ValidationError(str(NOT_A_NUMBER))

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a bad date gets a readable message."""
        valid = super().validate(extra_validators)
        if self.occurred_on.errors:
            self.occurred_on.errors = [str(NOT_A_DATE)]
        return valid

    def to_data(self) -> dict[str, Any]:
        """The entry as the service takes it."""
        value = (self.value.data or "").strip()
        return {
            "kind": self.kind.data,
            "body": _text(self.body.data).strip(),
            "indicator": (self.indicator.data or "").strip() or None,
            "value": _number(value) if value else None,
            "occurred_on": self.occurred_on.data,
        }
