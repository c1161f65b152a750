"""The organisation settings form: one whole number of days per threshold, whatever keys exist."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.services.organisation_settings import MAX_DAYS
from tracker.views.retrospectives_labels import threshold_label

NOT_DAYS = _l("Enter a whole number of days between 1 and 3650.")


class _SettingsForm(ServiceErrorsMixin, FlaskForm):
    keys: tuple[str, ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; anything but a whole number in range gets one readable message."""
        valid = super().validate(extra_validators)
        for key in self.keys:
            field = self[key]
            if field.errors:
                field.errors = [str(NOT_DAYS)]
        return bool(valid)

    def to_data(self) -> dict[str, int]:
        """The thresholds as the service takes them."""
        return {key: self[key].data for key in self.keys}


def settings_form(keys: list[str], values: dict[str, int] | None = None) -> _SettingsForm:
    """A form with one field per threshold key (labels and hints translated, generic if new)."""
    fields: dict[str, Any] = {"keys": tuple(keys)}
    for key in keys:
        text, hint = threshold_label(key)
        fields[key] = IntegerField(
            text,
            validators=[InputRequired(), NumberRange(min=1, max=MAX_DAYS)],
            description=hint,
            render_kw={"min": 1, "max": MAX_DAYS, "inputmode": "numeric"},
        )
    form_class = type("SettingsForm", (_SettingsForm,), fields)
    if values is None:
        return form_class()
    return form_class(formdata=None, data=values)
