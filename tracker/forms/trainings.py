"""The form an admin fills to record a colleague's training."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from tracker.forms import select_choices

TRAINING_KIND_CHOICES = [
    ("prototyping", _l("Prototyping")),
    ("user_research", _l("User research")),
    ("intrapreneurship", _l("Intrapreneurship")),
    ("evaluation", _l("Evaluation")),
]


class TrainingForm(FlaskForm):
    """A training followed by an agent: its kind, the day, and who gave it (optional)."""

    kind = SelectField(_l("Kind of training"), choices=select_choices(TRAINING_KIND_CHOICES))
    followed_on = DateField(
        _l("Followed on"), validators=[DataRequired(_l("Enter the date of the training."))]
    )
    provider = StringField(_l("Provider"), validators=[Optional(), Length(max=200)])
