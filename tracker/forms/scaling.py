"""Forms of routes to scale, derogations and replication. They only parse; services decide."""

from datetime import date
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
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.experiments import NOT_A_DATE, _text
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.views.gates_labels import ROUTE_LABELS
from tracker.views.scaling_labels import DEROGATION_KIND_LABELS

MILESTONE_ROWS = 2
MAX_MILESTONES = 100


def _date_errors(*fields: Any) -> None:
    for field in fields:
        if field.errors:
            field.errors = [str(NOT_A_DATE)]


class MilestoneForm(Form):
    """One milestone: what, by when, done or not."""

    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=300)])
    due_on = DateField(_l("Due date"), validators=[Optional()])
    done = BooleanField(_l("Done"))

    def is_blank(self) -> bool:
        """Nothing typed in this row: it is ignored."""
        raw = " ".join(self.due_on.raw_data or []).strip()
        return not (self.title.data or "").strip() and self.due_on.data is None and not raw


class ScalingPlanForm(ServiceErrorsMixin, FlaskForm):
    """The route to scale, who takes it over, the plan and its milestones."""

    route = SelectField(_l("Route to scale"), choices=select_choices(ROUTE_LABELS.items()))
    carrier = StringField(
        _l("Structure that takes it over"), validators=[Optional(), Length(max=300)]
    )
    summary = TextAreaField(_l("Plan"), render_kw={"rows": 5})
    milestones = FieldList(
        FormField(MilestoneForm),
        label=_l("Milestones"),
        min_entries=MILESTONE_ROWS,
        max_entries=MAX_MILESTONES,
    )
    add_milestone = SubmitField(_l("Add a milestone"), render_kw={"formnovalidate": True})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    @classmethod
    def from_values(
        cls, values: dict[str, Any], rows: list[Any], version: int
    ) -> "ScalingPlanForm":
        """A form filled with the plan as saved, and one blank milestone row."""
        milestones = [{"title": r.title, "due_on": r.due_on, "done": r.done} for r in rows]
        form = cls(formdata=None, data={**values, "milestones": milestones, "version": version})
        while len(form.milestones.entries) < max(MILESTONE_ROWS, len(rows) + 1):
            form.milestones.append_entry()
        return form

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a date that cannot be read gets a readable message."""
        valid = super().validate(extra_validators)
        _date_errors(*(row.form.due_on for row in self.milestones.entries))
        return bool(valid)

    def to_data(self) -> tuple[dict[str, Any], dict[str, list[int]]]:
        """The service's input, and which form row each milestone came from."""
        rows = [i for i, row in enumerate(self.milestones.entries) if not row.form.is_blank()]
        milestones = [
            {
                "title": (self.milestones.entries[i].form.title.data or "").strip(),
                "due_on": self.milestones.entries[i].form.due_on.data,
                "done": bool(self.milestones.entries[i].form.done.data),
            }
            for i in rows
        ]
        data = {
            "route": self.route.data,
            "carrier": (self.carrier.data or "").strip(),
            "summary": _text(self.summary.data).strip(),
            "milestones": milestones,
        }
        return data, {"milestones": rows}


class DerogationForm(ServiceErrorsMixin, FlaskForm):
    """The derogation the experiment rests on."""

    kind = SelectField(
        _l("Kind of derogation"), choices=select_choices(DEROGATION_KIND_LABELS.items())
    )
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=300)])
    starts_on = DateField(_l("Start"), validators=[Optional()])
    expires_on = DateField(_l("Expiry"), validators=[Optional()])
    report_due_on = DateField(_l("Evaluation report due on"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 3})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a date that cannot be read gets a readable message."""
        valid = super().validate(extra_validators)
        _date_errors(self.starts_on, self.expires_on, self.report_due_on)
        return bool(valid)

    def to_data(self) -> dict[str, Any]:
        """The service's input (missing dates are left for the service to refuse)."""
        data: dict[str, date | str | None] = {
            "kind": self.kind.data,
            "reference": (self.reference.data or "").strip(),
            "starts_on": self.starts_on.data,
            "expires_on": self.expires_on.data,
            "report_due_on": self.report_due_on.data,
            "notes": _text(self.notes.data).strip(),
        }
        return data


class ReplicateForm(ServiceErrorsMixin, FlaskForm):
    """What the replica changes from its source: its title and territory."""

    title = StringField(_l("Title of the replica"), validators=[Optional(), Length(max=200)])
    territory = StringField(_l("Territory"), validators=[Optional(), Length(max=200)])

    def to_data(self) -> dict[str, Any]:
        """Only what was typed: the rest is copied from the source."""
        data: dict[str, Any] = {"territory": (self.territory.data or "").strip()}
        title = (self.title.data or "").strip()
        if title:
            data["title"] = title
        return data
