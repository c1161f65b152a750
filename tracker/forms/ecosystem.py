"""Forms of territories, partners, partner links and the commons ledger.

They only parse; the services validate (their Invalid errors go back on the fields).
"""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.views.ecosystem_labels import (
    COMMONS_KIND_LABELS,
    LEVEL_LABELS,
    PARTNER_KIND_LABELS,
    PARTNER_ROLE_LABELS,
)

NOT_A_DATE = _l("Enter a date (YYYY-MM-DD).")
NOT_A_NUMBER = _l("Enter a number.")


def _text(value: str | None) -> str:
    return (value or "").strip()


def parse_number(text: str | None) -> float | str | None:
    """A decimal number as people type it in French or English; the text back if it is not."""
    cleaned = (text or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return text


class TerritoryForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), render_kw={"maxlength": 200, "required": True})
    level = SelectField(_l("Level"), validate_choice=False)
    code = StringField(_l("Official code (INSEE or SIREN)"), render_kw={"maxlength": 20})
    cluster_id = SelectField(_l("Transition cluster"), validate_choice=False)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def set_choices(self, clusters: list[Any]) -> None:
        self.level.choices = select_choices([("", _l("Not known")), *LEVEL_LABELS.items()])
        self.cluster_id.choices = select_choices(
            [("", _l("None")), *[(str(c.id), c.name) for c in clusters]]
        )

    def to_data(self) -> dict[str, Any]:
        cluster = _text(self.cluster_id.data)
        return {
            "name": _text(self.name.data),
            "level": _text(self.level.data) or None,
            "code": _text(self.code.data) or None,
            "cluster_id": int(cluster) if cluster.isdigit() else None,
        }


class ClusterForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), render_kw={"maxlength": 200, "required": True})
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})


class ArchiveForm(FlaskForm):
    """Archive ("1") or restore ("0"): a button; the version is not needed."""

    archived = HiddenField()


class PartnerForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), render_kw={"maxlength": 200, "required": True})
    kind = SelectField(
        _l("Kind"), choices=select_choices(PARTNER_KIND_LABELS.items()), validate_choice=False
    )
    siret = StringField(_l("SIRET number"), render_kw={"maxlength": 20, "inputmode": "numeric"})
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def to_data(self) -> dict[str, Any]:
        return {
            "name": _text(self.name.data),
            "kind": _text(self.kind.data),
            "siret": _text(self.siret.data) or None,
            "description": _text(self.description.data),
        }


class PartnerLinkForm(ServiceErrorsMixin, FlaskForm):
    """Add a partner with a role (ids of its own: it shares the experiment page)."""

    partner_id = SelectField(_l("Partner"), validate_choice=False, id="partner-partner_id")
    role = SelectField(
        _l("Role"),
        choices=select_choices(PARTNER_ROLE_LABELS.items()),
        validate_choice=False,
        id="partner-role",
    )
    note = StringField(_l("Note"), render_kw={"maxlength": 500}, id="partner-note")

    def set_choices(self, partners: list[Any]) -> None:
        self.partner_id.choices = select_choices(
            [("", _l("Choose a partner")), *[(str(p.id), p.name) for p in partners]]
        )


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (withdraw a partner or a contribution)."""


class CommonsForm(ServiceErrorsMixin, FlaskForm):
    """A line of the commons ledger (ids of its own: it shares the experiment page)."""

    kind = SelectField(
        _l("Kind"),
        choices=select_choices(COMMONS_KIND_LABELS.items()),
        validate_choice=False,
        id="commons-kind",
    )
    description = StringField(
        _l("Description"), render_kw={"maxlength": 2000, "required": True}, id="commons-description"
    )
    quantity = StringField(
        _l("Quantity"), render_kw={"inputmode": "decimal"}, id="commons-quantity"
    )
    unit = StringField(_l("Unit"), render_kw={"maxlength": 50}, id="commons-unit")
    value_eur = StringField(
        _l("Value in euros"), render_kw={"inputmode": "decimal"}, id="commons-value_eur"
    )
    start = DateField(_l("From"), validators=[Optional()], id="commons-start")
    end = DateField(_l("To"), validators=[Optional()], id="commons-end")
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    @classmethod
    def from_row(cls, values: dict[str, Any], version: int) -> "CommonsForm":
        data = dict(values)
        for name in ("quantity", "value_eur"):
            data[name] = "" if values[name] is None else f"{values[name]:g}"
        return cls(data={**data, "version": version})

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for date_field in (self.start, self.end):
            if date_field.errors:
                date_field.errors = [str(NOT_A_DATE)]
        for number in (self.quantity, self.value_eur):
            if isinstance(parse_number(number.data), str):
                number.errors = [*number.errors, str(NOT_A_NUMBER)]
                valid = False
        return valid

    def to_data(self) -> dict[str, Any]:
        start: date | None = self.start.data
        end: date | None = self.end.data
        return {
            "kind": _text(self.kind.data),
            "description": _text(self.description.data),
            "quantity": parse_number(self.quantity.data),
            "unit": _text(self.unit.data),
            "value_eur": parse_number(self.value_eur.data),
            "start": start,
            "end": end,
        }


def territory_choices(selected: list[int]) -> list[Any]:
    """The experiment form's territory picker ("name (code)"): the live territories of the
    inventory, and those already selected even if archived since."""
    from tracker.db import get_session
    from tracker.models import Territory
    from tracker.services import territories as territory_service

    session = get_session()
    rows = territory_service.choices(session)
    missing = set(selected) - {t.id for t in rows}
    rows += [t for t in (session.get(Territory, i) for i in sorted(missing)) if t is not None]
    return select_choices((t.id, f"{t.name} ({t.code})" if t.code else t.name) for t in rows)
