"""Retrospective forms: the blameless template with its follow-ups, a transition, an addendum.

The forms only parse; the service decides (who, which state, which version, which owner).
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import Field
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.experiments import NOT_A_DATE, NOT_A_NUMBER, _number, _text
from tracker.forms.fields import MultiCheckboxField
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.views.retrospectives_labels import (
    CAUSE_TAG_LABELS,
    DECIDER_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    RETROSPECTIVE_STATE_LABELS,
)

FOLLOW_UP_ROWS = 2
MAX_FOLLOW_UPS = 50
NOT_NEGATIVE = _l("Enter zero or more.")
TEXTS = (
    "what_we_tried",
    "what_happened",
    "why",
    "what_we_learned",
    "do_differently",
    "advice",
    "reusable_assets",
)


class FollowUpForm(Form):
    """One follow-up action: what, who, by when, where it stands."""

    title = StringField(_l("Action"), validators=[Optional(), Length(max=300)])
    owner = StringField(
        _l("Owner (email of a colleague)"), validators=[Optional(), Length(max=254)]
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])
    status = SelectField(
        _l("Status"),
        choices=select_choices(FOLLOW_UP_STATUS_LABELS.items()),
        default="open",
        validate_choice=False,
    )

    def is_blank(self) -> bool:
        """Nothing typed in this row (the status alone does not count): the row is ignored."""
        texts = ((self.title.data or "").strip(), (self.owner.data or "").strip())
        return not any(texts) and self.due_on.data is None and not _raw_text(self.due_on)

    def to_dict(self) -> dict[str, Any]:
        """The row as the service takes it."""
        return {
            "title": (self.title.data or "").strip(),
            "owner": (self.owner.data or "").strip() or None,
            "due_on": self.due_on.data,
            "status": self.status.data or "open",
        }


def _raw_text(field: DateField) -> str:
    return " ".join(field.raw_data or []).strip()


class RetrospectiveForm(ServiceErrorsMixin, FlaskForm):
    """The template: the team's account, its cost, who decided, and the follow-ups."""

    what_we_tried = TextAreaField(_l("What we tried, and for whom"), render_kw={"rows": 4})
    what_happened = TextAreaField(_l("What happened"), render_kw={"rows": 4})
    why = TextAreaField(_l("Why: the contributing conditions"), render_kw={"rows": 4})
    cause_tags = MultiCheckboxField(
        _l("Kinds of conditions"), choices=select_choices(CAUSE_TAG_LABELS.items())
    )
    what_we_learned = TextAreaField(_l("What we learned"), render_kw={"rows": 4})
    do_differently = TextAreaField(_l("What we would do differently"), render_kw={"rows": 3})
    advice = TextAreaField(_l("Advice to the next team"), render_kw={"rows": 3})
    reusable_assets = TextAreaField(
        _l("Reusable assets (documents, code, contacts)"), render_kw={"rows": 3}
    )
    cost_eur = StringField(_l("Cost in euros"), render_kw={"inputmode": "decimal"})
    agent_days = StringField(_l("Agent time in days"), render_kw={"inputmode": "decimal"})
    decided_by = RadioField(
        _l("Who decided to stop"),
        choices=select_choices(DECIDER_LABELS.items()),
        validate_choice=False,
    )
    follow_ups = FieldList(
        FormField(FollowUpForm),
        label=_l("Follow-up actions"),
        min_entries=FOLLOW_UP_ROWS,
        max_entries=MAX_FOLLOW_UPS,
    )
    add_follow_up = SubmitField(_l("Add a follow-up"), render_kw={"formnovalidate": True})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    @classmethod
    def from_values(
        cls, values: dict[str, Any], follow_ups: list[dict[str, Any]], version: int
    ) -> "RetrospectiveForm":
        """A form filled with the retrospective as saved."""
        data = {key: values.get(key) for key in (*TEXTS, "cause_tags", "decided_by")}
        for key in ("cost_eur", "agent_days"):
            number = values.get(key)
            data[key] = "" if number is None else f"{number:g}"
        form = cls(data={**data, "follow_ups": follow_ups, "version": version})
        while len(form.follow_ups.entries) < max(FOLLOW_UP_ROWS, len(follow_ups) + 1):
            form.follow_ups.append_entry()
        return form

    def validate_cost_eur(self, field: Field) -> None:
        """Only a number (a comma as decimal separator is accepted)."""
        _check_number(field)

    def validate_agent_days(self, field: Field) -> None:
        """Only a number (a comma as decimal separator is accepted)."""
        _check_number(field)

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a date that cannot be read gets a readable message."""
        valid = super().validate(extra_validators)
        for row in self.follow_ups.entries:
            if row.form.due_on.errors:
                row.form.due_on.errors = [str(NOT_A_DATE)]
        return valid

    def to_data(self) -> tuple[dict[str, Any], dict[str, list[int]]]:
        """The service's input, and which form row each follow-up came from."""
        rows = [i for i, row in enumerate(self.follow_ups.entries) if not row.form.is_blank()]
        data: dict[str, Any] = {key: _text(getattr(self, key).data).strip() for key in TEXTS}
        data["cause_tags"] = list(self.cause_tags.data or [])
        for key in ("cost_eur", "agent_days"):
            text = (getattr(self, key).data or "").strip()
            data[key] = _number(text) if text else None
        if self.decided_by.data:
            data["decided_by"] = self.decided_by.data
        data["follow_ups"] = [self.follow_ups.entries[i].form.to_dict() for i in rows]
        return data, {"follow_ups": rows}


def _check_number(field: Field) -> None:
    text = (field.data or "").strip()
    if not text:
        return
    number = _number(text)
    if number is None:
        raise ValidationError(str(NOT_A_NUMBER))
    if number < 0:
        raise ValidationError(str(NOT_NEGATIVE))


def follow_up_rows(items: list[tuple[Any, str | None]]) -> list[dict[str, Any]]:
    """Saved follow-ups as form rows."""
    return [
        {"title": row.title, "owner": email or "", "due_on": row.due_on, "status": row.status}
        for row, email in items
    ]


class RetrospectiveTransitionForm(FlaskForm):
    """Fire one trigger of the retrospective machine (submit, request changes, publish)."""

    trigger = StringField(widget=HiddenInput())
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class AddendumForm(ServiceErrorsMixin, FlaskForm):
    """A dated addition to a published retrospective; it cannot be changed afterwards."""

    body = TextAreaField(_l("Addendum"), render_kw={"rows": 4})


class RetrospectiveFilterForm(Form):
    """The list filters (a GET form: nothing changes, no CSRF token needed)."""

    state = SelectField(
        _l("State"),
        choices=select_choices([("", _l("Any state")), *RETROSPECTIVE_STATE_LABELS.items()]),
    )
    overdue = BooleanField(_l("Overdue only"))
