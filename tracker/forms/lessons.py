"""Lesson forms: the library's search (GET), a publication step, a reuse mark.

The forms only parse; the services decide who may do what and which values exist.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.services.lessons_publication import ACTIONS
from tracker.views.experiments_labels import STOP_REASON_LABELS
from tracker.views.lessons_labels import KIND_LABELS, OUTCOME_LABELS
from tracker.views.retrospectives_labels import CAUSE_TAG_LABELS
from tracker.views.theme_labels import theme_choices

FILTERS = ("q", "outcome", "stop_reason", "territory", "theme", "cause_tag", "kind")


class LessonSearchForm(Form):
    """Words and filters of the library (a GET form: nothing changes, no CSRF token)."""

    q = StringField(_l("Search the lessons"), validators=[Length(max=500)])
    outcome = SelectField(
        _l("Outcome"),
        choices=select_choices([("", _l("Any outcome")), *OUTCOME_LABELS.items()]),
        validate_choice=False,
    )
    stop_reason = SelectField(
        _l("Stop reason"),
        choices=select_choices([("", _l("Any reason")), *STOP_REASON_LABELS.items()]),
        validate_choice=False,
    )
    cause_tag = SelectField(
        _l("Contributing condition"),
        choices=select_choices([("", _l("Any condition")), *CAUSE_TAG_LABELS.items()]),
        validate_choice=False,
    )
    kind = SelectField(
        _l("Source"),
        choices=select_choices([("", _l("Any source")), *KIND_LABELS.items()]),
        validate_choice=False,
    )
    territory = StringField(_l("Territory"), validators=[Length(max=200)])
    theme = SelectField(
        _l("Theme"), choices=select_choices(theme_choices(_l("Any theme"))), validate_choice=False
    )

    def filters(self) -> dict[str, str]:
        """The filters that are set, as query arguments."""
        values = {name: getattr(self, name).data for name in FILTERS}
        return {key: value.strip() for key, value in values.items() if value and value.strip()}


class PublicationForm(FlaskForm):
    """One publication step; the button carries the action."""

    action = StringField(widget=HiddenInput(), validators=[InputRequired()])

    def valid_action(self) -> bool:
        """Whether the posted action is one the service knows."""
        return self.validate() and self.action.data in ACTIONS


class ReuseForm(FlaskForm):
    """Mark this lesson as applied by one of my experiments."""

    experiment_id = SelectField(
        _l("Experiment that applied this lesson"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose an experiment."))],
    )
