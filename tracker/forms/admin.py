"""Forms of the user administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from tracker.forms import ROLE_CHOICES, select_choices


class UserCreateForm(FlaskForm):
    """An admin adds a colleague to the organisation."""

    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter an email address.")), Length(max=254)],
        render_kw={"autocomplete": "off"},
    )
    name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter a name.")), Length(max=200)]
    )
    role = SelectField(_l("Role"), choices=select_choices(ROLE_CHOICES), default="agent")
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(_l("Enter an initial password.")), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(FlaskForm):
    """Change a colleague's role."""

    role = SelectField(_l("Role"), choices=select_choices(ROLE_CHOICES))
