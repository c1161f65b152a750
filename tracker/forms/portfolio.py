"""The portfolio's filters: a GET form (no CSRF: it changes nothing)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from tracker.forms import select_choices
from tracker.views.theme_labels import theme_choices


class PortfolioFilterForm(FlaskForm):
    """Organisation (instance admins), territory, theme, board and period of creation."""

    class Meta:
        csrf = False

    organisation = SelectField(_l("Organisation"), choices=[], default="")
    territory = SelectField(_l("Territory"), choices=[], default="")
    theme = SelectField(_l("Theme"), choices=select_choices(theme_choices(_l("All"))), default="")
    board = SelectField(_l("Review board"), choices=[], default="")
    start = DateField(_l("Created from"), validators=[Optional()])
    end = DateField(_l("Created until"), validators=[Optional()])

    def offer(self, found: dict[str, list[tuple[int, str]]], all_label: str) -> None:
        """Fill the select lists; the first option of each means no filter."""
        organisations = [("", _l("My organisation"))]
        if found["organisations"]:
            organisations.append(("all", _l("All organisations")))
        organisations += [(str(key), name) for key, name in found["organisations"]]
        self.organisation.choices = select_choices(organisations)
        self.territory.choices = select_choices(
            [("", all_label)] + [(str(key), name) for key, name in found["territories"]]
        )
        self.board.choices = select_choices(
            [("", all_label)] + [(str(key), name) for key, name in found["boards"]]
        )

    def validate_end(self, field: DateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period comes before its start."))
