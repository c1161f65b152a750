"""The public portal's search form (a GET form: nothing changes, no CSRF token)."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length

from tracker.forms import select_choices
from tracker.views.experiments_labels import STOP_REASON_LABELS
from tracker.views.lessons_labels import OUTCOME_LABELS
from tracker.views.theme_labels import theme_choices
from workflows.experiment import STOP_REASONS


class PublicSearchForm(Form):
    """Words, territory, theme, outcome and stop reason."""

    q = StringField(_l("Search"), validators=[Length(max=200)])
    territory = StringField(_l("Territory"), validators=[Length(max=200)])
    theme = SelectField(
        _l("Theme"),
        choices=select_choices(theme_choices(_l("Any theme"))),
        validate_choice=False,  # the service refuses an unknown value with its own message
    )
    outcome = SelectField(
        _l("Outcome"),
        choices=select_choices(
            [("", _l("Any outcome")), *((k, OUTCOME_LABELS[k]) for k in ("scale", "adapt", "stop"))]
        ),
        validate_choice=False,  # the service refuses an unknown value with its own message
    )
    stop_reason = SelectField(
        _l("Stop reason"),
        choices=select_choices(
            [("", _l("Any stop reason")), *((r, STOP_REASON_LABELS[r]) for r in STOP_REASONS)]
        ),
        validate_choice=False,
    )

    def filters(self) -> dict[str, str]:
        """The filters that are set, as query arguments."""
        names = ("q", "territory", "theme", "outcome", "stop_reason")
        values = {name: getattr(self, name).data for name in names}
        return {key: value.strip() for key, value in values.items() if value and value.strip()}
