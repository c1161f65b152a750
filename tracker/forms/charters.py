"""The right-to-fail charter form (administrators)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from tracker.forms.service_errors import ServiceErrorsMixin


class CharterForm(ServiceErrorsMixin, FlaskForm):
    """The three commitments; every save is a new version."""

    acceptable_failure = TextAreaField(
        _l("What failure is acceptable"), render_kw={"rows": 5, "maxlength": 20_000}
    )
    non_sanction = TextAreaField(
        _l("Our non-sanction commitment"), render_kw={"rows": 5, "maxlength": 20_000}
    )
    duty_to_share = TextAreaField(
        _l("The duty to share lessons"), render_kw={"rows": 5, "maxlength": 20_000}
    )

    def to_data(self) -> dict[str, str]:
        """The fields as the service takes them."""
        return {
            "acceptable_failure": self.acceptable_failure.data or "",
            "non_sanction": self.non_sanction.data or "",
            "duty_to_share": self.duty_to_share.data or "",
        }
